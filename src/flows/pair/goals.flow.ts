// `goals`: the pair's SMART goals (what, measure, target date, progress), which either member
// adds, edits, moves forward or marks done. Both see the same list, and the partner hears about
// changes at most once a day (the list is written when the message is sent, so it is current).
import type { Goal, Pair } from '../../domain/model.ts';
import { wallClockAt } from '../../domain/time-zone.ts';
import { createGoal, listGoals, updateGoal } from '../../db/repositories/goal.repository.ts';
import type { Form } from '../../ui/form.ts';
import { formatCalendarDate } from '../../ui/i18n/format.ts';
import type { Translate } from '../../ui/i18n/t.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { card, message, type ButtonAction, type Card } from '../../ui/model.ts';
import { bullets, mention, paragraph, richText, type Block } from '../../ui/rich-text.ts';
import { validateForm } from '../../ui/validate-form.ts';
import type { ActorCtx } from '../context.ts';
import { openForm, reply, type Effect } from '../effects.ts';
import { goalForm, goalFromValues } from './goal-forms.ts';
import { myGoal, myPair, myPairs } from '../my-pairs.ts';
import { pairById, partnerOf, readerOf } from '../pair-members.ts';
import { singleUse, type FlowModule } from '../registry.ts';

const GOAL_PAIR_STATES = ['accepted', 'active', 'paused'] as const;
/** Buttons per card stay within Slack's 25 elements and a readable Teams card. */
const MAX_GOAL_BUTTONS = 6;

const text = (body: string): Effect => reply(message(richText(body)));
const today = (ctx: ActorCtx): string => {
  const w = wallClockAt(ctx.now, ctx.person.timezone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
};

/** One line per goal, with its SMART answers when the pair gave them (status, preparation, goals). */
export function goalLines(t: Translate, locale: Locale, goals: readonly Goal[]): Block {
  return bullets(...goals.map((g, i) => [
    t('goals.line', {
      n: i + 1, title: g.title, measure: g.measure, date: formatCalendarDate(locale, g.targetDate), progress: g.progress,
      status: g.status === 'done' ? t('goals.status.done') : t('goals.status.open'),
    }),
    ...(g.achievable ? [t('goals.line_achievable', { text: g.achievable })] : []),
    ...(g.relevant ? [t('goals.line_relevant', { text: g.relevant })] : []),
  ].join(' · ')));
}

async function goalsCard(ctx: ActorCtx, pair: Pair): Promise<Card> {
  const goals = (await listGoals(ctx.db, pair.id)).filter((g) => g.status !== 'dropped');
  const sections = [richText(paragraph(ctx.t('goals.card.with'), ' ', mention(partnerOf(pair, ctx.person.id))))];
  sections.push(goals.length > 0 ? richText(goalLines(ctx.t, ctx.locale, goals)) : richText(ctx.t('goals.card.empty')));
  const actions: ButtonAction[] = [{ kind: 'button', style: 'primary', label: ctx.t('goals.add'), ref: ctx.ref('goal.add', [pair.id]) }];
  goals.forEach((g, i) => {
    if (g.status !== 'open' || i >= MAX_GOAL_BUTTONS) return;
    actions.push(
      { kind: 'button', style: 'default', label: ctx.t('goals.edit', { n: i + 1 }), ref: ctx.ref('goal.edit', [g.id]) },
      { kind: 'button', style: 'default', label: ctx.t('goals.progress', { n: i + 1 }), ref: ctx.ref('goal.progress', [g.id]) },
      { kind: 'button', style: 'default', label: ctx.t('goals.done', { n: i + 1 }), ref: ctx.ref('goal.done', [g.id]) },
    );
  });
  return card({ header: { title: ctx.t('goals.card.title') }, sections, actions });
}

function progressForm(ctx: ActorCtx, goal: Goal): Form {
  return {
    kind: 'form', id: 'goal.progress', ref: ctx.ref('goal.progress_save', [goal.id]), title: ctx.t('goals.progress_form.title'),
    submitLabel: ctx.t('goals.progress_form.submit'), intro: richText(goal.title),
    fields: [{ kind: 'number', id: 'progress', label: ctx.t('goals.progress_form.label'), required: true, integer: true, min: 0, max: 100, initial: goal.progress }],
  };
}

/** Tells the partner that the shared goals changed; one message per partner and day at most. */
async function tellPartner(ctx: ActorCtx, pair: Pair): Promise<void> {
  const partnerId = partnerOf(pair, ctx.person.id);
  const day = ctx.now.toISOString().slice(0, 10);
  await ctx.notify({
    workspaceId: pair.workspaceId, kind: 'goal.changed', to: { kind: 'person', personId: partnerId },
    key: `goal.changed:${pair.id}:${partnerId}:${day}`, payload: { matchId: pair.id, by: ctx.person.id }, matchId: pair.id,
  });
}

const saved = async (ctx: ActorCtx, pair: Pair) => {
  await tellPartner(ctx, pair);
  return { type: 'done' as const, effects: [text(ctx.t('goals.saved')), reply(await goalsCard(ctx, pair))] };
};

/** A goal done meanwhile (by the partner, or a second click): nothing changed; the list as it is now. */
const notOpen = async (ctx: ActorCtx, found: { goal: Goal; pair: Pair }): Promise<Effect[]> =>
  [text(ctx.t('goals.not_open', { title: found.goal.title })), reply(await goalsCard(ctx, found.pair))];

export const goalsFlow: FlowModule = {
  commands: {
    goals: async (ctx) => {
      const pairs = await myPairs(ctx, GOAL_PAIR_STATES);
      if (pairs.length === 0) return [text(ctx.t('goals.no_pair'))];
      return Promise.all(pairs.map(async (p) => reply(await goalsCard(ctx, p))));
    },
  },
  actions: {
    'goal.add': {
      oneShot: false,
      async handle(ctx, ref) {
        const pair = await myPair(ctx, ref.subjects[0], GOAL_PAIR_STATES);
        return pair ? [openForm(goalForm({ locale: ctx.locale, ref: ctx.ref('goal.save', [pair.id]), today: today(ctx) }))] : [text(ctx.t('action.refused'))];
      },
    },
    'goal.edit': {
      oneShot: false,
      async handle(ctx, ref) {
        const found = await myGoal(ctx, ref.subjects[0], GOAL_PAIR_STATES);
        if (!found) return [text(ctx.t('action.refused'))];
        const { goal, pair } = found;
        return [openForm(goalForm({ locale: ctx.locale, ref: ctx.ref('goal.save', [pair.id, goal.id]), today: today(ctx) }, goal))];
      },
    },
    'goal.progress': {
      oneShot: false,
      async handle(ctx, ref) {
        const found = await myGoal(ctx, ref.subjects[0], GOAL_PAIR_STATES);
        return found ? [openForm(progressForm(ctx, found.goal))] : [text(ctx.t('action.refused'))];
      },
    },
    'goal.done': {
      oneShot: true,
      async handle(ctx, ref) {
        const found = await myGoal(ctx, ref.subjects[0], GOAL_PAIR_STATES);
        if (!found) return [text(ctx.t('action.refused'))];
        // The partner may have marked it done a moment before (their own button).
        if (!(await updateGoal(ctx.db, found.goal.id, { status: 'done', progress: 100 }, ctx.person.id))) return notOpen(ctx, found);
        await tellPartner(ctx, found.pair);
        return [text(ctx.t('goals.marked_done', { title: found.goal.title })), reply(await goalsCard(ctx, found.pair))];
      },
    },
  },
  forms: {
    // Sent twice (a double submit, two devices), a new goal is added once.
    'goal.save': singleUse(async (ctx, ref, raw) => {
      const [matchId, goalId] = ref.subjects;
      const pair = await myPair(ctx, matchId, GOAL_PAIR_STATES);
      const existing = goalId ? await myGoal(ctx, goalId, GOAL_PAIR_STATES) : undefined;
      if (!pair || (goalId && existing?.pair.id !== pair.id)) return { type: 'done', effects: [text(ctx.t('action.refused'))] };
      const checked = validateForm(goalForm({ locale: ctx.locale, ref: '', today: today(ctx) }), raw, ctx.locale);
      if (!checked.ok) return { type: 'errors', errors: checked.errors };
      const input = goalFromValues(checked.values);
      if (existing) {
        if (!(await updateGoal(ctx.db, existing.goal.id, input, ctx.person.id))) return { type: 'done', effects: await notOpen(ctx, existing) };
      } else await createGoal(ctx.db, { matchId: pair.id, ...input, createdBy: ctx.person.id });
      return saved(ctx, pair);
    }),
    'goal.progress_save': async (ctx, ref, raw) => {
      const found = await myGoal(ctx, ref.subjects[0], GOAL_PAIR_STATES);
      if (!found) return { type: 'done', effects: [text(ctx.t('action.refused'))] };
      const checked = validateForm(progressForm(ctx, found.goal), raw, ctx.locale);
      if (!checked.ok) return { type: 'errors', errors: checked.errors };
      if (!(await updateGoal(ctx.db, found.goal.id, { progress: Number(checked.values.progress) }, ctx.person.id))) return { type: 'done', effects: await notOpen(ctx, found) };
      return saved(ctx, found.pair);
    },
  },
  compose: {
    'goal.changed': async (ctx, delivery, recipients) => {
      const pair = await pairById(ctx.db, delivery.payload.matchId);
      const reader = recipients[0];
      if (!pair || !reader || !(GOAL_PAIR_STATES as readonly string[]).includes(pair.state)) return undefined;
      const { t, locale } = readerOf(reader);
      const goals = (await listGoals(ctx.db, pair.id)).filter((g) => g.status !== 'dropped');
      return message(richText(paragraph(mention(partnerOf(pair, reader.id)), ' ', t('goals.changed')), goalLines(t, locale, goals), paragraph(t('goals.changed_hint'))));
    },
  },
};
