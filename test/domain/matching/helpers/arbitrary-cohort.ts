// Random small cohorts for property tests: few topics, languages, zones and offices so that
// constraints bite and mentors are contested.
import fc from 'fast-check';
import { DEFAULT_WEIGHTS, MATCH_CRITERIA } from '../../../../src/domain/program-settings.ts';
import { VALUES } from '../../../../src/domain/survey-answers.ts';
import type { MatchInput, MatchMentee, MatchMentor, PairRef } from '../../../../src/domain/matching/types.ts';

const TOPICS = ['alpha', 'beta', 'gamma', 'delta', 'omega'];
const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Europe/London'];

const subset = <T>(items: readonly T[], min: number, max: number): fc.Arbitrary<T[]> =>
  fc.uniqueArray(fc.constantFrom(...items), { minLength: min, maxLength: max });

const hours = fc.record({ start: fc.integer({ min: 5, max: 12 }), length: fc.integer({ min: 3, max: 9 }) })
  .map(({ start, length }) => ({ start: `${String(start).padStart(2, '0')}:00`, end: `${String(start + length).padStart(2, '0')}:30` }));

const common = fc.record({
  domain: fc.constantFrom('product', 'engineering', 'sales'),
  values: subset(VALUES, 0, 3),
  cadenceDays: fc.constantFrom(7, 14, 30),
  sessionMinutes: fc.constantFrom(30, 60, 90),
  modes: subset(['video', 'phone', 'in_person'] as const, 1, 3),
  office: fc.constantFrom('Paris', 'Lyon'),
  languages: subset(['en', 'fr', 'de'], 1, 2),
  workingHours: hours,
  feedbackStyle: fc.constantFrom('direct', 'balanced', 'gentle' as const),
});
const person = fc.record({
  timezone: fc.constantFrom(...ZONES),
  level: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  department: fc.option(fc.constantFrom('eng', 'ops', 'hr'), { nil: undefined }),
});

export function arbitraryCohort(objective?: 'participation' | 'score', size = { mentees: 6, mentors: 4 }): fc.Arbitrary<MatchInput> {
  return fc.record({
    n: fc.integer({ min: 1, max: size.mentees }),
    m: fc.integer({ min: 1, max: size.mentors }),
    objective: objective ? fc.constant(objective) : fc.constantFrom('participation', 'score' as const),
    minScore: fc.integer({ min: 0, max: 70 }),
    minOverlapHours: fc.constantFrom(0, 1, 2, 4),
    weights: fc.oneof(fc.constant({ ...DEFAULT_WEIGHTS }),
      fc.tuple(...MATCH_CRITERIA.map(() => fc.integer({ min: 0, max: 40 }))).map((w) =>
        Object.fromEntries(MATCH_CRITERIA.map((c, k) => [c, k === 0 ? w[k]! + 1 : w[k]!])) as typeof DEFAULT_WEIGHTS)),
    people: fc.array(fc.tuple(person, common, subset(TOPICS, 1, 5), fc.constantFrom('any', 'close', 'far' as const),
      fc.constantFrom('outside', 'any', 'inside' as const), fc.array(fc.record({ topic: fc.constantFrom(...TOPICS), level: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 30 })), { minLength: size.mentees + size.mentors, maxLength: size.mentees + size.mentors }),
    links: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('manager', 'avoid', 'past', 'forbid', 'pin', 'self')), { maxLength: 8 }),
    sameTeamRule: fc.boolean(),
    objectives: fc.array(fc.constantFrom('grow', ...TOPICS.map((t) => `become better at ${t}`)), { minLength: size.mentees, maxLength: size.mentees }),
    experience: fc.array(fc.constantFrom('none', 'some', 'experienced' as const), { minLength: size.mentors, maxLength: size.mentors }),
  }).map(({ n, m, objective, minScore, minOverlapHours, weights, people, links, sameTeamRule, objectives, experience }) => {
    const mentees: MatchMentee[] = people.slice(0, n).map(([p, c, topics, gap, dept], i) => ({
      id: `e${i}`, name: `E${i}`, ...p,
      answers: { ...c, avoid: [], consent: true as const, topics, careerObjective: objectives[i]!, seniorityGap: gap, department: dept },
    }));
    const mentors: MatchMentor[] = people.slice(size.mentees, size.mentees + m).map(([p, c, , , , expertise, capacity, years], j) => ({
      id: `r${j}`, name: `R${j}`, ...p,
      answers: { ...c, avoid: [], consent: true as const, expertise, capacity, yearsExperience: years, mentoringExperience: experience[j]! },
    }));
    const pastPairs: PairRef[] = [], forbids: PairRef[] = [], pins: PairRef[] = [];
    for (const [a, b, kind] of links) {
      const e = mentees[a % n]!, r = mentors[b % m]!;
      const pair = { menteeId: e.id, mentorId: r.id };
      // Either way round: the mentor above the mentee, or the mentee above the mentor.
      if (kind === 'manager') { if (b % 3 === 2) r.managerId = e.id; else e.managerId = r.id; }
      else if (kind === 'avoid') (a % 2 === 0 ? e : r).answers.avoid.push(a % 2 === 0 ? r.id : e.id);
      else if (kind === 'past') pastPairs.push(pair);
      else if (kind === 'forbid') forbids.push(pair);
      else if (kind === 'pin') pins.push(pair);
      else if (!mentors.some((x) => x.id === e.id)) r.id = e.id; // the same person enrolled on both sides
    }
    return {
      settings: { weights, objective, minScore, minOverlapHours, sameTeamRule }, mentees, mentors, pastPairs, forbids, pins, referenceDate: '2026-03-02',
    };
  });
}
