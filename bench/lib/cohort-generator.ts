// Synthetic cohorts shaped like real enterprise rounds: capacities 1–3, skewed topic
// popularity (mentees crowd on a few topics that fewer mentors cover), several regions with
// their time zones, languages and offices, and an org chart with management chains.
import { DEFAULT_WEIGHTS } from '../../src/domain/program-settings.ts';
import { VALUES, type MenteeAnswers, type MentorAnswers } from '../../src/domain/survey-answers.ts';
import type { MatchInput, MatchMentee, MatchMentor, OrgPerson, PairRef } from '../../src/domain/matching/types.ts';
import { Random } from './random.ts';

export interface CohortShape {
  mentees: number;
  mentors: number;
  seed?: number;
  topics?: number;
  objective?: 'participation' | 'score';
}

const REGIONS = [
  { tz: 'Europe/Paris', weight: 20, langs: [['fr', 0.95], ['en', 0.7]], offices: ['Paris', 'Lyon'] },
  { tz: 'Europe/London', weight: 15, langs: [['en', 1], ['fr', 0.1]], offices: ['London'] },
  { tz: 'Europe/Berlin', weight: 10, langs: [['de', 0.95], ['en', 0.75]], offices: ['Berlin', 'Munich'] },
  { tz: 'America/New_York', weight: 20, langs: [['en', 1], ['es', 0.2]], offices: ['New York', 'Boston'] },
  { tz: 'America/Los_Angeles', weight: 10, langs: [['en', 1], ['es', 0.3]], offices: ['San Francisco'] },
  { tz: 'Asia/Kolkata', weight: 10, langs: [['en', 0.95], ['hi', 0.6]], offices: ['Bangalore'] },
  { tz: 'Asia/Singapore', weight: 8, langs: [['en', 0.95], ['zh', 0.4]], offices: ['Singapore'] },
  { tz: 'America/Sao_Paulo', weight: 7, langs: [['pt', 0.95], ['en', 0.5], ['es', 0.3]], offices: ['São Paulo'] },
] as const;
const DEPARTMENTS = ['engineering', 'product', 'sales', 'marketing', 'finance', 'hr', 'operations', 'legal', 'design', 'data', 'support', 'security'];
const CADENCES = [7, 14, 14, 21, 30, 30];
const SESSIONS = [30, 45, 60, 60, 60, 90];
const FEEDBACK = ['direct', 'balanced', 'gentle'] as const;

interface Base {
  id: string;
  region: (typeof REGIONS)[number];
  department: string;
  level: number;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function generateCohort(shape: CohortShape): MatchInput {
  const rnd = new Random(shape.seed ?? 1);
  const topicCount = shape.topics ?? 40;
  const topicKeys = Array.from({ length: topicCount }, (_, k) => `topic-${String(k).padStart(2, '0')}`);
  // Mentees want the popular topics much more than mentors offer them.
  const wanted = topicKeys.map((_, k) => 1 / (k + 1) ** 1.1);
  const offered = topicKeys.map((_, k) => 1 / (k + 1) ** 0.5);
  const regionWeights = REGIONS.map((r) => r.weight);

  const base = (prefix: string, k: number, levels: [number, number]): Base => ({
    id: `${prefix}${k}`,
    region: REGIONS[rnd.weighted(regionWeights)]!,
    department: DEPARTMENTS[rnd.weighted(DEPARTMENTS.map((_, d) => 1 / (d + 2)))]!,
    level: rnd.int(levels[0], levels[1]),
  });
  const common = (b: Base) => {
    const languages = b.region.langs.filter(([, p]) => rnd.chance(p)).map(([l]) => l as string);
    if (languages.length === 0) languages.push(b.region.langs[0][0]);
    const modes: ('video' | 'phone' | 'in_person')[] = ['video'];
    if (rnd.chance(0.3)) modes.push('phone');
    if (rnd.chance(0.25)) modes.push('in_person');
    if (rnd.chance(0.1)) modes.splice(0, 1);
    if (modes.length === 0) modes.push('in_person');
    const start = 7 * 60 + 30 * rnd.int(0, 5);
    const length = rnd.chance(0.1) ? 6 * 60 : 8 * 60 + 30 * rnd.int(0, 2);
    return {
      domain: rnd.chance(0.7) ? b.department : rnd.pick(DEPARTMENTS),
      values: rnd.distinct(VALUES.map(() => 1), rnd.int(0, 3)).map((v) => VALUES[v]!),
      cadenceDays: rnd.pick(CADENCES),
      sessionMinutes: rnd.pick(SESSIONS),
      modes,
      office: rnd.pick(b.region.offices),
      languages,
      workingHours: { start: hhmm(start), end: hhmm(start + length) },
      feedbackStyle: rnd.pick(FEEDBACK),
      avoid: [] as string[],
      consent: true as const,
    };
  };

  const mentors: MatchMentor[] = Array.from({ length: shape.mentors }, (_, k) => {
    const b = base('r', k, [4, 9]);
    const expertise = rnd.distinct(offered, rnd.int(2, 6)).map((t) => ({ topic: topicKeys[t]!, level: rnd.int(1, 3) }));
    const answers: MentorAnswers = {
      ...common(b), expertise, yearsExperience: rnd.int(3, 30), capacity: 1 + rnd.weighted([40, 35, 25]),
      mentoringExperience: rnd.pick(['none', 'some', 'experienced'] as const),
    };
    return { id: b.id, name: `Mentor ${k}`, timezone: b.region.tz, level: b.level, department: b.department, location: answers.office, answers };
  });
  const mentees: MatchMentee[] = Array.from({ length: shape.mentees }, (_, k) => {
    const b = base('e', k, [1, 6]);
    const answers: MenteeAnswers = {
      ...common(b),
      topics: rnd.distinct(wanted, 1 + rnd.weighted([15, 25, 35, 15, 10])).map((t) => topicKeys[t]!),
      careerObjective: 'grow',
      seniorityGap: rnd.pick(['any', 'any', 'close', 'far'] as const),
      department: rnd.pick(['outside', 'any', 'any', 'inside'] as const),
    };
    return { id: b.id, name: `Mentee ${k}`, timezone: b.region.tz, level: b.level, department: b.department, location: answers.office, answers };
  });

  // Org chart: per department, each person reports to someone more senior (mentors are the
  // seniors), and department heads outside the cohort close the chains.
  const org: OrgPerson[] = [];
  const everyone = [...mentors, ...mentees];
  for (const dept of DEPARTMENTS) {
    const head = `head-${dept}`;
    org.push({ id: head });
    const members = everyone.filter((p) => p.department === dept).sort((a, b) => (b.level ?? 0) - (a.level ?? 0) || a.id.localeCompare(b.id));
    members.forEach((p, x) => {
      const seniors = members.slice(Math.max(0, x - 40), x).filter((s) => (s.level ?? 0) > (p.level ?? 0));
      p.managerId = seniors.length > 0 && rnd.chance(0.9) ? rnd.pick(seniors).id : head;
    });
  }
  for (const p of everyone) {
    if (rnd.chance(0.02)) {
      const other = rnd.chance(0.5) ? rnd.pick(mentors) : rnd.pick(mentees);
      if (other.id !== p.id) p.answers.avoid.push(other.id);
    }
  }
  const pastPairs: PairRef[] = [];
  for (const e of mentees) if (rnd.chance(0.03)) pastPairs.push({ menteeId: e.id, mentorId: rnd.pick(mentors).id });

  return {
    settings: { weights: { ...DEFAULT_WEIGHTS }, objective: shape.objective ?? 'participation', minScore: 40, minOverlapHours: 2 },
    mentees, mentors, org, pastPairs, referenceDate: '2026-03-02',
  };
}
