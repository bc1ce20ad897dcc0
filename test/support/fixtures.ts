// Small builders for data tests: a workspace with people, a program with a round.
import { randomUUID } from 'node:crypto';
import type { Person, Program, Round, Workspace } from '../../src/domain/model.ts';
import { programSettingsSchema, type ProgramSettings } from '../../src/domain/program-settings.ts';
import type { Db } from '../../src/db/repositories/db.ts';
import { upsertPerson } from '../../src/db/repositories/person.repository.ts';
import { createProgram } from '../../src/db/repositories/program.repository.ts';
import { createRound, transitionRound } from '../../src/db/repositories/round.repository.ts';
import { upsertWorkspace } from '../../src/db/repositories/workspace.repository.ts';

export const sampleSettings = (overrides: Partial<ProgramSettings> = {}): ProgramSettings => programSettingsSchema.parse({
  topics: [
    { key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } },
    { key: 'public-speaking', label: { en: 'Public speaking', fr: 'Prise de parole' } },
  ],
  languages: ['en', 'fr'],
  ...overrides,
});

export async function workspaceWithPeople(db: Db, names: readonly string[]): Promise<{ workspace: Workspace; people: Person[] }> {
  const workspace = await upsertWorkspace(db, { platform: 'slack', externalId: `T${randomUUID().slice(0, 8)}`, name: 'Acme' });
  const people: Person[] = [];
  for (const [i, name] of names.entries()) {
    people.push(await upsertPerson(db, workspace.id, { platformUserId: `U${i}${name.toUpperCase()}`, displayName: name, locale: i % 2 ? 'fr-FR' : 'en-US', timezone: 'Europe/Paris' }));
  }
  return { workspace, people };
}

export async function programWithRound(db: Db, workspace: Workspace, lead: Person, settings = sampleSettings()): Promise<{ program: Program; round: Round }> {
  const program = await createProgram(db, { workspaceId: workspace.id, name: `Program ${randomUUID().slice(0, 6)}`, settings, createdBy: lead.id });
  const round = await createRound(db, { workspaceId: workspace.id, programId: program.id, name: 'Spring cohort', createdBy: lead.id });
  return { program, round };
}

/** What the round builders need of a test harness: its database and its clock. */
interface RoundEnv { readonly database: { readonly db: Db }; readonly clock: { now(): Date } }

/** Opens a draft round for survey answers, with a deadline 14 days on unless given. */
export async function openForAnswers(env: RoundEnv, round: Round, deadline?: Date): Promise<Round> {
  const now = env.clock.now();
  return (await transitionRound(env.database.db, round.id, ['draft'], 'open', { opened_at: now, survey_deadline: deadline ?? new Date(now.getTime() + 14 * 86_400_000) }))!;
}

/** Moves an open round on to running, as the lead flows do when they publish. */
export async function runRound(env: RoundEnv, round: Round): Promise<Round> {
  const db = env.database.db;
  const now = env.clock.now();
  await transitionRound(db, round.id, ['open'], 'closed', { closed_at: now });
  await transitionRound(db, round.id, ['closed'], 'matched', { matched_at: now });
  await transitionRound(db, round.id, ['matched'], 'published', { published_at: now });
  return (await transitionRound(db, round.id, ['published'], 'running'))!;
}
