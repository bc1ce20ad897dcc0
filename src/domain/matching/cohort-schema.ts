// The cohort file read by `npm run match` (docs/matching.md): program settings, participants with
// their survey answers, org links and the lead's decisions. schemas/cohort.schema.json is
// generated from this schema (`npm run match -- --schema`).
import { z } from 'zod';
import { programSettingsSchema, topicSchema } from '../program-settings.ts';
import { menteeAnswersSchema, mentorAnswersSchema } from '../survey-answers.ts';
import type { MatchInput } from './types.ts';
import { isValidTimeZone } from './working-hours.ts';

const id = z.string().trim().min(1).max(200);
const pair = z.object({ menteeId: id, mentorId: id }).strict();

const person = {
  id,
  name: z.string().max(200).optional(),
  timezone: z.string().refine(isValidTimeZone, { message: 'expected an IANA time zone such as "Europe/Paris"' }),
  level: z.number().int().min(0).max(100).optional(),
  department: z.string().trim().min(1).max(100).optional(),
  managerId: id.optional(),
  location: z.string().trim().max(100).optional(),
};

const s = programSettingsSchema.shape;
export const cohortProgramSchema = z.object({
  weights: s.weights,
  objective: s.objective,
  minScore: s.minScore,
  minOverlapHours: s.minOverlapHours,
  /** Optional taxonomy, used for topic labels in rendered reasons. */
  topics: z.array(topicSchema).optional(),
}).strict();

export const cohortSchema = z.object({
  program: cohortProgramSchema.default(() => cohortProgramSchema.parse({})),
  referenceDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(),
  mentees: z.array(z.object({ ...person, answers: menteeAnswersSchema }).strict()),
  mentors: z.array(z.object({ ...person, capacity: z.number().int().min(0).max(10).optional(), answers: mentorAnswersSchema }).strict()),
  org: z.array(z.object({ id, managerId: id.optional() }).strict()).default([]),
  pastPairs: z.array(pair).default([]),
  pins: z.array(pair).default([]),
  forbids: z.array(pair).default([]),
  lockedPairs: z.array(pair).default([]),
}).strict().superRefine((c, ctx) => {
  const unique = (list: { id: string }[], field: 'mentees' | 'mentors'): Set<string> => {
    const seen = new Set<string>();
    list.forEach((p, k) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: [field, k, 'id'], message: `duplicate id "${p.id}"` });
      seen.add(p.id);
    });
    return seen;
  };
  const mentees = unique(c.mentees, 'mentees'), mentors = unique(c.mentors, 'mentors');
  for (const field of ['pins', 'forbids', 'lockedPairs'] as const) {
    c[field].forEach((p, k) => {
      if (!mentees.has(p.menteeId) && field !== 'lockedPairs') ctx.addIssue({ code: 'custom', path: [field, k, 'menteeId'], message: `no mentee "${p.menteeId}"` });
      if (!mentors.has(p.mentorId)) ctx.addIssue({ code: 'custom', path: [field, k, 'mentorId'], message: `no mentor "${p.mentorId}"` });
    });
  }
});
export type Cohort = z.infer<typeof cohortSchema>;

/** "mentees[3].answers.languages: Too small…" for each problem, so a lead can fix the file. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
    return `${path || '(root)'}: ${issue.message}`;
  });
}

export function cohortToMatchInput(c: Cohort): MatchInput {
  return {
    settings: { weights: c.program.weights, objective: c.program.objective, minScore: c.program.minScore, minOverlapHours: c.program.minOverlapHours },
    mentees: c.mentees, mentors: c.mentors, org: c.org, pastPairs: c.pastPairs, pins: c.pins, forbids: c.forbids,
    lockedPairs: c.lockedPairs, ...(c.referenceDate ? { referenceDate: c.referenceDate } : {}),
  };
}

export function cohortJsonSchema(): unknown {
  return z.toJSONSchema(cohortSchema, { io: 'input', unrepresentable: 'any' });
}
