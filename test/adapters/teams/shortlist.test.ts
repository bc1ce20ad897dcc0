// Shortlist choice through Teams: the shortlists arrive in each mentee's personal chat, mentees
// rank on a card (one choice set per rank), a duplicate is refused on the card, and once the
// deadline passes the lead's preview honours the ranks and counts the choices.
import { afterEach, describe, expect, it } from 'vitest';
import { json } from '../../../src/db/repositories/db.ts';
import { setProgramLeads } from '../../../src/db/repositories/lead.repository.ts';
import { listPairs } from '../../../src/db/repositories/pair.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { CHOICE_STATS, SHORTLIST_MENTEES, SHORTLIST_MENTORS, enrolShortlistCohort, shortlistRankings } from '../../support/shortlist-fixtures.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { openTeamsRound, personIdOf } from '../../support/teams-journey.ts';
import type { TeamsUser } from '../../support/teams-user.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('shortlist choice through Teams on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it('sends each mentee their shortlist card, takes rankings on a card, and previews with the ranks honoured', { timeout: 180_000 }, async () => {
    env = await createTeamsHarness(kind);
    const { program, round } = await openTeamsRound(env);
    await env.database.db.updateTable('programs').set({ settings: json({ ...program.settings, matching: 'choice', shortlistSize: 3, rankingDays: 3 }) })
      .where('id', '=', program.id).execute();
    const lea = env.user('Lea');
    await lea.install();
    await setProgramLeads(env.database.db, program.id, [await personIdOf(env, lea)]);
    const mentees = new Map<string, TeamsUser>(SHORTLIST_MENTEES.map((n) => [n, env.user(n)] as const));
    const mentors = SHORTLIST_MENTORS.map((n) => env.user(n));
    for (const u of [...mentees.values(), ...mentors]) await u.install();
    await enrolShortlistCohort(env.database.db, round, {
      mentees: await Promise.all([...mentees.values()].map((u) => personIdOf(env, u))), mentors: await Promise.all(mentors.map((u) => personIdOf(env, u))),
    }, env.clock.now());

    await lea.say('admin round close');
    expect(lea.text()).toContain('Shortlists went to 6 mentees');
    await env.runDueJobs();
    const mia = mentees.get('Mia')!;
    expect(mia.text()).toContain('Choose your mentor');
    expect(mia.text()).toMatch(/<at>(Max|Ned|Oli)<\/at>/);
    expect(mia.text()).not.toMatch(/\b(Noa|Ola|Pia|Quinn|Sam)\b/);

    await mia.click('Rank them');
    const first = mia.openFormInputs()['ranking__1'] as { choices: { value: string }[] };
    const offered = first.choices.map((c) => c.value) as [string, string, string];
    expect(offered).toHaveLength(3);
    // The same mentor twice: refused on the card, nothing stored.
    await mia.fill({ ranking: [offered[0], offered[0]] });
    expect(mia.text()).toContain('Each option can be picked only once');
    expect(await env.database.db.selectFrom('shortlists').select('ranking').where('ranking', 'is not', null).execute()).toEqual([]);

    for (const [name, ranking] of Object.entries(shortlistRankings(offered))) {
      const person = mentees.get(name)!;
      if (name !== 'Mia') await person.click('Rank them');
      await person.fill({ ranking });
      expect(person.text()).toContain('Thank you, your ranking is saved');
    }
    await env.advance(3 * DAY + 60_000);
    expect(lea.text()).toContain('Mentees who ranked their shortlist: 5 of 6.');
    await lea.click('Preview the matching');
    expect(lea.text()).toMatch(CHOICE_STATS);
    const pairs = await listPairs(env.database.db, round.id);
    expect(pairs).toHaveLength(6);
    const samId = await personIdOf(env, mentees.get('Sam')!);
    expect(pairs.some((p) => p.menteeId === samId)).toBe(true);
  });
});
