// At-risk pairs end to end: the daily scan raises an alert for a pair that never met, the lead
// sees it on the home view and in `admin report`, nudges both, and the handled alert is not raised
// again; another pair is ended from its card and the mentee offered a rematch.
import { afterEach, describe, expect, it } from 'vitest';
import { programSettingsSchema } from '../../src/domain/program-settings.ts';
import { json } from '../../src/db/repositories/db.ts';
import { addProgramLead } from '../../src/db/repositories/lead.repository.ts';
import type { ButtonAction, Card } from '../../src/ui/model.ts';
import { databaseKinds } from '../support/databases.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { known, workspaceOf } from './lead-fixtures.ts';

const DAY = 86_400_000;
const button = (cards: readonly Card[], label: string): ButtonAction =>
  cards.flatMap((c) => c.actions).find((a): a is ButtonAction => a.kind === 'button' && a.label === label)!;

describe.each(databaseKinds)('at-risk pairs on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /** Lea leads the running round of the program "Pilot"; Mia and Max are known to the bot. */
  async function setup() {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea'), mia = env.person('Mia'), max = env.person('Max');
    await lea.type('/mentor help');
    const [miaP, maxP] = [await known(env, mia), await known(env, max)];
    const ws = await workspaceOf(env);
    const db = env.database.db;
    const now = env.clock.now();
    const settings = programSettingsSchema.parse({ topics: [{ key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } }] });
    const program = await db.insertInto('programs').values({
      workspace_id: ws.id, name: 'Pilot', settings: json(settings), checkin_cadence: settings.checkinCadence, session_minutes: 60, duration_days: 180,
      default_capacity: 1, min_group_size: 5, retention_days: 365, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await addProgramLead(db, program.id, await lea.id(), null);
    const round = await db.insertInto('rounds').values({ workspace_id: ws.id, program_id: program.id, name: 'R1', state: 'running', opened_at: now, published_at: now, updated_at: now })
      .returning('id').executeTakeFirstOrThrow();
    return { lea, mia, max, miaP, maxP, ws, db, now, program, round };
  }

  it('raises, shows, nudges and never repeats a handled alert', async () => {
    const { lea, mia, max, miaP, maxP, ws, db, now, program, round } = await setup();
    const accepted = new Date(now.getTime() - 22 * DAY);
    const pair = await db.insertInto('matches').values({
      workspace_id: ws.id, program_id: program.id, round_id: round.id, mentee_id: miaP.id, mentor_id: maxP.id, state: 'active', score: 80, reasons: json([]),
      proposed_at: accepted, accepted_at: accepted, activated_at: accepted, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();

    await env.core.runJob('risk.scan', {});
    await env.core.runJob('risk.scan', {});
    const alerts = await db.selectFrom('risk_alerts').selectAll().execute();
    expect(alerts.map((a) => [a.match_id, a.rule, a.handled_at])).toEqual([[pair.id, 'no_first_meeting', null]]);

    const home = await lea.home();
    expect(home.map((c) => c.header.title)).toEqual(expect.arrayContaining(['Health: Pilot', 'A pair may need help']));
    expect(await mia.home()).not.toEqual(expect.arrayContaining([expect.objectContaining({ header: { title: 'A pair may need help' } })]));
    await lea.type('/mentor admin report Pilot');
    expect(lea.text()).toContain('No first meeting 21 days after they accepted.');
    expect(lea.text()).toContain('Suggested: nudge both members.');

    // Mia cannot use the lead's button.
    const nudge = button(home, 'Nudge both');
    await mia.clickRef(nudge.ref);
    expect((await db.selectFrom('risk_alerts').select('handled_at').executeTakeFirstOrThrow()).handled_at).toBeNull();
    await lea.clickRef(nudge.ref);
    expect(lea.lastReply()).toContain('Both members were nudged.');
    await env.runDueJobs();
    expect(mia.text()).toContain('How is your mentoring going?');
    expect(max.text()).toContain('How is your mentoring going?');
    await lea.clickRef(nudge.ref);
    expect(max.inbox().filter((c) => c.kind === 'card' && c.header.title === 'How is your mentoring going?')).toHaveLength(1);

    await env.core.runJob('risk.scan', {});
    const after = await db.selectFrom('risk_alerts').selectAll().execute();
    expect(after).toHaveLength(1);
    expect(after[0]!.action).toBe('nudge');
    expect((await lea.home()).map((c) => c.header.title)).not.toContain('A pair may need help');
  });

  it('shows one card per pair with all its reasons, counts pairs, and one action closes them all', async () => {
    const { lea, miaP, maxP, ws, db, now, program, round } = await setup();
    const accepted = new Date(now.getTime() - 22 * DAY);
    const pair = await db.insertInto('matches').values({
      workspace_id: ws.id, program_id: program.id, round_id: round.id, mentee_id: miaP.id, mentor_id: maxP.id, state: 'active', score: 80, reasons: json([]),
      proposed_at: accepted, accepted_at: accepted, activated_at: accepted, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    // Never met, and two check-ins missed in a row: two reasons, one pair.
    for (const [period, days] of [[1, 14], [2, 7]] as const) {
      await db.insertInto('checkins').values({ match_id: pair.id, person_id: maxP.id, period, due_at: new Date(now.getTime() - days * DAY), status: 'missed', prompted_at: new Date(now.getTime() - days * DAY) }).execute();
    }
    await env.core.runJob('risk.scan', {});
    expect((await db.selectFrom('risk_alerts').select('rule').where('handled_at', 'is', null).execute()).map((a) => a.rule).sort()).toEqual(['missed_checkins', 'no_first_meeting']);

    await lea.type('/mentor admin report Pilot');
    expect(lea.text().split('A pair may need help').length - 1).toBe(1);
    expect(lea.text()).toMatch(/Pairs at risk to look at:? ?1\b/);
    const cards = (await lea.home()).filter((c) => c.header.title === 'A pair may need help');
    expect(cards).toHaveLength(1);
    const text = JSON.stringify(cards[0]!.sections);
    expect(text).toContain('No first meeting 21 days after they accepted.');
    expect(text).toContain('Two check-ins missed in a row.');
    // Both rules suggest a nudge: said once.
    expect(text.split('Suggested: nudge both members.').length - 1).toBe(1);

    await lea.clickRef(button(cards, 'Mark as handled').ref);
    expect(await db.selectFrom('risk_alerts').select('rule').where('handled_at', 'is', null).execute()).toEqual([]);
    expect((await lea.home()).map((c) => c.header.title)).not.toContain('A pair may need help');
  });

  it('ends a pair from its card and offers the mentee a rematch', async () => {
    const { lea, mia, max, miaP, maxP, ws, db, now, program, round } = await setup();
    const pair = await db.insertInto('matches').values({
      workspace_id: ws.id, program_id: program.id, round_id: round.id, mentee_id: miaP.id, mentor_id: maxP.id, state: 'paused', score: 80, reasons: json([]),
      proposed_at: now, accepted_at: now, activated_at: now, first_meeting_at: now, paused_until: new Date(now.getTime() + 60 * DAY), updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('match_events').values({ match_id: pair.id, from_state: 'active', to_state: 'paused', at: new Date(now.getTime() - 31 * DAY) }).execute();

    await env.core.runJob('risk.scan', {});
    const home = await lea.home();
    expect(home.flatMap((c) => c.sections.map((s) => JSON.stringify(s))).join()).toContain('Paused for more than 30 days.');
    await lea.clickRef(button(home, 'Offer a rematch').ref);
    expect(lea.lastReply()).toContain('The pair was ended and the mentee offered a rematch.');
    const ended = await db.selectFrom('matches').select(['state', 'ended_by', 'end_reason']).where('id', '=', pair.id).executeTakeFirstOrThrow();
    expect(ended).toEqual({ state: 'ended', ended_by: (await lea.id()), end_reason: null });
    await env.runDueJobs();
    expect(mia.text()).toContain('Your pairing has ended');
    expect(max.text()).toContain('Your pairing has ended');
    const audit = await db.selectFrom('audit_log').select('action').execute();
    expect(audit.map((a) => a.action)).toContain('risk.rematch');
  });
});
