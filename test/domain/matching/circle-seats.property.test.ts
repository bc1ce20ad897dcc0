// Circles in the matcher: each circle is one node with its seats as capacity and its leaders'
// person rules. Against the dense solver (same optimum, proven optimal) and against an
// independent walk of the org chart (no mentee in a leader's management chain, either way).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { circleNode } from '../../../src/domain/circles/circle-node.ts';
import { matchCohort } from '../../../src/domain/matching/match-cohort.ts';
import type { MatchInput, MatchResult } from '../../../src/domain/matching/types.ts';
import { arbitraryCohort } from './helpers/arbitrary-cohort.ts';
import { cohort, mentee, mentor } from './helpers/builders.ts';
import { hungarian, pairTable } from './helpers/exhaustive.ts';

/**
 * Every mentor of the cohort leads a circle on one of its topics (some with the next mentor as
 * co-mentor); the mentors themselves stay in the org chart; pins name circles.
 */
function asCircles(input: MatchInput, seats: readonly number[], coMentored: readonly boolean[]): MatchInput {
  const m = input.mentors.length;
  const circles = input.mentors.map((r, j) => {
    const co = coMentored[j % coMentored.length] && m > 1 ? input.mentors[(j + 1) % m] : undefined;
    return circleNode({ id: `c${j}`, topic: r.answers.expertise[0]!.topic, seats: seats[j % seats.length]! }, r, co);
  });
  const circleOf = new Map(input.mentors.map((r, j) => [r.id, `c${j}`]));
  return {
    ...input,
    mentors: circles,
    org: input.mentors.map((r) => ({ id: r.id, ...(r.managerId ? { managerId: r.managerId } : {}) })),
    pins: (input.pins ?? []).map((p) => ({ ...p, mentorId: circleOf.get(p.mentorId)! })),
  };
}

/** Everyone above a person, walked here without the engine's code. */
function above(id: string, input: MatchInput): Set<string> {
  const boss = new Map<string, string>();
  for (const p of [...(input.org ?? []), ...input.mentees]) if (p.managerId) boss.set(p.id, p.managerId);
  const out = new Set<string>();
  for (let b = boss.get(id); b !== undefined && !out.has(b) && b !== id; b = boss.get(b)) out.add(b);
  return out;
}

function expectCircleRules(input: MatchInput, result: MatchResult): void {
  const byId = new Map(input.mentors.map((c) => [c.id, c]));
  const load = new Map<string, number>();
  for (const p of result.pairs) {
    const circle = byId.get(p.mentorId)!;
    load.set(circle.id, (load.get(circle.id) ?? 0) + 1);
    for (const leader of circle.leaders!) {
      expect(leader).not.toBe(p.menteeId);
      expect(above(p.menteeId, input).has(leader)).toBe(false);
      expect(above(leader, input).has(p.menteeId)).toBe(false);
    }
  }
  for (const [id, used] of load) expect(used).toBeLessThanOrEqual(byId.get(id)!.capacity!);
}

describe('circle seats in the matcher', () => {
  it('fills seats with the dense optimum and never breaks a leader\'s rule', () => {
    fc.assert(fc.property(arbitraryCohort(undefined, { mentees: 14, mentors: 4 }), fc.array(fc.integer({ min: 3, max: 6 }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 1000),
      (raw, seats, coMentored, k, maxRepairEdges) => {
        const input = asCircles(raw, seats, coMentored);
        const result = matchCohort(input, { candidatesPerMentee: k, candidatesPerMentor: 0, maxRepairEdges });
        const dense = hungarian(pairTable(input), input.settings.objective);
        const free = result.pairs.filter((p) => !p.pinned);
        expect(free.reduce((s, p) => s + Math.round(p.score * 100), 0)).toBe(dense.points);
        if (input.settings.objective === 'participation') expect(free.length).toBe(dense.matched);
        expect(result.report.optimality).toMatchObject({ status: 'optimal', scoreGap: 0, matchedGap: 0 });
        expectCircleRules(input, result);
      }), { numRuns: 150 });
  });

  it('keeps a co-mentor\'s report, and the co-mentor\'s manager, out of the circle', () => {
    const lead = mentor('ana', {}, { managerId: 'boss' });
    const co = mentor('ben', {}, { managerId: 'carl' });
    const circle = circleNode({ id: 'circle-1', topic: 'product', seats: 4 }, lead, co);
    const input = cohort([mentee('dan', {}, { managerId: 'ben' }), mentee('carl'), mentee('eve'), mentee('ana')], [circle],
      { org: [{ id: 'ana', managerId: 'boss' }, { id: 'ben', managerId: 'carl' }] });
    const result = matchCohort(input);
    expect(result.pairs.map((p) => p.menteeId)).toEqual(['eve']);
    expect(Object.fromEntries(result.unmatched.map((u) => [u.menteeId, Object.keys(u.blockedBy)]))).toEqual({
      dan: ['manager_chain'], carl: ['reports_chain'], ana: ['self'],
    });
  });

  it('fills a circle up to its seats, not beyond', () => {
    const circle = circleNode({ id: 'circle-1', topic: 'product', seats: 3 }, mentor('ana'));
    const result = matchCohort(cohort(['a', 'b', 'c', 'd', 'e'].map((id) => mentee(id)), [circle]));
    expect(result.pairs).toHaveLength(3);
    expect(result.unmatched.map((u) => u.reason)).toEqual(['capacity_exhausted', 'capacity_exhausted']);
  });
});
