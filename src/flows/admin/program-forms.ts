// The program form (SPEC §2, every setting), in four steps: identity & topics, rhythm, matching,
// privacy. Each step is validated on its own (field limits, then the rules of
// programSettingsSchema), and errors are written next to the field, in the lead's language.
import { DEFAULT_WEIGHTS, ISO_DURATION, MATCH_CRITERIA, MIN_GROUP_FLOOR, programSettingsSchema, type MatchCriterion, type ProgramSettings } from '../../domain/program-settings.ts';
import { MAX_TEXT_LENGTH, type FieldValue, type Form, type FormField, type FormValues } from '../../ui/form.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { languageName } from '../../ui/i18n/format.ts';
import { t } from '../../ui/i18n/t.ts';
import { richText } from '../../ui/rich-text.ts';
import { validateForm } from '../../ui/validate-form.ts';
import { parseTopics, topicFieldCount, topicFieldId, topicsToTexts } from './program-topics.ts';

export const PROGRAM_STEPS = ['identity', 'rhythm', 'matching', 'privacy'] as const;
export type ProgramStep = (typeof PROGRAM_STEPS)[number];
export const isProgramStep = (v: unknown): v is ProgramStep => (PROGRAM_STEPS as readonly unknown[]).includes(v);

/** Languages a program can run in (ISO 639-1); the survey offers these to participants. */
const PROGRAM_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'pl', 'sv', 'ja', 'zh'] as const;

export interface ProgramDraft { readonly name: string; readonly description: string | null; readonly settings: ProgramSettings }

const num = (id: string, label: string, min: number, max: number, initial: number | undefined, integer = true): FormField =>
  ({ kind: 'number', id, label, required: true, min, max, integer, ...(initial !== undefined ? { initial } : {}) });

function weightLabel(locale: Locale, c: MatchCriterion): string {
  const labels: Record<MatchCriterion, string> = {
    expertise: t(locale, 'program.weight.expertise'), domain: t(locale, 'program.weight.domain'), values: t(locale, 'program.weight.values'),
    cadence: t(locale, 'program.weight.cadence'), mode: t(locale, 'program.weight.mode'), hours: t(locale, 'program.weight.hours'),
    seniority: t(locale, 'program.weight.seniority'), feedback: t(locale, 'program.weight.feedback'), department: t(locale, 'program.weight.department'),
    language: t(locale, 'program.weight.language'), career: t(locale, 'program.weight.career'),
  };
  return labels[c];
}

/** The topics over several inputs, each within MAX_TEXT_LENGTH, with one more left empty to add to. */
function topicFields(locale: Locale, topics: ProgramSettings['topics'] | undefined): FormField[] {
  const texts = topics ? topicsToTexts(topics) : [];
  return Array.from({ length: topicFieldCount(topics) }, (_, i): FormField => ({
    kind: 'long_text', id: topicFieldId(i), required: i === 0, maxLength: MAX_TEXT_LENGTH,
    ...(i === 0 ? { label: t(locale, 'program.field.topics'), help: t(locale, 'program.field.topics_help') } : { label: t(locale, 'program.field.topics_more') }),
    ...(texts[i] ? { initial: texts[i] } : {}),
  }));
}

function fields(locale: Locale, step: ProgramStep, d: ProgramDraft | undefined): FormField[] {
  const s = d?.settings;
  switch (step) {
    case 'identity': return [
      { kind: 'short_text', id: 'name', label: t(locale, 'program.field.name'), required: true, maxLength: 80, ...(d ? { initial: d.name } : {}) },
      { kind: 'long_text', id: 'description', label: t(locale, 'program.field.description'), required: false, maxLength: 500, ...(d?.description ? { initial: d.description } : {}) },
      ...topicFields(locale, s?.topics),
      {
        kind: 'multi_select', id: 'languages', label: t(locale, 'program.field.languages'), required: true, minSelected: 1,
        options: PROGRAM_LANGUAGES.map((code) => ({ value: code, label: languageName(locale, code) })),
        initial: s ? s.languages.filter((l) => (PROGRAM_LANGUAGES as readonly string[]).includes(l)) : ['en'],
      },
    ];
    case 'rhythm': return [
      { kind: 'short_text', id: 'checkinCadence', label: t(locale, 'program.field.cadence'), help: t(locale, 'program.field.duration_help'), required: true, maxLength: 20, initial: s?.checkinCadence ?? 'P1M' },
      num('sessionMinutes', t(locale, 'program.field.session'), 15, 180, s?.sessionMinutes ?? 60),
      num('durationDays', t(locale, 'program.field.duration_days'), 1, 730, s?.durationDays ?? 180),
      { kind: 'short_text', id: 'pulseEvery', label: t(locale, 'program.field.pulse'), help: t(locale, 'program.field.duration_help'), required: true, maxLength: 20, initial: s?.pulseEvery ?? 'P3M' },
      num('proposalTimeoutHours', t(locale, 'program.field.proposal_timeout'), 1, 720, s?.proposalTimeoutHours ?? 72),
      num('surveyDays', t(locale, 'program.field.survey_days'), 1, 90, s?.surveyDays ?? 14),
      ...(['en', 'fr'] as const).map((l): FormField => ({
        kind: 'long_text', id: `introNote_${l}`, label: l === 'en' ? t(locale, 'program.field.intro_note_en') : t(locale, 'program.field.intro_note_fr'), required: false, maxLength: 500,
        ...(s?.introNote?.[l] ? { initial: s.introNote[l] } : {}),
      })),
    ];
    case 'matching': return [
      { kind: 'single_select', id: 'defaultCapacity', label: t(locale, 'program.field.capacity'), required: true, options: ['1', '2', '3'].map((v) => ({ value: v, label: v })), initial: String(s?.defaultCapacity ?? 1) },
      {
        kind: 'single_select', id: 'objective', label: t(locale, 'program.field.objective'), required: true, initial: s?.objective ?? 'participation',
        options: [{ value: 'participation', label: t(locale, 'program.objective.participation') }, { value: 'score', label: t(locale, 'program.objective.score') }],
      },
      num('minScore', t(locale, 'program.field.min_score'), 0, 100, s?.minScore ?? 40, false),
      num('minOverlapHours', t(locale, 'program.field.min_overlap'), 0, 12, s?.minOverlapHours ?? 2, false),
      {
        kind: 'single_select', id: 'sameTeamRule', label: t(locale, 'program.field.same_team'), required: true, initial: s?.sameTeamRule ? 'yes' : 'no',
        options: [{ value: 'no', label: t(locale, 'program.same_team.no') }, { value: 'yes', label: t(locale, 'program.same_team.yes') }],
      },
      {
        kind: 'single_select', id: 'matching', label: t(locale, 'program.field.matching'), required: false, initial: s?.matching ?? 'lead',
        options: [{ value: 'lead', label: t(locale, 'program.matching.lead') }, { value: 'choice', label: t(locale, 'program.matching.choice') }],
      },
      { ...num('shortlistSize', t(locale, 'program.field.shortlist_size'), 2, 5, s?.shortlistSize ?? 3), required: false },
      { ...num('rankingDays', t(locale, 'program.field.ranking_days'), 1, 14, s?.rankingDays ?? 3), required: false },
      ...MATCH_CRITERIA.map((c) => num(`weight_${c}`, t(locale, 'program.field.weight', { criterion: weightLabel(locale, c) }), 0, 100, s?.weights[c] ?? DEFAULT_WEIGHTS[c])),
    ];
    case 'privacy': return [
      { ...num('minGroupSize', t(locale, 'program.field.min_group'), MIN_GROUP_FLOOR, 100, s?.minGroupSize ?? MIN_GROUP_FLOOR), help: t(locale, 'program.field.min_group_help', { floor: MIN_GROUP_FLOOR }) },
      num('retentionDays', t(locale, 'program.field.retention'), 30, 3650, s?.retentionDays ?? 365),
      {
        kind: 'single_select', id: 'enrolmentApproval', label: t(locale, 'program.field.approval'), required: true, initial: s?.enrolmentApproval ?? 'none',
        options: [
          { value: 'none', label: t(locale, 'program.approval.none') },
          { value: 'lead', label: t(locale, 'program.approval.lead') },
          { value: 'manager', label: t(locale, 'program.approval.manager') },
        ],
      },
    ];
  }
}

function stepIntro(locale: Locale, step: ProgramStep): string {
  switch (step) {
    case 'identity': return t(locale, 'program.step.identity');
    case 'rhythm': return t(locale, 'program.step.rhythm');
    case 'matching': return t(locale, 'program.step.matching');
    case 'privacy': return t(locale, 'program.step.privacy');
  }
}

/** `mode` defaults to editing when there is a draft; a template's draft is a creation. */
export function programFormStep(locale: Locale, step: ProgramStep, ref: string, draft?: ProgramDraft, mode: 'create' | 'edit' = draft ? 'edit' : 'create'): Form {
  const index = PROGRAM_STEPS.indexOf(step) + 1;
  const count = PROGRAM_STEPS.length;
  return {
    kind: 'form', id: `program.${step}`, ref, fields: fields(locale, step, draft), intro: richText(stepIntro(locale, step)),
    title: t(locale, 'form.step_title', { title: mode === 'edit' ? t(locale, 'program.form.title_edit') : t(locale, 'program.form.title_create'), index, count }),
    submitLabel: index === count ? t(locale, 'form.submit') : t(locale, 'form.next'), step: { index, count },
  };
}

export type StepResult = { readonly ok: true; readonly draft: ProgramDraft } | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

const n = (v: FieldValue | undefined): number => Number(v);

/** The two optional notes; undefined when both are empty, so the setting disappears. */
function introNote(v: FormValues): { en?: string; fr?: string } | undefined {
  const text = (id: string) => (typeof v[id] === 'string' && v[id].trim() !== '' ? v[id].trim() : undefined);
  const en = text('introNote_en'), fr = text('introNote_fr');
  return en || fr ? { ...(en ? { en } : {}), ...(fr ? { fr } : {}) } : undefined;
}

/** Settings the step changes, merged over the current ones (defaults for a new program). */
function patch(step: ProgramStep, v: FormValues, current: ProgramSettings | undefined): { ok: true; changes: Record<string, unknown> } | { ok: false; badDuration: string } {
  switch (step) {
    case 'identity': return { ok: true, changes: { languages: v.languages } };
    case 'rhythm':
      for (const id of ['checkinCadence', 'pulseEvery'] as const) if (!ISO_DURATION.test(String(v[id]).toUpperCase())) return { ok: false, badDuration: id };
      return { ok: true, changes: {
        checkinCadence: String(v.checkinCadence).toUpperCase(), pulseEvery: String(v.pulseEvery).toUpperCase(), sessionMinutes: n(v.sessionMinutes),
        durationDays: n(v.durationDays), proposalTimeoutHours: n(v.proposalTimeoutHours), surveyDays: n(v.surveyDays),
        introNote: introNote(v),
      } };
    case 'matching': return { ok: true, changes: {
      defaultCapacity: n(v.defaultCapacity), objective: v.objective, minScore: n(v.minScore), minOverlapHours: n(v.minOverlapHours),
      sameTeamRule: v.sameTeamRule === 'yes',
      // Left out of an older form (or a client that drops them): the current setting stays.
      matching: v.matching ?? current?.matching, shortlistSize: v.shortlistSize === undefined ? current?.shortlistSize : n(v.shortlistSize),
      rankingDays: v.rankingDays === undefined ? current?.rankingDays : n(v.rankingDays),
      weights: { ...current?.weights, ...Object.fromEntries(MATCH_CRITERIA.map((c) => [c, n(v[`weight_${c}`])])) },
    } };
    case 'privacy': return { ok: true, changes: { minGroupSize: n(v.minGroupSize), retentionDays: n(v.retentionDays), enrolmentApproval: v.enrolmentApproval } };
  }
}

function belowFloor(raw: unknown): boolean {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).minGroupSize : undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim().replace(',', '.')) : Number.NaN;
  return Number.isFinite(n) && n < MIN_GROUP_FLOOR;
}

export function readProgramStep(locale: Locale, step: ProgramStep, raw: unknown, current: ProgramDraft | undefined): StepResult {
  const form = programFormStep(locale, step, 'unused', current);
  const checked = validateForm(form, raw, locale);
  if (!checked.ok) {
    // The floor gets its reason, so a lead trying 2 or 4 learns why it is refused.
    return checked.errors.minGroupSize && belowFloor(raw)
      ? { ok: false, errors: { ...checked.errors, minGroupSize: t(locale, 'program.error.min_group_floor', { floor: MIN_GROUP_FLOOR }) } }
      : checked;
  }
  const v = checked.values;
  let topics = current?.settings.topics;
  if (step === 'identity') {
    const inputs = form.fields.filter((f) => f.id.startsWith('topics')).map((f) => ({ id: f.id, text: v[f.id] === undefined ? '' : String(v[f.id]) }));
    const parsed = parseTopics(locale, inputs);
    if (!parsed.ok) return parsed;
    topics = parsed.topics;
  }
  const changes = patch(step, v, current?.settings);
  if (!changes.ok) return { ok: false, errors: { [changes.badDuration]: t(locale, 'program.error.duration') } };
  const settings = programSettingsSchema.safeParse({ ...current?.settings, topics, ...changes.changes });
  if (!settings.success) {
    // The field limits above mirror the schema; this catches rules spanning fields (weights all 0).
    const errors: Record<string, string> = {};
    for (const issue of settings.error.issues) {
      const id = issue.path[0] === 'weights' ? 'weight_expertise' : String(issue.path[0] ?? '_form');
      errors[id] = issue.path[0] === 'weights' ? t(locale, 'program.error.weights') : t(locale, 'program.error.invalid');
    }
    return { ok: false, errors };
  }
  return {
    ok: true,
    draft: {
      name: step === 'identity' ? String(v.name) : current?.name ?? '',
      description: step === 'identity' ? (v.description === undefined ? null : String(v.description)) : current?.description ?? null,
      settings: settings.data,
    },
  };
}
