// The ranking phase of a "mentee chooses" round (docs/programs.md, "Shortlist choice"): once the
// survey closes, each mentee gets their shortlist and ranks it until the deadline; the round stays
// `closed` meanwhile and the preview waits for the phase to end (deadline, or a lead ends it).
import type { Program, Round } from '../../domain/model.ts';
import { shortlists } from '../../domain/matching/shortlist.ts';
import { listProgramLeads } from '../../db/repositories/lead.repository.ts';
import { closeRanking, listShortlists, openRanking, saveShortlists } from '../../db/repositories/shortlist.repository.ts';
import { getRound } from '../../db/repositories/round.repository.ts';
import type { ScheduledJob } from '../../ports/scheduler.ts';
import type { BaseCtx } from '../context.ts';
import { buildMatchInput } from '../matching/match-input.ts';

const DAY = 86_400_000;

/** True while mentees may still rank (the phase started and has not ended). */
export const rankingOpen = (round: Round): boolean =>
  round.state === 'closed' && round.rankingDeadline !== null && round.rankingClosedAt === null;

export const rankingDeadlineJob = (roundId: string, at: Date): ScheduledJob =>
  ({ name: 'shortlist.deadline', key: `shortlist.deadline:${roundId}`, runAt: at, payload: { roundId } });

/** The one reminder, half-way through the phase, to mentees who have not ranked yet. */
export const rankingReminderJob = (roundId: string, openedAt: Date, deadline: Date): ScheduledJob => ({
  name: 'shortlist.reminder', key: `shortlist.reminder:${roundId}`,
  runAt: new Date(openedAt.getTime() + (deadline.getTime() - openedAt.getTime()) / 2), payload: { roundId },
});

/**
 * Called when a round's survey has just closed. In a "choice" program, every mentee with at least
 * one feasible mentor gets a shortlist, and the ranking runs for `rankingDays`; returns whether it
 * started (false for a lead-matched program, or when nobody can be offered anyone).
 */
export async function startRanking(ctx: BaseCtx, program: Program, round: Round): Promise<boolean> {
  if (program.settings.matching !== 'choice' || round.state !== 'closed' || round.rankingDeadline) return false;
  const { input } = await buildMatchInput(ctx.db, program, round, { now: ctx.now });
  const lists = [...shortlists(input, program.settings.shortlistSize)]
    .filter(([, entries]) => entries.length > 0)
    .map(([menteeId, entries]) => ({ menteeId, mentorIds: entries.map((e) => e.mentorId), reasons: Object.fromEntries(entries.map((e) => [e.mentorId, e.reasons])) }));
  if (lists.length === 0) return false;
  const deadline = new Date(ctx.now.getTime() + program.settings.rankingDays * DAY);
  if (!(await openRanking(ctx.db, round.id, deadline))) return false;
  await saveShortlists(ctx.db, round.id, lists);
  for (const { menteeId } of lists) {
    await ctx.notify({
      workspaceId: round.workspaceId, kind: 'shortlist.offer', to: { kind: 'person', personId: menteeId },
      key: `shortlist.offer:${round.id}:${menteeId}`, payload: { roundId: round.id },
    });
  }
  ctx.later(rankingDeadlineJob(round.id, deadline));
  ctx.later(rankingReminderJob(round.id, ctx.now, deadline));
  await ctx.audit({ workspaceId: round.workspaceId, actorId: null, action: 'shortlist.open', targetType: 'round', targetId: round.id, details: { mentees: lists.length, deadline: deadline.toISOString() } });
  return true;
}

/** Ends the ranking now (deadline or a lead) and tells the program's leads; false when it had ended. */
export async function endRanking(ctx: BaseCtx, roundId: string, byLead: string | null): Promise<Round | undefined> {
  if (!(await closeRanking(ctx.db, roundId, ctx.now))) return undefined;
  const round = await getRound(ctx.db, roundId);
  if (!round) return undefined;
  await ctx.audit({ workspaceId: round.workspaceId, actorId: byLead, action: 'shortlist.close', targetType: 'round', targetId: round.id });
  if (byLead === null) {
    for (const personId of await listProgramLeads(ctx.db, round.programId)) {
      await ctx.notify({
        workspaceId: round.workspaceId, kind: 'shortlist.closed', to: { kind: 'person', personId },
        key: `shortlist.closed:${round.id}:${personId}`, payload: { roundId: round.id },
      });
    }
  }
  return round;
}

/** For leads: how many of the mentees offered a shortlist have ranked it (a count, never who). */
export async function rankingProgress(ctx: BaseCtx, roundId: string): Promise<{ ranked: number; offered: number }> {
  const lists = await listShortlists(ctx.db, roundId);
  return { ranked: lists.filter((l) => l.ranking !== null).length, offered: lists.length };
}
