// The cohort file read by `npm run match` (docs/matching.md): program settings, participants with
// their survey answers, org links and the lead's decisions. schemas/cohort.schema.json is
// generated from this schema (`npm run match -- --schema`).
import { z } from 'zod';
import { programSettingsSchema, topicSchema } from '../program-settings.ts';
import { menteeAnswersSchema, mentorAnswersSchema } from '../survey-answers.ts';
import { MAX_SHORTLIST } from './choices.ts';
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

/** A real calendar day as YYYY-MM-DD: 2026-02-30 and 2026-13-45 are refused, not rolled over. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
const calendarDate = z.string().refine(isCalendarDate, { message: 'expected a calendar date as YYYY-MM-DD' });

const s = programSettingsSchema.shape;
export const cohortProgramSchema = z.object({
  weights: s.weights,
  objective: s.objective,
  minScore: s.minScore,
  minOverlapHours: s.minOverlapHours,
  sameTeamRule: s.sameTeamRule,
  /** Optional taxonomy, used for topic labels in rendered reasons. */
  topics: z.array(topicSchema).optional(),
}).strict();

export const cohortSchema = z.object({
  program: cohortProgramSchema.default(() => cohortProgramSchema.parse({})),
  referenceDate: calendarDate.optional(),
  mentees: z.array(z.object({ ...person, answers: menteeAnswersSchema }).strict()),
  mentors: z.array(z.object({ ...person, capacity: z.number().int().min(0).max(10).optional(), answers: mentorAnswersSchema }).strict()),
  org: z.array(z.object({ id, managerId: id.optional() }).strict()).default([]),
  pastPairs: z.array(pair).default([]),
  pins: z.array(pair).default([]),
  forbids: z.array(pair).default([]),
  lockedPairs: z.array(pair).default([]),
  /** Shortlist rankings (docs/matching.md, "Choice"): mentor ids, first choice first, each once. */
  choices: z.array(z.object({ menteeId: id, mentorIds: z.array(id).min(1).max(MAX_SHORTLIST) }).strict()).default([]),
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
  const ranked = new Set<string>();
  c.choices.forEach((choice, k) => {
    if (!mentees.has(choice.menteeId)) ctx.addIssue({ code: 'custom', path: ['choices', k, 'menteeId'], message: `no mentee "${choice.menteeId}"` });
    if (ranked.has(choice.menteeId)) ctx.addIssue({ code: 'custom', path: ['choices', k, 'menteeId'], message: `a second ranking of "${choice.menteeId}"` });
    ranked.add(choice.menteeId);
    choice.mentorIds.forEach((mentorId, r) => {
      if (!mentors.has(mentorId)) ctx.addIssue({ code: 'custom', path: ['choices', k, 'mentorIds', r], message: `no mentor "${mentorId}"` });
      if (choice.mentorIds.indexOf(mentorId) !== r) ctx.addIssue({ code: 'custom', path: ['choices', k, 'mentorIds', r], message: `"${mentorId}" ranked twice` });
    });
  });
});
export type Cohort = z.infer<typeof cohortSchema>;

type Path = readonly PropertyKey[];
interface SchemaDef { type?: string; shape?: Record<string, unknown>; element?: unknown; innerType?: unknown; in?: unknown }
const defOf = (schema: unknown): SchemaDef => ((schema as { _zod?: { def?: SchemaDef } })._zod?.def ?? {});

/** The keys an object of `root` accepts at `path` (empty when the path leads to no object). */
export function keysAt(root: unknown, path: Path): string[] {
  let schema = root;
  const unwrap = (): void => {
    for (let def = defOf(schema); ; def = defOf(schema)) {
      if (def.innerType !== undefined) schema = def.innerType;
      else if (def.type === 'pipe' && def.in !== undefined) schema = def.in;
      else return;
    }
  };
  for (const key of path) {
    unwrap();
    const def = defOf(schema);
    if (typeof key === 'number' && def.type === 'array') schema = def.element;
    else if (typeof key === 'string' && def.type === 'object' && def.shape) schema = def.shape[key];
    else return [];
  }
  unwrap();
  const def = defOf(schema);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** Edit distance counting an insertion, a deletion, a substitution or a swap of two neighbours as one edit (for "did you mean"). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, x) => Array.from({ length: b.length + 1 }, (_, y) => (x === 0 ? y : y === 0 ? x : 0)));
  for (let x = 1; x <= a.length; x++) {
    for (let y = 1; y <= b.length; y++) {
      const cost = a[x - 1] === b[y - 1] ? 0 : 1;
      let best = Math.min(d[x - 1]![y]! + 1, d[x]![y - 1]! + 1, d[x - 1]![y - 1]! + cost);
      if (x > 1 && y > 1 && a[x - 1] === b[y - 2] && a[x - 2] === b[y - 1]) best = Math.min(best, d[x - 2]![y - 2]! + 1);
      d[x]![y] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The known key nearest to a misspelt one, when it is near enough to be a typo. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined, bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) { best = k; bestDistance = d; }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.min(3, Math.floor(key.length / 3))) ? best : undefined;
}

function pathText(path: Path): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/**
 * One line per problem, naming the field: "mentees[3].answers.languages: Too small…", and for an
 * unknown key "mentees[0].answers.ofice: unknown field (did you mean "office"?)", so a lead can
 * fix the file. `schema` is the one that was parsed (for the suggestions).
 */
export function formatIssues(error: z.ZodError, schema: unknown = cohortSchema): string[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, issue.path);
      return issue.keys.map((key) => {
        const near = nearestKey(key, known);
        return `${pathText([...issue.path, key])}: unknown field${near ? ` (did you mean "${near}"?)` : ''}`;
      });
    }
    return [`${pathText(issue.path) || '(root)'}: ${issue.message.replaceAll('\n', ' ')}`];
  });
}

export function cohortToMatchInput(c: Cohort): MatchInput {
  return {
    settings: {
      weights: c.program.weights, objective: c.program.objective, minScore: c.program.minScore,
      minOverlapHours: c.program.minOverlapHours, sameTeamRule: c.program.sameTeamRule,
    },
    mentees: c.mentees, mentors: c.mentors, org: c.org, pastPairs: c.pastPairs, pins: c.pins, forbids: c.forbids,
    lockedPairs: c.lockedPairs, ...(c.choices.length > 0 ? { choices: c.choices } : {}), ...(c.referenceDate ? { referenceDate: c.referenceDate } : {}),
  };
}

export function cohortJsonSchema(): unknown {
  return z.toJSONSchema(cohortSchema, { io: 'input', unrepresentable: 'any' });
}
