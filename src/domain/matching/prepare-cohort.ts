// Before optimising: capacity left after locked pairs, then the lead's pins, each checked
// against the hard constraints and capacity so that a pin can never break them.
import { encodeCohort, type EncodedCohort } from './encode-cohort.ts';
import { firstViolation } from './score-pair.ts';
import type { MatchInput, MatchMentee, PairRef, RejectedPin } from './types.ts';

export interface PreparedCohort {
  enc: EncodedCohort;
  /** Capacity left for the optimiser, after locked pairs and accepted pins. */
  capacity: Int32Array;
  /** Mentor index pinned to each mentee, -1 when none. */
  pinnedTo: Int32Array;
  rejectedPins: RejectedPin[];
  lockedPairs: number;
}

export function prepareCohort(input: MatchInput): PreparedCohort {
  const locked = input.lockedPairs ?? [];
  const lockedMentees = new Set(locked.map((p) => p.menteeId));
  const mentees: MatchMentee[] = input.mentees.filter((e) => !lockedMentees.has(e.id));
  const mentorIndex = new Map(input.mentors.map((r, j) => [r.id, j] as const));
  const menteeIndex = new Map(mentees.map((e, i) => [e.id, i] as const));
  const capacity = new Int32Array(input.mentors.map((r) => r.capacity ?? r.answers.capacity));
  for (const p of locked) {
    const j = mentorIndex.get(p.mentorId);
    if (j !== undefined) capacity[j] = Math.max(0, capacity[j]! - 1);
  }
  const enc = encodeCohort(input, mentees, input.mentors, capacity);

  const pinnedTo = new Int32Array(mentees.length).fill(-1);
  const rejectedPins: RejectedPin[] = [];
  const reject = (p: PairRef, reason: RejectedPin['reason']): void => {
    rejectedPins.push({ menteeId: p.menteeId, mentorId: p.mentorId, reason });
  };
  for (const pin of input.pins ?? []) {
    const i = menteeIndex.get(pin.menteeId), j = mentorIndex.get(pin.mentorId);
    if (lockedMentees.has(pin.menteeId)) { reject(pin, 'locked'); continue; }
    if (i === undefined || j === undefined) { reject(pin, 'unknown_person'); continue; }
    if (pinnedTo[i] !== -1) { reject(pin, 'duplicate'); continue; }
    const violation = firstViolation(enc, i, j);
    if (violation) { reject(pin, violation); continue; }
    if (capacity[j]! <= 0) { reject(pin, 'capacity'); continue; }
    capacity[j] = capacity[j]! - 1;
    pinnedTo[i] = j;
  }
  return { enc, capacity, pinnedTo, rejectedPins, lockedPairs: locked.length };
}
