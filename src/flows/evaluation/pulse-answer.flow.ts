// Evaluation pulses (SPEC §7), answering side. The lead flows schedule 'pulse.open'; every member
// of the round's active or paused pairs gets a card with an "Answer" button, answers once, and
// the answer is only ever read in aggregate: nothing here shows it back to anyone.
import type { Pulse } from '../../domain/model.ts';
import { listPairs } from '../../db/repositories/pair.repository.ts';
import { getPulse, hasAnsweredPulse, savePulseAnswer } from '../../db/repositories/pulse.repository.ts';
import { isReleased } from '../../db/repositories/report-release.repository.ts';
import { card, message } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import { validateForm } from '../../ui/validate-form.ts';
import type { ActorCtx } from '../context.ts';
import { openForm, reply, type Effect } from '../effects.ts';
import { myPair } from '../my-pairs.ts';
import { idOrEmpty, readerOf, refFor, sideOf } from '../pair-members.ts';
import { pulseForm, pulseFromValues } from './pulse-forms.ts';
import { sendCirclePulses } from '../circles/circle-pulse.flow.ts';
import type { FlowModule } from '../registry.ts';

const PULSE_PAIR_STATES = ['active', 'paused'] as const;
const text = (body: string): Effect => reply(message(richText(body)));

async function pulseById(ctx: { db: ActorCtx['db'] }, id: unknown, lock?: 'share'): Promise<Pulse | undefined> {
  const checked = idOrEmpty(id);
  return checked ? getPulse(ctx.db, checked, lock) : undefined;
}

/**
 * The pulse and the actor's pair it is about, if the pulse is still open and the pair theirs.
 * `writing`: the answer is about to be stored, under a share lock on the pulse: a release of the
 * pulse at that moment (another process, whose clock says it has closed) waits for it, or has
 * happened and refuses it as closed; never thanked and then left out of the figures.
 */
async function openPulseFor(ctx: ActorCtx, pulseId: unknown, matchId: unknown, writing = false): Promise<{ ok: true; pulse: Pulse; role: 'mentee' | 'mentor'; matchId: string } | { ok: false; effects: Effect[] }> {
  const pulse = await pulseById(ctx, pulseId, writing ? 'share' : undefined);
  const pair = await myPair(ctx, matchId);
  if (!pulse || !pair || pair.roundId !== pulse.roundId) return { ok: false, effects: [text(ctx.t('action.refused'))] };
  if (pulse.closesAt <= ctx.now || (writing && await isReleased(ctx.db, 'pulse', pulse.id))) return { ok: false, effects: [text(ctx.t('pulse.closed'))] };
  if (await hasAnsweredPulse(ctx.db, pulse.id, ctx.person.id)) return { ok: false, effects: [text(ctx.t('pulse.already_answered'))] };
  return { ok: true, pulse, role: sideOf(pair, ctx.person.id)!, matchId: pair.id };
}

export const pulseAnswerFlow: FlowModule = {
  jobs: {
    'pulse.open': async (ctx, payload) => {
      const pulse = await pulseById(ctx, payload.pulseId);
      if (!pulse || pulse.closesAt <= ctx.now) return;
      for (const pair of await listPairs(ctx.db, pulse.roundId, PULSE_PAIR_STATES)) {
        for (const personId of [pair.menteeId, pair.mentorId]) {
          await ctx.notify({
            workspaceId: pair.workspaceId, kind: 'pulse.prompt', to: { kind: 'person', personId },
            key: `pulse:${pulse.id}:${personId}`, payload: { pulseId: pulse.id, matchId: pair.id }, matchId: pair.id,
          });
        }
      }
      // The round's circles get it too, each person about their circle (circles/circle-pulse.flow.ts).
      await sendCirclePulses(ctx, pulse);
    },
  },
  compose: {
    'pulse.prompt': async (ctx, delivery, recipients) => {
      const pulse = await pulseById(ctx, delivery.payload.pulseId);
      const reader = recipients[0];
      const matchId = idOrEmpty(delivery.payload.matchId);
      if (!pulse || !reader || !matchId || pulse.closesAt <= ctx.now || await hasAnsweredPulse(ctx.db, pulse.id, reader.id)) return undefined;
      const { t } = readerOf(reader);
      const ttlHours = Math.max(1, Math.ceil((pulse.closesAt.getTime() - ctx.now.getTime()) / 3_600_000));
      return card({
        header: { title: pulse.kind === 'final' ? t('pulse.prompt.title_final') : t('pulse.prompt.title') },
        sections: [richText(t('pulse.prompt.body'))],
        actions: [{ kind: 'button', style: 'primary', label: t('pulse.prompt.answer'), ref: refFor(ctx, reader.id, 'pulse.answer', [pulse.id, matchId], ttlHours) }],
      });
    },
  },
  actions: {
    'pulse.answer': {
      oneShot: false,
      async handle(ctx, ref) {
        const open = await openPulseFor(ctx, ref.subjects[0], ref.subjects[1]);
        if (!open.ok) return open.effects;
        return [openForm(pulseForm({ locale: ctx.locale, ref: ctx.ref('pulse.submit', [open.pulse.id, open.matchId]) }))];
      },
    },
  },
  forms: {
    'pulse.submit': async (ctx, ref, raw) => {
      const open = await openPulseFor(ctx, ref.subjects[0], ref.subjects[1], true);
      if (!open.ok) return { type: 'done', effects: open.effects };
      const checked = validateForm(pulseForm({ locale: ctx.locale, ref: '' }), raw, ctx.locale);
      if (!checked.ok) return { type: 'errors', errors: checked.errors };
      const answer = pulseFromValues(checked.values);
      const stored = await savePulseAnswer(ctx.db, {
        pulseId: open.pulse.id, personId: ctx.person.id, matchId: open.matchId, role: open.role, ...answer, comment: answer.comment ?? null, at: ctx.now,
      });
      return { type: 'done', effects: [text(stored ? ctx.t('pulse.thanks') : ctx.t('pulse.already_answered'))] };
    },
  },
};
