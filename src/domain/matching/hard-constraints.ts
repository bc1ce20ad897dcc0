// Pair-specific hard constraints (SPEC §5) as, per mentee, the list of mentors it may never get.
// Language and working hours are checked in the scoring loop from bitmasks and tables instead.
import type { HardConstraint, MatchInput, MatchMentee, MatchMentor } from './types.ts';

/** Priority when a mentor fails several: the first one is reported. */
export const CONSTRAINT_ORDER: readonly HardConstraint[] = [
  'self', 'language', 'manager_chain', 'reports_chain', 'same_team', 'avoided', 'past_pair', 'forbidden', 'working_hours',
];
export const CONSTRAINT_CODE: Readonly<Record<HardConstraint, number>> = Object.fromEntries(
  CONSTRAINT_ORDER.map((c, k) => [c, k]),
) as Record<HardConstraint, number>;

export interface BlockLists {
  /** CSR: blocked mentors of mentee i are blockMentor[blockStart[i] .. blockStart[i+1]). */
  start: Int32Array;
  mentor: Int32Array;
  /** CONSTRAINT_CODE of the most important reason for each blocked entry. */
  code: Uint8Array;
}

/**
 * Everyone above `personId` in the management chain, nearest first, walked to any depth. The walk
 * stops when it meets someone already on it: in a cycle (A reports to B, B to A, perhaps through
 * others) everyone on the cycle is above everyone else on it, so no pair inside a cycle is made.
 */
export function managementChain(personId: string, managerOf: ReadonlyMap<string, string>): string[] {
  const chain: string[] = [];
  const seen = new Set([personId]);
  let current = managerOf.get(personId);
  while (current !== undefined && !seen.has(current)) {
    chain.push(current);
    seen.add(current);
    current = managerOf.get(current);
  }
  return chain;
}

export function managerLinks(input: MatchInput): Map<string, string> {
  const managerOf = new Map<string, string>();
  for (const p of input.org ?? []) if (p.managerId) managerOf.set(p.id, p.managerId);
  for (const p of [...input.mentors, ...input.mentees]) if (p.managerId) managerOf.set(p.id, p.managerId);
  return managerOf;
}

export function buildBlockLists(
  input: MatchInput, mentees: readonly MatchMentee[], mentors: readonly MatchMentor[],
): BlockLists {
  // A node is found by its own id and by each person it stands for (a circle's leaders).
  const mentorIndex = new Map<string, number[]>();
  mentors.forEach((m, j) => {
    for (const id of new Set([m.id, ...(m.leaders ?? [])])) {
      const list = mentorIndex.get(id);
      if (list) list.push(j); else mentorIndex.set(id, [j]);
    }
  });
  const peopleOf = (m: MatchMentor): readonly string[] => m.leaders ?? [m.id];
  const menteeIndex = new Map<string, number[]>();
  mentees.forEach((m, i) => {
    const list = menteeIndex.get(m.id);
    if (list) list.push(i); else menteeIndex.set(m.id, [i]);
  });
  const perMentee: Map<number, number>[] = mentees.map(() => new Map());
  const block = (i: number, j: number, c: HardConstraint): void => {
    const map = perMentee[i];
    if (!map) return;
    const code = CONSTRAINT_CODE[c];
    const prev = map.get(j);
    if (prev === undefined || code < prev) map.set(j, code);
  };
  const blockIds = (menteeId: string, mentorId: string, c: HardConstraint): void => {
    for (const i of menteeIndex.get(menteeId) ?? []) for (const j of mentorIndex.get(mentorId) ?? []) block(i, j, c);
  };

  const managerOf = managerLinks(input);
  mentees.forEach((mentee, i) => {
    for (const j of mentorIndex.get(mentee.id) ?? []) block(i, j, 'self');
    // The mentor manages the mentee, directly or through others.
    for (const boss of managementChain(mentee.id, managerOf)) {
      for (const j of mentorIndex.get(boss) ?? []) block(i, j, 'manager_chain');
    }
    for (const avoided of mentee.answers.avoid) for (const j of mentorIndex.get(avoided) ?? []) block(i, j, 'avoided');
  });
  // The mentee manages the mentor, directly or through others.
  mentors.forEach((mentor, j) => {
    for (const person of peopleOf(mentor)) {
      for (const boss of managementChain(person, managerOf)) {
        for (const i of menteeIndex.get(boss) ?? []) block(i, j, 'reports_chain');
      }
    }
  });
  if (input.settings.sameTeamRule) {
    // Same team: the same direct manager (as the org data says, participants' own links first).
    const team = new Map<string, number[]>();
    mentors.forEach((mentor, j) => {
      for (const person of peopleOf(mentor)) {
        const boss = managerOf.get(person);
        if (boss === undefined) continue;
        const list = team.get(boss);
        if (list) list.push(j); else team.set(boss, [j]);
      }
    });
    mentees.forEach((mentee, i) => {
      const boss = managerOf.get(mentee.id);
      if (boss !== undefined) for (const j of team.get(boss) ?? []) block(i, j, 'same_team');
    });
  }
  mentors.forEach((mentor, j) => {
    for (const avoided of mentor.answers.avoid) for (const i of menteeIndex.get(avoided) ?? []) block(i, j, 'avoided');
  });
  for (const p of input.pastPairs ?? []) blockIds(p.menteeId, p.mentorId, 'past_pair');
  for (const p of input.forbids ?? []) blockIds(p.menteeId, p.mentorId, 'forbidden');

  const start = new Int32Array(mentees.length + 1);
  perMentee.forEach((map, i) => { start[i + 1] = (start[i] ?? 0) + map.size; });
  const mentor = new Int32Array(start[mentees.length] ?? 0);
  const code = new Uint8Array(mentor.length);
  perMentee.forEach((map, i) => {
    let k = start[i] ?? 0;
    for (const [j, c] of [...map.entries()].sort((a, b) => a[0] - b[0])) {
      mentor[k] = j;
      code[k] = c;
      k++;
    }
  });
  return { start, mentor, code };
}
