// What mentees and mentors answer in the matching surveys (SPEC §3, from the article:
// expertise, affinity, availability, shared values, openness to feedback). These shapes are
// stored in enrollments.answers and are the matcher's input, so both sides share one schema.
import { z } from 'zod';

export const COMMUNICATION_MODES = ['video', 'phone', 'in_person'] as const;
export const FEEDBACK_STYLES = ['direct', 'balanced', 'gentle'] as const;
/** Preferred seniority gap between mentor and mentee, in levels of the org's ladder. */
export const SENIORITY_GAPS = ['any', 'close', 'far'] as const;
export const DEPARTMENT_PREFERENCES = ['outside', 'any', 'inside'] as const;
export const MENTORING_EXPERIENCE = ['none', 'some', 'experienced'] as const;
export const VALUES = [
  'transparency', 'kindness', 'rigor', 'curiosity', 'autonomy', 'collaboration',
  'ambition', 'balance', 'inclusion', 'creativity', 'integrity', 'learning',
] as const;
export const LANGUAGE_CODE = /^[a-z]{2,3}$/;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

export const workingHoursSchema = z.object({ start: hhmm, end: hhmm }).strict().refine(
  (w) => w.start < w.end, { message: 'working hours must end after they start' },
);

const common = {
  /** Function / domain: the mentee's wanted domain, the mentor's own. Free key, e.g. "product". */
  domain: z.string().trim().min(1).max(60),
  values: z.array(z.enum(VALUES)).max(3),
  /** Check-in cadence the person wants, in days between meetings (7, 14, 30…). */
  cadenceDays: z.number().int().min(1).max(92),
  sessionMinutes: z.number().int().min(15).max(180),
  modes: z.array(z.enum(COMMUNICATION_MODES)).min(1),
  /** Office or city, needed when in_person is among the modes. */
  office: z.string().trim().max(80).optional(),
  languages: z.array(z.string().regex(LANGUAGE_CODE)).min(1).max(10),
  /** Local working hours; the time zone comes from the person's platform profile. */
  workingHours: workingHoursSchema,
  feedbackStyle: z.enum(FEEDBACK_STYLES),
  /** Platform-neutral person ids (people.id) this person never wants to be paired with. Private. */
  avoid: z.array(z.string().min(1)).max(50).default([]),
  consent: z.literal(true, { message: 'the confidentiality charter must be accepted' }),
};

export const menteeAnswersSchema = z.object({
  /** Topic keys from the program taxonomy, most wanted first. */
  topics: z.array(z.string().min(1)).min(1).max(5),
  careerObjective: z.string().trim().min(1).max(500),
  /** The mentee agreed to show careerObjective to the mentor they are proposed to (never to a lead). Absent = no. */
  shareObjective: z.boolean().optional(),
  seniorityGap: z.enum(SENIORITY_GAPS),
  department: z.enum(DEPARTMENT_PREFERENCES),
  ...common,
}).strict();
export type MenteeAnswers = z.infer<typeof menteeAnswersSchema>;

export const expertiseSchema = z.object({
  topic: z.string().min(1),
  /** 1 = working knowledge, 2 = strong, 3 = expert. */
  level: z.number().int().min(1).max(3),
  /** Years of experience in this topic, quoted in the reasons when given (the overall figure is yearsExperience). */
  years: z.number().int().min(0).max(60).optional(),
}).strict();

export const mentorAnswersSchema = z.object({
  expertise: z.array(expertiseSchema).min(1).max(10),
  yearsExperience: z.number().int().min(0).max(60),
  capacity: z.number().int().min(1).max(3),
  mentoringExperience: z.enum(MENTORING_EXPERIENCE),
  ...common,
}).strict();
export type MentorAnswers = z.infer<typeof mentorAnswersSchema>;
