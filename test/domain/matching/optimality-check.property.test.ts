// The pruned optimality check (bounds per hours class and domain, postings ordered by price,
// long topics split by hours class)
// must reach exactly the verdict of scoring every left-out pair: the same violations, the same
// gap, and a slack that is never more than the true one (and exact below the margin).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveAssignment, type AssignmentSolution } from '../../../src/domain/matching/assignment.ts';
import { DEFAULT_PER_MENTOR, buildCandidates, widenGraph, type CandidateGraph } from '../../../src/domain/matching/candidates.ts';
import type { EncodedCohort } from '../../../src/domain/matching/encode-cohort.ts';
import { ENTRIES_PER_RUN, SLACK_MARGIN, checkOptimality, recheckAfterSolve, recheckInGroups, type Violation } from '../../../src/domain/matching/optimality-check.ts';
import { prepareCohort } from '../../../src/domain/matching/prepare-cohort.ts';
import { RowContext, scoreRow } from '../../../src/domain/matching/score-kernel.ts';
import { MAX_POINTS } from '../../../src/domain/matching/criteria.ts';
import { arbitraryCohort } from './helpers/arbitrary-cohort.ts';
import type { MatchInput } from '../../../src/domain/matching/types.ts';
import { rankedCohort } from './helpers/ranked-cohort.ts';
import { generateCohort } from '../../../bench/lib/cohort-generator.ts';

/** Every left-out pair scored: the reference the pruned check is held to. */
function exhaustiveCheck(enc: EncodedCohort, g: CandidateGraph, sol: AssignmentSolution, keep: number) {
  const ctx = new RowContext(enc);
  const row = new Int32Array(enc.m);
  const violations: Violation[] = [];
  const nearMisses: Violation[] = [];
  const slack = new Float64Array(enc.n);
  // Each mentee's left-out mentor with the least slack (-1 when none is left out).
  const tightest = new Int32Array(enc.n).fill(-1);
  let gap = 0;
  for (let i = 0; i < enc.n; i++) {
    slack[i] = Number.POSITIVE_INFINITY;
    if (g.cutoff[i]! < 0) continue;
    scoreRow(ctx, i, row);
    const inGraph = new Set(Array.from(g.mentor.subarray(g.start[i]!, g.start[i + 1]!)));
    const mine: Violation[] = [];
    const near: Violation[] = [];
    let worst = 0;
    for (let j = 0; j < enc.m; j++) {
      const w = row[j]!;
      if (w < 0 || inGraph.has(j)) continue;
      const excess = w + sol.penalty - sol.menteeDual[i]! - sol.mentorDual[j]!;
      if (tightest[i]! < 0 || Math.max(0, -excess) < slack[i]!) tightest[i] = j;
      slack[i] = Math.min(slack[i]!, Math.max(0, -excess));
      if (excess > 0) { mine.push({ i, j, w, excess }); worst = Math.max(worst, excess); }
      else if (-excess < SLACK_MARGIN) near.push({ i, j, w, excess });
    }
    gap += worst;
    mine.sort((a, b) => b.excess - a.excess || a.j - b.j);
    violations.push(...mine.slice(0, keep));
    near.sort((a, b) => b.excess - a.excess || a.j - b.j);
    nearMisses.push(...near.slice(0, Math.max(0, keep - mine.length)));
  }
  return { violations, nearMisses, gap, slack, tightest };
}

/**
 * The first two mentors made as alike to the first mentee as answers allow, expert in all its
 * topics: their pairs score near the top on every criterion, so a bound that forgets a part of
 * the expertise (a later topic's share) shows.
 */
function twinMentors(input: MatchInput): MatchInput {
  const mentee = input.mentees[0]!;
  const mentors = input.mentors.map((r, j) => (j > 1 ? r : {
    ...r, timezone: mentee.timezone, level: mentee.level, department: mentee.department,
    answers: {
      ...r.answers, ...mentee.answers, expertise: mentee.answers.topics.map((topic) => ({ topic, level: 3 })),
      capacity: r.answers.capacity, yearsExperience: r.answers.yearsExperience, mentoringExperience: 'experienced' as const,
    },
  }));
  return { ...input, mentors };
}

describe('pruned optimality check', () => {
  it('reaches the same verdict as scoring every left-out pair', () => {
    fc.assert(fc.property(
      fc.oneof(arbitraryCohort(undefined, { mentees: 12, mentors: 8 }), rankedCohort(undefined, { mentees: 12, mentors: 8 }),
        arbitraryCohort(undefined, { mentees: 12, mentors: 8 }).map(twinMentors)),
      fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, DEFAULT_PER_MENTOR),
      fc.array(fc.integer({ min: -3000, max: 3000 }), { minLength: 8, maxLength: 8 }),
      fc.array(fc.integer({ min: -3000, max: 3000 }), { minLength: 12, maxLength: 12 }),
      (input, k, perMentor, mentorShift, menteeShift) => {
        const prep = prepareCohort(input);
        const { enc } = prep;
        const active = Uint8Array.from(prep.pinnedTo, (p) => (p === -1 ? 1 : 0));
        // Without the mentors' lists, most pairs (ranked ones too) are left out of the graph.
        const g = buildCandidates(enc, k, active, perMentor);
        const solved = solveAssignment(g, prep.capacity, input.settings.objective, MAX_POINTS + enc.choices.maxPoints);
        // The solver's own duals, and shifted ones so that violations and near misses abound.
        const shifted: AssignmentSolution = {
          ...solved,
          mentorDual: solved.mentorDual.map((v, j) => v + mentorShift[j]!),
          menteeDual: solved.menteeDual.map((u, i) => u + menteeShift[i]!),
        };
        // Duals around the scores themselves: many pairs land within the margin of breaking.
        const around: AssignmentSolution = {
          ...solved,
          mentorDual: Float64Array.from(solved.mentorDual, (_, j) => Math.abs(mentorShift[j]!)),
          menteeDual: Float64Array.from(solved.menteeDual, (_, i) => solved.penalty + 3000 + menteeShift[i]!),
        };
        // One left-out pair breaking by a single unit, every other mentor priced out of reach: the
        // walks must reach that mentor whatever topics, level and hours it has.
        const ctx = new RowContext(enc), row = new Int32Array(enc.m);
        const single: AssignmentSolution[] = [];
        for (let i = 0; i < enc.n && single.length < 4; i++) {
          if (g.cutoff[i]! < 0) continue;
          scoreRow(ctx, i, row);
          const inGraph = new Set(Array.from(g.mentor.subarray(g.start[i]!, g.start[i + 1]!)));
          const j = row.findIndex((w, jj) => w >= 0 && !inGraph.has(jj));
          if (j < 0) continue;
          const mentorDual = new Float64Array(enc.m).fill(1e9);
          mentorDual[j] = row[j]! - 1;
          single.push({ ...solved, mentorDual, menteeDual: new Float64Array(enc.n).fill(solved.penalty) });
        }
        for (const sol of [solved, shifted, around, ...single]) {
          const want = exhaustiveCheck(enc, g, sol, 2);
          // Topics walked by price alone, split by hours class, or as the size decides.
          for (const entriesPerRun of [Number.POSITIVE_INFINITY, 0, 1, 2, ENTRIES_PER_RUN]) {
            const slack = new Float64Array(enc.n);
            const got = checkOptimality(enc, g, sol, 2, undefined, slack, undefined, entriesPerRun);
            expect(got.violations).toEqual(want.violations);
            expect(got.nearMisses).toEqual(want.nearMisses);
            expect(got.gap).toBe(want.gap);
            for (let i = 0; i < enc.n; i++) {
              expect(slack[i]).toBeLessThanOrEqual(want.slack[i]!);
              expect(slack[i]).toBeGreaterThanOrEqual(Math.min(SLACK_MARGIN, want.slack[i]!));
            }
          }
          const some = Array.from({ length: enc.n }, (_, i) => i).filter((i) => i % 2 === 0);
          const partial = checkOptimality(enc, g, sol, 2, some);
          expect(partial.violations).toEqual(want.violations.filter((v) => v.i % 2 === 0));
        }
      }), { numRuns: 400 });
  });

  it('split by how far each mentee may fall, still finds every pair that breaks after the duals fall', () => {
    // After a repair, mentee potentials fell by d_i and mentor potentials by d_j (a mentor's price
    // rises by its fall): a left-out pair keeps s_ij − d_i + d_j. The split check hides, for each
    // group of mentees, the mentors that fell too far to break one of their pairs; held here to
    // scoring every left-out pair of every mentee at the new duals, with falls of up to 30 points.
    fc.assert(fc.property(
      fc.oneof(arbitraryCohort(undefined, { mentees: 12, mentors: 8 }), rankedCohort(undefined, { mentees: 12, mentors: 8 }),
        arbitraryCohort(undefined, { mentees: 12, mentors: 8 }).map(twinMentors)),
      fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, DEFAULT_PER_MENTOR),
      fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 12, maxLength: 12 }),
      fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 8, maxLength: 8 }),
      fc.array(fc.integer({ min: -2, max: 2 }), { minLength: 8, maxLength: 8 }), fc.boolean(),
      (input, k, perMentor, menteeFall, mentorFall, nudge, atTheEdge) => {
        const prep = prepareCohort(input);
        const { enc } = prep;
        const active = Uint8Array.from(prep.pinnedTo, (p) => (p === -1 ? 1 : 0));
        const g = buildCandidates(enc, k, active, perMentor);
        const solved = solveAssignment(g, prep.capacity, input.settings.objective, MAX_POINTS + enc.choices.maxPoints);
        const slack = new Float64Array(enc.n);
        const first = checkOptimality(enc, g, solved, 2, undefined, slack);
        const dropped = Float64Array.from(menteeFall.slice(0, enc.n));
        const mentorDropped = Float64Array.from(mentorFall.slice(0, enc.m));
        if (atTheEdge) {
          // The exact slacks (any lower bound will do), and each mentee's tightest left-out pair:
          // its mentor fallen by what the mentee may lose past its slack (θ = d − s), within two
          // hundredths. A mentor hidden one unit too early, or a slack capped one unit too high, shows.
          const exact = exhaustiveCheck(enc, g, solved, 2);
          slack.set(exact.slack);
          const tight = exact.tightest;
          for (let i = 0; i < enc.n; i++) {
            const j = tight[i]!;
            if (j >= 0 && Number.isFinite(slack[i]!)) mentorDropped[j] = Math.max(0, dropped[i]! - slack[i]! + nudge[j]!);
          }
        }
        const after: AssignmentSolution = {
          ...solved,
          menteeDual: solved.menteeDual.map((u, i) => u - dropped[i]!),
          mentorDual: solved.mentorDual.map((v, j) => v + mentorDropped[j]!),
        };
        // Those that had violations (left out here: their pairs still break) and those that may have fallen past their slack.
        const hadViolations = new Set(first.violations.map((v) => v.i));
        const only = Array.from({ length: enc.n }, (_, i) => i).filter((i) => hadViolations.has(i) || dropped[i]! > slack[i]!);
        const want = exhaustiveCheck(enc, g, after, 2);
        const got = recheckInGroups(enc, g, after, 2, only, hadViolations, slack, dropped, mentorDropped);
        expect(got.violations).toEqual(want.violations);
        expect(got.gap).toBe(want.gap);
        for (const i of only) {
          expect(slack[i]).toBeGreaterThanOrEqual(0);
          expect(slack[i]).toBeLessThanOrEqual(want.slack[i]!);
        }
      }), { numRuns: 400 });
  });

  it('after a fresh solve of the widened graph, split by how far each side moved, still finds every pair that breaks', () => {
    // The check after a fresh solve (match-cohort.ts): the first check's violations and near misses
    // join the graph, the graph is solved again, and every mentee's other left-out pairs kept its
    // widened slack at the old duals; a pair then moves by the mentee's fall against the mentor's
    // (both ways: duals rise too). Mentees with more violations than were handed over are checked
    // whole. Held to scoring every left-out pair of the widened graph at the new duals.
    fc.assert(fc.property(
      fc.oneof(arbitraryCohort(undefined, { mentees: 12, mentors: 8 }), rankedCohort(undefined, { mentees: 12, mentors: 8 }),
        arbitraryCohort(undefined, { mentees: 12, mentors: 8 }).map(twinMentors)),
      // No mentors' lists: at this size they would put every pair in the graph.
      fc.integer({ min: 1, max: 2 }), fc.constant(0), fc.integer({ min: 1, max: 3 }),
      fc.array(fc.integer({ min: -1500, max: 1500 }), { minLength: 12, maxLength: 12 }),
      fc.array(fc.integer({ min: -1500, max: 1500 }), { minLength: 8, maxLength: 8 }), fc.constantFrom('solver', 'shifted', 'crowded', 'crowded'),
      fc.constantFrom('solver', 'edge'), fc.array(fc.integer({ min: -2, max: 2 }), { minLength: 12, maxLength: 12 }),
      (input, k, perMentor, keep, menteeShift, mentorShift, first1, next, nudge) => {
        const prep = prepareCohort(input);
        const { enc } = prep;
        const active = Uint8Array.from(prep.pinnedTo, (p) => (p === -1 ? 1 : 0));
        const maxPoints = MAX_POINTS + enc.choices.maxPoints;
        const g1 = buildCandidates(enc, k, active, perMentor);
        const solved1 = solveAssignment(g1, prep.capacity, input.settings.objective, maxPoints);
        // The first duals as the solver left them, shifted so that violations and near misses
        // abound, or crowded: every left-out pair of one mentee a near miss (more than are handed
        // over), so that its widened slack is the first near miss left out.
        const shiftFirst = first1 !== 'solver';
        let first: AssignmentSolution = first1 === 'solver' ? solved1 : {
          ...solved1,
          menteeDual: solved1.menteeDual.map((u, i) => u + menteeShift[i]!),
          mentorDual: solved1.mentorDual.map((v, j) => v + mentorShift[j]!),
        };
        const crowd = Array.from({ length: enc.n }, (_, i) => i).find((i) => g1.cutoff[i]! >= 0);
        if (first1 === 'crowded' && crowd !== undefined) {
          const row = new Int32Array(enc.m);
          scoreRow(new RowContext(enc), crowd, row);
          const u = solved1.menteeDual[crowd]!;
          first = { ...solved1, mentorDual: Float64Array.from(row, (w, j) => Math.max(0, w + solved1.penalty - u - (Math.abs(mentorShift[j]!) % SLACK_MARGIN))) };
        }
        const check1 = checkOptimality(enc, g1, first, keep, undefined, new Float64Array(enc.n));
        const g2 = widenGraph(g1, [...check1.violations, ...check1.nearMisses]);
        const solved2 = solveAssignment(g2, prep.capacity, input.settings.objective, maxPoints);
        // The new duals as the solver gives them, or moved again (the other way when the first were
        // shifted); or, at the edge, the first duals with each mentee's fallen by its tightest
        // left-out pair's slack in the widened graph, to within two hundredths: a widened slack
        // claimed one unit too high shows.
        const tightAtFirst = exhaustiveCheck(enc, g2, first, keep).slack;
        const second: AssignmentSolution = next === 'edge' ? {
          ...first,
          menteeDual: first.menteeDual.map((u, i) => u - (Number.isFinite(tightAtFirst[i]!) ? tightAtFirst[i]! + nudge[i]! : 0)),
        } : shiftFirst ? solved2 : {
          ...solved2,
          menteeDual: solved2.menteeDual.map((u, i) => u - menteeShift[i]!),
          mentorDual: solved2.mentorDual.map((v, j) => v - mentorShift[j]!),
        };
        const slack = new Float64Array(enc.n);
        const want = exhaustiveCheck(enc, g2, second, keep);
        const got = recheckAfterSolve(enc, g2, first, second, keep, check1, slack);
        expect(got.violations).toEqual(want.violations);
        expect(got.gap).toBe(want.gap);
        for (let i = 0; i < enc.n; i++) {
          if (!Number.isFinite(check1.widenedSlack[i]!)) {
            // No pair of it was left out: none is now.
            expect(want.slack[i]).toBe(Number.POSITIVE_INFINITY);
            continue;
          }
          expect(slack[i]).toBeGreaterThanOrEqual(0);
          expect(slack[i]).toBeLessThanOrEqual(want.slack[i]!);
          // What the first check says of the widened graph at the first duals holds too.
          expect(check1.widenedSlack[i]).toBeLessThanOrEqual(tightAtFirst[i]!);
        }
      }), { numRuns: 1000 });
  });

  it('returns every pair that breaks however many there are (more than a call takes arguments)', () => {
    // Every duals 0: each left-out pair that scores anything breaks. A split check returns its
    // parts' pairs whole, hundreds of thousands of them here.
    const input = generateCohort({ mentees: 1000, mentors: 400, seed: 1 });
    const { enc } = prepareCohort(input);
    const g = buildCandidates(enc, 1, undefined, 0);
    const zero: AssignmentSolution = {
      mentorOf: new Int32Array(enc.n).fill(-1), pointsOf: new Int32Array(enc.n),
      menteeDual: new Float64Array(enc.n), mentorDual: new Float64Array(enc.m), penalty: 0,
    };
    const want = exhaustiveCheck(enc, g, zero, enc.m);
    expect(want.violations.length).toBeGreaterThan(200_000);
    const everyone = Array.from({ length: enc.n }, (_, i) => i);
    const got = recheckInGroups(enc, g, zero, enc.m, everyone, new Set(everyone), new Float64Array(enc.n),
      new Float64Array(enc.n), new Float64Array(enc.m));
    expect(got.violations.length).toBe(want.violations.length);
    expect(got.gap).toBe(want.gap);
  });
});
