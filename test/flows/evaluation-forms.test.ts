import { describe, expect, it } from 'vitest';
import { checkinForm, checkinFromValues, MAX_GOALS_IN_CHECKIN } from '../../src/flows/pair/checkin-forms.ts';
import { goalForm, goalFromValues } from '../../src/flows/pair/goal-forms.ts';
import { pulseForm, pulseFromValues } from '../../src/flows/evaluation/pulse-forms.ts';
import { formProblems } from '../../src/ui/check-form.ts';
import { validateForm } from '../../src/ui/validate-form.ts';

const goals = [{ id: 'g1', title: 'Present the strategy', progress: 20 }, { id: 'g2', title: 'Negotiate a budget', progress: 0 }];

describe('goal form', () => {
  const form = goalForm({ locale: 'fr', ref: 'r', today: '2027-03-01' });
  it('asks what, how it is measured and by when', () => {
    expect(form.fields.map((f) => [f.id, f.kind, f.required])).toEqual([['title', 'long_text', true], ['measure', 'long_text', true], ['achievable', 'long_text', false], ['relevant', 'long_text', false], ['targetDate', 'date', true]]);
    expect(form.fields[0]?.label).toBe('Que voulez-vous accomplir\u00a0?');
  });
  it('turns valid values into a goal and refuses a past date', () => {
    const raw = { title: ' Pitch ', measure: 'Done', targetDate: '2027-06-30' };
    const ok = validateForm(form, raw, 'fr');
    expect(ok.ok && goalFromValues(ok.values)).toEqual({ title: 'Pitch', measure: 'Done', targetDate: '2027-06-30', achievable: null, relevant: null });
    expect(validateForm(form, { ...raw, targetDate: '2027-02-28' }, 'fr')).toEqual({ ok: false, errors: { targetDate: 'La date doit être le 1er mars 2027 ou après.' } });
  });
  it('pre-fills when editing', () => {
    const edit = goalForm({ locale: 'en', ref: 'r', today: '2027-03-01' }, { title: 'A', measure: 'B', targetDate: '2027-04-01' });
    expect(edit.fields.map((f) => f.initial)).toEqual(['A', 'B', undefined, undefined, '2027-04-01']);
  });
});

describe('check-in form', () => {
  const form = checkinForm({ locale: 'en', ref: 'r', role: 'mentor', partnerName: 'Mia' }, goals);
  it('has met, usefulness, one progress field per goal, the shared next steps and a private note', () => {
    expect(form.fields.map((f) => f.id)).toEqual(['met', 'usefulness', 'progress.g1', 'progress.g2', 'nextSteps', 'privateNote']);
    expect(form.fields[2]).toMatchObject({ label: 'Present the strategy', min: 0, max: 100, initial: 20 });
  });
  it('labels the shared fields as shared with the partner by name, and the note as private, in both languages', () => {
    const mentee = checkinForm({ locale: 'en', ref: 'r', role: 'mentee', partnerName: 'Omar' }, goals);
    expect(mentee.fields.map((f) => f.id)).toEqual(['met', 'usefulness', 'progress.g1', 'progress.g2', 'nextSteps', 'adviceApplied', 'privateNote']);
    const byId = (f: typeof mentee, id: string) => f.fields.find((x) => x.id === id)!;
    expect(byId(mentee, 'nextSteps').label).toBe('What we agreed to do next (shared with Omar)');
    expect(byId(mentee, 'adviceApplied').label).toBe('Advice I applied, and how it went (shared with Omar)');
    expect(byId(mentee, 'privateNote')).toMatchObject({ label: 'Private note', help: 'Only you will ever see this note.' });
    const fr = checkinForm({ locale: 'fr', ref: 'r', role: 'mentee', partnerName: 'Omar' }, goals);
    expect(byId(fr, 'nextSteps').label).toBe('Ce que nous avons convenu de faire ensuite (partagé avec Omar)');
    expect(byId(fr, 'adviceApplied').help).toContain('Omar le verra');
  });
  it('keeps the shared lines apart from the private note', () => {
    const mentee = checkinForm({ locale: 'en', ref: 'r', role: 'mentee', partnerName: 'Omar' }, goals);
    const ok = validateForm(mentee, { met: 'yes', usefulness: 4, nextSteps: ' Draft the deck ', adviceApplied: 'Asked for feedback early', privateNote: 'tired' }, 'en');
    expect(ok.ok && checkinFromValues(ok.values, goals)).toEqual({
      met: 'yes', usefulness: 4, goalProgress: {}, nextSteps: 'Draft the deck', adviceApplied: 'Asked for feedback early', privateNote: 'tired',
    });
    expect(validateForm(mentee, { met: 'yes', nextSteps: 'x'.repeat(1001) }, 'en')).toMatchObject({ ok: false, errors: { nextSteps: 'At most 1,000 characters, please.' } });
  });
  it('records progress and keeps usefulness only when they met', () => {
    const ok = validateForm(form, { met: 'yes', usefulness: '4', 'progress.g1': '35', 'progress.g2': '', privateNote: 'tired' }, 'en');
    expect(ok.ok && checkinFromValues(ok.values, goals)).toEqual({ met: 'yes', usefulness: 4, goalProgress: { g1: 35 }, privateNote: 'tired' });
    const notMet = validateForm(form, { met: 'not_yet', usefulness: 3 }, 'en');
    expect(notMet.ok && checkinFromValues(notMet.values, goals)).toEqual({ met: 'not_yet', goalProgress: {} });
  });
  it('refuses out-of-range progress and unknown answers', () => {
    expect(validateForm(form, { met: 'maybe', 'progress.g1': 120 }, 'fr')).toEqual({
      ok: false, errors: { met: 'Merci de choisir parmi les options proposées.', 'progress.g1': 'Le maximum est 100.' },
    });
  });
  it('shows at most ten goals', () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ id: `g${i}`, title: `Goal ${i}`, progress: 0 }));
    expect(checkinForm({ locale: 'en', ref: 'r', role: 'mentor', partnerName: 'Mia' }, many).fields).toHaveLength(MAX_GOALS_IN_CHECKIN + 4);
  });
});

describe('pulse form', () => {
  const form = pulseForm({ locale: 'fr', ref: 'r' });
  it('asks three 1–5 ratings, a 0–10 recommendation and an optional comment', () => {
    expect(form.fields.map((f) => [f.id, f.kind === 'rating' ? f.scale : f.kind, f.required])).toEqual([
      ['satisfaction', '1-5', true], ['relationship', '1-5', true], ['progress', '1-5', true], ['recommend', '0-10', true], ['comment', 'long_text', false],
    ]);
  });
  it('turns valid values into an answer', () => {
    const ok = validateForm(form, { satisfaction: 5, relationship: '4', progress: 3, recommend: 0 }, 'fr');
    expect(ok.ok && pulseFromValues(ok.values)).toEqual({ satisfaction: 5, relationship: 4, progress: 3, recommend: 0 });
    expect(validateForm(form, { satisfaction: 6, relationship: 4, progress: 3 }, 'en')).toEqual({
      ok: false, errors: { satisfaction: 'The maximum is 5.', recommend: 'This field is required.' },
    });
  });
});

describe('all evaluation forms', () => {
  it('are well-formed in both languages', () => {
    for (const locale of ['en', 'fr'] as const) {
      for (const form of [goalForm({ locale, ref: 'r', today: '2027-03-01' }), checkinForm({ locale, ref: 'r', role: 'mentee', partnerName: 'Omar' }, goals), pulseForm({ locale, ref: 'r' })]) {
        expect(formProblems(form), form.id).toEqual([]);
      }
    }
  });
});
