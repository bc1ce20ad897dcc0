// Check-ins per circle: at the program's cadence from the circle's start, one card in the
// circle's conversation (or to each member) with an "Answer" button any member of the circle may
// press; each answers on their own, once per period: did the circle meet, and how useful it was.
// Answers are never shown to the others; leads see only the counts the report allows.
import { nextCheckinSlot } from '../../domain/checkin-plan.ts';
import type { Circle } from '../../domain/circles/circle.ts';
import { leadersOf } from '../../domain/circles/circle.ts';
import { getCircle, listMembers, recordCircleCheckin } from '../../db/repositories/circle.repository.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { getRound } from '../../db/repositories/round.repository.ts';
import type { Form } from '../../ui/form.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { t } from '../../ui/i18n/t.ts';
import { card, message } from '../../ui/model.ts';
import { paragraph, richText } from '../../ui/rich-text.ts';
import { validateForm } from '../../ui/validate-form.ts';
import { localeOf } from '../actor.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { openForm, reply, type Effect } from '../effects.ts';
import { idOrEmpty } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { topicLabel } from './circle-topic.ts';

const REF_TTL_MS = 45 * 86_400_000;
const say = (text: string): Effect => reply(message(richText(text)));

/** A button on a message the whole circle reads: signed for the circle, so any of its people may press it. */
const circleRef = (ctx: BaseCtx, circle: Circle, kind: string, subjects: readonly string[]): string =>
  ctx.deps.signer.sign({ kind, subjects, personId: circle.id, expiresAt: new Date(ctx.now.getTime() + REF_TTL_MS) });

async function planCheckin(ctx: BaseCtx, circle: Circle, fromPeriod: number): Promise<void> {
  const program = await getProgram(ctx.db, circle.programId);
  const round = await getRound(ctx.db, circle.roundId);
  const mentor = await getPerson(ctx.db, circle.mentorId);
  if (!program || !circle.startedAt) return;
  const slot = nextCheckinSlot({ cadence: program.settings.checkinCadence, activatedAt: circle.startedAt, timeZone: mentor?.timezone ?? 'UTC', fromPeriod, notBefore: ctx.now });
  // Past the end of the round there is nothing more to ask.
  if (!slot.ok || (round?.endsAt && slot.dueAt > round.endsAt)) return;
  ctx.later({ name: 'circle.checkin', key: `circle.checkin:${circle.id}:${slot.period}`, runAt: slot.dueAt, payload: { circleId: circle.id, period: slot.period } });
}

export const firstCircleCheckin = (ctx: BaseCtx, circle: Circle): Promise<void> => planCheckin(ctx, circle, 1);

async function prompt(ctx: BaseCtx, circleId: string, period: number): Promise<void> {
  const circle = circleId ? await getCircle(ctx.db, circleId) : undefined;
  if (!circle || circle.state !== 'active' || !Number.isInteger(period) || period < 1) return;
  const people = [...leadersOf(circle), ...(await listMembers(ctx.db, circle.id)).map((m) => m.personId)];
  await ctx.notify({
    workspaceId: circle.workspaceId, kind: 'circle.checkin', key: `circle.checkin:${circle.id}:${period}`, payload: { circleId: circle.id, period },
    to: circle.spaceId ? { kind: 'space', spaceId: circle.spaceId, personIds: people } : { kind: 'group', personIds: people },
  });
  await planCheckin(ctx, circle, period + 1);
}

function checkinForm(locale: Locale, ref: string, topic: string): Form {
  return {
    kind: 'form', id: 'circle_checkin', ref, title: t(locale, 'circle.checkin.form_title'), submitLabel: t(locale, 'checkin.form.submit'),
    fields: [
      {
        kind: 'single_select', id: 'met', label: t(locale, 'circle.checkin.met', { topic }), required: true,
        options: [{ value: 'yes', label: t(locale, 'checkin.met.yes') }, { value: 'not_yet', label: t(locale, 'checkin.met.not_yet') }],
      },
      { kind: 'rating', id: 'usefulness', label: t(locale, 'circle.checkin.usefulness'), required: false, scale: '1-5' },
    ],
  };
}

/** The circle a reference names, when the actor leads it or sits in it and it is running. */
async function myCircle(ctx: ActorCtx, id: unknown): Promise<Circle | undefined> {
  const circle = await getCircle(ctx.db, idOrEmpty(id) || '00000000-0000-0000-0000-000000000000');
  if (!circle) return undefined;
  const inIt = leadersOf(circle).includes(ctx.person.id) || (await listMembers(ctx.db, circle.id)).some((m) => m.personId === ctx.person.id);
  return inIt ? circle : undefined;
}

async function topicOf(ctx: BaseCtx, circle: Circle, locale: Locale): Promise<string> {
  return topicLabel(await getProgram(ctx.db, circle.programId), circle.topic, locale);
}

async function open(ctx: ActorCtx, circleId: unknown, period: number): Promise<readonly Effect[]> {
  const circle = await myCircle(ctx, circleId);
  if (!circle || !Number.isInteger(period) || period < 1) return [say(ctx.t('action.refused'))];
  if (circle.state !== 'active') return [say(ctx.t('circle.checkin.closed'))];
  return [openForm(checkinForm(ctx.locale, ctx.ref('circle.checkin.submit', [circle.id, String(period)]), await topicOf(ctx, circle, ctx.locale)))];
}

async function submit(ctx: ActorCtx, circleId: unknown, period: number, raw: unknown) {
  const circle = await myCircle(ctx, circleId);
  if (!circle || !Number.isInteger(period) || period < 1) return { type: 'done' as const, effects: [say(ctx.t('action.refused'))] };
  if (circle.state !== 'active') return { type: 'done' as const, effects: [say(ctx.t('circle.checkin.closed'))] };
  const checked = validateForm(checkinForm(ctx.locale, '', ''), raw, ctx.locale);
  if (!checked.ok) return { type: 'errors' as const, errors: checked.errors };
  const met = checked.values.met === 'yes' ? 'yes' : 'not_yet';
  const usefulness = typeof checked.values.usefulness === 'number' ? checked.values.usefulness : null;
  const stored = await recordCircleCheckin(ctx.db, { circleId: circle.id, personId: ctx.person.id, period, met, usefulness, at: ctx.now });
  return { type: 'done' as const, effects: [say(ctx.t(stored ? 'circle.checkin.thanks' : 'checkin.already_answered'))] };
}

export const circleCheckinFlow: FlowModule = {
  jobs: {
    'circle.checkin': async (ctx, payload) => prompt(ctx, idOrEmpty(payload.circleId), Number(payload.period)),
  },
  actions: {
    'circle.checkin.open': { oneShot: false, handle: (ctx, ref) => open(ctx, ref.subjects[0], Number(ref.subjects[1])) },
  },
  forms: { 'circle.checkin.submit': (ctx, ref, raw) => submit(ctx, ref.subjects[0], Number(ref.subjects[1]), raw) },
  compose: {
    'circle.checkin': async (ctx, delivery, recipients, reader) => {
      const id = idOrEmpty(delivery.payload.circleId);
      const circle = id ? await getCircle(ctx.db, id) : undefined;
      const period = Number(delivery.payload.period);
      if (!circle || circle.state !== 'active') return undefined;
      const locales = [...new Set((reader ? [reader] : recipients).map(localeOf))];
      const program = await getProgram(ctx.db, circle.programId);
      return card({
        header: { title: locales.map((l) => t(l, 'circle.checkin.title', { topic: topicLabel(program, circle.topic, l) })).join(' · ') },
        sections: locales.map((l) => richText(paragraph(t(l, 'circle.checkin.body')))),
        actions: [{ kind: 'button', style: 'primary', label: locales.map((l) => t(l, 'checkin.prompt.answer')).join(' · '), ref: circleRef(ctx, circle, 'circle.checkin.open', [circle.id, String(period)]) }],
      });
    },
  },
};
