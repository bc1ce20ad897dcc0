import { describe, expect, it } from 'vitest';
import { programSettingsSchema } from '../../src/domain/program-settings.ts';
import type { MenteeAnswers, MentorAnswers } from '../../src/domain/survey-answers.ts';
import { menteeAnswersFromValues, menteeSurvey, mentorAnswersFromValues, mentorSurvey, validateSurveyStep } from '../../src/flows/enrol/survey-forms.ts';
import { formProblems } from '../../src/ui/check-form.ts';
import { MAX_FIELDS_PER_STEP, MAX_OPTIONS, type Form, type FormFlow, type FormValues } from '../../src/ui/form.ts';

const settings = programSettingsSchema.parse({
  topics: [
    { key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } },
    { key: 'public-speaking', label: { en: 'Public speaking', fr: 'Prise de parole en public' } },
    { key: 'negotiation', label: { en: 'Negotiation', fr: 'Négociation' } },
    { key: 'product', label: { en: 'Product management', fr: 'Gestion de produit' } },
    { key: 'career', label: { en: 'Career moves', fr: 'Évolution de carrière' } },
    { key: 'finance', label: { en: 'Finance basics', fr: 'Bases de la finance' } },
  ],
  languages: ['fr', 'en'],
  checkinCadence: 'P2W',
  sessionMinutes: 50,
});
const ctx = (locale: 'en' | 'fr') => ({ settings, locale, timeZone: 'Europe/Paris', ref: 'signed-ref' });

const mentee: MenteeAnswers = {
  topics: ['public-speaking', 'leadership', 'career'], careerObjective: 'Lead a product team within two years.',
  seniorityGap: 'close', department: 'outside', domain: 'product', values: ['transparency', 'learning'],
  cadenceDays: 14, sessionMinutes: 50, modes: ['video', 'in_person'], office: 'Lyon', languages: ['fr', 'en'],
  workingHours: { start: '08:30', end: '17:00' }, feedbackStyle: 'direct', avoid: ['person-7'], consent: true,
};
const mentor: MentorAnswers = {
  expertise: [{ topic: 'leadership', level: 3 }, { topic: 'finance', level: 3 }, { topic: 'negotiation', level: 2 }, { topic: 'career', level: 1 }],
  yearsExperience: 18, capacity: 2, mentoringExperience: 'some', domain: 'finance', values: ['rigor', 'kindness', 'integrity'],
  cadenceDays: 30, sessionMinutes: 60, modes: ['phone'], languages: ['en'], workingHours: { start: '10:00', end: '18:30' },
  feedbackStyle: 'balanced', avoid: [], consent: true,
};

/** What a person submitting each step unchanged would send (the consent must be ticked by hand). */
const initialRaw = (form: Form): Record<string, unknown> =>
  Object.fromEntries(form.fields.map((f) => [f.id, f.id === 'consent' ? true : f.initial]));

function submitAll(flow: FormFlow, locale: 'en' | 'fr', edit: (form: Form, raw: Record<string, unknown>) => void = () => {}): FormValues {
  let merged: FormValues = {};
  for (const form of flow.steps) {
    const raw = initialRaw(form);
    edit(form, raw);
    const result = validateSurveyStep(form, raw, locale);
    if (!result.ok) throw new Error(`${form.id}: ${JSON.stringify(result.errors)}`);
    merged = { ...merged, ...result.values };
  }
  return merged;
}

describe('survey forms', () => {
  it.each(['en', 'fr'] as const)('fit the platform limits (%s)', (locale) => {
    for (const [flow, count] of [[menteeSurvey(ctx(locale)), 4], [mentorSurvey(ctx(locale), mentor), 5]] as const) {
      expect(flow.steps.length).toBe(count);
      const ids = flow.steps.flatMap((s) => s.fields.map((f) => f.id));
      expect(new Set(ids).size).toBe(ids.length);
      flow.steps.forEach((form, i) => {
        expect(form.step).toEqual({ index: i + 1, count });
        expect(form.title.length).toBeLessThanOrEqual(24); // Slack modal title limit
        expect(form.submitLabel.length).toBeLessThanOrEqual(24);
        expect(form.ref).toBe('signed-ref');
        expect(form.fields.length).toBeLessThanOrEqual(MAX_FIELDS_PER_STEP);
        for (const f of form.fields) if ('options' in f) expect(f.options.length).toBeLessThanOrEqual(MAX_OPTIONS);
        expect(formProblems(form)).toEqual([]);
      });
    }
  });

  it('stay well-formed with a full 100-topic taxonomy and pre-filled answers', () => {
    const big = { ...settings, topics: Array.from({ length: 100 }, (_, i) => ({ key: `t${i}`, label: { en: `Topic ${i}`, fr: `Sujet ${i}` } })) };
    for (const flow of [menteeSurvey({ ...ctx('fr'), settings: big }, mentee), mentorSurvey({ ...ctx('en'), settings: big }, mentor)]) {
      for (const form of flow.steps) expect(formProblems(form), form.id).toEqual([]);
    }
  });

  it('speaks the person’s language, topics included', () => {
    const [goals] = menteeSurvey(ctx('fr')).steps;
    expect(goals?.title).toBe('Trouver un mentor (1/4)');
    const topics = goals?.fields.find((f) => f.id === 'topics');
    expect(topics).toMatchObject({ kind: 'ranked', maxRanked: 5, label: 'Sujets à développer, du plus important au moins important' });
    expect(topics && 'options' in topics && topics.options.map((o) => o.label)).toContain('Prise de parole en public');
    const languages = menteeSurvey(ctx('fr')).steps[2]?.fields.find((f) => f.id === 'languages');
    expect(languages && 'options' in languages && languages.options).toEqual([{ value: 'fr', label: 'Français' }, { value: 'en', label: 'Anglais' }]);
    expect(menteeSurvey(ctx('en')).steps[3]?.submitLabel).toBe('Submit');
    expect(menteeSurvey(ctx('fr')).steps[0]?.submitLabel).toBe('Suivant');
  });

  it('pre-fills from the program: cadence, session length, capacity', () => {
    const practical = mentorSurvey(ctx('en')).steps[2] as Form;
    const initial = initialRaw(practical);
    expect(initial).toMatchObject({ cadenceDays: '14', sessionMinutes: '50', capacity: '1', workStart: '09:00' });
    expect(practical.fields.find((f) => f.id === 'sessionMinutes')).toMatchObject({ options: expect.arrayContaining([{ value: '50', label: '50 minutes' }]) });
  });

  it('round-trips mentee answers through the forms', () => {
    const values = submitAll(menteeSurvey(ctx('fr'), mentee, 'manager-1'), 'fr');
    expect(menteeAnswersFromValues(values)).toEqual({ ok: true, answers: mentee, managerId: 'manager-1' });
  });

  it('round-trips mentor answers through the forms', () => {
    const values = submitAll(mentorSurvey(ctx('en'), mentor), 'en');
    const result = mentorAnswersFromValues(values);
    expect(result).toEqual({ ok: true, answers: mentor });
  });

  it('asks a mentor the years in each topic picked, most expert first, and keeps them per topic', () => {
    const draft = { expertise3: ['finance'], expertise1: ['career'] };
    const experience = mentorSurvey(ctx('fr'), undefined, draft).steps[1] as Form;
    expect(experience.fields.map((f) => [f.id, f.label, f.required])).toEqual([
      ['yearsExperience', 'Années d’expérience professionnelle', true],
      ['years_finance', 'Bases de la finance\u00a0: années d’expérience', false],
      ['years_career', 'Évolution de carrière\u00a0: années d’expérience', false],
    ]);
    expect(validateSurveyStep(experience, { yearsExperience: 20, years_finance: 61 }, 'en'))
      .toEqual({ ok: false, errors: { years_finance: expect.stringContaining('60') } });

    const withYears: MentorAnswers = { ...mentor, expertise: [{ topic: 'leadership', level: 3, years: 9 }, { topic: 'finance', level: 3 }, { topic: 'negotiation', level: 2, years: 0 }, { topic: 'career', level: 1 }] };
    const again = mentorSurvey(ctx('en'), withYears).steps[1] as Form;
    expect(initialRaw(again)).toEqual({ yearsExperience: 18, years_leadership: 9, years_finance: undefined, years_negotiation: 0, years_career: undefined });
    expect(mentorAnswersFromValues(submitAll(mentorSurvey(ctx('en'), withYears), 'en'))).toEqual({ ok: true, answers: withYears });
  });

  it('builds answers from a fresh survey filled by hand', () => {
    const values = submitAll(menteeSurvey(ctx('en')), 'en', (form, raw) => {
      Object.assign(raw, { topics: ['finance'], careerObjective: 'Understand budgets', domain: 'finance', modes: ['video'], feedbackStyle: 'gentle' });
      if (form.id.endsWith('privacy')) raw.avoid = [];
    });
    const result = menteeAnswersFromValues(values);
    expect(result).toMatchObject({ ok: true, answers: { topics: ['finance'], values: [], avoid: [], cadenceDays: 14, languages: ['en'], workingHours: { start: '09:00', end: '17:30' } } });
    expect(result.ok && 'office' in result.answers).toBe(false);
    expect('managerId' in result).toBe(false);
  });

  it('refuses incomplete values rather than inventing answers', () => {
    expect(menteeAnswersFromValues({})).toMatchObject({ ok: false, reason: 'survey.invalid_answers' });
    const values = submitAll(menteeSurvey(ctx('en'), mentee), 'en');
    expect(menteeAnswersFromValues({ ...values, consent: false })).toMatchObject({ ok: false, issues: [expect.stringContaining('consent')] });
  });

  it('never pre-ticks consent', () => {
    const privacy = menteeSurvey(ctx('en'), mentee).steps[3] as Form;
    expect(validateSurveyStep(privacy, { ...initialRaw(privacy), consent: undefined }, 'fr'))
      .toEqual({ ok: false, errors: { consent: 'Merci de cocher cette case pour continuer.' } });
  });
});

describe('cross-field survey rules', () => {
  const practical = menteeSurvey(ctx('en'), mentee).steps[2] as Form;
  const expertise = mentorSurvey(ctx('en'), mentor).steps[0] as Form;

  it('asks for an office when meeting in person', () => {
    expect(validateSurveyStep(practical, { ...initialRaw(practical), office: '' }, 'en'))
      .toEqual({ ok: false, errors: { office: 'Tell us your office or city, since you are open to meeting in person.' } });
    expect(validateSurveyStep(practical, { ...initialRaw(practical), office: '', modes: ['video'] }, 'en').ok).toBe(true);
  });

  it('wants the working day to end after it starts', () => {
    expect(validateSurveyStep(practical, { ...initialRaw(practical), workStart: '18:00', workEnd: '09:00' }, 'fr'))
      .toEqual({ ok: false, errors: { workEnd: 'Votre journée de travail doit finir après avoir commencé.' } });
  });

  it('checks expertise across the three levels', () => {
    const raw = initialRaw(expertise);
    expect(validateSurveyStep(expertise, { ...raw, expertise1: [], expertise2: [], expertise3: [] }, 'en'))
      .toEqual({ ok: false, errors: { expertise3: 'Pick at least one topic you can help with.' } });
    expect(validateSurveyStep(expertise, { ...raw, expertise1: ['leadership'] }, 'en'))
      .toEqual({ ok: false, errors: { expertise3: 'Each topic can appear at one level only.' } });
  });

  it('reports field errors before cross-field ones, and nothing is returned', () => {
    const result = validateSurveyStep(practical, { ...initialRaw(practical), languages: ['de'], office: '' }, 'en');
    expect(result).toEqual({ ok: false, errors: { languages: 'Please pick one of the options offered.' } });
  });
});
