// Who gets a flash request next (docs/flash.md): the fairest available mentor who passes every
// rule, asked with a card and a deadline; a decline or a lapse passes the request on, and the
// asker is told at each step, plainly when nobody is left.
import { flashCandidates, isFlashProgram, monthStart, type TopicLabel } from '../../domain/flash.ts';
import {
  askFlashMentor, flashAsker, flashMentorPool, managerLinksOf, type FlashSession,
} from '../../db/repositories/flash.repository.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import { listPrograms } from '../../db/repositories/program.repository.ts';
import type { Db } from '../../db/repositories/db.ts';
import type { ScheduledJob } from '../../ports/scheduler.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { localeOf } from '../actor.ts';
import type { BaseCtx } from '../context.ts';

/** How long a mentor has to answer before the request passes to the next one. */
export const FLASH_ANSWER_MS = 24 * 3_600_000;

export const flashExpireJob = (sessionId: string, attempt: number, askedAt: Date): ScheduledJob => ({
  name: 'flash.expire', key: `flash.expire:${sessionId}:${attempt}`, runAt: new Date(askedAt.getTime() + FLASH_ANSWER_MS), payload: { sessionId, attempt },
});

/**
 * The question afterwards, at the session's follow_up_at: seven days after the acceptance, or just
 * after the booked meeting's end. Asking again under the same key moves the job to the new time.
 */
export const flashFollowUpJob = (session: FlashSession): ScheduledJob => ({
  name: 'flash.follow_up', key: `flash.follow_up:${session.id}`, runAt: session.followUpAt ?? undefined, payload: { sessionId: session.id },
});

/**
 * The topics `ask` offers, each key once: a flash program's taxonomy when the workspace has one
 * (several: all of theirs), else the taxonomies of all its programs.
 */
export async function workspaceTopics(db: Db, workspaceId: string): Promise<TopicLabel[]> {
  const topics = new Map<string, TopicLabel>();
  const programs = await listPrograms(db, workspaceId);
  const flash = programs.filter(isFlashProgram);
  for (const program of flash.length > 0 ? flash : programs) {
    for (const topic of program.settings.topics) if (!topics.has(topic.key)) topics.set(topic.key, topic);
  }
  return [...topics.values()];
}

/** The topics at least one opted-in mentor covers: what an unknown `ask` offers instead. */
export async function flashTopics(db: Db, workspaceId: string, now: Date): Promise<TopicLabel[]> {
  const covered = new Set((await flashMentorPool(db, workspaceId, monthStart(now))).flatMap((m) => m.topics));
  return (await workspaceTopics(db, workspaceId)).filter((topic) => covered.has(topic.key));
}

export const topicLabel = (locale: Locale, topics: readonly TopicLabel[], key: string): string =>
  topics.find((topic) => topic.key === key)?.label[locale] ?? key;

/**
 * Passes the request to the next mentor, leaving out `passed` (who declined or let it lapse).
 * Returns the request as it now stands: asking someone, or `unavailable`.
 */
export async function askNextMentor(ctx: BaseCtx, session: FlashSession, passed: readonly string[]): Promise<FlashSession | undefined> {
  const asker = await getPerson(ctx.db, session.askerId);
  if (!asker) return undefined;
  // One after the other: inside a transaction the queries share one connection anyway.
  const pool = await flashMentorPool(ctx.db, session.workspaceId, monthStart(ctx.now));
  const profile = await flashAsker(ctx.db, asker.id, localeOf(asker));
  const managerOf = await managerLinksOf(ctx.db, session.workspaceId);
  const next = flashCandidates({ requestId: session.id, topic: session.topic, asker: profile, mentors: pool, passed, managerOf })[0];
  const updated = await askFlashMentor(ctx.db, session.id, next?.id ?? null, passed, ctx.now);
  if (!updated) return undefined;
  if (next) {
    await ctx.notify({
      workspaceId: session.workspaceId, kind: 'flash.request', to: { kind: 'person', personId: next.id },
      key: `flash.request:${session.id}:${updated.attempt}`, payload: { sessionId: session.id, attempt: updated.attempt },
    });
    ctx.later(flashExpireJob(session.id, updated.attempt, ctx.now));
  }
  // The first answer is the asker's own reply; later steps reach them as messages.
  if (updated.attempt > 1) {
    await ctx.notify({
      workspaceId: session.workspaceId, kind: next ? 'flash.passed_on' : 'flash.none', to: { kind: 'person', personId: session.askerId },
      key: `flash.asker:${session.id}:${updated.attempt}`, payload: { sessionId: session.id, attempt: updated.attempt },
    });
  }
  return updated;
}
