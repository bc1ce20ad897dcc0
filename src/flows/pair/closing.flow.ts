// Close with the wins (issue 17). When a pair ends at the end of the program period (round
// completion) or with `end`, each member is asked, privately, for their wins and what they
// learnt, with an optional word for their partner (the one shared field). A pair the chemistry
// check ended is not asked: it stopped after a first meeting, with no wins to speak of, and
// asking would point at the "not the right fit" nobody is told about. The form stays open
// CLOSING_OPEN_DAYS, with one reminder a week before it closes; it is answered once. `wins` exports the member's wins log (wins-log.ts).
import type { Pair } from '../../domain/model.ts';
import { answerClosing, closingsOfPerson, getClosing, openClosingOnce, type Closing } from '../../db/repositories/closing.repository.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import { formatDate } from '../../ui/i18n/format.ts';
import { card, message, type Card } from '../../ui/model.ts';
import { paragraph, richText } from '../../ui/rich-text.ts';
import { validateForm } from '../../ui/validate-form.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { openForm, reply, type Effect, type SubmitOutcome } from '../effects.ts';
import { idOrEmpty, pairById, partnerOf, readerOf, refFor } from '../pair-members.ts';
import type { Composer, FlowModule } from '../registry.ts';
import type { ScheduledJob } from '../../ports/scheduler.ts';
import { closingForm, closingFromValues } from './closing-form.ts';
import { winsLogFile } from './wins-log.ts';

/** How long the closing form stays open after the pair ended. */
export const CLOSING_OPEN_DAYS = 30;
/** A member who has not answered is reminded once, this long before the form closes. */
export const CLOSING_REMIND_DAYS = 7;
const DAY_MS = 86_400_000;

/** The reminder of one closing; `fresh` when its row was made by the asking transaction. */
export const closingReminderJob = (closing: Pick<Closing, 'id' | 'closesAt'>, fresh = false): ScheduledJob => ({
  name: 'closing.reminder', key: `closing.reminder:${closing.id}`, runAt: new Date(closing.closesAt.getTime() - CLOSING_REMIND_DAYS * DAY_MS),
  payload: { closingId: closing.id }, ...(fresh ? { fresh } : {}),
});

const text = (body: string): Effect => reply(message(richText(body)));

/** Asks both members of an ended pair, once per member whoever calls it (a row and a delivery key each). */
export async function askClosing(ctx: BaseCtx, pair: Pair): Promise<void> {
  // A pair that never started (accepted, never active) has nothing to close.
  if (pair.state !== 'ended' || !pair.activatedAt) return;
  const closesAt = new Date(ctx.now.getTime() + CLOSING_OPEN_DAYS * DAY_MS);
  for (const personId of [pair.menteeId, pair.mentorId]) {
    const person = await getPerson(ctx.db, personId);
    if (!person || person.erasedAt) continue;
    const { closing, created } = await openClosingOnce(ctx.db, { matchId: pair.id, personId, at: ctx.now, closesAt });
    if (closing.answeredAt) continue;
    ctx.later(closingReminderJob(closing, created));
    await ctx.notify({
      workspaceId: pair.workspaceId, kind: 'pair.closing', to: { kind: 'person', personId },
      key: `closing:${pair.id}:${personId}`, payload: { closingId: closing.id }, matchId: pair.id,
    });
  }
}

async function myClosing(ctx: ActorCtx, id: unknown): Promise<{ closing: Closing; pair: Pair } | undefined> {
  const checked = idOrEmpty(id);
  const closing = checked ? await getClosing(ctx.db, checked) : undefined;
  if (!closing || closing.personId !== ctx.person.id) return undefined;
  const pair = await pairById(ctx.db, closing.matchId);
  return pair && pair.workspaceId === ctx.workspace.id ? { closing, pair } : undefined;
}

const partnerName = async (ctx: BaseCtx, pair: Pair, personId: string): Promise<string> => (await getPerson(ctx.db, partnerOf(pair, personId)))?.displayName ?? '';

/** Why a closing takes no answer any more, or undefined while it is open. */
function notOpen(ctx: ActorCtx, closing: Closing): Effect | undefined {
  if (closing.answeredAt) return text(ctx.t('closing.already'));
  if (closing.closesAt <= ctx.now) return text(ctx.t('closing.closed', { date: formatDate(ctx.locale, closing.closesAt, ctx.person.timezone) }));
  return undefined;
}

/** The card asking for the closing, for its reader (sent when the pair ends, as its reminder, and shown by `wins`). */
function closingCard(ctx: BaseCtx, reader: ReturnType<typeof readerOf>, closing: Closing, partner: string, reminder = false): Card {
  const { t } = reader;
  return card({
    header: { title: reminder ? t('closing.reminder.title', { name: partner }) : t('closing.title', { name: partner }) },
    sections: [
      richText(paragraph(reminder ? t('closing.reminder.body', { name: partner }) : t('closing.body', { name: partner }))),
      richText(t('closing.private', { name: partner })),
      richText(t('closing.until', { date: formatDate(reader.locale, closing.closesAt, reader.timeZone) })),
    ],
    actions: [
      { kind: 'button', style: 'primary', label: t('closing.button'), ref: refFor(ctx, reader.person.id, 'closing.open', [closing.id]) },
      { kind: 'button', style: 'default', label: t('wins.button'), ref: refFor(ctx, reader.person.id, 'wins.export', []) },
    ],
  });
}

async function submit(ctx: ActorCtx, closingId: unknown, raw: unknown): Promise<SubmitOutcome> {
  const found = await myClosing(ctx, closingId);
  if (!found) return { type: 'done', effects: [text(ctx.t('action.refused'))] };
  const { closing, pair } = found;
  const refusal = notOpen(ctx, closing);
  if (refusal) return { type: 'done', effects: [refusal] };
  const partner = await partnerName(ctx, pair, ctx.person.id);
  const checked = validateForm(closingForm(ctx.locale, '', partner), raw, ctx.locale);
  if (!checked.ok) return { type: 'errors', errors: checked.errors };
  const answer = closingFromValues(checked.values);
  const stored = await answerClosing(ctx.db, closing.id, answer, ctx.now);
  // Answered meanwhile (a double submit) or closed meanwhile: nothing changes.
  if (!stored) return { type: 'done', effects: [notOpen(ctx, (await getClosing(ctx.db, closing.id)) ?? closing) ?? text(ctx.t('closing.already'))] };
  if (stored.partnerWord) {
    await ctx.notify({
      workspaceId: pair.workspaceId, kind: 'pair.closing_word', to: { kind: 'person', personId: partnerOf(pair, ctx.person.id) },
      key: `closing.word:${stored.id}`, payload: { closingId: stored.id }, matchId: pair.id,
    });
  }
  const thanks = stored.partnerWord ? ctx.t('closing.thanks_shared', { name: partner }) : ctx.t('closing.thanks');
  return {
    type: 'done',
    effects: [reply(card({
      header: { title: ctx.t('closing.form.title') }, sections: [richText(thanks)],
      actions: [{ kind: 'button', style: 'primary', label: ctx.t('wins.button'), ref: ctx.ref('wins.export', []) }],
    }))],
  };
}

/** The closing card, or its reminder, while the closing waits for its reader's answer. */
const closingComposer = (reminder: boolean): Composer => async (ctx, delivery, recipients) => {
  const closingId = idOrEmpty(delivery.payload.closingId);
  const closing = closingId ? await getClosing(ctx.db, closingId) : undefined;
  const reader = recipients[0];
  if (!closing || !reader || reader.id !== closing.personId || closing.answeredAt || closing.closesAt <= ctx.now) return undefined;
  const pair = await pairById(ctx.db, closing.matchId);
  if (!pair) return undefined;
  return closingCard(ctx, readerOf(reader), closing, await partnerName(ctx, pair, reader.id), reminder);
};

async function exportLog(ctx: ActorCtx): Promise<readonly Effect[]> {
  const file = await winsLogFile(ctx.db, ctx.person, ctx.now);
  return [file ? reply(file) : text(ctx.t('wins.none'))];
}

export const closingFlow: FlowModule = {
  commands: {
    wins: async (ctx) => {
      const effects = [...(await exportLog(ctx))];
      // A closing still waiting for its answer is offered with the file.
      for (const closing of await closingsOfPerson(ctx.db, ctx.person.id)) {
        const pair = !closing.answeredAt && closing.closesAt > ctx.now ? await pairById(ctx.db, closing.matchId) : undefined;
        if (pair) effects.push(reply(closingCard(ctx, readerOf(ctx.person), closing, await partnerName(ctx, pair, ctx.person.id))));
      }
      return effects;
    },
  },
  actions: {
    'closing.open': {
      oneShot: false,
      async handle(ctx, ref) {
        const found = await myClosing(ctx, ref.subjects[0]);
        if (!found) return [text(ctx.t('action.refused'))];
        const refusal = notOpen(ctx, found.closing);
        if (refusal) return [refusal];
        const partner = await partnerName(ctx, found.pair, ctx.person.id);
        return [openForm(closingForm(ctx.locale, ctx.ref('closing.submit', [found.closing.id]), partner))];
      },
    },
    'wins.export': { oneShot: false, handle: (ctx) => exportLog(ctx) },
  },
  forms: { 'closing.submit': (ctx, ref, raw) => submit(ctx, ref.subjects[0], raw) },
  jobs: {
    'closing.reminder': async (ctx, payload) => {
      const closingId = idOrEmpty(payload.closingId);
      const closing = closingId ? await getClosing(ctx.db, closingId) : undefined;
      if (!closing || closing.answeredAt || closing.closesAt <= ctx.now) return;
      const pair = await pairById(ctx.db, closing.matchId);
      if (!pair) return;
      await ctx.notify({
        workspaceId: pair.workspaceId, kind: 'pair.closing_reminder', to: { kind: 'person', personId: closing.personId },
        // Its planned time: a reminder that runs late (an outage) waits for the person's working day.
        key: `closing.reminder:${closing.id}`, payload: { closingId: closing.id, plannedAt: closingReminderJob(closing).runAt!.toISOString() }, matchId: pair.id,
      });
    },
  },
  compose: {
    'pair.closing': closingComposer(false),
    'pair.closing_reminder': closingComposer(true),
    // The one shared part of a closing, for the partner only.
    'pair.closing_word': async (ctx, delivery, recipients) => {
      const closingId = idOrEmpty(delivery.payload.closingId);
      const closing = closingId ? await getClosing(ctx.db, closingId) : undefined;
      const pair = closing && await pairById(ctx.db, closing.matchId);
      const reader = recipients[0];
      if (!closing?.partnerWord || !pair || !reader || reader.id !== partnerOf(pair, closing.personId)) return undefined;
      const author = (await getPerson(ctx.db, closing.personId))?.displayName ?? '';
      const { t } = readerOf(reader);
      return card({
        header: { title: t('closing.word.title', { name: author }) },
        sections: [richText(paragraph(closing.partnerWord)), richText(t('closing.word.only_shared', { name: author }))],
      });
    },
  },
};
