// Flash sessions (migrations/2026-12-09T14-00_flash-sessions.ts) and the people who may take one.
import type { Selectable } from 'kysely';
import type { FlashAsker, FlashMentor } from '../../domain/flash.ts';
import { mentorAnswersSchema } from '../../domain/survey-answers.ts';
import type { FlashSessionsTable } from '../schema.ts';
import { json, type Db } from './db.ts';

export type FlashState = 'asking' | 'accepted' | 'unavailable' | 'cancelled';
export type FlashSide = 'asker' | 'mentor';

export interface FlashSession {
  id: string; workspaceId: string; askerId: string; topic: string; question: string; state: FlashState;
  mentorId: string | null; attempt: number; passed: string[]; askedAt: Date | null; acceptedAt: Date | null; followUpAt: Date | null;
  askerUseful: boolean | null; askerContinue: boolean | null; mentorUseful: boolean | null; mentorContinue: boolean | null;
  pinnedRoundId: string | null;
}

const toSession = (r: Selectable<FlashSessionsTable>): FlashSession => ({
  id: r.id, workspaceId: r.workspace_id, askerId: r.asker_id, topic: r.topic, question: r.question, state: r.state,
  mentorId: r.mentor_id, attempt: r.attempt, passed: Array.isArray(r.passed) ? r.passed : [], askedAt: r.asked_at, acceptedAt: r.accepted_at,
  followUpAt: r.follow_up_at, askerUseful: r.asker_useful, askerContinue: r.asker_continue, mentorUseful: r.mentor_useful,
  mentorContinue: r.mentor_continue, pinnedRoundId: r.pinned_round_id,
});

/** A new request, or undefined when the person already has one waiting (one at a time). */
export async function createFlashSession(db: Db, input: { workspaceId: string; askerId: string; topic: string; question: string; at: Date }): Promise<FlashSession | undefined> {
  const row = await db.insertInto('flash_sessions').values({
    workspace_id: input.workspaceId, asker_id: input.askerId, topic: input.topic, question: input.question, created_at: input.at, updated_at: input.at,
  }).onConflict((oc) => oc.column('asker_id').where('state', '=', 'asking').doNothing()).returningAll().executeTakeFirst();
  return row && toSession(row);
}

/**
 * `lock`: lock the row for the rest of the transaction (an answer, a lapse and a retry run one at a
 * time), for no key update: the session is only updated afterwards, and its meetings (rows
 * pointing to it) can still be written meanwhile.
 */
export async function getFlashSession(db: Db, id: string, lock = false): Promise<FlashSession | undefined> {
  if (id === '') return undefined;
  const query = db.selectFrom('flash_sessions').selectAll().where('id', '=', id);
  const row = await (lock ? query.forNoKeyUpdate() : query).executeTakeFirst();
  return row && toSession(row);
}

export async function waitingFlashOf(db: Db, askerId: string): Promise<FlashSession | undefined> {
  const row = await db.selectFrom('flash_sessions').selectAll().where('asker_id', '=', askerId).where('state', '=', 'asking').executeTakeFirst();
  return row && toSession(row);
}

/** The request goes to `mentorId` (attempt + 1), or to nobody (`unavailable`). */
export async function askFlashMentor(db: Db, id: string, mentorId: string | null, passed: readonly string[], at: Date): Promise<FlashSession | undefined> {
  const row = await db.updateTable('flash_sessions').set((eb) => ({
    mentor_id: mentorId, passed: json(passed), attempt: eb('attempt', '+', 1), asked_at: at, updated_at: at,
    ...(mentorId === null ? { state: 'unavailable' as const } : {}),
  })).where('id', '=', id).where('state', '=', 'asking').returningAll().executeTakeFirst();
  return row && toSession(row);
}

/**
 * The asked mentor accepts: only while the request still waits for them on the same attempt (a
 * deadline that passed it on to the next mentor meanwhile leaves it asking, but not them).
 */
export async function acceptFlash(db: Db, id: string, asked: { mentorId: string; attempt: number }, followUpAt: Date, at: Date): Promise<FlashSession | undefined> {
  const row = await db.updateTable('flash_sessions').set({ state: 'accepted', accepted_at: at, follow_up_at: followUpAt, updated_at: at })
    .where('id', '=', id).where('state', '=', 'asking').where('mentor_id', '=', asked.mentorId).where('attempt', '=', asked.attempt)
    .returningAll().executeTakeFirst();
  return row && toSession(row);
}

/** The question afterwards moves (a booked meeting's end); only while the session is accepted and its question not sent. */
export async function moveFlashFollowUp(db: Db, id: string, followUpAt: Date, at: Date): Promise<FlashSession | undefined> {
  const row = await db.updateTable('flash_sessions').set({ follow_up_at: followUpAt, updated_at: at })
    .where('id', '=', id).where('state', '=', 'accepted').where('follow_up_at', '>', at).returningAll().executeTakeFirst();
  return row && toSession(row);
}

/** The accepted sessions this person is in (either side): their group message's buttons are signed for the session. */
export async function acceptedFlashIdsOf(db: Db, personId: string): Promise<string[]> {
  const rows = await db.selectFrom('flash_sessions').select('id').where('state', '=', 'accepted')
    .where((eb) => eb.or([eb('asker_id', '=', personId), eb('mentor_id', '=', personId)])).orderBy('accepted_at', 'desc').limit(50).execute();
  return rows.map((r) => r.id);
}

/** A mentor enrolled in a flash program: they take flash sessions, up to `cap` a month (theirs to change in their profile). */
export async function optInFlashMentor(db: Db, personId: string, cap: number): Promise<void> {
  await db.updateTable('people').set({ flash_opt_in: true, flash_monthly_cap: cap }).where('id', '=', personId).execute();
}

export async function cancelFlash(db: Db, id: string, at: Date): Promise<FlashSession | undefined> {
  const row = await db.updateTable('flash_sessions').set({ state: 'cancelled', updated_at: at })
    .where('id', '=', id).where('state', '=', 'asking').returningAll().executeTakeFirst();
  return row && toSession(row);
}

/** Records one side's answer once: undefined when that side had already answered. */
export async function answerFlash(db: Db, id: string, side: FlashSide, answer: { useful: boolean; continue: boolean }, at: Date): Promise<FlashSession | undefined> {
  const query = side === 'asker'
    ? db.updateTable('flash_sessions').set({ asker_useful: answer.useful, asker_continue: answer.continue, updated_at: at }).where('asker_useful', 'is', null)
    : db.updateTable('flash_sessions').set({ mentor_useful: answer.useful, mentor_continue: answer.continue, updated_at: at }).where('mentor_useful', 'is', null);
  const row = await query.where('id', '=', id).where('state', '=', 'accepted').returningAll().executeTakeFirst();
  return row && toSession(row);
}

export async function pinFlashRound(db: Db, id: string, roundId: string, at: Date): Promise<void> {
  await db.updateTable('flash_sessions').set({ pinned_round_id: roundId, updated_at: at }).where('id', '=', id).execute();
}

/**
 * The mentor's cap and the sessions they accepted since `since`, read under a lock on their row:
 * two acceptances by one mentor are counted one after the other, so the cap cannot be passed. The
 * lock leaves rows pointing to the mentor free to be written (a used button's record, a message):
 * two acceptances that each recorded their click before counting would otherwise deadlock.
 * Undefined when the mentor is gone (deactivated or erased).
 */
export async function flashSeats(db: Db, mentorId: string, since: Date): Promise<{ cap: number; used: number } | undefined> {
  const row = await db.selectFrom('people').select('flash_monthly_cap').where('id', '=', mentorId)
    .where('deactivated_at', 'is', null).where('erased_at', 'is', null).forNoKeyUpdate().executeTakeFirst();
  if (!row) return undefined;
  const used = await db.selectFrom('flash_sessions').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('mentor_id', '=', mentorId).where('state', '=', 'accepted').where('accepted_at', '>=', since).executeTakeFirstOrThrow();
  return { cap: row.flash_monthly_cap, used: Number(used.n) };
}

const languagesOf = (answers: Record<string, unknown> | null): string[] =>
  (Array.isArray(answers?.languages) ? (answers.languages as unknown[]).filter((l): l is string => typeof l === 'string') : []);
const avoidOf = (answers: Record<string, unknown> | null): string[] =>
  (Array.isArray(answers?.avoid) ? (answers.avoid as unknown[]).filter((l): l is string => typeof l === 'string') : []);

/** The asker's languages and avoid list from their latest submitted survey; their chat language alone when they have none. */
export async function flashAsker(db: Db, personId: string, locale: string): Promise<FlashAsker> {
  const row = await db.selectFrom('enrollments').select('answers').where('person_id', '=', personId).where('status', '=', 'submitted')
    .orderBy('submitted_at', 'desc').limit(1).executeTakeFirst();
  const languages = languagesOf(row?.answers ?? null);
  return { id: personId, languages: languages.length > 0 ? languages : [locale], avoid: avoidOf(row?.answers ?? null) };
}

/**
 * Every opted-in, active person of the workspace with a submitted mentor survey: its topics,
 * languages and avoid list (the latest survey), their cap, and their flash sessions so far.
 */
export async function flashMentorPool(db: Db, workspaceId: string, since: Date): Promise<FlashMentor[]> {
  const people = await db.selectFrom('people').select(['id', 'flash_monthly_cap']).where('workspace_id', '=', workspaceId)
    .where('flash_opt_in', '=', true).where('deactivated_at', 'is', null).where('erased_at', 'is', null).execute();
  if (people.length === 0) return [];
  const ids = people.map((p) => p.id);
  const surveys = await db.selectFrom('enrollments').select(['person_id', 'answers', 'submitted_at']).where('person_id', 'in', ids)
    .where('role', '=', 'mentor').where('status', '=', 'submitted').orderBy('submitted_at', 'desc').execute();
  const sessions = await db.selectFrom('flash_sessions').select(['mentor_id', 'accepted_at']).where('mentor_id', 'in', ids)
    .where('state', '=', 'accepted').execute();
  const mentors: FlashMentor[] = [];
  for (const p of people) {
    const survey = surveys.find((s) => s.person_id === p.id);
    const answers = survey && mentorAnswersSchema.safeParse(survey.answers);
    if (!answers?.success) continue;
    const theirs = sessions.filter((s) => s.mentor_id === p.id && s.accepted_at).map((s) => s.accepted_at as Date);
    mentors.push({
      id: p.id, languages: answers.data.languages, topics: answers.data.expertise.map((e) => e.topic), avoid: answers.data.avoid,
      cap: p.flash_monthly_cap, acceptedThisMonth: theirs.filter((at) => at >= since).length,
      lastAcceptedAt: theirs.reduce<Date | null>((last, at) => (last && last > at ? last : at), null),
    });
  }
  return mentors;
}

/** Everyone's manager in the workspace (the org data): for the management-chain rule. */
export async function managerLinksOf(db: Db, workspaceId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('people').select(['id', 'manager_id']).where('workspace_id', '=', workspaceId).where('manager_id', 'is not', null).execute();
  return new Map(rows.map((r) => [r.id, r.manager_id as string]));
}

/** Retention: the questions of sessions asked before `before` are removed (the counts stay). */
export async function purgeFlashQuestions(db: Db, before: Date, at: Date): Promise<number> {
  const result = await db.updateTable('flash_sessions').set({ question: '—', updated_at: at })
    .where('created_at', '<', before).where('question', '<>', '—').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Requests still waiting (for reconciliation after a lost queue). */
export async function waitingFlashSessions(db: Db): Promise<FlashSession[]> {
  const rows = await db.selectFrom('flash_sessions').selectAll().where('state', '=', 'asking').execute();
  return rows.map(toSession);
}

/** Accepted sessions whose follow-up question is not answered by both yet (for reconciliation). */
export async function flashFollowUpsDue(db: Db): Promise<FlashSession[]> {
  const rows = await db.selectFrom('flash_sessions').selectAll().where('state', '=', 'accepted')
    .where((eb) => eb.or([eb('asker_useful', 'is', null), eb('mentor_useful', 'is', null)])).execute();
  return rows.map(toSession);
}
