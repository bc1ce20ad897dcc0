// Database statements per check-in prompt, counted (a count, not a timing): a program's check-ins
// fall due and go through the real core (the prompt job, then the delivery with its lease and
// fencing) and the real Slack messenger to the fake Slack Web API, on the embedded database and on
// PostgreSQL. Every statement the database receives while they run is counted, transactions'
// begin and commit included, and the count per prompt must stay within the budget that
// docs/operations.md gives (the queue's own statements and the rate limiter's are not in this path;
// `npm run bench:fanout` counts those too).
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { seedCheckinFanout } from '../../bench/lib/fanout-seed.ts';
import { checkinPromptKey } from '../../src/flows/pair/checkin-schedule.ts';
import { databaseKinds } from '../support/databases.ts';
import { SlackPlatform } from '../support/slack-platform.ts';

/** Statements per prompt on this path (docs/operations.md, "Database statements per prompt"). */
const STATEMENTS_PER_PROMPT = 11;
/** Read once per process, whatever the number of prompts (the workspace's Slack team id). */
const ONCE = 2;
const PAIRS = 6;

interface Counter { readonly count: number; reset(): void; restore(): void }

/** Counts what reaches the database: pg's client (pools included), or the embedded instance. */
function countStatements(env: SlackPlatform): Counter {
  let count = 0;
  const embedded = env.database.embedded;
  if (!embedded) {
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
      count += 1;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    return { get count() { return count; }, reset: () => { count = 0; }, restore: () => { pg.Client.prototype.query = query; } };
  }
  const query = embedded.query.bind(embedded);
  const transaction = embedded.transaction.bind(embedded);
  embedded.query = ((...args: Parameters<typeof query>) => { count += 1; return query(...args); }) as typeof embedded.query;
  // A transaction sends begin and commit (or rollback) around the statements run through it.
  embedded.transaction = ((work: Parameters<typeof transaction>[0]) => transaction(async (tx) => {
    count += 2;
    const inner = tx.query.bind(tx);
    tx.query = ((...args: Parameters<typeof inner>) => { count += 1; return inner(...args); }) as typeof tx.query;
    return work(tx);
  })) as typeof embedded.transaction;
  return {
    get count() { return count; },
    reset: () => { count = 0; },
    restore: () => { embedded.query = query as typeof embedded.query; embedded.transaction = transaction as typeof embedded.transaction; },
  };
}

describe.each(databaseKinds)('statements per check-in prompt on %s', (kind) => {
  let env: SlackPlatform | undefined;
  let counter: Counter | undefined;
  afterEach(async () => {
    counter?.restore();
    await env?.dispose();
  });

  it(`sends every prompt once with at most ${STATEMENTS_PER_PROMPT} statements each`, async () => {
    env = await SlackPlatform.start(kind);
    const seed = await seedCheckinFanout(env.database.db, PAIRS, env.clock.now());
    const users = seed.channels.map((channel) => channel.slice(1));
    for (const id of users) env.fake.addUser({ id, name: id, locale: 'en-US', tz: 'Europe/Paris' });
    // As reconciliation does after a deploy: every due check-in's prompt job is asked for.
    const due = await env.database.db.selectFrom('checkins').select(['id', 'due_at']).where('status', '=', 'scheduled').execute();
    for (const c of due) await env.scheduler.schedule({ name: 'checkin.prompt', key: checkinPromptKey(c.id), runAt: c.due_at, payload: { checkinId: c.id } });

    counter = countStatements(env);
    counter.reset();
    await env.runDueJobs();
    const statements = counter.count;
    counter.restore();

    // Every member got their prompt exactly once, in their direct message.
    for (const id of users) expect(env.fake.history.get(`D-${id}`)?.length, id).toBe(1);
    const sent = await env.database.db.selectFrom('deliveries').select('status').where('kind', '=', 'checkin.prompt').execute();
    expect(sent).toHaveLength(users.length);
    expect(sent.every((d) => d.status === 'sent')).toBe(true);
    expect(statements, `${statements} statements for ${users.length} prompts`).toBeLessThanOrEqual(STATEMENTS_PER_PROMPT * users.length + ONCE);
  });
});
