import { describe, expect, it } from 'vitest';
import { LONG_PAUSE_DAYS, MEMBER_RULES, riskFindings, type PairRiskFacts } from '../../src/domain/evaluation/at-risk.ts';
import { groupEndReason } from '../../src/domain/evaluation/end-reasons.ts';
import { averageFigure, rateFigure, releasableComments, suppressCells, tooFew } from '../../src/domain/evaluation/privacy.ts';
import { promoterScore } from '../../src/domain/evaluation/promoter.ts';
import { trendOf } from '../../src/domain/evaluation/trend.ts';

describe('minimum group size and complementary suppression', () => {
  it('withholds a cell of too few people and one more so the total cannot give it back', () => {
    const s = suppressCells([{ key: 'a', n: 8 }, { key: 'b', n: 1 }, { key: 'c', n: 6 }], 5);
    expect([...s.withheld].sort()).toEqual(['b', 'c']);
    expect(s.totalWithheld).toBe(false);
  });
  it('keeps adding cells until the hidden group is large enough', () => {
    const s = suppressCells([{ key: 'a', n: 1 }, { key: 'b', n: 1 }, { key: 'c', n: 2 }, { key: 'd', n: 9 }], 5);
    expect([...s.withheld].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(s.totalWithheld).toBe(false);
  });
  it('withholds the total when everything is too small', () => {
    expect(suppressCells([{ key: 'a', n: 1 }, { key: 'b', n: 2 }], 5).totalWithheld).toBe(true);
  });
  it('shows everything when every cell is large enough or empty', () => {
    expect(suppressCells([{ key: 'a', n: 5 }, { key: 'b', n: 0 }], 5).withheld.size).toBe(0);
  });
  it('averages only over enough answers', () => {
    expect(averageFigure(16, 4, 5).shown).toBe(false);
    expect(averageFigure(20, 5, 5)).toEqual({ shown: true, value: 4, n: 5 });
  });
  it('releases comments only for a large enough group, trimmed and shuffled', () => {
    expect(releasableComments(['a', 'b'], 4, 5, Math.random)).toEqual([]);
    const out = releasableComments([' a ', 'b', '', 'c'], 5, 5, () => 0);
    expect(out.sort()).toEqual(['a', 'b', 'c']);
  });
});

// Exactly at the minimum a figure is shown, one under it is withheld: each rule is checked on both
// sides, so turning any `<` into `<=` (or `>=` into `>`) fails here.
describe.each([5, 8])('the minimum group size %i, on both sides of the boundary', (min) => {
  it('a group of exactly the minimum is enough, one fewer is not', () => {
    expect(tooFew(min, min)).toBe(false);
    expect(tooFew(min - 1, min)).toBe(true);
    expect(tooFew(0, min)).toBe(false);
  });
  it('suppresses cells one under the minimum, never at it', () => {
    expect(suppressCells([{ key: 'a', n: min }, { key: 'b', n: min }], min).withheld.size).toBe(0);
    expect([...suppressCells([{ key: 'a', n: min - 1 }, { key: 'b', n: 2 * min }], min).withheld].sort()).toEqual(['a', 'b']);
  });
  it('averages and rates over exactly the minimum, not one fewer', () => {
    expect(averageFigure(4 * min, min, min)).toEqual({ shown: true, value: 4, n: min });
    expect(averageFigure(4 * (min - 1), min - 1, min).shown).toBe(false);
    expect(rateFigure(1, 2 * min, min, min)).toMatchObject({ shown: true, value: 1 / (2 * min) });
    expect(rateFigure(1, 2 * min, min - 1, min).shown).toBe(false);
  });
  it('releases comments from exactly the minimum number of answers', () => {
    expect(releasableComments(['a'], min, min, () => 0)).toEqual(['a']);
    expect(releasableComments(['a'], min - 1, min, () => 0)).toEqual([]);
  });
});

describe('promoter score and trend', () => {
  it('counts promoters minus detractors', () => {
    expect(promoterScore({ promoters: 3, passives: 2, detractors: 1 })).toBe(33);
    expect(promoterScore({ promoters: 0, passives: 0, detractors: 0 })).toBeUndefined();
  });
  it('compares the last two shown periods, skipping withheld ones', () => {
    expect(trendOf([{ shown: true, value: 4, n: 5 }, { shown: false, n: undefined }, { shown: true, value: 3.5, n: 6 }])).toEqual({ trend: 'down', delta: -0.5 });
    expect(trendOf([{ shown: true, value: 4, n: 5 }])).toBeUndefined();
  });
  it('groups private end reasons into broad groups', () => {
    expect(groupEndReason('Pas le temps, trop de charge')).toBe('time');
    expect(groupEndReason('I am leaving the company')).toBe('job_change');
    expect(groupEndReason(null)).toBe('none');
    expect(groupEndReason('meh')).toBe('other');
  });
});

describe('at-risk rules (SPEC §7)', () => {
  const now = new Date('2027-06-15T00:00:00Z');
  const base: PairRiskFacts = { state: 'active', acceptedAt: new Date('2027-06-01T00:00:00Z'), firstMeetingAt: null, pausedSince: null, lastCheckins: [], latestPulse: [] };
  const rules = (f: Partial<PairRiskFacts>) => riskFindings({ ...base, ...f }, now).map((x) => x.rule);
  it('no first meeting 21 days after acceptance', () => {
    expect(rules({})).toEqual([]);
    expect(rules({ acceptedAt: new Date('2027-05-25T00:00:00Z') })).toEqual(['no_first_meeting']);
    expect(rules({ acceptedAt: new Date('2027-05-01T00:00:00Z'), firstMeetingAt: new Date('2027-05-03T00:00:00Z') })).toEqual([]);
  });
  it('two missed check-ins in a row by one member', () => {
    expect(rules({ lastCheckins: [['missed', 'missed']] })).toEqual(['missed_checkins']);
    expect(rules({ lastCheckins: [['missed', 'answered'], ['missed']] })).toEqual([]);
  });
  it('a pulse of 2 or less, and a gap of 2 or more between the members, each for the member whose answer it is', () => {
    const found = (f: Partial<PairRiskFacts>) => riskFindings({ ...base, ...f }, now).map((x) => [x.rule, x.member]);
    expect(found({ latestPulse: [{ personId: 'mia', role: 'mentee', satisfaction: 2, relationship: 4, progress: 4 }] })).toEqual([['low_pulse', 'mia']]);
    expect(found({ latestPulse: [{ personId: 'mia', role: 'mentee', satisfaction: 3, relationship: 4, progress: 4 }] })).toEqual([]);
    expect(found({ latestPulse: [{ personId: 'mia', role: 'mentee', satisfaction: 5, relationship: 5, progress: 4 }, { personId: 'max', role: 'mentor', satisfaction: 3, relationship: 5, progress: 4 }] }))
      .toEqual([['rating_gap', 'max']]);
    expect(found({ latestPulse: [{ personId: 'mia', role: 'mentee', satisfaction: 4, relationship: 2, progress: 4 }, { personId: 'max', role: 'mentor', satisfaction: 4, relationship: 4, progress: 4 }] }))
      .toEqual([['low_pulse', 'mia']]);
    expect(found({ latestPulse: [{ personId: 'mia', role: 'mentee', satisfaction: 4, relationship: 3, progress: 4 }, { personId: 'max', role: 'mentor', satisfaction: 4, relationship: 4, progress: 4 }] })).toEqual([]);
    // An erased member's answer raises nothing: there is nobody to offer help to.
    expect(found({ latestPulse: [{ personId: null, role: 'mentee', satisfaction: 1, relationship: 1, progress: 1 }] })).toEqual([]);
  });
  it('what a lead could see anyway has no member: it goes to the leads', () => {
    expect(riskFindings({ ...base, lastCheckins: [['missed', 'missed']] }, now)).toEqual([{ rule: 'missed_checkins', action: 'nudge' }]);
    expect([...MEMBER_RULES].sort()).toEqual(['low_pulse', 'rating_gap']);
  });
  it('paused for more than 30 days', () => {
    expect(rules({ state: 'paused', firstMeetingAt: now, pausedSince: new Date(now.getTime() - (LONG_PAUSE_DAYS + 1) * 86_400_000) })).toEqual(['long_pause']);
    expect(rules({ state: 'paused', firstMeetingAt: now, pausedSince: new Date(now.getTime() - 10 * 86_400_000) })).toEqual([]);
  });
});
