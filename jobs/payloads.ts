// Job payloads are ids only; every job is validated against its schema before it runs, so a
// malformed or foreign job fails once and for all instead of being retried.
import { z } from 'zod';
import type { JobName, JobPayload } from '../src/ports/scheduler.ts';

const id = z.string().min(1).max(100);
const none = z.object({}).strict();

export const JOB_PAYLOADS = {
  'deliver': z.object({ key: z.string().min(1).max(300) }).strict(),
  'survey.reminder': z.object({ roundId: id }).strict(),
  'survey.deadline': z.object({ roundId: id }).strict(),
  'proposal.reminder': z.object({ matchId: id }).strict(),
  // A pair's proposal, or (with a round id) the end of a publication's answer window.
  'proposal.expire': z.union([z.object({ matchId: id }).strict(), z.object({ roundId: id }).strict()]),
  'pair.first_meeting_nudge': z.object({ matchId: id }).strict(),
  // `searches` and `askedAt` are absent from jobs queued before they were added.
  'pair.find_time': z.object({ matchId: id, requestedBy: id, recurring: z.boolean(), searches: z.number().int().nonnegative().optional(), askedAt: z.number().int().nonnegative().optional() }).strict(),
  'pair.book_meeting': z.object({ meetingId: id }).strict(),
  'meeting.cancel_event': z.object({ meetingId: id }).strict(),
  'flash.find_time': z.object({ sessionId: id, requestedBy: id, searches: z.number().int().nonnegative().optional(), askedAt: z.number().int().nonnegative().optional() }).strict(),
  'checkin.prompt': z.object({ checkinId: id }).strict(),
  'checkin.missed': z.object({ checkinId: id }).strict(),
  'pair.prepare': z.object({ checkinId: id }).strict(),
  'closing.reminder': z.object({ closingId: id }).strict(),
  'pulse.open': z.object({ pulseId: id }).strict(),
  'round.complete': z.object({ roundId: id }).strict(),
  'pause.resume': z.object({ matchId: id }).strict(),
  'risk.scan': z.object({ programId: id.optional() }).strict(),
  'lead.digest': none,
  'retention.purge': none,
  'report.release': none,
  'reconcile': none,
  'deliveries.sweep': none,
  'enrol.approval_reminder': z.object({ enrollmentId: id, count: z.number().int().min(1).max(10) }).strict(),
  'flash.expire': z.object({ sessionId: id, attempt: z.number().int().min(1) }).strict(),
  'flash.follow_up': z.object({ sessionId: id }).strict(),
  'circle.start': z.object({ circleId: id }).strict(),
  'circle.checkin': z.object({ circleId: id, period: z.number().int().min(1).max(10_000) }).strict(),
  // The circle_space_removals row holding what the removal needs (never the platform user id).
  'circle.space_leave': z.object({ removalId: id }).strict(),
  'shortlist.deadline': z.object({ roundId: id }).strict(),
  'shortlist.reminder': z.object({ roundId: id }).strict(),
  // The preview is named by the time the lead's request claimed the round (its matched_at).
  'match.preview': z.object({ roundId: id, leadId: id, claimedAt: z.number().int().nonnegative() }).strict(),
} as const satisfies Record<JobName, z.ZodType>;

export type PayloadCheck = { ok: true; payload: JobPayload } | { ok: false; problem: string };

export function checkPayload(name: string, data: unknown): PayloadCheck {
  const schema = (JOB_PAYLOADS as Record<string, z.ZodType | undefined>)[name];
  if (!schema) return { ok: false, problem: `unknown job "${name}"` };
  const parsed = schema.safeParse(data);
  if (!parsed.success) return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.') || name}: ${i.message}`).join('; ') };
  return { ok: true, payload: parsed.data as JobPayload };
}
