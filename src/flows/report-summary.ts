// Aggregates of a program for its leads (SPEC §7): counts and averages only. Pulse averages are
// given only for groups of at least the program's minimum size; individual answers never leave
// this module. The full report (trends, at-risk pairs, CSV) grows from here.
import type { Pair, Program } from '../domain/model.ts';
import type { Db } from '../db/repositories/db.ts';
import { listCheckins } from '../db/repositories/checkin.repository.ts';
import { listEnrollments } from '../db/repositories/enrollment.repository.ts';
import { listPairs } from '../db/repositories/pair.repository.ts';
import { listPulseAnswersForAggregation, listPulses } from '../db/repositories/pulse.repository.ts';
import { listRounds } from '../db/repositories/round.repository.ts';

export interface PulseAverages { satisfaction: number; relationship: number; progress: number; recommend: number }

export interface ProgramSummary {
  readonly rounds: number;
  readonly mentees: number;
  readonly mentors: number;
  /** Mentees who were proposed a mentor, over all mentees; undefined without mentees. */
  readonly matchRate: number | undefined;
  readonly proposals: { readonly pending: number; readonly accepted: number; readonly declined: number; readonly expired: number };
  /** Accepted over answered-or-expired proposals so far; undefined before any outcome. */
  readonly acceptanceRate: number | undefined;
  readonly checkins: { readonly asked: number; readonly answered: number };
  readonly pulseAnswers: number;
  /** Undefined when fewer people than the minimum group size answered. */
  readonly pulseAverages: PulseAverages | undefined;
  readonly minGroupSize: number;
}

const ACCEPTED_ONCE = new Set<Pair['state']>(['accepted', 'active', 'paused', 'ended']);
const average = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

export async function summarizeProgram(db: Db, program: Program): Promise<ProgramSummary> {
  const rounds = await listRounds(db, program.id);
  const mentees = new Set<string>(), mentors = new Set<string>(), proposedTo = new Set<string>();
  const pairs: Pair[] = [];
  let asked = 0, answered = 0;
  const answers: PulseAverages[] = [];
  for (const round of rounds) {
    for (const e of await listEnrollments(db, round.id, { status: 'submitted' })) (e.role === 'mentee' ? mentees : mentors).add(e.personId);
    for (const pair of await listPairs(db, round.id)) {
      if (pair.state === 'draft') continue;
      pairs.push(pair);
      proposedTo.add(pair.menteeId);
      for (const c of await listCheckins(db, pair.id)) {
        if (c.status === 'scheduled' || c.status === 'cancelled') continue;
        asked += 1;
        if (c.status === 'answered') answered += 1;
      }
    }
    for (const pulse of await listPulses(db, round.id)) answers.push(...await listPulseAnswersForAggregation(db, pulse.id));
  }
  const accepted = pairs.filter((p) => ACCEPTED_ONCE.has(p.state) && p.acceptedAt !== null).length;
  const declined = pairs.filter((p) => p.state === 'declined').length;
  const expired = pairs.filter((p) => p.state === 'expired').length;
  const outcomes = accepted + declined + expired;
  const { minGroupSize } = program.settings;
  return {
    rounds: rounds.length, mentees: mentees.size, mentors: mentors.size,
    matchRate: mentees.size > 0 ? proposedTo.size / mentees.size : undefined,
    proposals: { pending: pairs.filter((p) => p.state === 'proposed').length, accepted, declined, expired },
    acceptanceRate: outcomes > 0 ? accepted / outcomes : undefined,
    checkins: { asked, answered },
    pulseAnswers: answers.length,
    pulseAverages: answers.length >= minGroupSize ? {
      satisfaction: average(answers.map((a) => a.satisfaction)), relationship: average(answers.map((a) => a.relationship)),
      progress: average(answers.map((a) => a.progress)), recommend: average(answers.map((a) => a.recommend)),
    } : undefined,
    minGroupSize,
  };
}
