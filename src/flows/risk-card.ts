// The card a lead gets for an open at-risk alert: which pair, which rule, what to do, and the
// three one-shot actions. It never shows the ratings or answers behind the rule.
import { SUGGESTED } from '../domain/evaluation/at-risk.ts';
import type { RiskAlert, RiskRule } from '../domain/model.ts';
import { getPair } from '../db/repositories/pair.repository.ts';
import { card, type Card } from '../ui/model.ts';
import { mention, paragraph, richText } from '../ui/rich-text.ts';
import type { ActorCtx } from './context.ts';

const ruleText = (ctx: ActorCtx, rule: RiskRule): string => ({
  no_first_meeting: ctx.t('risk.rule.no_first_meeting'), missed_checkins: ctx.t('risk.rule.missed_checkins'),
  low_pulse: ctx.t('risk.rule.low_pulse'), rating_gap: ctx.t('risk.rule.rating_gap'), long_pause: ctx.t('risk.rule.long_pause'),
})[rule];

const suggestedText = (ctx: ActorCtx, rule: RiskRule): string => ({
  nudge: ctx.t('risk.suggested.nudge'), rematch: ctx.t('risk.suggested.rematch'), reach_out: ctx.t('risk.suggested.reach_out'),
})[SUGGESTED[rule]];

export async function riskCard(ctx: ActorCtx, alert: RiskAlert): Promise<Card | undefined> {
  const pair = await getPair(ctx.db, alert.matchId);
  if (!pair) return undefined;
  const [before, after] = ctx.t('risk.card.pair', { mentee: '\u0000', mentor: '\u0001' }).split('\u0000');
  const [middle, end] = (after ?? '').split('\u0001');
  return card({
    header: { title: ctx.t('risk.card.title') },
    sections: [richText(paragraph(before ?? '', mention(pair.menteeId), middle ?? '', mention(pair.mentorId), end ?? '')),
      richText(ruleText(ctx, alert.rule), suggestedText(ctx, alert.rule))],
    actions: [
      { kind: 'button', style: 'primary', label: ctx.t('risk.button.nudge'), ref: ctx.ref('risk.nudge', [alert.id]) },
      { kind: 'button', style: 'danger', label: ctx.t('risk.button.rematch'), ref: ctx.ref('risk.rematch', [alert.id]), confirm: {
        title: ctx.t('risk.confirm.title'), text: ctx.t('risk.confirm.text'), confirmLabel: ctx.t('risk.confirm.yes'), denyLabel: ctx.t('risk.confirm.no'),
      } },
      { kind: 'button', style: 'default', label: ctx.t('risk.button.handled'), ref: ctx.ref('risk.handled', [alert.id]) },
    ],
  });
}

/** At most this many at-risk cards in one answer; the report says how many more there are. */
export const RISK_CARDS_SHOWN = 20;

export async function riskCards(ctx: ActorCtx, alerts: readonly RiskAlert[]): Promise<Card[]> {
  const cards: Card[] = [];
  for (const alert of alerts.slice(0, RISK_CARDS_SHOWN)) {
    const c = await riskCard(ctx, alert);
    if (c) cards.push(c);
  }
  return cards;
}
