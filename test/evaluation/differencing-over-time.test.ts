// A curious lead reads everything a lead can read (the report card and its comments, the home
// view, the report page, the weekly digest, the CSV of figures and of pairs, the program's audit
// log) before and after one participant does something secret, and compares. Each attack plays
// two worlds that differ only by the secret (who did it, what they answered, whether they did),
// with the same lead actions at the same times, through the real flows, on both databases: the
// lead's view must be the same in both. Released periods must also read the same before and
// after the event in the world where it happens.
import { addProgramLead } from '../../src/db/repositories/lead.repository.ts';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/repositories/db.ts';
import { json } from '../../src/db/repositories/db.ts';
import { getProgram } from '../../src/db/repositories/program.repository.ts';
import { loadProgramHealth } from '../../src/flows/evaluation/report-summary.ts';
import { renderReportHtml } from '../../src/http/report-page-html.ts';
import type { Effect } from '../../src/flows/effects.ts';
import { renderCard, renderMessage } from '../../src/ui/render-text.ts';
import { t, translator } from '../../src/ui/i18n/t.ts';
import { databaseKinds } from '../support/databases.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';
import { NOW, seedProgram, type Seeded } from './seed.ts';

const DAY = 86_400_000;
// Two worlds, three reads of every lead view each, through the real flows: slow on a loaded machine.
const SLOW = 180_000;

interface World { env: MemoryPlatform; seeded: Seeded; lead: TestPerson }

interface LeadView {
  report: string; home: string; page: string; figuresCsv: string; pairsCsv: string; audit: string; digest: string;
}

type Which = 'a' | 'b';

async function world(kind: (typeof databaseKinds)[number], which: Which, setup?: (db: Db, seeded: Seeded, which: Which) => Promise<void>): Promise<World> {
  const env = await createMemoryPlatform(kind, { start: NOW, leads: ['U_LEAD'] });
  const seeded = await seedProgram(env.database.db, 5, 'T_ACME');
  await setup?.(env.database.db, seeded, which);
  // Mentions render as names, the same in both worlds (ids differ).
  for (const p of await env.database.db.selectFrom('people').select(['id', 'display_name']).execute()) env.names.set(p.id, p.display_name ?? '');
  const lead = env.person('Lead', { platformUserId: 'U_LEAD' });
  // The program was seeded, not created through the bot: make the lead its lead as `admin leads add` would.
  await lead.type('/mentor help');
  await addProgramLead(env.database.db, seeded.programId, await lead.id(), null);
  return { env, seeded, lead };
}

async function participant(w: World, name: string): Promise<TestPerson> {
  const person = w.env.person(name, { platformUserId: `U_${name}` });
  await person.id();
  return person;
}

const rendered = (effects: readonly Effect[], names: ReadonlyMap<string, string>): string => effects.map((e) => {
  if (e.type === 'open_form') return `[form ${e.form.id}]`;
  const c = e.content;
  const options = { nameOf: (id: string) => names.get(id) ?? id };
  return c.kind === 'card' ? renderCard(c, options) : c.kind === 'message' ? renderMessage(c, options) : c.kind === 'file' ? c.content : '';
}).join('\n---\n');

/** Everything the lead can read now; `digest` runs the weekly digest job (once per week and lead). */
async function leadView(w: World, options: { digest: boolean }): Promise<LeadView> {
  const { env, lead } = w;
  const names = env.names;
  const report = rendered(await lead.type('/mentor admin report'), names);
  const figuresCsv = rendered(await lead.click(t('en', 'report.csv.aggregates')), names);
  const pairsCsv = rendered(await lead.click(t('en', 'report.csv.pairs')), names);
  const audit = rendered(await lead.click(t('en', 'report.audit.button')), names);
  const home = (await lead.home()).map((c) => renderCard(c, { nameOf: (id) => names.get(id) ?? id })).join('\n---\n');
  // The report page's body for this lead (the signed link and its checks are tested with the page).
  const program = (await getProgram(env.database.db, w.seeded.programId))!;
  const page = renderReportHtml({ t: translator('en'), locale: 'en', program, health: await loadProgramHealth(env.database.db, program, env.clock.now()), generatedAt: 'now' });
  let digest = '';
  if (options.digest) {
    const leadId = await lead.id();
    const before = env.messenger.to(leadId).length;
    await env.core.runJob('lead.digest', {});
    await env.runDueJobs();
    digest = env.messenger.to(leadId).slice(before).map((d) => (d.content.kind === 'card' ? renderCard(d.content, { nameOf: (id) => names.get(id) ?? id }) : '')).join('\n');
    expect(digest).toContain('Eval program');
  }
  return { report, home, page, figuresCsv, pairsCsv, audit, digest };
}

/** The parts of a view that are about released periods: comments and the per-period lines of the CSV. */
const released = (v: LeadView) => ({
  comments: v.report.split('\n---\n').filter((c) => c.includes(t('en', 'report.comments.title'))),
  periods: v.figuresCsv.split('\r\n').filter((line) => /^[a-z_]+,\d{4}-\d{2}/.test(line) && !line.endsWith('month_under_way')),
});

/**
 * Two worlds shuffle the same comments in different orders (each release draws its own): across
 * worlds the comments are compared as a set. Within one world their order is frozen too (released()).
 */
function acrossWorlds(views: readonly LeadView[]): LeadView[] {
  const title = t('en', 'report.comments.title');
  return views.map((v) => ({
    ...v,
    report: v.report.split('\n---\n').map((c) => (c.includes(title) ? c.split('\n').sort().join('\n') : c)).join('\n---\n'),
  }));
}

/** Plays the same lead reads in both worlds around the secret event, which happens in `b` only (or differently in each). */
async function play(kind: (typeof databaseKinds)[number], input: {
  setup?: (db: Db, seeded: Seeded, which: Which) => Promise<void>;
  event: (w: World, which: Which) => Promise<void>;
  /** Reads after time moves on (released periods close meanwhile). */
  later?: number;
}): Promise<{ a: LeadView[]; b: LeadView[]; worlds: World[] }> {
  const worlds = [await world(kind, 'a', input.setup), await world(kind, 'b', input.setup)];
  const views: LeadView[][] = [[], []];
  for (const [i, w] of worlds.entries()) {
    views[i]!.push(await leadView(w, { digest: false }));
    await input.event(w, i === 0 ? 'a' : 'b');
    views[i]!.push(await leadView(w, { digest: true }));
    if (input.later) {
      await w.env.advance(input.later);
      views[i]!.push(await leadView(w, { digest: true }));
    }
  }
  return { a: views[0]!, b: views[1]!, worlds };
}

/** Five more pairs that ended early in May for lack of time, so May's released reason group is shown. */
async function fiveMoreEndedInMay(db: Db, seeded: Seeded): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const person = async (name: string) => (await db.insertInto('people').values({ workspace_id: seeded.workspaceId, platform_user_id: `U_${name}`, display_name: name, updated_at: NOW })
      .returning('id').executeTakeFirstOrThrow()).id;
    const mentee = await person(`Early${i}`), mentor = await person(`EarlyMentor${i}`);
    await db.insertInto('matches').values({
      workspace_id: seeded.workspaceId, program_id: (await db.selectFrom('rounds').select('program_id').where('id', '=', seeded.roundId).executeTakeFirstOrThrow()).program_id,
      round_id: seeded.roundId, mentee_id: mentee, mentor_id: mentor, state: 'ended', score: 60, reasons: json([]),
      proposed_at: new Date('2027-03-01T00:00:00Z'), accepted_at: new Date('2027-03-02T00:00:00Z'), activated_at: new Date('2027-03-02T00:00:00Z'),
      ended_at: new Date(`2027-05-1${i}T00:00:00Z`), ended_by: mentee, end_reason: 'too busy at work', updated_at: NOW,
    }).execute();
  }
}

describe.each(databaseKinds)('differencing over time on %s', (kind) => {
  let worlds: World[] = [];
  afterEach(async () => {
    for (const w of worlds) await w.env.dispose();
    worlds = [];
  });

  it('a pulse answer: whether and how someone answered the open pulse changes nothing a lead sees, before or after it closes', async () => {
    const run = await play(kind, {
      event: async (w, which) => {
        await w.env.core.runJob('pulse.open', { pulseId: w.seeded.pulses[2]! });
        await w.env.runDueJobs();
        if (which === 'a') return;
        const mentee3 = await participant(w, 'Mentee3');
        await mentee3.click(t('en', 'pulse.prompt.answer'));
        expect((await mentee3.submit({ satisfaction: 5, relationship: 5, progress: 5, recommend: 10, comment: 'mine, and only mine' })).type).toBe('done');
        expect(await w.env.database.db.selectFrom('pulse_answers').select('id').where('pulse_id', '=', w.seeded.pulses[2]!).execute()).toHaveLength(3);
      },
      // The pulse closes on 24 June with 3 answers: too few, so it is released withheld.
      later: 10 * DAY,
    });
    worlds = run.worlds;
    expect(acrossWorlds(run.b)).toEqual(acrossWorlds(run.a));
    expect(run.b[2]!.figuresCsv).not.toContain('mine, and only mine');
    expect(run.b[2]!.report).not.toContain('mine, and only mine');
  }, SLOW);

  it('a pair ending early: who ended it and why changes nothing a lead sees, not the reasons of released months, not the audit log', async () => {
    const run = await play(kind, {
      setup: (db, seeded) => fiveMoreEndedInMay(db, seeded),
      event: async (w, which) => {
        // The same pair ends on the same day; in one world the mentee ends it for lack of time, in the other the mentor for a bad fit.
        const who = await participant(w, which === 'a' ? 'Mentee0' : 'Mentor0');
        await who.type('/mentor end');
        await who.click(t('en', 'end.confirm.button'));
        expect((await who.submit({ reason: which === 'a' ? 'no time with my workload' : 'bad chemistry, expectations did not match' })).type).toBe('done');
      },
      // July: June is released, with its one pair ended early (a group too small to be named).
      later: 20 * DAY,
    });
    worlds = run.worlds;
    expect(acrossWorlds(run.b)).toEqual(acrossWorlds(run.a));
    const [before, after, july] = run.b;
    // The pair's end is visible (its state), the reason groups of released months do not move.
    expect(released(after!)).toEqual(released(before!));
    expect(before!.figuresCsv).toContain('\r\nended_early_time,2027-05,6\r\n');
    expect(after!.figuresCsv).toContain('\r\nended_early_time,,6\r\n');
    expect(july!.figuresCsv).toContain('\r\nended_early_other_groups,2027-06,withheld\r\n');
    expect(july!.figuresCsv).toContain('\r\nended_early_time,,6\r\n');
    // The audit log says what the lead did, never who ended a pair.
    for (const v of run.b) {
      expect(v.audit).not.toMatch(/match\.end|Mentee0|Mentor0/);
    }
  }, SLOW);

  it('a participant’s erasure: their comment does not vanish from a released pulse, whoever wrote it, and no released figure moves', async () => {
    const run = await play(kind, {
      // The comment "Great pairing" is Mentee0's in one world and Mentee3's in the other.
      setup: async (db, seeded, which) => {
        if (which === 'a') return;
        const [m0, m3] = [seeded.mentees[0]!, seeded.mentees[3]!];
        await db.updateTable('pulse_answers').set({ comment: null }).where('pulse_id', '=', seeded.pulses[0]!).where('person_id', '=', m0).execute();
        await db.updateTable('pulse_answers').set({ comment: 'Great pairing' }).where('pulse_id', '=', seeded.pulses[0]!).where('person_id', '=', m3).execute();
      },
      event: async (w) => {
        const mentee0 = await participant(w, 'Mentee0');
        await mentee0.type('/mentor delete');
        await mentee0.click(t('en', 'privacy.delete.button'));
        // What erasure leaves of the person: no text of theirs, no answer linked to them.
        const db = w.env.database.db, me = w.seeded.mentees[0]!;
        const releasesBefore = await db.selectFrom('report_releases').selectAll().orderBy('period_key').execute();
        expect(await db.selectFrom('pulse_answers').select('id').where('person_id', '=', me).execute()).toEqual([]);
        expect((await db.selectFrom('pulse_answers').select('id').execute()).length).toBe(14);
        expect(await db.selectFrom('goals').select(['title', 'measure']).where('match_id', '=', w.seeded.pairs[0]!).execute()).toEqual([{ title: '—', measure: '—' }]);
        expect(await db.selectFrom('checkins').select(['private_note', 'goal_progress']).where('person_id', '=', me).where('private_note', 'is not', null).execute()).toEqual([]);
        expect((await db.selectFrom('people').select(['display_name', 'erased_at']).where('id', '=', me).executeTakeFirstOrThrow()).erased_at).not.toBeNull();
        // Releases hold no person: erasure has nothing to take from them, and leaves them as they were.
        expect(JSON.stringify(releasesBefore)).not.toContain(me);
      },
    });
    worlds = run.worlds;
    // Pulse 1 was released at the first read, with "Great pairing" in it, in both worlds.
    expect(run.a[0]!.report).toContain('Great pairing');
    expect(acrossWorlds(run.b)).toEqual(acrossWorlds(run.a));
    for (const r of [run.a, run.b]) {
      expect(released(r[1]!)).toEqual(released(r[0]!));
      expect(r[1]!.report).toContain('Great pairing');
      // What changed is what the lead sees row by row: the pair ended, the person is anonymous.
      expect(r[1]!.pairsCsv).not.toContain('Mentee0');
      expect(r[1]!.audit).not.toMatch(/privacy|Mentee0/);
    }
  }, SLOW);

  it('a late check-in answer for a released month does not change it', async () => {
    const run = await play(kind, {
      event: async (w, which) => {
        if (which === 'a') return;
        // Mentor2 missed their April check-in and answers it in June: it is still answerable.
        const mentor2 = await participant(w, 'Mentor2');
        await mentor2.type('/mentor checkin');
        expect((await mentor2.submit({ met: 'not_yet', usefulness: 5 })).type).toBe('done');
        const april = await w.env.database.db.selectFrom('checkins').select('status').where('person_id', '=', w.seeded.mentors[2]!).executeTakeFirstOrThrow();
        expect(april.status).toBe('answered');
      },
      later: 20 * DAY,
    });
    worlds = run.worlds;
    expect(acrossWorlds(run.b)).toEqual(acrossWorlds(run.a));
    expect(released(run.b[1]!)).toEqual(released(run.b[0]!));
    // April as released: 5 of 6 answered.
    expect(run.b[1]!.figuresCsv).toContain('\r\ncheckin_response_rate,2027-04,0.833\r\n');
  }, SLOW);

  it('a retention purge changes no released figure and no comment: only names go, and the bot’s purge is logged', async () => {
    const run = await play(kind, {
      setup: async (db, seeded) => {
        await db.updateTable('rounds').set({ state: 'completed', completed_at: new Date('2027-05-01T00:00:00Z') }).where('id', '=', seeded.roundId).execute();
      },
      event: async (w, which) => {
        // The same completed round; its retention period is over in one world only.
        if (which === 'b') await w.env.database.db.updateTable('programs').set({ retention_days: 30 }).where('id', '=', w.seeded.programId).execute();
        await w.env.core.runJob('retention.purge', {});
        const comments = await w.env.database.db.selectFrom('pulse_answers').select('comment').where('comment', 'is not', null).execute();
        expect(comments.length > 0).toBe(which === 'a');
      },
      later: 20 * DAY,
    });
    worlds = run.worlds;
    const [as, bs] = [acrossWorlds(run.a), acrossWorlds(run.b)];
    for (const [i, b] of bs.entries()) {
      const a = as[i]!;
      expect({ ...b, pairsCsv: '', audit: '' }).toEqual({ ...a, pairsCsv: '', audit: '' });
      // The audit log gains the bot's purge and nothing else.
      const extra = b.audit.split('\n').filter((line) => !a.audit.split('\n').includes(line));
      expect(extra.every((line) => line.includes('old data erased (retention period)'))).toBe(true);
    }
    expect(released(run.b[1]!)).toEqual(released(run.b[0]!));
    expect(run.b[1]!.report).toContain('Great pairing');
    expect(run.b[1]!.pairsCsv).not.toContain('Mentee0');
    expect(run.a[1]!.pairsCsv).toContain('Mentee0');
  }, SLOW);
});
