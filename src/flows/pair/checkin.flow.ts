// Answering check-ins: the prompt card and its reminder, the `checkin` command, and the form.
// One answer per check-in; a met=yes answer dates the pair's first meeting. The private note is
// stored for its author alone: nothing here ever shows it to anyone else. The next steps and the
// advice applied are shared: the partner is told (pair/shared-notes.ts).
import type { Checkin, Pair } from '../../domain/model.ts';
import { answerCheckin, findOpenCheckin, getCheckin, getCheckinWithPair, listCheckins } from '../../db/repositories/checkin.repository.ts';
import { listGoals, updateGoal } from '../../db/repositories/goal.repository.ts';
import { listPairsOfPerson, patchPair } from '../../db/repositories/pair.repository.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import type { Composer } from '../registry.ts';
import { formatDateTime } from '../../ui/i18n/format.ts';
import { card, message } from '../../ui/model.ts';
import { mention, paragraph, richText } from '../../ui/rich-text.ts';
import { validateForm } from '../../ui/validate-form.ts';
import { checkinForm, checkinFromValues, type CheckinFormContext, type CheckinGoal } from './checkin-forms.ts';
import type { ActorCtx } from '../context.ts';
import { openForm, reply, type Effect } from '../effects.ts';
import { idOrEmpty, pairById, partnerOf, readerOf, refFor, sideOf } from '../pair-members.ts';
import { shareWithPartner } from './shared-notes.ts';
import { askChemistry } from './chemistry.ts';
import type { FlowModule } from '../registry.ts';

const text = (body: string): Effect => reply(message(richText(body)));

async function openGoals(ctx: ActorCtx, matchId: string): Promise<CheckinGoal[]> {
  return (await listGoals(ctx.db, matchId)).filter((g) => g.status === 'open').map((g) => ({ id: g.id, title: g.title, progress: g.progress }));
}

async function myCheckin(ctx: ActorCtx, id: unknown): Promise<Checkin | undefined> {
  const checked = idOrEmpty(id);
  const checkin = checked ? await getCheckin(ctx.db, checked) : undefined;
  return checkin?.personId === ctx.person.id ? checkin : undefined;
}

/** The form's context: the shared fields name the partner, and only a mentee reports advice applied. */
async function formContext(ctx: ActorCtx, pair: Pair, ref: string): Promise<CheckinFormContext> {
  const partner = await getPerson(ctx.db, partnerOf(pair, ctx.person.id));
  return { locale: ctx.locale, ref, role: sideOf(pair, ctx.person.id) ?? 'mentor', partnerName: partner?.displayName ?? '' };
}

async function openCheckinForm(ctx: ActorCtx, checkin: Checkin): Promise<readonly Effect[]> {
  if (checkin.status === 'answered') return [text(ctx.t('checkin.already_answered'))];
  if (checkin.status !== 'prompted' && checkin.status !== 'missed') return [text(ctx.t('checkin.not_open'))];
  const pair = await pairById(ctx.db, checkin.matchId);
  if (!pair) return [text(ctx.t('checkin.not_open'))];
  const form = checkinForm(await formContext(ctx, pair, ctx.ref('checkin.submit', [checkin.id])), await openGoals(ctx, checkin.matchId));
  return [openForm(form)];
}

async function nextScheduled(ctx: ActorCtx): Promise<Date | undefined> {
  const dates: Date[] = [];
  for (const pair of await listPairsOfPerson(ctx.db, ctx.person.id, ['active', 'paused'])) {
    for (const c of await listCheckins(ctx.db, pair.id)) if (c.personId === ctx.person.id && c.status === 'scheduled') dates.push(c.dueAt);
  }
  return dates.sort((a, b) => a.getTime() - b.getTime())[0];
}

async function submit(ctx: ActorCtx, checkinId: unknown, raw: unknown) {
  const checkin = await myCheckin(ctx, checkinId);
  const pair = checkin && await pairById(ctx.db, checkin.matchId);
  if (!checkin || !pair) return { type: 'done' as const, effects: [text(ctx.t('action.refused'))] };
  const goals = await openGoals(ctx, pair.id);
  const checked = validateForm(checkinForm(await formContext(ctx, pair, ''), goals), raw, ctx.locale);
  if (!checked.ok) return { type: 'errors' as const, errors: checked.errors };
  const answer = checkinFromValues(checked.values, goals);
  const stored = await answerCheckin(ctx.db, checkin.id, {
    met: answer.met, usefulness: answer.usefulness ?? null, goalProgress: { ...answer.goalProgress }, privateNote: answer.privateNote ?? null,
    nextSteps: answer.nextSteps ?? null, adviceApplied: answer.adviceApplied ?? null,
  }, ctx.now);
  if (!stored) return { type: 'done' as const, effects: [text(ctx.t('checkin.already_answered'))] };
  // A goal the partner marks done at this moment stays done (updateGoal changes open goals only).
  for (const goal of goals) {
    const progress = answer.goalProgress[goal.id];
    if (progress !== undefined && progress !== goal.progress) await updateGoal(ctx.db, goal.id, { progress }, ctx.person.id);
  }
  const told = await shareWithPartner(ctx, pair, checkin.id, ctx.person.id, answer);
  if (answer.met === 'yes' && !pair.firstMeetingAt) {
    const met = await patchPair(ctx.db, pair.id, ['active', 'paused'], { first_meeting_at: ctx.now }, ctx.now);
    // The first meeting is reported: time for the chemistry check (pair/chemistry.ts).
    if (met) await askChemistry(ctx, met);
  }
  const partner = told ? await getPerson(ctx.db, partnerOf(pair, ctx.person.id)) : undefined;
  return { type: 'done' as const, effects: [text(partner ? ctx.t('checkin.thanks_shared', { name: partner.displayName }) : ctx.t('checkin.thanks'))] };
}

/** The prompt and its reminder: a card with the partner's name and an "Answer" button for its reader. */
const promptComposer = (kind: 'prompt' | 'missed'): Composer => async (ctx, delivery, recipients) => {
  const checkinId = idOrEmpty(delivery.payload.checkinId);
  // The check-in and its pair in one read.
  const found = checkinId ? await getCheckinWithPair(ctx.db, checkinId) : undefined;
  const reader = recipients[0];
  if (!found || !reader || found.checkin.personId !== reader.id) return undefined;
  const { checkin, pair } = found;
  if (kind === 'prompt' ? checkin.status !== 'prompted' : checkin.status !== 'missed') return undefined;
  if (pair.state !== 'active') return undefined;
  const { t } = readerOf(reader);
  return card({
    header: { title: kind === 'prompt' ? t('checkin.prompt.title') : t('checkin.missed.title') },
    sections: [richText(paragraph(kind === 'prompt' ? t('checkin.prompt.body') : t('checkin.missed.body'), ' ', mention(partnerOf(pair, reader.id))))],
    actions: [{ kind: 'button', style: 'primary', label: t('checkin.prompt.answer'), ref: refFor(ctx, reader.id, 'checkin.open', [checkin.id]) }],
  });
};

export const checkinFlow: FlowModule = {
  commands: {
    checkin: async (ctx) => {
      const open = await findOpenCheckin(ctx.db, ctx.person.id);
      if (open) return openCheckinForm(ctx, open);
      const next = await nextScheduled(ctx);
      return [text(next ? ctx.t('checkin.none_next', { date: formatDateTime(ctx.locale, next, ctx.person.timezone) }) : ctx.t('checkin.none'))];
    },
  },
  actions: {
    'checkin.open': {
      oneShot: false,
      async handle(ctx, ref) {
        const checkin = await myCheckin(ctx, ref.subjects[0]);
        return checkin ? openCheckinForm(ctx, checkin) : [text(ctx.t('action.refused'))];
      },
    },
  },
  forms: { 'checkin.submit': (ctx, ref, raw) => submit(ctx, ref.subjects[0], raw) },
  compose: { 'checkin.prompt': promptComposer('prompt'), 'checkin.missed': promptComposer('missed') },
};
