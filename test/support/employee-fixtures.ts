// Builders for the employee conversation tests: a program with an open round in the memory
// platform's workspace, survey answers a person would type, and a proposed pair made with the
// repositories (the way the lead flows publish one).
import type { Pair, Program, Round } from '../../src/domain/model.ts';
import type { ProgramSettings } from '../../src/domain/program-settings.ts';
import { claimDelivery } from '../../src/db/repositories/delivery.repository.ts';
import { deliveryJob } from '../../src/flows/context.ts';
import { submitEnrollment } from '../../src/db/repositories/enrollment.repository.ts';
import { insertProposedPair } from '../../src/db/repositories/pair.repository.ts';
import { upsertPerson } from '../../src/db/repositories/person.repository.ts';
import { createProgram } from '../../src/db/repositories/program.repository.ts';
import { createRound } from '../../src/db/repositories/round.repository.ts';
import { upsertWorkspace } from '../../src/db/repositories/workspace.repository.ts';
import type { Form } from '../../src/ui/form.ts';
import type { MemoryPlatform, TestPerson } from './memory-platform.ts';
import { openForAnswers, runRound, sampleSettings } from './fixtures.ts';

export async function openRound(env: MemoryPlatform, options: { settings?: Partial<ProgramSettings>; state?: 'open' | 'running'; deadline?: Date; name?: string } = {}): Promise<{ program: Program; round: Round }> {
  const db = env.database.db;
  const workspace = await upsertWorkspace(db, { platform: 'memory', externalId: 'T_ACME', name: 'Acme' });
  const lead = await upsertPerson(db, workspace.id, { platformUserId: 'U_LEAD_FIXTURE', displayName: 'Lead' });
  const program = await createProgram(db, { workspaceId: workspace.id, name: options.name ?? 'Leadership 2027', settings: sampleSettings(options.settings), createdBy: lead.id });
  const draft = await createRound(db, { workspaceId: workspace.id, programId: program.id, name: 'Spring', createdBy: lead.id });
  const open = await openForAnswers(env, draft, options.deadline);
  const round = options.state === 'running' ? await runRound(env, open) : open;
  return { program, round };
}

/** What a person types in each survey step: the pre-filled values plus the answers below. */
export function surveyValues(form: Form, answers: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const field of form.fields) {
    if (field.id in answers) raw[field.id] = answers[field.id];
    else if (field.initial !== undefined) raw[field.id] = field.initial;
  }
  return raw;
}

export const menteeAnswers = {
  topics: ['leadership'], careerObjective: 'Lead a team within two years.', domain: 'product',
  feedbackStyle: 'direct', modes: ['video'], languages: ['en'], consent: true,
};

export const mentorAnswers = (capacity = 1) => ({
  expertise3: ['leadership'], domain: 'product', yearsExperience: 12, mentoringExperience: 'some',
  capacity: String(capacity), feedbackStyle: 'balanced', modes: ['video'], languages: ['en'], consent: true,
});

/** Answers every step of the survey the person has open; fails loudly on a refused step. */
export async function completeSurvey(person: TestPerson, answers: Record<string, unknown>): Promise<void> {
  for (let guard = 0; guard < 10 && person.openForm; guard += 1) {
    const outcome = await person.submit(surveyValues(person.openForm, answers));
    if (outcome.type === 'errors') throw new Error(`${person.name}: survey step refused: ${JSON.stringify(outcome.errors)}`);
  }
}

export async function proposePair(env: MemoryPlatform, round: Round, mentee: TestPerson, mentor: TestPerson): Promise<Pair> {
  const now = env.clock.now();
  return insertProposedPair(env.database.db, {
    workspaceId: round.workspaceId, programId: round.programId, roundId: round.id, menteeId: await mentee.id(), mentorId: await mentor.id(),
    score: 80, reasons: [], source: 'round',
  }, now, new Date(now.getTime() + 72 * 3_600_000));
}

/** Every row of the tables a person's data lives in, to assert that a refused request changed nothing. */
const PERSON_TABLES = ['people', 'enrollments', 'matches', 'match_events', 'goals', 'checkins', 'pulse_answers', 'waitlist', 'deliveries'] as const;

export async function snapshot(env: MemoryPlatform, tables: readonly (typeof PERSON_TABLES)[number][] = PERSON_TABLES): Promise<string> {
  const db = env.database.db;
  const out: Record<string, unknown> = {};
  for (const table of tables) out[table] = await db.selectFrom(table).selectAll().execute();
  return JSON.stringify(out);
}

/** Sends the proposal cards of a proposed pair the way the lead flows do (composer 'proposal'). */
export async function sendProposalCards(env: MemoryPlatform, pair: Pair): Promise<void> {
  for (const personId of [pair.menteeId, pair.mentorId]) {
    const key = `proposal:${pair.id}:${personId}`;
    await claimDelivery(env.database.db, {
      workspaceId: pair.workspaceId, idempotencyKey: key, kind: 'proposal', personId, matchId: pair.id,
      payload: { matchId: pair.id, recipients: personId },
    });
    await env.scheduler.schedule(deliveryJob(key));
  }
  await env.runDueJobs();
}

const common = {
  domain: 'product', values: ['learning'], cadenceDays: 14, sessionMinutes: 60, modes: ['video'], languages: ['en'],
  workingHours: { start: '09:00', end: '17:30' }, feedbackStyle: 'direct', avoid: [], consent: true,
};

/** A submitted enrollment, as if the person had answered the survey. */
export async function enroll(env: MemoryPlatform, round: Round, person: TestPerson, role: 'mentee' | 'mentor', capacity = 1): Promise<void> {
  const answers = role === 'mentee'
    ? { ...common, topics: ['leadership'], careerObjective: 'Lead a team.', seniorityGap: 'any', department: 'any' }
    : { ...common, expertise: [{ topic: 'leadership', level: 3 }], yearsExperience: 12, capacity, mentoringExperience: 'some' };
  await submitEnrollment(env.database.db, {
    workspaceId: round.workspaceId, roundId: round.id, personId: await person.id(), role, answers, capacity: role === 'mentor' ? capacity : null, at: env.clock.now(),
  });
}

/** A proposed pair whose two members both pressed Accept: active, introduced, check-ins planned. */
export async function activePair(env: MemoryPlatform, round: Round, mentee: TestPerson, mentor: TestPerson): Promise<Pair> {
  const pair = await proposePair(env, round, mentee, mentor);
  await sendProposalCards(env, pair);
  await mentee.click('Accept');
  await mentor.click('Accept');
  await env.runDueJobs();
  return pair;
}

/**
 * Mia (mentee) and Omar (mentor), both met by the bot, in an active pair of a running round with
 * weekly check-ins.
 */
export async function miaAndOmarActive(env: MemoryPlatform): Promise<{ round: Round; mia: TestPerson; omar: TestPerson; pair: Pair }> {
  const { round } = await openRound(env, { state: 'running', settings: { checkinCadence: 'P1W' } });
  const mia = env.person('Mia');
  const omar = env.person('Omar');
  await mia.type('/mentor help');
  await omar.type('/mentor help');
  const pair = await activePair(env, round, mia, omar);
  return { round, mia, omar, pair };
}
