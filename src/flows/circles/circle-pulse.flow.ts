// The program's pulses reach its circles too: when a pulse opens, every person of each running
// circle of the round (leaders and mentees) gets a private card and answers once, about their
// circle, two questions (satisfaction, progress). The answers are kept per circle
// (circle_pulse_answers), never shown one by one, and read only by the report's circles card
// (circle-report.ts). A person in a pair and in a circle answers for each. A lost queue loses
// nothing: reconcile re-sends 'pulse.open' while a pulse is open, and the cards are keyed per
// pulse, circle and person.
import { leadersOf, type Circle } from '../../domain/circles/circle.ts';
import type { Pulse } from '../../domain/model.ts';
import { getCircle, listCircles, listMembers } from '../../db/repositories/circle.repository.ts';
import { hasAnsweredCirclePulse, saveCirclePulseAnswer } from '../../db/repositories/circle-pulse.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { getPulse } from '../../db/repositories/pulse.repository.ts';
import { isReleased } from '../../db/repositories/report-release.repository.ts';
import type { Form } from '../../ui/form.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { t } from '../../ui/i18n/t.ts';
import { card, message } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import { validateForm } from '../../ui/validate-form.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { openForm, reply, type Effect } from '../effects.ts';
import { idOrEmpty, readerOf, refFor } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { topicLabel } from './circle-topic.ts';

const say = (text: string): Effect => reply(message(richText(text)));

const peopleOf = async (ctx: BaseCtx, circle: Circle): Promise<string[]> =>
  [...leadersOf(circle), ...(await listMembers(ctx.db, circle.id)).map((m) => m.personId)];

/** Called by 'pulse.open': one private card per person of each running circle of the pulse's round. */
export async function sendCirclePulses(ctx: BaseCtx, pulse: Pulse): Promise<void> {
  for (const circle of (await listCircles(ctx.db, pulse.roundId)).filter((c) => c.state === 'active')) {
    for (const personId of await peopleOf(ctx, circle)) {
      await ctx.notify({
        workspaceId: circle.workspaceId, kind: 'circle.pulse', to: { kind: 'person', personId },
        key: `pulse:${pulse.id}:circle:${circle.id}:${personId}`, payload: { pulseId: pulse.id, circleId: circle.id },
      });
    }
  }
}

function circlePulseForm(locale: Locale, ref: string, topic: string): Form {
  const fivePoint = { kind: 'rating', scale: '1-5', required: true, lowLabel: t(locale, 'pulse.rating.low'), highLabel: t(locale, 'pulse.rating.high') } as const;
  return {
    kind: 'form', id: 'circle_pulse', ref, title: t(locale, 'circle.pulse.form_title', { topic }), submitLabel: t(locale, 'pulse.form.submit'),
    intro: richText(t(locale, 'circle.pulse.form_intro')),
    fields: [
      { ...fivePoint, id: 'satisfaction', label: t(locale, 'circle.pulse.satisfaction') },
      { ...fivePoint, id: 'progress', label: t(locale, 'circle.pulse.progress') },
    ],
  };
}

type Open = { ok: true; pulse: Pulse; circle: Circle; topic: string } | { ok: false; effects: Effect[] };

/**
 * The pulse and the circle, when the pulse is open, the circle running in its round, and the actor
 * one of its people. `writing`: as for a pair's pulse answer (evaluation/pulse-answer.flow.ts),
 * under a share lock on the pulse, and refused once the pulse's circle figures are released.
 */
async function openFor(ctx: ActorCtx, pulseId: unknown, circleId: unknown, writing = false): Promise<Open> {
  const pulse = idOrEmpty(pulseId) ? await getPulse(ctx.db, idOrEmpty(pulseId), writing ? 'share' : undefined) : undefined;
  const circle = idOrEmpty(circleId) ? await getCircle(ctx.db, idOrEmpty(circleId)) : undefined;
  if (!pulse || !circle || circle.roundId !== pulse.roundId || !(await peopleOf(ctx, circle)).includes(ctx.person.id)) {
    return { ok: false, effects: [say(ctx.t('action.refused'))] };
  }
  if (pulse.closesAt <= ctx.now || (writing && await isReleased(ctx.db, 'circle_pulse', pulse.id))) return { ok: false, effects: [say(ctx.t('pulse.closed'))] };
  if (circle.state !== 'active') return { ok: false, effects: [say(ctx.t('circle.checkin.closed'))] };
  if (await hasAnsweredCirclePulse(ctx.db, pulse.id, circle.id, ctx.person.id)) return { ok: false, effects: [say(ctx.t('pulse.already_answered'))] };
  return { ok: true, pulse, circle, topic: topicLabel(await getProgram(ctx.db, circle.programId), circle.topic, ctx.locale) };
}

export const circlePulseFlow: FlowModule = {
  compose: {
    'circle.pulse': async (ctx, delivery, recipients) => {
      const pulse = idOrEmpty(delivery.payload.pulseId) ? await getPulse(ctx.db, idOrEmpty(delivery.payload.pulseId)) : undefined;
      const circle = idOrEmpty(delivery.payload.circleId) ? await getCircle(ctx.db, idOrEmpty(delivery.payload.circleId)) : undefined;
      const reader = recipients[0];
      if (!pulse || !circle || !reader || circle.state !== 'active' || pulse.closesAt <= ctx.now) return undefined;
      if (await hasAnsweredCirclePulse(ctx.db, pulse.id, circle.id, reader.id)) return undefined;
      const { t: tr, locale } = readerOf(reader);
      const topic = topicLabel(await getProgram(ctx.db, circle.programId), circle.topic, locale);
      const ttlHours = Math.max(1, Math.ceil((pulse.closesAt.getTime() - ctx.now.getTime()) / 3_600_000));
      return card({
        header: { title: tr(pulse.kind === 'final' ? 'circle.pulse.title_final' : 'circle.pulse.title', { topic }) },
        sections: [richText(tr('circle.pulse.body'))],
        actions: [{ kind: 'button', style: 'primary', label: tr('pulse.prompt.answer'), ref: refFor(ctx, reader.id, 'circle.pulse.answer', [pulse.id, circle.id], ttlHours) }],
      });
    },
  },
  actions: {
    'circle.pulse.answer': {
      oneShot: false,
      async handle(ctx, ref) {
        const open = await openFor(ctx, ref.subjects[0], ref.subjects[1]);
        if (!open.ok) return open.effects;
        return [openForm(circlePulseForm(ctx.locale, ctx.ref('circle.pulse.submit', [open.pulse.id, open.circle.id]), open.topic))];
      },
    },
  },
  forms: {
    'circle.pulse.submit': async (ctx, ref, raw) => {
      const open = await openFor(ctx, ref.subjects[0], ref.subjects[1], true);
      if (!open.ok) return { type: 'done', effects: open.effects };
      const checked = validateForm(circlePulseForm(ctx.locale, '', ''), raw, ctx.locale);
      if (!checked.ok) return { type: 'errors', errors: checked.errors };
      const stored = await saveCirclePulseAnswer(ctx.db, {
        pulseId: open.pulse.id, circleId: open.circle.id, personId: ctx.person.id,
        satisfaction: Number(checked.values.satisfaction), progress: Number(checked.values.progress), at: ctx.now,
      });
      return { type: 'done', effects: [say(ctx.t(stored ? 'circle.pulse.thanks' : 'pulse.already_answered'))] };
    },
  },
};
