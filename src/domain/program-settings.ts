// Every setting of a program (SPEC §2). Stored as columns and JSON in `programs`; this schema is
// the one place their defaults and limits live.
import { z } from 'zod';

export const MATCH_CRITERIA = [
  'expertise', 'domain', 'values', 'cadence', 'mode', 'hours', 'seniority', 'feedback', 'department', 'language', 'career',
] as const;
export type MatchCriterion = (typeof MATCH_CRITERIA)[number];

/** Relative weights; the matcher normalises them so a pair's score stays within 0–100. */
export const DEFAULT_WEIGHTS: Readonly<Record<MatchCriterion, number>> = Object.freeze({
  expertise: 35, domain: 10, values: 10, cadence: 8, mode: 7, hours: 10, seniority: 8, feedback: 6, department: 6,
  language: 4, career: 6,
});

export const weightsSchema = z.object(
  Object.fromEntries(MATCH_CRITERIA.map((c) => [c, z.number().min(0).max(100).default(DEFAULT_WEIGHTS[c])])) as
    Record<MatchCriterion, z.ZodDefault<z.ZodNumber>>,
).strict().refine((w) => Object.values(w).some((v) => v > 0), { message: 'at least one weight must be above 0' });

/** ISO-8601 duration such as P1M, P14D or PT30S (seconds-long cadences are for demos). */
export const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

export const topicSchema = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, - and _'),
  label: z.object({ en: z.string().min(1).max(75), fr: z.string().min(1).max(75) }).strict(),
}).strict();

/**
 * No figure about fewer people than this is ever shown to a lead, whatever the program's setting:
 * below five, a lead who knows the people can often tell who answered what.
 */
export const MIN_GROUP_FLOOR = 5;

export const programSettingsSchema = z.object({
  topics: z.array(topicSchema).min(1).max(100),
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).min(1).default(['en']),
  checkinCadence: z.string().regex(ISO_DURATION, 'an ISO-8601 duration such as P1M').default('P1M'),
  sessionMinutes: z.number().int().min(15).max(180).default(60),
  durationDays: z.number().int().min(1).max(730).default(180),
  pulseEvery: z.string().regex(ISO_DURATION).default('P3M'),
  defaultCapacity: z.number().int().min(1).max(3).default(1),
  weights: weightsSchema.default(DEFAULT_WEIGHTS),
  objective: z.enum(['participation', 'score']).default('participation'),
  /** Pairs under this score are not proposed with the "score" objective. */
  minScore: z.number().min(0).max(100).default(40),
  /** Hard constraint: minimum shared working hours per day between the two members. */
  minOverlapHours: z.number().min(0).max(12).default(2),
  /** Hard rule on top of the management chain (always applied): never pair two people with the same direct manager. */
  sameTeamRule: z.boolean().default(false),
  proposalTimeoutHours: z.number().int().min(1).max(24 * 30).default(72),
  surveyDays: z.number().int().min(1).max(90).default(14),
  minGroupSize: z.number().int().min(MIN_GROUP_FLOOR).max(100).default(MIN_GROUP_FLOOR),
  retentionDays: z.number().int().min(30).max(3650).default(365),
  /** Who approves an enrolment before it takes part in a round: nobody, a program lead, or the person's manager (a lead when none is known). */
  enrolmentApproval: z.enum(['none', 'lead', 'manager']).default('none'),
  /**
   * Who picks each mentee's mentor: the whole-cohort matching alone ("lead"), or the mentee from a
   * shortlist of their best mentors, ranked before the matching ("choice", docs/programs.md).
   */
  matching: z.enum(['lead', 'choice']).default('lead'),
  /** Mentors on each shortlist ("choice" programs). */
  shortlistSize: z.number().int().min(2).max(5).default(3),
  /** Days mentees have to rank their shortlist once the survey closes. */
  rankingDays: z.number().int().min(1).max(14).default(3),
  /**
   * "flash": a program of flash sessions (docs/programs.md#flash-sessions): no matching rounds; its
   * topics are what `ask` offers, and its mentor survey opts mentors in to flash sessions. Absent:
   * a mentoring program (pairs and circles). Set by the flash template, not by the program form.
   */
  format: z.enum(['mentoring', 'flash']).optional(),
  /** A flash program: the monthly limit a mentor enrolling in it starts with (editable in their profile). */
  flashMonthlyCap: z.number().int().min(1).max(10).optional(),
  /** A note from the program, added to each pair's introduction in the reader's language. */
  introNote: z.object({ en: z.string().trim().min(1).max(500).optional(), fr: z.string().trim().min(1).max(500).optional() }).strict().optional(),
});
export type ProgramSettings = z.infer<typeof programSettingsSchema>;
export type MatchWeights = ProgramSettings['weights'];
