// Builders for the Slack journey tests: a program with an open round in the Slack workspace, and
// a proposed pair sent out the way the lead flows publish one (the same as the employee fixtures
// of the memory platform, on the Slack platform's workspace).
import type { Pair, Program, Round } from '../../src/domain/model.ts';
import type { ProgramSettings } from '../../src/domain/program-settings.ts';
import { claimDelivery } from '../../src/db/repositories/delivery.repository.ts';
import { insertProposedPair } from '../../src/db/repositories/pair.repository.ts';
import { upsertPerson } from '../../src/db/repositories/person.repository.ts';
import { createProgram } from '../../src/db/repositories/program.repository.ts';
import { createRound } from '../../src/db/repositories/round.repository.ts';
import { upsertWorkspace } from '../../src/db/repositories/workspace.repository.ts';
import { deliveryJob } from '../../src/flows/context.ts';
import { openForAnswers, sampleSettings } from './fixtures.ts';
import type { SlackPlatform } from './slack-platform.ts';
import type { SlackTestUser } from './slack-user.ts';

export async function openSlackRound(env: SlackPlatform, settings: Partial<ProgramSettings> = {}): Promise<{ program: Program; round: Round }> {
  const db = env.database.db;
  const workspace = await upsertWorkspace(db, { platform: 'slack', externalId: env.team.id, name: 'Acme' });
  const lead = await upsertPerson(db, workspace.id, { platformUserId: 'U_LEAD_FIXTURE', displayName: 'Lead' });
  const program = await createProgram(db, { workspaceId: workspace.id, name: 'Leadership 2027', settings: sampleSettings(settings), createdBy: lead.id });
  const draft = await createRound(db, { workspaceId: workspace.id, programId: program.id, name: 'Spring', createdBy: lead.id });
  return { program, round: await openForAnswers(env, draft) };
}

export async function proposeAndSend(env: SlackPlatform, round: Round, mentee: SlackTestUser, mentor: SlackTestUser): Promise<Pair> {
  const now = env.clock.now();
  const pair = await insertProposedPair(env.database.db, {
    workspaceId: round.workspaceId, programId: round.programId, roundId: round.id, menteeId: await mentee.personId(), mentorId: await mentor.personId(),
    score: 80, reasons: [], source: 'round',
  }, now, new Date(now.getTime() + 72 * 3_600_000));
  for (const personId of [pair.menteeId, pair.mentorId]) {
    const key = `proposal:${pair.id}:${personId}`;
    await claimDelivery(env.database.db, {
      workspaceId: pair.workspaceId, idempotencyKey: key, kind: 'proposal', personId, matchId: pair.id, payload: { matchId: pair.id, recipients: personId },
    });
    await env.scheduler.schedule(deliveryJob(key));
  }
  await env.runDueJobs();
  return pair;
}

/** Submits every step of the survey modal the user has open; fails loudly on a refused step. */
export async function completeSurveyModal(user: SlackTestUser, answers: Record<string, unknown>): Promise<void> {
  for (let guard = 0; guard < 10 && user.modal; guard += 1) {
    await user.submit(answers);
    if (user.lastErrors) throw new Error(`${user.user.name}: survey step refused: ${JSON.stringify(user.lastErrors)}`);
  }
}
