// The searches score a pair's criteria outside expertise from three joint classes per mentor
// (rest-classes.ts) instead of the mentor's row. Held to the kernel's own rule (restPoints) on
// every pair of random cohorts: the same points, and the same pairs ruled out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { F_DOMAIN, F_HOURS, F_LANG, F_VALUES, MENTOR_STRIDE } from '../../../src/domain/matching/encode-cohort.ts';
import { prepareCohort } from '../../../src/domain/matching/prepare-cohort.ts';
import { RestRows, finishRest, restClasses } from '../../../src/domain/matching/rest-classes.ts';
import { NOT_AN_EDGE, RowContext, restPoints } from '../../../src/domain/matching/score-kernel.ts';
import { arbitraryCohort } from './helpers/arbitrary-cohort.ts';
import { rankedCohort } from './helpers/ranked-cohort.ts';

describe('joint classes of the criteria outside expertise', () => {
  it('give every pair the points the kernel gives it, and rule out the same pairs', () => {
    fc.assert(fc.property(
      fc.oneof(arbitraryCohort(undefined, { mentees: 10, mentors: 8 }), rankedCohort(undefined, { mentees: 10, mentors: 8 })),
      (input) => {
        const { enc } = prepareCohort(input);
        const classes = restClasses(enc);
        const rows = new RestRows(enc, classes);
        const ctx = new RowContext(enc);
        for (let i = 0; i < enc.n; i++) {
          ctx.load(i);
          rows.load(i);
          for (let j = 0; j < enc.m; j++) {
            const p = j * MENTOR_STRIDE;
            const shared = ctx.lang & enc.mentor[p + F_LANG]!;
            const hours = enc.hours.points[ctx.hoursRow + enc.mentor[p + F_HOURS]!]!;
            const want = restPoints(ctx, j);
            if (shared === 0 || hours < 0) {
              expect(want).toBe(NOT_AN_EDGE);
              continue;
            }
            const partial = hours + (enc.mentor[p + F_DOMAIN] === ctx.domain ? enc.domainPoints : 0)
              + enc.menteeValuePoints[i * 4 + enc.popcount[ctx.values & enc.mentor[p + F_VALUES]!]!]!
              + rows.a[classes.a[j]!]! + rows.b[classes.b[j]!]! + rows.c[classes.c[j]!]!;
            expect(finishRest(ctx, j, shared, partial)).toBe(want);
            // The bound the searches prune with: never below the points.
            if (want >= 0) expect(partial + rows.careerLevel).toBeGreaterThanOrEqual(want);
          }
        }
      },
    ), { numRuns: 200 });
  });
});
