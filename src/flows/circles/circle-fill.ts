// Seating mentees in the round's circles with the whole-cohort matcher: each forming circle is
// one node whose capacity is its free seats, scored on its topic and its mentor's answers, with
// every hard rule applied to each of its leaders (domain/circles/circle-node.ts). The mentees are
// the round's submitted ones not yet seated, not in a one-to-one pair of the round and not pinned
// by a lead to a mentor. A circle starts (its conversation is opened, circle-space.flow.ts) once
// it has MIN_MEMBERS mentees; a smaller one keeps its mentees and waits for the next fill.
import { circleNode, MIN_SEATS } from '../../domain/circles/circle-node.ts';
import type { Circle } from '../../domain/circles/circle.ts';
import { matchOffThread } from '../matching/match-thread.ts';
import type { MatchMentor } from '../../domain/matching/types.ts';
import type { Program, Round } from '../../domain/model.ts';
import { listCircles, listMembers, seatMember, startCircle } from '../../db/repositories/circle.repository.ts';
import { listPairs } from '../../db/repositories/pair.repository.ts';
import type { BaseCtx } from '../context.ts';
import { buildMatchInput } from '../matching/match-input.ts';

export const MIN_MEMBERS = MIN_SEATS;

export const circleStartJob = (circleId: string) => ({ name: 'circle.start' as const, key: `circle.start:${circleId}`, payload: { circleId } });

export interface FillResult {
  /** Per circle of the round: members after the fill, seated now, started now. */
  readonly circles: readonly { circle: Circle; members: number; seatedNow: number; started: boolean; leaderMissing: boolean }[];
  /** Mentees the fill could not seat (no circle they may join, or no seat left). */
  readonly unseated: number;
}

export async function fillCircles(ctx: BaseCtx, program: Program, round: Round): Promise<FillResult> {
  // Held until the fill commits: a leader's erasure ending a circle at this moment waits for the
  // fill (and then ends the circle it started, telling its members), or ended it first and the
  // fill reads it ended and seats nobody in it.
  const circles = await listCircles(ctx.db, round.id, 'share');
  const { input } = await buildMatchInput(ctx.db, program, round, { now: ctx.now });
  const paired = new Set((await listPairs(ctx.db, round.id, ['proposed', 'accepted', 'active', 'paused'])).map((p) => p.menteeId));
  const pinned = new Set((input.pins ?? []).map((p) => p.menteeId));
  const mentees = input.mentees.filter((e) => !paired.has(e.id) && !pinned.has(e.id));
  const mentorsById = new Map(input.mentors.map((m) => [m.id, m]));

  const members = new Map<string, number>();
  for (const c of circles) members.set(c.id, (await listMembers(ctx.db, c.id)).length);
  const nodes: MatchMentor[] = [];
  const leaderMissing = new Set<string>();
  for (const c of circles.filter((x) => x.state === 'forming')) {
    const mentor = mentorsById.get(c.mentorId);
    const co = c.coMentorId ? mentorsById.get(c.coMentorId) : undefined;
    // A leader who withdrew or whose answers no longer read: the circle waits for the lead.
    if (!mentor || (c.coMentorId && !co)) { leaderMissing.add(c.id); continue; }
    const free = c.seats - members.get(c.id)!;
    if (free > 0) nodes.push(circleNode({ id: c.id, topic: c.topic, seats: free }, mentor, co));
  }

  const seatedNow = new Map<string, number>();
  let unseated = mentees.length;
  if (nodes.length > 0 && mentees.length > 0) {
    const result = await matchOffThread({ ...input, mentees, mentors: nodes, pins: [], lockedPairs: [] });
    const byId = new Map(circles.map((c) => [c.id, c]));
    for (const pair of result.pairs) {
      if (await seatMember(ctx.db, byId.get(pair.mentorId)!, pair.menteeId, pair.score, ctx.now)) {
        seatedNow.set(pair.mentorId, (seatedNow.get(pair.mentorId) ?? 0) + 1);
      }
    }
    unseated = result.unmatched.length;
  }

  const out: FillResult['circles'][number][] = [];
  for (const c of circles) {
    const now = seatedNow.get(c.id) ?? 0;
    const total = members.get(c.id)! + now;
    const started = c.state === 'forming' && total >= MIN_MEMBERS && await startCircle(ctx.db, c.id, ctx.now);
    if (started) ctx.later(circleStartJob(c.id));
    out.push({ circle: started ? { ...c, state: 'active', startedAt: ctx.now } : c, members: total, seatedNow: now, started, leaderMissing: leaderMissing.has(c.id) });
  }
  return { circles: out, unseated };
}
