// The release rules of circle and flash figures (domain/evaluation/circle-release.ts,
// flash-release.ts): thresholds in people, complementary suppression within a flash month, totals
// over shown periods only, and stored forms that refuse anything else.
import { describe, expect, it } from 'vitest';
import {
  circleMonthReleaseSchema, circleTotals, releaseCircleMonth, releaseCirclePulse,
} from '../../src/domain/evaluation/circle-release.ts';
import { flashMonthReleaseSchema, flashTotals, releaseFlashMonth, type FlashMonthCounts } from '../../src/domain/evaluation/flash-release.ts';

const MARCH = new Date('2027-03-01T00:00:00Z');
const counts = (c: Partial<FlashMonthCounts>): FlashMonthCounts => ({
  requests: 0, askers: 0, accepted: 0, acceptedAskers: 0, notAcceptedAskers: 0, useful: 0, usefulPeople: 0, notUseful: 0, notUsefulPeople: 0,
  pairs: 0, pairAskers: 0, notPairAskers: 0, ...c,
});

describe('circle releases', () => {
  it('shows a month’s met share and usefulness only over enough different people, each on its own', () => {
    const m = releaseCircleMonth(MARCH, { answers: 9, met: 7, people: 5, rated: 4, usefulnessSum: 16, ratedPeople: 4 }, 5);
    expect(m.met).toEqual({ answers: 9, met: 7 });
    expect(m.usefulness).toBeNull();
    // Many answers of few people are still few people.
    expect(releaseCircleMonth(MARCH, { answers: 20, met: 20, people: 4, rated: 20, usefulnessSum: 80, ratedPeople: 4 }, 5)).toMatchObject({ met: null, usefulness: null });
    expect(releaseCircleMonth(MARCH, undefined, 5)).toMatchObject({ met: null, usefulness: null });
  });

  it('shows a pulse only when enough people answered that pulse, and totals add shown periods only', () => {
    const shown = releaseCirclePulse('p1', { n: 6, people: 6, satisfaction: 24, progress: 22 }, 5);
    const small = releaseCirclePulse('p2', { n: 1, people: 1, satisfaction: 1, progress: 1 }, 5);
    expect(small.sums).toBeNull();
    const months = [releaseCircleMonth(MARCH, { answers: 5, met: 4, people: 5, rated: 5, usefulnessSum: 20, ratedPeople: 5 }, 5),
      releaseCircleMonth(new Date('2027-04-01T00:00:00Z'), { answers: 1, met: 0, people: 1, rated: 1, usefulnessSum: 1, ratedPeople: 1 }, 5)];
    // The one-person month and pulse change no total: total minus shown periods is zero.
    expect(circleTotals(months, [shown, small])).toEqual(circleTotals(months.slice(0, 1), [shown]));
    expect(circleTotals(months, [shown, small]).pulses).toEqual({ n: 6, satisfaction: 24, progress: 22 });
  });

  it('refuses a stored release that holds anything else', () => {
    expect(() => circleMonthReleaseSchema.parse({ month: MARCH.toISOString(), minGroupSize: 5, met: null, usefulness: null, personId: 'x' })).toThrow();
  });
});

describe('flash releases', () => {
  it('withholds a month asked by too few people whole, and counts zero requests as zero', () => {
    expect(releaseFlashMonth(MARCH, counts({ requests: 9, askers: 4, accepted: 9, acceptedAskers: 4 }), 5))
      .toMatchObject({ requests: null, accepted: null, useful: null, notUseful: null, pairs: null });
    expect(releaseFlashMonth(MARCH, undefined, 5)).toMatchObject({ requests: 0, accepted: null });
  });

  it('suppresses a small cell with its complement, so no subtraction gives it back', () => {
    // One asker's request not accepted: both accepted and not are withheld (the requests are shown).
    const one = releaseFlashMonth(MARCH, counts({ requests: 7, askers: 7, accepted: 6, acceptedAskers: 6, notAcceptedAskers: 1 }), 5);
    expect(one).toMatchObject({ requests: 7, accepted: null, pairs: null });
    // Everyone accepted: shown; pairs among them: two pinned is too few, and so is the rest by subtraction.
    const all = releaseFlashMonth(MARCH, counts({ requests: 7, askers: 7, accepted: 7, acceptedAskers: 7, pairs: 2, pairAskers: 2, notPairAskers: 5 }), 5);
    expect(all).toMatchObject({ accepted: 7, pairs: null });
    // The number of answers is not shown: a small "not useful" group goes alone.
    const answers = releaseFlashMonth(MARCH, counts({ requests: 7, askers: 7, useful: 11, usefulPeople: 7, notUseful: 1, notUsefulPeople: 1 }), 5);
    expect(answers).toMatchObject({ useful: 11, notUseful: null });
  });

  it('adds only shown figures to the totals, and refuses a stored release that holds anything else', () => {
    const shown = releaseFlashMonth(MARCH, counts({ requests: 6, askers: 6, accepted: 6, acceptedAskers: 6 }), 5);
    const small = releaseFlashMonth(new Date('2027-04-01T00:00:00Z'), counts({ requests: 2, askers: 2, accepted: 2, acceptedAskers: 2 }), 5);
    expect(flashTotals([shown, small])).toEqual(flashTotals([shown]));
    expect(() => flashMonthReleaseSchema.parse({ ...JSON.parse(JSON.stringify(shown)), askerId: 'x' })).toThrow();
  });
});
