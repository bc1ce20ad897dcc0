// The mentee and mentor surveys as multi-step neutral forms, built from the program settings
// in the person's language, and the conversion of their validated values into the answers the
// matcher reads. Each step is validated on submission with validateSurveyStep (field rules plus
// the few rules that span fields); the flow merges the steps' values before converting.
import type { ProgramSettings } from '../../domain/program-settings.ts';
import {
  DEPARTMENT_PREFERENCES, MENTORING_EXPERIENCE, SENIORITY_GAPS, menteeAnswersSchema, mentorAnswersSchema,
  type MenteeAnswers, type MentorAnswers,
} from '../../domain/survey-answers.ts';
import { formFlow, type FormField, type FormFlow, type FormValues } from '../../ui/form.ts';
import { affinityFields, avoidField, consentField, practicalFields, topicOptions } from '../../ui/forms/survey-fields.ts';
import { checkSurveyRules } from '../../ui/forms/survey-rules.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { t } from '../../ui/i18n/t.ts';
import { richText } from '../../ui/rich-text.ts';
import { validateForm, type FormValidation } from '../../ui/validate-form.ts';
import type { Form } from '../../ui/model.ts';

export const MAX_RANKED_TOPICS = 5;
export const MAX_EXPERTISE = 10;

export interface SurveyContext {
  readonly settings: ProgramSettings;
  readonly locale: Locale;
  /** The person's IANA time zone from their platform profile; working hours are read in it. */
  readonly timeZone: string;
  /** Signed action ref carried by every step (action-ref.ts). */
  readonly ref: string;
}

/** Said before the person submits, in a program whose enrolments someone approves (approval.flow.ts). */
function approvalNotice(ctx: SurveyContext): string | undefined {
  switch (ctx.settings.enrolmentApproval) {
    case 'lead': return t(ctx.locale, 'survey.approval_notice.lead');
    case 'manager': return t(ctx.locale, 'survey.approval_notice.manager');
    default: return undefined;
  }
}

const step = (ctx: SurveyContext, id: string, title: string, intro: string, fields: FormField[], last: boolean, index: number, count: number): Omit<Form, 'step'> => ({
  kind: 'form', id, ref: ctx.ref, fields, intro: richText(last && approvalNotice(ctx) ? `${intro} ${approvalNotice(ctx)}` : intro),
  title: t(ctx.locale, 'form.step_title', { title, index, count }),
  submitLabel: last ? t(ctx.locale, 'form.submit') : t(ctx.locale, 'form.next'),
});

const single = (id: string, label: string, options: readonly { value: string; label: string }[], initial?: string): FormField => ({
  kind: 'single_select', id, label, required: true, options, ...(initial ? { initial } : {}),
});

export function menteeSurvey(ctx: SurveyContext, previous?: MenteeAnswers, managerId?: string): FormFlow {
  const { locale: l, settings } = ctx;
  const title = t(l, 'survey.mentee.title');
  const topics = topicOptions(settings, l);
  const known = new Set(topics.map((o) => o.value));
  const previousTopics = previous?.topics.filter((k) => known.has(k));
  const goals: FormField[] = [
    {
      kind: 'ranked', id: 'topics', label: t(l, 'survey.topics.label'), help: t(l, 'survey.topics.help', { count: MAX_RANKED_TOPICS }),
      required: true, options: topics, minRanked: 1, maxRanked: Math.min(MAX_RANKED_TOPICS, topics.length),
      ...(previousTopics && previousTopics.length > 0 ? { initial: previousTopics } : {}),
    },
    {
      kind: 'long_text', id: 'careerObjective', label: t(l, 'survey.career.label'), help: t(l, 'survey.career.help'),
      required: true, maxLength: 500, ...(previous ? { initial: previous.careerObjective } : {}),
    },
    {
      kind: 'checkbox', id: 'shareObjective', label: t(l, 'survey.share_objective.label'), help: t(l, 'survey.share_objective.help'),
      required: false, initial: previous?.shareObjective === true,
    },
    {
      kind: 'short_text', id: 'domain', label: t(l, 'survey.domain_wanted.label'), help: t(l, 'survey.domain.help'),
      required: true, maxLength: 60, ...(previous ? { initial: previous.domain } : {}),
    },
    single('seniorityGap', t(l, 'survey.seniority.label'), SENIORITY_GAPS.map((g) => ({
      value: g, label: g === 'any' ? t(l, 'survey.seniority.any') : g === 'close' ? t(l, 'survey.seniority.close') : t(l, 'survey.seniority.far'),
    })), previous?.seniorityGap ?? 'any'),
    single('department', t(l, 'survey.department.label'), DEPARTMENT_PREFERENCES.map((d) => ({
      value: d, label: d === 'outside' ? t(l, 'survey.department.outside') : d === 'any' ? t(l, 'survey.department.any') : t(l, 'survey.department.inside'),
    })), previous?.department ?? 'any'),
  ];
  const privacy: FormField[] = [
    avoidField(l, previous?.avoid),
    {
      kind: 'person', id: 'manager', label: t(l, 'survey.manager.label'), help: t(l, 'survey.manager.help'),
      required: false, multiple: false, excludeSelf: true, ...(managerId ? { initial: [managerId] } : {}),
    },
    consentField(l),
  ];
  const steps = [
    ['goals', t(l, 'survey.step.goals'), goals],
    ['affinity', t(l, 'survey.step.affinity'), affinityFields(l, 'mentee', previous ?? {})],
    ['practical', t(l, 'survey.step.practical'), practicalFields(settings, l, ctx.timeZone, previous ?? {})],
    ['privacy', t(l, 'survey.step.privacy'), privacy],
  ] as const;
  return formFlow('survey.mentee', steps.map(([id, intro, fields], i) =>
    step(ctx, `survey.mentee.${id}`, title, intro, [...fields], i === steps.length - 1, i + 1, steps.length)));
}

/** The id of the optional "years in this topic" field of the mentor survey's experience step. */
export const topicYearsField = (topic: string): string => `years_${topic}`;

/**
 * The topics the mentor picked in the expertise step (the draft of this survey, else the answers
 * they submitted before), most expert first: the experience step asks the years for each of them.
 */
function pickedTopics(topics: readonly { value: string }[], draft: FormValues | undefined, previous: MentorAnswers | undefined): string[] {
  const known = new Set(topics.map((o) => o.value));
  const fromDraft = draft && ([3, 2, 1] as const).some((level) => `expertise${level}` in draft)
    ? ([3, 2, 1] as const).flatMap((level) => list(draft, `expertise${level}`))
    : undefined;
  const picked = fromDraft ?? (previous?.expertise ?? []).map((e) => e.topic);
  return [...new Set(picked)].filter((k) => known.has(k)).slice(0, MAX_EXPERTISE);
}

export function mentorSurvey(ctx: SurveyContext, previous?: MentorAnswers, draft?: FormValues): FormFlow {
  const { locale: l, settings } = ctx;
  const title = t(l, 'survey.mentor.title');
  const topics = topicOptions(settings, l);
  const atLevel = (level: number): string[] =>
    (previous?.expertise ?? []).filter((e) => e.level === level && topics.some((o) => o.value === e.topic)).map((e) => e.topic);
  const levelField = (id: string, label: string, level: number): FormField => {
    const initial = atLevel(level);
    return {
      kind: 'multi_select', id, label, required: false, options: topics, maxSelected: MAX_EXPERTISE,
      help: t(l, 'survey.expertise.help', { count: MAX_EXPERTISE }), ...(initial.length > 0 ? { initial } : {}),
    };
  };
  const expertise: FormField[] = [
    levelField('expertise3', t(l, 'survey.expertise.level3'), 3),
    levelField('expertise2', t(l, 'survey.expertise.level2'), 2),
    levelField('expertise1', t(l, 'survey.expertise.level1'), 1),
    {
      kind: 'short_text', id: 'domain', label: t(l, 'survey.domain_own.label'), help: t(l, 'survey.domain.help'),
      required: true, maxLength: 60, ...(previous ? { initial: previous.domain } : {}),
    },
    single('mentoringExperience', t(l, 'survey.mentoring_experience.label'), MENTORING_EXPERIENCE.map((m) => ({
      value: m,
      label: m === 'none' ? t(l, 'survey.mentoring_experience.none') : m === 'some' ? t(l, 'survey.mentoring_experience.some') : t(l, 'survey.mentoring_experience.experienced'),
    })), previous?.mentoringExperience),
  ];
  // Asked once the topics are known, so a reason can quote the years in that topic, not the career.
  const years: FormField[] = [
    { kind: 'number', id: 'yearsExperience', label: t(l, 'survey.years.label'), required: true, integer: true, min: 0, max: 60, ...(previous ? { initial: previous.yearsExperience } : {}) },
    ...pickedTopics(topics, draft, previous).map((key): FormField => {
      const initial = previous?.expertise.find((e) => e.topic === key)?.years;
      return {
        kind: 'number', id: topicYearsField(key), integer: true, min: 0, max: 60, required: false,
        label: t(l, 'survey.topic_years.label', { topic: topics.find((o) => o.value === key)!.label }),
        ...(initial !== undefined ? { initial } : {}),
      };
    }),
  ];
  const capacity = single('capacity', t(l, 'survey.capacity.label'), [1, 2, 3].map((n) => ({
    value: String(n), label: t(l, 'survey.capacity.option', { count: n }),
  })), String(previous?.capacity ?? settings.defaultCapacity));
  const steps = [
    ['expertise', t(l, 'survey.step.expertise'), expertise],
    ['experience', t(l, 'survey.step.experience'), years],
    ['practical', t(l, 'survey.step.practical'), [capacity, ...practicalFields(settings, l, ctx.timeZone, previous ?? {})]],
    ['affinity', t(l, 'survey.step.affinity'), affinityFields(l, 'mentor', previous ?? {})],
    ['privacy', t(l, 'survey.step.privacy'), [avoidField(l, previous?.avoid), consentField(l)]],
  ] as const;
  return formFlow('survey.mentor', steps.map(([id, intro, fields], i) =>
    step(ctx, `survey.mentor.${id}`, title, intro, [...fields], i === steps.length - 1, i + 1, steps.length)));
}

/** Field rules, then the rules that span fields of the step (office, hours, expertise). */
export function validateSurveyStep(form: Form, raw: unknown, locale: Locale): FormValidation {
  const result = validateForm(form, raw, locale);
  if (!result.ok) return result;
  const errors = checkSurveyRules(result.values, form.fields.map((f) => f.id), locale, MAX_EXPERTISE);
  return errors ? { ok: false, errors } : result;
}

export type AnswersResult<A> =
  | { readonly ok: true; readonly answers: A }
  | { readonly ok: false; readonly reason: 'survey.invalid_answers'; readonly issues: readonly string[] };

const str = (v: FormValues, id: string): string | undefined => (typeof v[id] === 'string' ? (v[id] as string) : undefined);
const list = (v: FormValues, id: string): string[] => (Array.isArray(v[id]) ? [...(v[id] as readonly string[])] : []);
const int = (v: FormValues, id: string): number => Number(v[id]);

function common(v: FormValues) {
  const office = str(v, 'office');
  return {
    domain: str(v, 'domain'), values: list(v, 'values'), cadenceDays: int(v, 'cadenceDays'), sessionMinutes: int(v, 'sessionMinutes'),
    modes: list(v, 'modes'), ...(office ? { office } : {}), languages: list(v, 'languages'),
    workingHours: { start: str(v, 'workStart'), end: str(v, 'workEnd') }, feedbackStyle: str(v, 'feedbackStyle'),
    avoid: list(v, 'avoid'), consent: v.consent,
  };
}

function parsed<A>(result: { success: true; data: A } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } }): AnswersResult<A> {
  return result.success
    ? { ok: true, answers: result.data }
    : { ok: false, reason: 'survey.invalid_answers', issues: result.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`) };
}

/** Merged, validated values of all mentee steps → answers; `managerId` is stored on the person, not in the answers. */
export function menteeAnswersFromValues(values: FormValues): AnswersResult<MenteeAnswers> & { readonly managerId?: string } {
  const result = parsed(menteeAnswersSchema.safeParse({
    ...common(values), topics: list(values, 'topics'), careerObjective: str(values, 'careerObjective'),
    ...(values.shareObjective === true ? { shareObjective: true } : {}),
    seniorityGap: str(values, 'seniorityGap'), department: str(values, 'department'),
  }));
  const managerId = list(values, 'manager')[0];
  return result.ok && managerId ? { ...result, managerId } : result;
}

export function mentorAnswersFromValues(values: FormValues): AnswersResult<MentorAnswers> {
  const expertise = ([3, 2, 1] as const).flatMap((level) => list(values, `expertise${level}`).map((topic) => {
    const years = values[topicYearsField(topic)];
    return { topic, level, ...(typeof years === 'number' ? { years } : {}) };
  }));
  return parsed(mentorAnswersSchema.safeParse({
    ...common(values), expertise, yearsExperience: values.yearsExperience, capacity: int(values, 'capacity'),
    mentoringExperience: str(values, 'mentoringExperience'),
  }));
}
