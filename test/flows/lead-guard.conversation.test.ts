// Lead actions are for leads only, and nothing a refused, forged or replayed request does
// changes the data; a bad program form stores nothing and answers in the lead's language.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { listPrograms } from '../../src/db/repositories/program.repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { createProgramByForm, workspaceOf } from './lead-fixtures.ts';

const TABLES = ['programs', 'program_leads', 'rounds', 'round_invitations', 'enrollments', 'matches', 'match_rules', 'waitlist', 'audit_log', 'deliveries', 'pulses'] as const;

async function counts(env: MemoryPlatform): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(env.database.db);
    out[table] = Number(row.rows[0]?.n);
  }
  return out;
}

const ADMIN_COMMANDS = [
  'admin program create', 'admin program edit Leadership 2027', 'admin program list', 'admin round open', 'admin round close',
  'admin round status', 'admin match', 'admin publish', 'admin report', 'admin pin @{U_MIA} @{U_LEA}', 'admin forbid @{U_MIA} @{U_LEA}',
  'admin leads add @{U_BOB}', 'admin leads remove @{U_LEA}',
];

describe.each(databaseKinds)('lead guard on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('refuses every admin command, button and form to a non-lead, and changes nothing', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea'), bob = env.person('Bob');
    await createProgramByForm(lea);
    await lea.type('/mentor admin round open');
    await lea.type('/mentor admin leads add @{U_BOB}');
    // While a lead, Bob gets cards and a form; then he is removed.
    await bob.type('/mentor admin program list');
    await bob.type('/mentor admin round status');
    await bob.type('/mentor admin program create');
    await bob.click('Blank program');
    await lea.type('/mentor admin leads remove @{U_BOB}');
    expect(lea.lastReply()).toContain('is no longer a lead of “Leadership 2027”');
    await env.runDueJobs();
    const before = await counts(env);

    for (const text of ADMIN_COMMANDS) {
      await bob.type(`/mentor ${text}`);
      expect(bob.lastReply(), text).toContain('Only program leads can do that');
    }
    for (const label of ['Edit', 'Round status', 'Invite people', 'Close the survey now', 'Onboarding buddy', 'Blank program']) {
      await bob.click(label);
      expect(bob.lastReply(), label).toContain('Only program leads can do that');
    }
    const outcome = await bob.submit({ name: 'Bob program', topics: 'a | A | A', languages: ['en'] });
    expect(outcome.type).toBe('done');
    expect(bob.lastReply()).toContain('Only program leads can do that');
    // Lea's own buttons are hers: Bob replaying one of her references is refused.
    const leaCard = lea.seen.findLast((c) => c.kind === 'card' && c.actions.length > 0);
    const leaRef = leaCard?.kind === 'card' && leaCard.actions[0]?.kind === 'button' ? leaCard.actions[0].ref : '';
    await bob.clickRef(leaRef);
    expect(bob.lastReply()).toContain('not valid for you');
    await bob.clickRef('forged-reference');
    expect(bob.lastReply()).toContain('not valid for you');
    await env.runDueJobs();
    expect(await counts(env)).toEqual(before);
  });

  it('acts once on a replayed lead click', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');
    await createProgramByForm(lea);
    await lea.type('/mentor admin program list');
    const openButton = lea.seen.findLast((c) => c.kind === 'card' && c.actions.some((a) => a.label === 'Open a round'));
    const ref = openButton?.kind === 'card' ? (openButton.actions.find((a) => a.label === 'Open a round') as { ref: string }).ref : '';
    await lea.clickRef(ref);
    expect(lea.openForm?.id).toBe('round.invite');
    const before = await counts(env);
    await lea.clickRef(ref);
    expect(lea.lastReply()).toContain('already recorded');
    expect(await counts(env)).toEqual(before);
    await lea.type('/mentor admin round open');
    expect(lea.lastReply()).toContain('Not possible: this round is open for answers.');
  });

  it('answers bad program input field by field in the lead’s language and stores nothing', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_CAMILLE'] });
    const camille = env.person('Camille', { locale: 'fr-FR' });
    await camille.type('/mentor admin programme créer');
    await camille.click('Programme vierge');
    const outcome = await camille.submit({ name: '', topics: 'leadership | Leadership\nBad Key | A | B', languages: ['xx'] });
    expect(outcome.type).toBe('errors');
    expect(camille.lastErrors).toMatchObject({
      name: 'Ce champ est obligatoire.',
      languages: expect.stringContaining('option'),
    });
    const topicsOnly = await camille.submit({ name: 'Mentorat', topics: 'leadership | Leadership\nBad Key | A | B', languages: ['fr'] });
    expect(topicsOnly.type).toBe('errors');
    expect(camille.lastErrors?.topics).toBe('Ligne 1\u00a0: écrivez clé | English | Français.');
    const badKey = await camille.submit({ name: 'Mentorat', topics: 'Bad Key | A | B', languages: ['fr'] });
    expect(badKey.type === 'errors' && badKey.errors.topics).toContain('Ligne 1');
    expect(await listPrograms(env.database.db, (await workspaceOf(env)).id)).toHaveLength(0);

    expect((await camille.submit({ name: 'Mentorat', topics: 'leadership | Leadership | Leadership', languages: ['fr'] })).type).toBe('next');
    const rhythm = await camille.submit({ checkinCadence: 'mensuel', sessionMinutes: '500', durationDays: '120', pulseEvery: 'P3M', proposalTimeoutHours: '48', surveyDays: '10' });
    expect(rhythm.type).toBe('errors');
    expect(camille.lastErrors).toEqual({ sessionMinutes: 'Le maximum est 180.' });
    await camille.submit({ checkinCadence: 'mensuel', sessionMinutes: '60', durationDays: '120', pulseEvery: 'P3M', proposalTimeoutHours: '48', surveyDays: '10' });
    expect(camille.lastErrors).toEqual({ checkinCadence: 'Indiquez une durée comme P1M, P14D ou PT30S.' });
    const [program] = await listPrograms(env.database.db, (await workspaceOf(env)).id);
    expect(program?.settings.checkinCadence).toBe('P1M');
  });
});
