// The check-in form (SPEC §7): did you meet, how useful, progress per goal, what we agreed to do
// next and, for a mentee, the advice applied (both shared with the partner, and labelled so), and
// a private note.
import type { Form, FormField, FormValues } from '../../ui/form.ts';
import { clip } from '../../ui/clip.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { t } from '../../ui/i18n/t.ts';

export const CHECKIN_MET = ['yes', 'not_yet', 'rescheduled'] as const;
export type CheckinMet = (typeof CHECKIN_MET)[number];

/** Keeps the form inside a Slack modal and a Teams card; older goals are updated from `goals`. */
export const MAX_GOALS_IN_CHECKIN = 10;

export interface CheckinGoal {
  readonly id: string;
  readonly title: string;
  readonly progress: number;
}

export interface CheckinAnswer {
  readonly met: CheckinMet;
  /** Only when they met. */
  readonly usefulness?: number;
  /** Goal id → progress 0–100, for the goals shown. */
  readonly goalProgress: Readonly<Record<string, number>>;
  /** Shared: the partner sees it, and the next preparation and `status` quote it. */
  readonly nextSteps?: string;
  /** Shared, mentee only: advice from the mentor they applied, and how it went. */
  readonly adviceApplied?: string;
  /** Private: only its author ever sees it. */
  readonly privateNote?: string;
}

/** Who fills the form in: the shared fields name the partner, and only a mentee reports advice applied. */
export interface CheckinFormContext {
  readonly locale: Locale;
  readonly ref: string;
  readonly role: 'mentee' | 'mentor';
  readonly partnerName: string;
}

const progressId = (goalId: string): string => `progress.${goalId}`;

export function checkinForm(ctx: CheckinFormContext, goals: readonly CheckinGoal[]): Form {
  const l = ctx.locale;
  const partner = { name: ctx.partnerName };
  const progress: FormField[] = goals.slice(0, MAX_GOALS_IN_CHECKIN).map((g) => ({
    kind: 'number', id: progressId(g.id), label: clip(g.title, 200), help: t(l, 'checkin.progress.help'),
    required: false, integer: true, min: 0, max: 100, initial: g.progress,
  }));
  return {
    kind: 'form', id: 'checkin', ref: ctx.ref, title: t(l, 'checkin.form.title'), submitLabel: t(l, 'checkin.form.submit'),
    fields: [
      {
        kind: 'single_select', id: 'met', label: t(l, 'checkin.met.label'), required: true,
        options: [
          { value: 'yes', label: t(l, 'checkin.met.yes') },
          { value: 'not_yet', label: t(l, 'checkin.met.not_yet') },
          { value: 'rescheduled', label: t(l, 'checkin.met.rescheduled') },
        ],
      },
      { kind: 'rating', id: 'usefulness', label: t(l, 'checkin.usefulness.label'), required: false, scale: '1-5' },
      ...progress,
      {
        kind: 'long_text', id: 'nextSteps', label: t(l, 'checkin.next_steps.label', partner), help: t(l, 'checkin.next_steps.help', partner),
        required: false, maxLength: 1000,
      },
      ...(ctx.role === 'mentee'
        ? [{
          kind: 'long_text', id: 'adviceApplied', label: t(l, 'checkin.advice.label', partner), help: t(l, 'checkin.advice.help', partner),
          required: false, maxLength: 1000,
        } as const]
        : []),
      { kind: 'long_text', id: 'privateNote', label: t(l, 'checkin.note.label'), help: t(l, 'checkin.note.help'), required: false, maxLength: 1000 },
    ],
  };
}

/** Values already validated against checkinForm for the same goals. */
export function checkinFromValues(values: FormValues, goals: readonly CheckinGoal[]): CheckinAnswer {
  const met = String(values.met) as CheckinMet;
  const goalProgress: Record<string, number> = {};
  for (const g of goals.slice(0, MAX_GOALS_IN_CHECKIN)) {
    const value = values[progressId(g.id)];
    if (typeof value === 'number') goalProgress[g.id] = value;
  }
  const usefulness = met === 'yes' && typeof values.usefulness === 'number' ? { usefulness: values.usefulness } : {};
  const texts: { nextSteps?: string; adviceApplied?: string; privateNote?: string } = {};
  for (const id of ['nextSteps', 'adviceApplied', 'privateNote'] as const) {
    const value = values[id];
    if (typeof value === 'string' && value !== '') texts[id] = value;
  }
  return { met, ...usefulness, goalProgress, ...texts };
}
