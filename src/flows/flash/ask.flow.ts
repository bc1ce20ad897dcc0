// `ask <topic>` (docs/flash.md): anyone asks for one 30-minute conversation with a mentor on a
// topic. The topic is read against the programs' taxonomies (an unknown one offers those some
// mentor covers); a short form takes the question; the fairest available mentor gets a card to
// accept or decline by a deadline. Accepting counts against the mentor's monthly cap under a lock
// on their row, so two acceptances at once can never pass it.
import { FLASH_MINUTES, monthStart, topicNamed, type TopicLabel } from '../../domain/flash.ts';
import {
  acceptFlash, cancelFlash, createFlashSession, flashSeats, getFlashSession, waitingFlashOf, type FlashSession,
} from '../../db/repositories/flash.repository.ts';
import { getProfile } from '../../db/repositories/profile.repository.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import { holdOffErasure } from '../../db/repositories/person-data.repository.ts';
import type { Form } from '../../ui/form.ts';
import { formatDateTime } from '../../ui/i18n/format.ts';
import { card, message, type ButtonAction, type Card } from '../../ui/model.ts';
import { bold, mention, paragraph, richText } from '../../ui/rich-text.ts';
import { validateForm } from '../../ui/validate-form.ts';
import { commandPrefixFor } from '../command-prefix.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { openForm, reply, updateSource, type Effect } from '../effects.ts';
import { publicProfileFacts } from '../enrol/profile-form.ts';
import { idOrEmpty, readerOf, refFor, type Reader } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { askNextMentor, FLASH_ANSWER_MS, flashTopics, topicLabel, workspaceTopics } from './flash-request.ts';
import { flashHome } from './flash-home.ts';
import { flashFollowUpJob } from './follow-up.flow.ts';

const QUESTION_MAX = 500;
/** When no meeting time is known, the follow-up question comes this long after the acceptance. */
export const FOLLOW_UP_DEFAULT_MS = 7 * 86_400_000;
const SHOWN_TOPICS = 10;
const text = (body: string): Effect => reply(message(richText(body)));

function questionForm(ctx: ActorCtx, topic: TopicLabel): Form {
  return {
    kind: 'form', id: 'flash.ask', ref: ctx.ref('flash.ask', [topic.key]), title: ctx.t('flash.form.title'), submitLabel: ctx.t('flash.form.submit'),
    intro: richText(ctx.t('flash.form.intro', { topic: topic.label[ctx.locale], minutes: FLASH_MINUTES })),
    fields: [{ kind: 'long_text', id: 'question', label: ctx.t('flash.form.question'), help: ctx.t('flash.form.question_help'), required: true, maxLength: QUESTION_MAX }],
  };
}

/** The topics some mentor covers, as buttons; or the plain fact that no mentor takes requests. */
async function topicChoice(ctx: ActorCtx, typed: string | undefined): Promise<readonly Effect[]> {
  const topics = await flashTopics(ctx.db, ctx.workspace.id, ctx.now);
  if (topics.length === 0) return [text(ctx.t('flash.no_mentors'))];
  const shown = topics.slice(0, SHOWN_TOPICS);
  const actions: ButtonAction[] = shown.map((topic) => ({ kind: 'button', style: 'default', label: topic.label[ctx.locale], ref: ctx.ref('flash.topic', [topic.key]) }));
  const intro = typed === undefined ? ctx.t('flash.topics.pick') : ctx.t('flash.topics.unknown', { topic: typed });
  const more = topics.length > shown.length ? [ctx.t('flash.topics.more', { count: topics.length - shown.length, prefix: commandPrefixFor(ctx.workspace.platform) })] : [];
  return [reply(card({ header: { title: ctx.t('flash.topics.title') }, sections: [richText(intro, ...more)], actions }))];
}

async function start(ctx: ActorCtx, typed: string | undefined): Promise<readonly Effect[]> {
  if (await waitingFlashOf(ctx.db, ctx.person.id)) return [text(ctx.t('flash.already_waiting'))];
  if (typed === undefined) return topicChoice(ctx, undefined);
  const topic = topicNamed(typed, await workspaceTopics(ctx.db, ctx.workspace.id));
  if (!topic) return topicChoice(ctx, typed);
  return [openForm(questionForm(ctx, topic))];
}

async function submitQuestion(ctx: ActorCtx, topicKey: string, raw: unknown): Promise<readonly Effect[] | Record<string, string>> {
  const topics = await workspaceTopics(ctx.db, ctx.workspace.id);
  const topic = topics.find((tp) => tp.key === topicKey);
  if (!topic) return [text(ctx.t('action.refused'))];
  const checked = validateForm(questionForm(ctx, topic), raw, ctx.locale);
  if (!checked.ok) return checked.errors;
  const question = String(checked.values.question).trim();
  // Their request is a first row of theirs there: an erasure of them confirmed at this moment on
  // another device deletes it, or is waited for and nobody is asked on their behalf.
  if (!(await holdOffErasure(ctx.db, ctx.person.id))) return [text(ctx.t('action.refused'))];
  const session = await createFlashSession(ctx.db, { workspaceId: ctx.workspace.id, askerId: ctx.person.id, topic: topic.key, question, at: ctx.now });
  if (!session) return [text(ctx.t('flash.already_waiting'))];
  const asked = await askNextMentor(ctx, session, []);
  const label = topic.label[ctx.locale];
  if (!asked || asked.state !== 'asking') return [text(ctx.t('flash.none', { topic: label }))];
  await ctx.audit({ workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: 'flash.ask', targetType: 'flash_session', targetId: session.id });
  return [reply(card({
    header: { title: ctx.t('flash.asked.title') },
    sections: [richText(ctx.t('flash.asked.body', { topic: label, hours: FLASH_ANSWER_MS / 3_600_000 }))],
    actions: [{ kind: 'button', style: 'default', label: ctx.t('flash.cancel'), ref: ctx.ref('flash.cancel', [session.id]) }],
  }))];
}

/** The card the asked mentor reads: who asks, their profile lines, the question, the deadline. */
async function requestCard(ctx: BaseCtx, session: FlashSession, reader: Reader): Promise<Card | undefined> {
  const asker = await getPerson(ctx.db, session.askerId);
  const profile = await getProfile(ctx.db, session.askerId);
  if (!asker || !profile || !session.askedAt) return undefined;
  const topic = topicLabel(reader.locale, await workspaceTopics(ctx.db, session.workspaceId), session.topic);
  const due = new Date(session.askedAt.getTime() + FLASH_ANSWER_MS);
  const subjects = [session.id, String(session.attempt)];
  return card({
    header: { title: reader.t('flash.request.title'), subtitle: topic },
    sections: [
      richText(paragraph(mention(asker.id), ' ', reader.t('flash.request.body', { topic, minutes: FLASH_MINUTES }))),
      richText(paragraph(bold(reader.t('flash.request.question'))), paragraph(session.question)),
      richText(reader.t('flash.request.due', { time: formatDateTime(reader.locale, due, reader.timeZone) })),
    ],
    facts: publicProfileFacts(reader.locale, profile),
    actions: [
      { kind: 'button', style: 'primary', label: reader.t('flash.accept'), ref: refFor(ctx, reader.person.id, 'flash.accept', subjects) },
      { kind: 'button', style: 'default', label: reader.t('flash.decline'), ref: refFor(ctx, reader.person.id, 'flash.decline', subjects) },
    ],
  });
}

/** The request, locked, when it still waits for this actor's answer on this card. */
async function waitingForMe(ctx: ActorCtx, subjects: readonly string[]): Promise<FlashSession | Effect[]> {
  const session = await getFlashSession(ctx.db, idOrEmpty(subjects[0]), true);
  if (!session || session.workspaceId !== ctx.workspace.id) return [text(ctx.t('action.refused'))];
  const mine = session.mentorId === ctx.person.id && String(session.attempt) === subjects[1];
  if (mine && session.state === 'accepted') return [text(ctx.t('flash.already_accepted'))];
  if (!mine || session.state !== 'asking') return [text(ctx.t('flash.no_longer_waiting'))];
  return session;
}

async function accept(ctx: ActorCtx, subjects: readonly string[]): Promise<readonly Effect[]> {
  const session = await waitingForMe(ctx, subjects);
  if (Array.isArray(session)) return session;
  const seats = await flashSeats(ctx.db, ctx.person.id, monthStart(ctx.now));
  const cap = seats?.cap ?? 0;
  if (!seats || seats.used >= seats.cap) {
    await askNextMentor(ctx, session, [...session.passed, ctx.person.id]);
    return [updateSource(card({ header: { title: ctx.t('flash.request.title') }, recorded: ctx.t('flash.at_cap', { count: cap }) }))];
  }
  const accepted = await acceptFlash(ctx.db, session.id, { mentorId: ctx.person.id, attempt: session.attempt }, new Date(ctx.now.getTime() + FOLLOW_UP_DEFAULT_MS), ctx.now);
  if (!accepted) return [text(ctx.t('flash.no_longer_waiting'))];
  await ctx.audit({ workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: 'flash.accept', targetType: 'flash_session', targetId: session.id });
  await ctx.notify({
    workspaceId: session.workspaceId, kind: 'flash.intro', to: { kind: 'group', personIds: [session.askerId, ctx.person.id] },
    key: `flash.intro:${session.id}`, payload: { sessionId: session.id },
  });
  ctx.later(flashFollowUpJob(accepted));
  const asker = await getPerson(ctx.db, session.askerId);
  return [updateSource(card({ header: { title: ctx.t('flash.request.title') }, recorded: ctx.t('flash.accepted', { name: asker?.displayName ?? '' }) }))];
}

async function decline(ctx: ActorCtx, subjects: readonly string[]): Promise<readonly Effect[]> {
  const session = await waitingForMe(ctx, subjects);
  if (Array.isArray(session)) return session;
  await askNextMentor(ctx, session, [...session.passed, ctx.person.id]);
  return [updateSource(card({ header: { title: ctx.t('flash.request.title') }, recorded: ctx.t('flash.declined') }))];
}

async function askerMessage(ctx: BaseCtx, sessionId: unknown, reader: Reader | undefined, key: 'flash.passed_on' | 'flash.none'): Promise<ReturnType<typeof message> | undefined> {
  const session = await getFlashSession(ctx.db, idOrEmpty(sessionId));
  if (!session || !reader || (key === 'flash.none' ? session.state !== 'unavailable' : session.state !== 'asking')) return undefined;
  const topic = topicLabel(reader.locale, await workspaceTopics(ctx.db, session.workspaceId), session.topic);
  return message(richText(reader.t(key, { topic })));
}

export const askFlow: FlowModule = {
  home: [flashHome],
  commands: {
    ask: async (ctx, command) => start(ctx, command.topic),
  },
  actions: {
    'flash.topic': {
      oneShot: false,
      async handle(ctx, ref) {
        if (await waitingFlashOf(ctx.db, ctx.person.id)) return [text(ctx.t('flash.already_waiting'))];
        const topic = (await workspaceTopics(ctx.db, ctx.workspace.id)).find((tp) => tp.key === ref.subjects[0]);
        return topic ? [openForm(questionForm(ctx, topic))] : [text(ctx.t('action.refused'))];
      },
    },
    'flash.cancel': {
      oneShot: true,
      async handle(ctx, ref) {
        const session = await getFlashSession(ctx.db, idOrEmpty(ref.subjects[0]), true);
        if (!session || session.askerId !== ctx.person.id) return [text(ctx.t('action.refused'))];
        if (!(await cancelFlash(ctx.db, session.id, ctx.now))) return [text(ctx.t('flash.cancel_too_late'))];
        // The mentor asked now is told, so the card in their chat does not wait for an answer that no longer matters.
        if (session.mentorId) {
          await ctx.notify({
            workspaceId: session.workspaceId, kind: 'flash.withdrawn', to: { kind: 'person', personId: session.mentorId },
            key: `flash.withdrawn:${session.id}`, payload: { sessionId: session.id },
          });
        }
        return [updateSource(card({ header: { title: ctx.t('flash.asked.title') }, recorded: ctx.t('flash.cancelled') }))];
      },
    },
    'flash.accept': { oneShot: true, handle: (ctx, ref) => accept(ctx, ref.subjects) },
    'flash.decline': { oneShot: true, handle: (ctx, ref) => decline(ctx, ref.subjects) },
  },
  forms: {
    'flash.ask': async (ctx, ref, raw) => {
      const outcome = await submitQuestion(ctx, ref.subjects[0] ?? '', raw);
      return Array.isArray(outcome) ? { type: 'done', effects: outcome } : { type: 'errors', errors: outcome as Record<string, string> };
    },
  },
  jobs: {
    // The mentor let the deadline pass: the request goes to the next one (a retried or late run finds it moved on).
    'flash.expire': async (ctx, payload) => {
      const session = await getFlashSession(ctx.db, idOrEmpty(payload.sessionId), true);
      if (!session || session.state !== 'asking' || session.attempt !== Number(payload.attempt) || !session.mentorId) return;
      await askNextMentor(ctx, session, [...session.passed, session.mentorId]);
    },
  },
  compose: {
    'flash.request': async (ctx, delivery, recipients) => {
      const session = await getFlashSession(ctx.db, idOrEmpty(delivery.payload.sessionId));
      const reader = recipients[0];
      // Moved on (declined, lapsed, cancelled) before the card went out: nothing to send.
      if (!session || !reader || session.state !== 'asking' || session.mentorId !== reader.id || session.attempt !== Number(delivery.payload.attempt)) return undefined;
      return requestCard(ctx, session, readerOf(reader));
    },
    'flash.passed_on': async (ctx, delivery, recipients) => askerMessage(ctx, delivery.payload.sessionId, recipients[0] && readerOf(recipients[0]), 'flash.passed_on'),
    'flash.none': async (ctx, delivery, recipients) => askerMessage(ctx, delivery.payload.sessionId, recipients[0] && readerOf(recipients[0]), 'flash.none'),
    'flash.withdrawn': async (ctx, delivery, recipients) => {
      const session = await getFlashSession(ctx.db, idOrEmpty(delivery.payload.sessionId));
      const reader = recipients[0] && readerOf(recipients[0]);
      if (!session || !reader || session.state !== 'cancelled') return undefined;
      const asker = await getPerson(ctx.db, session.askerId);
      const topic = topicLabel(reader.locale, await workspaceTopics(ctx.db, session.workspaceId), session.topic);
      return message(richText(reader.t('flash.withdrawn', { name: asker?.displayName ?? '', topic })));
    },
  },
};
