// Shortlist choice through Slack: the shortlists arrive by DM when the lead closes the survey,
// mentees rank in a modal (one select per rank), a bad ranking is refused next to the field, and
// once the deadline passes the lead's preview honours the ranks and counts the choices.
import { afterEach, describe, expect, it } from 'vitest';
import { setProgramLeads } from '../../../src/db/repositories/lead.repository.ts';
import { listPairs } from '../../../src/db/repositories/pair.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { CHOICE_STATS, SHORTLIST_MENTEES, SHORTLIST_MENTORS, enrolShortlistCohort, shortlistRankings } from '../../support/shortlist-fixtures.ts';
import { openSlackRound } from '../../support/slack-journey.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';
import type { SlackTestUser } from '../../support/slack-user.ts';

type Json = Record<string, unknown>;
const DAY = 86_400_000;

/** The mentors a ranking modal offers, in order (the options of its first select). */
function modalOptions(user: SlackTestUser): string[] {
  const input = ((user.modal?.blocks ?? []) as Json[]).find((b) => b.type === 'input' && Array.isArray((b.element as Json).options));
  return (((input?.element as Json | undefined)?.options ?? []) as Json[]).map((o) => String(o.value));
}

describe.each(databaseKinds)('shortlist choice through Slack on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('sends each mentee their shortlist, takes rankings in a modal, and previews with the ranks honoured', { timeout: 180_000 }, async () => {
    env = await SlackPlatform.start(kind);
    const { program, round } = await openSlackRound(env, { matching: 'choice', shortlistSize: 3, rankingDays: 3 });
    const lea = env.person('Lea');
    await lea.command('/mentor help');
    await setProgramLeads(env.database.db, program.id, [await lea.personId()]);
    const mentees = new Map<string, SlackTestUser>(SHORTLIST_MENTEES.map((n) => [n, env.person(n)] as const));
    const mentors = SHORTLIST_MENTORS.map((n) => env.person(n));
    for (const p of [...mentees.values(), ...mentors]) await p.command('/mentor help');
    await enrolShortlistCohort(env.database.db, round, {
      mentees: await Promise.all([...mentees.values()].map((p) => p.personId())), mentors: await Promise.all(mentors.map((p) => p.personId())),
    }, env.clock.now());

    await lea.command('/mentor admin round close');
    expect(lea.text()).toContain('Shortlists went to 6 mentees');
    await env.runDueJobs();
    const mia = mentees.get('Mia')!;
    expect(mia.text()).toContain('== Choose your mentor ==');
    expect(mia.text()).toMatch(/1\. @(Max|Ned|Oli)/);
    expect(mia.text()).not.toMatch(/\b(Noa|Ola|Pia|Quinn|Sam)\b/);

    await mia.click('Rank them');
    const offered = modalOptions(mia) as [string, string, string];
    expect(offered).toHaveLength(3);
    // A person who is not on her shortlist: refused next to the field, nothing stored.
    await mia.submit({ ranking: [await lea.personId()] });
    expect(Object.values(mia.lastErrors ?? {}).join(' ')).toContain('Please pick one of the options offered.');
    expect(mia.modal).toBeDefined();

    for (const [name, ranking] of Object.entries(shortlistRankings(offered))) {
      const person = mentees.get(name)!;
      if (!person.modal) await person.click('Rank them');
      await person.submit({ ranking });
      expect(person.lastErrors).toBeUndefined();
      expect(person.text()).toContain('Thank you, your ranking is saved');
    }
    await env.advance(3 * DAY + 60_000);
    expect(lea.text()).toContain('Mentees who ranked their shortlist: 5 of 6.');
    await lea.click('Preview the matching');
    expect(lea.text()).toMatch(CHOICE_STATS);
    const pairs = await listPairs(env.database.db, round.id);
    expect(pairs).toHaveLength(6);
    const samId = await mentees.get('Sam')!.personId();
    expect(pairs.some((p) => p.menteeId === samId)).toBe(true);
  });
});
