// Preparing a meeting (issue 17): the day before each member's next check-in date (the pair's
// cadence), or before a scheduled meeting once one is known, each member gets a short
// preparation: the pair's open goals with their progress, what was agreed last time (shared
// notes), a word on the pair's agreement while one of them has not confirmed it, and three questions for the pair's stage from the question bank. Planned with the
// check-in it precedes (one job per check-in, deterministic key), decided once through a
// delivery (`prepare:<checkin>`), and written at send time so it says what is true then.
// `prepare` shows it now; `prepare off|on` and the message's button turn it off or on again.
import { getAgreement } from '../../db/repositories/agreement.repository.ts';
import { nextMeetingOf } from '../../db/repositories/meeting.repository.ts';
import type { Command } from '../../domain/commands/command.ts';
import { addDuration, parseIsoDuration } from '../../domain/duration.ts';
import type { Checkin, Pair } from '../../domain/model.ts';
import { getCheckin, getPlanContext, listCheckins } from '../../db/repositories/checkin.repository.ts';
import type { Db } from '../../db/repositories/db.ts';
import { listGoals } from '../../db/repositories/goal.repository.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import { isPreparationOff, setPreparationOff } from '../../db/repositories/preparation.repository.ts';
import { formatDateTime } from '../../ui/i18n/format.ts';
import { card, message, type ButtonAction, type Card } from '../../ui/model.ts';
import { bullets, richText, type RichText } from '../../ui/rich-text.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { reply, type Effect } from '../effects.ts';
import { goalLines } from './goals.flow.ts';
import { myPairs } from '../my-pairs.ts';
import { idOrEmpty, pairById, partnerOf, readerOf, refFor, type Reader } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { agreementState } from './agreement-card.ts';
import { questionsFor, stageOf, type Stage } from './question-bank.ts';
import { sharedNotesBlock } from './shared-notes.ts';

const DAY_MS = 86_400_000;

function stageLabel(t: Reader['t'], stage: Stage): string {
  switch (stage) {
    case 'first_meeting': return t('prepare.stage.first_meeting');
    case 'goal_setting': return t('prepare.stage.goal_setting');
    case 'midway': return t('prepare.stage.midway');
    case 'closing': return t('prepare.stage.closing');
  }
}

/**
 * When the pair next meets, if a meeting is booked (find a time); undefined means "use the
 * check-in date". The preparation then names the meeting's time instead of the check-in date.
 */
async function nextMeetingLookup(db: Db, matchId: string, now: Date): Promise<Date | undefined> {
  return (await nextMeetingOf(db, matchId, now))?.start;
}

export const preparationJobKey = (checkinId: string): string => `pair.prepare:${checkinId}`;

/** The day before the check-in date; undefined when that moment has passed (too late to prepare). */
export function preparationTime(dueAt: Date, now: Date): Date | undefined {
  const at = new Date(dueAt.getTime() - DAY_MS);
  return at > now ? at : undefined;
}

/** Plans the preparation before a newly planned check-in; safe to call again (same key). */
export function planPreparation(ctx: BaseCtx, checkin: Pick<Checkin, 'id' | 'dueAt'>, fresh: boolean): void {
  const runAt = preparationTime(checkin.dueAt, ctx.now);
  if (runAt) ctx.later({ name: 'pair.prepare', key: preparationJobKey(checkin.id), runAt, payload: { checkinId: checkin.id }, fresh });
}

async function prepareJob(ctx: BaseCtx, checkinId: string): Promise<void> {
  const checkin = checkinId ? await getCheckin(ctx.db, checkinId) : undefined;
  // Only before the check-in it prepares: once prompted, answered or cancelled it is too late.
  if (!checkin || checkin.status !== 'scheduled' || checkin.dueAt <= ctx.now) return;
  const pair = await pairById(ctx.db, checkin.matchId);
  if (!pair || pair.state !== 'active') return;
  const person = await getPerson(ctx.db, checkin.personId);
  if (!person || person.erasedAt || await isPreparationOff(ctx.db, person.id)) return;
  await ctx.notify({
    workspaceId: pair.workspaceId, kind: 'pair.prepare', to: { kind: 'person', personId: person.id },
    key: `prepare:${checkin.id}`, payload: { checkinId: checkin.id }, matchId: pair.id,
  });
}

/** The preparation for one member of a pair, for the check-in of `period` due at `checkinAt`. */
async function preparationCard(db: Db, reader: Reader, pair: Pair, at: { period: number; checkinAt: Date; now: Date }, offRef?: string): Promise<Card> {
  const { t } = reader;
  const partnerId = partnerOf(pair, reader.person.id);
  const partner = await getPerson(db, partnerId);
  const name = partner?.displayName ?? '';
  const meetingAt = await nextMeetingLookup(db, pair.id, at.now);
  const goals = (await listGoals(db, pair.id)).filter((g) => g.status !== 'dropped');
  const open = goals.filter((g) => g.status === 'open');
  const plan = await getPlanContext(db, pair);
  const when = meetingAt ?? at.checkinAt;
  const cadence = parseIsoDuration(plan?.program.settings.checkinCadence ?? 'P1M');
  const lastBeforeEnd = Boolean(plan?.roundEndsAt && cadence.ok && addDuration(when, cadence.duration, reader.timeZone) > plan.roundEndsAt);
  const stage = stageOf({ firstMeetingAt: pair.firstMeetingAt, goalCount: goals.length, lastBeforeEnd });
  const date = formatDateTime(reader.locale, when, reader.timeZone);
  const sections: RichText[] = [
    richText(meetingAt ? t('prepare.when_meeting', { name, date }) : t('prepare.when_checkin', { name, date }), t('prepare.stage', { stage: stageLabel(t, stage) })),
    open.length > 0 ? richText(t('prepare.goals'), goalLines(t, reader.locale, open)) : richText(t('prepare.no_goals')),
  ];
  const shared = await sharedNotesBlock(db, pair.id, reader);
  if (shared) sections.push(shared);
  // An agreement not yet confirmed by both is recalled here rather than by reminders of its own.
  const agreement = await getAgreement(db, pair.id);
  if (agreement && !agreement.agreedAt) {
    const state = await agreementState(db, pair, agreement, { personId: reader.person.id, locale: reader.locale, timeZone: reader.timeZone });
    sections.push(richText(t('agreement.prepare_waiting', { state })));
  }
  sections.push(richText(t('prepare.questions'), bullets(...questionsFor(stage, at.period).map((key) => t(key)))));
  // Sent unasked: say how to stop it, as a button and in words.
  if (offRef) sections.push(richText(t('prepare.off_hint')));
  const actions: ButtonAction[] = offRef ? [{ kind: 'button', style: 'default', label: t('prepare.off_button'), ref: offRef }] : [];
  return card({ header: { title: t('prepare.title', { name }) }, sections, actions });
}

const text = (body: string): Effect => reply(message(richText(body)));

async function turn(ctx: ActorCtx, setting: 'on' | 'off'): Promise<readonly Effect[]> {
  const changed = await setPreparationOff(ctx.db, ctx.person.id, setting === 'off', ctx.now);
  if (setting === 'off') return [text(changed ? ctx.t('prepare.turned_off') : ctx.t('prepare.already_off'))];
  return [text(changed ? ctx.t('prepare.turned_on') : ctx.t('prepare.already_on'))];
}

/** `prepare`: the preparation for each active pair now, with the setting; `prepare on|off` changes it. */
async function prepareCommand(ctx: ActorCtx, command: Extract<Command, { name: 'prepare' }>): Promise<readonly Effect[]> {
  if (command.setting) return turn(ctx, command.setting);
  const pairs = await myPairs(ctx, ['active']);
  if (pairs.length === 0) return [text(ctx.t('prepare.no_pair'))];
  const reader = readerOf(ctx.person);
  const effects: Effect[] = [];
  for (const pair of pairs) {
    const next = (await listCheckins(ctx.db, pair.id)).filter((c) => c.personId === ctx.person.id && c.status === 'scheduled')
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
    const at = next ? { period: next.period, checkinAt: next.dueAt, now: ctx.now } : { period: 1, checkinAt: ctx.now, now: ctx.now };
    effects.push(reply(await preparationCard(ctx.db, reader, pair, at)));
  }
  const off = await isPreparationOff(ctx.db, ctx.person.id);
  effects.push(text(off ? ctx.t('prepare.setting_off') : ctx.t('prepare.setting_on')));
  return effects;
}

export const prepareFlow: FlowModule = {
  commands: { prepare: prepareCommand },
  jobs: { 'pair.prepare': (ctx, payload) => prepareJob(ctx, idOrEmpty(payload.checkinId)) },
  actions: {
    'prepare.off': { oneShot: true, handle: (ctx) => turn(ctx, 'off') },
  },
  compose: {
    // Checked again at send time: still before the check-in, the pair active, preparation on.
    'pair.prepare': async (ctx, delivery, recipients) => {
      const checkinId = idOrEmpty(delivery.payload.checkinId);
      const checkin = checkinId ? await getCheckin(ctx.db, checkinId) : undefined;
      const reader = recipients[0];
      if (!checkin || !reader || reader.id !== checkin.personId || checkin.status !== 'scheduled') return undefined;
      const pair = await pairById(ctx.db, checkin.matchId);
      if (!pair || pair.state !== 'active' || await isPreparationOff(ctx.db, reader.id)) return undefined;
      return preparationCard(ctx.db, readerOf(reader), pair, { period: checkin.period, checkinAt: checkin.dueAt, now: ctx.now },
        refFor(ctx, reader.id, 'prepare.off', [pair.id]));
    },
  },
};
