// Program set-up for the Teams journeys, done with the repositories as the lead flows would, in
// the Teams tenant's workspace; and what a lead's publish does: proposals decided and queued.
import type { Pair, Program, Round } from '../../src/domain/model.ts';
import { claimDelivery } from '../../src/db/repositories/delivery.repository.ts';
import { insertProposedPair } from '../../src/db/repositories/pair.repository.ts';
import { upsertPerson } from '../../src/db/repositories/person.repository.ts';
import { upsertWorkspace } from '../../src/db/repositories/workspace.repository.ts';
import { deliveryJob } from '../../src/flows/context.ts';
import { openForAnswers, programWithRound, sampleSettings } from './fixtures.ts';
import { TENANT_ID, type TeamsHarness } from './teams-harness.ts';
import { largestProgramTopics } from './topic-fixtures.ts';
import type { TeamsUser } from './teams-user.ts';

/** A round open for answers in a program as large as the settings allow (100 topics, longest labels). */
export async function openTeamsRound(env: TeamsHarness): Promise<{ program: Program; round: Round }> {
  const db = env.database.db;
  const workspace = await upsertWorkspace(db, { platform: 'teams', externalId: TENANT_ID });
  const lead = await upsertPerson(db, workspace.id, { platformUserId: 'aad-lead-fixture', displayName: 'Lead' });
  const { program, round } = await programWithRound(db, workspace, lead, sampleSettings({ checkinCadence: 'P2W', topics: largestProgramTopics() }));
  return { program, round: await openForAnswers(env, round) };
}

export async function personIdOf(env: TeamsHarness, user: TeamsUser): Promise<string> {
  const row = await env.database.db.selectFrom('people').select('id').where('platform_user_id', '=', user.aadObjectId).executeTakeFirstOrThrow();
  return row.id;
}

/** Proposes mentee × mentor and queues the proposal cards, as publishing does. */
export async function proposeAndSend(env: TeamsHarness, round: Round, menteeId: string, mentorId: string): Promise<Pair> {
  const db = env.database.db;
  const now = env.clock.now();
  const pair = await insertProposedPair(db, {
    workspaceId: round.workspaceId, programId: round.programId, roundId: round.id, menteeId, mentorId, score: 80, reasons: [], source: 'round',
  }, now, new Date(now.getTime() + 72 * 3_600_000));
  for (const personId of [menteeId, mentorId]) {
    const key = `proposal:${pair.id}:${personId}`;
    await claimDelivery(db, { workspaceId: round.workspaceId, idempotencyKey: key, kind: 'proposal', personId, matchId: pair.id, payload: { matchId: pair.id, recipients: personId } });
    await env.scheduler.schedule(deliveryJob(key));
  }
  await env.runDueJobs();
  return pair;
}

/** A mentee's answers to the survey of the program openTeamsRound sets up, by field id. */
export const MENTEE_ANSWERS: Readonly<Record<string, unknown>> = {
  topics: ['leadership'], careerObjective: 'Lead a team within two years.', domain: 'product',
  feedbackStyle: 'direct', modes: ['video'], languages: ['en'], consent: true,
};

/** Those of `answers` that the newest open form asks for (a ranked field's inputs count as the field). */
export function answersAsked(user: TeamsUser, answers: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const ids = Object.keys(user.openFormInputs()).map((id) => id.replace(/__\d+$/, ''));
  return Object.fromEntries(Object.entries(answers).filter(([id]) => ids.includes(id)));
}

/** Submits `steps` steps of the open form, each with the answers it asks for. */
export async function answerSteps(user: TeamsUser, answers: Readonly<Record<string, unknown>>, steps: number): Promise<void> {
  for (let step = 0; step < steps; step += 1) await user.fill(answersAsked(user, answers));
}
