// Shortlist choice: when the survey of a "mentee chooses" program closes, each mentee gets their
// best mentors and ranks them until the deadline; the preview then matches the whole cohort with
// the rankings honoured where seats allow, matches a silent mentee anyway, and shows the choice
// statistics. Through the core, as in Slack or Teams, on both databases.
import { afterEach, describe, expect, it } from 'vitest';
import { setProgramLeads } from '../../src/db/repositories/lead.repository.ts';
import { listPairs } from '../../src/db/repositories/pair.repository.ts';
import { getRound } from '../../src/db/repositories/round.repository.ts';
import type { Round } from '../../src/domain/model.ts';
import type { Form } from '../../src/ui/form.ts';
import { databaseKinds } from '../support/databases.ts';
import { enroll, openRound } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';
import { raceAtRow, valuesOf } from '../support/row-race.ts';

const DAY = 86_400_000;
const MENTEES = ['Mia', 'Noa', 'Ola', 'Pia', 'Quinn', 'Sam'];
const MENTORS = ['Max', 'Ned', 'Oli', 'Pat'];

interface World { round: Round; lea: TestPerson; mentees: Map<string, TestPerson>; mentors: Map<string, TestPerson> }

describe.each(databaseKinds)('shortlist choice on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function setup(): Promise<World> {
    env = await createMemoryPlatform(kind);
    const { program, round } = await openRound(env, { settings: { matching: 'choice', shortlistSize: 3, rankingDays: 4, minGroupSize: 5 } });
    const lea = env.person('Lea');
    await lea.type('/mentor help');
    await setProgramLeads(env.database.db, program.id, [await lea.id()]);
    const mentees = new Map(MENTEES.map((n) => [n, env.person(n)] as const));
    const mentors = new Map(MENTORS.map((n) => [n, env.person(n)] as const));
    for (const p of [...mentees.values(), ...mentors.values()]) await p.type('/mentor help');
    for (const p of mentees.values()) await enroll(env, round, p, 'mentee');
    for (const p of mentors.values()) await enroll(env, round, p, 'mentor', 2);
    return { round, lea, mentees, mentors };
  }

  const offered = (form: Form | undefined): { value: string; label: string }[] => {
    const field = form?.fields.find((f) => f.id === 'ranking');
    if (field?.kind !== 'ranked') throw new Error('no ranking form open');
    return [...field.options];
  };
  const shortlistCards = (who: TestPerson) => who.inbox().filter((c) => c.kind === 'card' && c.header.title.includes('choose your mentor') || (c.kind === 'card' && c.header.title === 'Choose your mentor'));

  /** The survey closed and the shortlists sent; Mia has her ranking form open; m1 is her best fit. */
  async function miaRanking(): Promise<World & { mia: TestPerson; m1: string }> {
    const world = await setup();
    await world.lea.type('/mentor admin round close');
    await env.runDueJobs();
    const mia = world.mentees.get('Mia')!;
    await mia.click('Rank them');
    return { ...world, mia, m1: offered(mia.openForm)[0]!.value };
  }

  it('offers each mentee their best mentors, honours the ranks across the cohort, matches the silent mentee, and counts the choices', async () => {
    const { round, lea, mentees } = await setup();
    await lea.type('/mentor admin round close');
    expect(lea.text()).toContain('Shortlists went to 6 mentees, who can rank them until');
    expect(lea.lastReply()).toMatch(/Shortlist ranking\W+0 of 6 mentees ranked, until/);
    await env.runDueJobs();

    // Every mentee's card: three mentors with why they fit, the deadline, what silence means, and no other mentee.
    const mia = mentees.get('Mia')!;
    for (const [name, person] of mentees) {
      expect(shortlistCards(person)).toHaveLength(1);
      const text = person.text();
      expect(text).toContain('Here are the 3 mentors who fit your answers best');
      expect(text).toContain('You will be matched as usual');
      for (const other of MENTEES.filter((n) => n !== name)) expect(text).not.toMatch(new RegExp(`\\b${other}\\b`));
    }
    expect(mia.text()).toContain('Why they fit you');

    await mia.click('Rank them');
    const options = offered(mia.openForm);
    expect(options).toHaveLength(3);
    const [m1, m2, m3] = options.map((o) => o.value) as [string, string, string];
    // Only mentors from her own shortlist, each once, at least one.
    const notOffered = await env.database.db.selectFrom('people').select('id').where('display_name', 'in', [...MENTORS, 'Noa'])
      .where('id', 'not in', [m1, m2, m3]).execute();
    const before = JSON.stringify(await env.database.db.selectFrom('shortlists').selectAll().orderBy('mentee_id').execute());
    for (const bad of [[notOffered[0]!.id], [m1, m1], [], 'not-a-list'] as unknown[]) {
      const outcome = await mia.submit({ ranking: bad });
      expect(outcome.type).toBe('errors');
    }
    expect(JSON.stringify(await env.database.db.selectFrom('shortlists').selectAll().orderBy('mentee_id').execute())).toBe(before);

    const rank = async (name: string, ranking: string[]) => {
      const person = mentees.get(name)!;
      if (!person.openForm) await person.click('Rank them');
      expect(offered(person.openForm).map((o) => o.value).sort()).toEqual([m1, m2, m3].sort());
      const outcome = await person.submit({ ranking });
      expect(outcome.type).toBe('done');
      expect(person.lastReply()).toContain('Thank you, your ranking is saved: 1.');
    };
    // Three want m1 first (two seats), one wants m2, one m3; Sam does not answer.
    await rank('Mia', [m2]);
    await rank('Mia', [m1, m2]); // changed her mind: the last ranking counts
    await rank('Noa', [m1, m2]);
    await rank('Ola', [m1, m2]);
    await rank('Pia', [m2, m1]);
    await rank('Quinn', [m3]);
    await lea.type('/mentor admin round status');
    expect(lea.lastReply()).toMatch(/Shortlist ranking\W+5 of 6 mentees ranked, until/);
    // Leads never see who ranked whom.
    expect(lea.text()).not.toMatch(/\b(Mia|Noa|Quinn)\b/);

    // The preview waits for the ranking.
    await lea.type('/mentor admin match');
    expect(lea.lastReply()).toContain('Mentees are ranking their shortlists until');
    expect(await listPairs(env.database.db, round.id)).toHaveLength(0);

    // Half-way: one reminder, to Sam only.
    await env.advance(2 * DAY + 3_600_000);
    const reminded = [...mentees].filter(([, p]) => p.inbox().some((c) => c.kind === 'card' && c.header.title === 'Reminder: choose your mentor')).map(([n]) => n);
    expect(reminded).toEqual(['Sam']);

    // The deadline ends the ranking; a late answer changes nothing.
    await env.advance(2 * DAY);
    expect((await getRound(env.database.db, round.id))?.rankingClosedAt).not.toBeNull();
    const sam = mentees.get('Sam')!;
    await sam.click('Rank them');
    expect(sam.lastReply()).toContain('The ranking is over');
    expect(lea.text()).toContain('Mentees who ranked their shortlist: 5 of 6.');

    await lea.click('Preview the matching');
    const preview = lea.lastReply();
    expect(preview).toMatch(/Shortlist choices\W+first choice 4, second 1, third 0, other ranks 0; another mentor 0, unmatched 0 \(of 5 mentees who ranked\)/);
    expect(preview).not.toContain('on your shortlist');
    const pairs = await listPairs(env.database.db, round.id);
    expect(pairs).toHaveLength(6);
    const ids = new Map(await Promise.all([...mentees].map(async ([n, p]) => [await p.id(), n] as const)));
    const mentorOf = new Map(pairs.map((p) => [ids.get(p.menteeId)!, p.mentorId]));
    expect(mentorOf.get('Pia')).toBe(m2);
    expect(mentorOf.get('Quinn')).toBe(m3);
    expect(['Mia', 'Noa', 'Ola'].filter((n) => mentorOf.get(n) === m1)).toHaveLength(2);
    expect(['Mia', 'Noa', 'Ola'].filter((n) => mentorOf.get(n) === m2)).toHaveLength(1);
    expect(mentorOf.get('Sam')).toBeDefined();
  });

  it('lets a lead end the ranking early (once), then previews; a lead-matched program sends no shortlist', async () => {
    const { round, lea, mia, m1 } = await miaRanking();
    await mia.submit({ ranking: [m1] });
    await lea.type('/mentor admin round status');
    const close = await lea.click('End the ranking and preview');
    expect(JSON.stringify(close)).toContain('Shortlist choices');
    expect(JSON.stringify(close)).toContain('shown once at least 5 mentees have ranked');
    // Below the privacy threshold the counts are not shown, but Mia's only choice is still honoured.
    const miaId = await mia.id();
    expect((await listPairs(env.database.db, round.id)).find((p) => p.menteeId === miaId)?.mentorId).toBe(m1);
    // The same button again: used up, nothing re-run.
    const audit = () => env.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'shortlist.%').execute();
    expect((await audit()).map((a) => a.action)).toEqual(['shortlist.open', 'shortlist.close']);
    await lea.click('End the ranking and preview');
    expect((await audit()).map((a) => a.action)).toEqual(['shortlist.open', 'shortlist.close']);
    await mia.click('Rank them');
    expect(mia.lastReply()).toContain('The ranking is over');
    // The deadline job that comes later finds the ranking over and tells nobody.
    const sent = env.messenger.delivered.length;
    await env.advance(5 * DAY);
    expect(env.messenger.delivered.length).toBe(sent);

    const other = await openRound(env, { name: 'Lead matched' });
    const ana = env.person('Ana');
    await ana.type('/mentor help');
    await setProgramLeads(env.database.db, other.program.id, [await lea.id()]);
    await enroll(env, other.round, ana, 'mentee');
    await lea.type('/mentor admin round close Lead matched');
    await env.runDueJobs();
    expect(ana.inbox()).toHaveLength(0);
    expect((await getRound(env.database.db, other.round.id))?.rankingDeadline).toBeNull();
  });

  it('a ranking sent as a lead ends the ranking and previews: saved, thanked, and in that preview', async () => {
    const { round, lea, mia, m1 } = await miaRanking();
    await lea.type('/mentor admin round status');
    // Mia has read the ranking open, and not yet written her ranking, when the lead ends it and
    // previews. (Without the round held while she writes, she was thanked and the preview, run
    // before her ranking committed, said that no mentee had ranked.)
    const miaId = await mia.id();
    valuesOf(await raceAtRow<unknown>(env.database, 'shortlists', { round_id: round.id, mentee_id: miaId },
      [() => mia.submit({ ranking: [m1] }), () => lea.click('End the ranking and preview')]));

    expect(mia.lastReply()).toContain('Thank you, your ranking is saved');
    const preview = lea.lastReply();
    expect(preview).toContain('Shortlist choices');
    expect(preview).not.toContain('no mentee ranked their shortlist');
    expect((await listPairs(env.database.db, round.id)).find((p) => p.menteeId === miaId)?.mentorId).toBe(m1);
  });

  it('sends the shortlists when the survey deadline closes the round, and tells the lead with a button to end the ranking', async () => {
    const { round, lea, mentees } = await setup();
    await env.database.db.updateTable('rounds').set({ survey_deadline: env.clock.now() }).where('id', '=', round.id).execute();
    await env.core.runJob('survey.deadline', { roundId: round.id });
    await env.runDueJobs();
    expect((await getRound(env.database.db, round.id))?.rankingDeadline).not.toBeNull();
    expect(lea.text()).toContain('Shortlists went to 6 mentees');
    for (const person of mentees.values()) expect(shortlistCards(person)).toHaveLength(1);
    const effects = await lea.click('End the ranking and preview');
    expect(JSON.stringify(effects)).toContain('no mentee ranked their shortlist: everyone is matched from their survey');
    expect(await listPairs(env.database.db, round.id)).toHaveLength(6);
  });

  it('gets the ranking deadline back from the database when the queue lost it', async () => {
    const { round, lea } = await setup();
    await lea.type('/mentor admin round close');
    const keys = () => env.scheduler.pending('shortlist.deadline').map((j) => j.key);
    expect(keys()).toEqual([`shortlist.deadline:${round.id}`]);
    for (const key of keys()) await env.scheduler.cancel(key);
    await env.advance(3 * DAY + 1);
    await env.core.runJob('reconcile', {});
    expect(keys()).toEqual([`shortlist.deadline:${round.id}`]);
    await env.advance(DAY);
    expect((await getRound(env.database.db, round.id))?.rankingClosedAt).not.toBeNull();
  });
});
