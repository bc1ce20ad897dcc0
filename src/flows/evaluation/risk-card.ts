// The card a lead gets for a pair with open at-risk alerts: which pair, every reason, what to do,
// and the three one-shot actions, which close every alert the card shows. It never shows the ratings or answers behind the rule; for a rule drawn
// from a member's answers (shown only once that member asked for the lead), it says only that
// they asked for help.
import { MEMBER_RULES, SUGGESTED } from '../../domain/evaluation/at-risk.ts';
import type { RiskAlert, RiskRule } from '../../domain/model.ts';
import { getPair } from '../../db/repositories/pair.repository.ts';
import type { Translate } from '../../ui/i18n/t.ts';
import { card, type Card } from '../../ui/model.ts';
import { mention, paragraph, richText, type InlineInput } from '../../ui/rich-text.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { refFor } from '../pair-members.ts';

/** A catalog text with mentions in place of its placeholders (filled with the characters U+0000, U+0001…). */
function withMentions(text: string, ids: readonly string[]): InlineInput[] {
  const parts: InlineInput[] = [];
  let plain = '';
  for (const ch of text) {
    const id = ch.charCodeAt(0) < ids.length ? ids[ch.charCodeAt(0)] : undefined;
    if (id === undefined) { plain += ch; continue; }
    if (plain) parts.push(plain);
    parts.push(mention(id));
    plain = '';
  }
  if (plain) parts.push(plain);
  return parts;
}

const ruleText = (t: Translate, rule: RiskRule): string => ({
  no_first_meeting: t('risk.rule.no_first_meeting'), missed_checkins: t('risk.rule.missed_checkins'),
  low_pulse: t('risk.rule.low_pulse'), rating_gap: t('risk.rule.rating_gap'), long_pause: t('risk.rule.long_pause'),
})[rule];

const suggestedText = (t: Translate, rule: RiskRule): string => ({
  nudge: t('risk.suggested.nudge'), rematch: t('risk.suggested.rematch'), reach_out: t('risk.suggested.reach_out'),
})[SUGGESTED[rule]];

/**
 * The lead's card for `reader` (a lead) about one pair, with buttons signed for them: the alerts
 * given are that pair's, each reason once, then each suggestion once.
 */
export async function riskCardFor(ctx: BaseCtx, reader: { readonly id: string; readonly t: Translate }, pairAlerts: RiskAlert | readonly RiskAlert[]): Promise<Card | undefined> {
  const alerts: readonly RiskAlert[] = Array.isArray(pairAlerts) ? pairAlerts : [pairAlerts as RiskAlert];
  const alert = alerts[0];
  const pair = alert && await getPair(ctx.db, alert.matchId);
  if (!alert || !pair) return undefined;
  const { t } = reader;
  const why = alerts.map((a) => (MEMBER_RULES.has(a.rule) && a.personId
    ? paragraph(...withMentions(t('risk.rule.asked_for_help', { person: '\u0000' }), [a.personId]))
    : paragraph(ruleText(t, a.rule))));
  const suggested = [...new Set(alerts.map((a) => suggestedText(t, a.rule)))].map((text) => paragraph(text));
  const ids = alerts.map((a) => a.id);
  return card({
    header: { title: t('risk.card.title') },
    sections: [richText(paragraph(...withMentions(t('risk.card.pair', { mentee: '\u0000', mentor: '\u0001' }), [pair.menteeId, pair.mentorId]))),
      richText(...why, ...suggested)],
    actions: [
      { kind: 'button', style: 'primary', label: t('risk.button.nudge'), ref: refFor(ctx, reader.id, 'risk.nudge', ids) },
      { kind: 'button', style: 'danger', label: t('risk.button.rematch'), ref: refFor(ctx, reader.id, 'risk.rematch', ids), confirm: {
        title: t('risk.confirm.title'), text: t('risk.confirm.text'), confirmLabel: t('risk.confirm.yes'), denyLabel: t('risk.confirm.no'),
      } },
      { kind: 'button', style: 'default', label: t('risk.button.handled'), ref: refFor(ctx, reader.id, 'risk.handled', ids) },
    ],
  });
}

/** At most this many at-risk cards in one answer; the report says how many more there are. */
export const RISK_CARDS_SHOWN = 20;

/** How many pairs the open alerts are about: what the lead has to look at. */
export const pairsAtRisk = (alerts: readonly RiskAlert[]): number => new Set(alerts.map((a) => a.matchId)).size;

/** One card per pair, in the order of each pair's first alert, for the first `limit` pairs. */
export async function riskCards(ctx: ActorCtx, alerts: readonly RiskAlert[], limit = RISK_CARDS_SHOWN): Promise<Card[]> {
  const byPair = new Map<string, RiskAlert[]>();
  for (const alert of alerts) byPair.set(alert.matchId, [...(byPair.get(alert.matchId) ?? []), alert]);
  const cards: Card[] = [];
  for (const pairAlerts of [...byPair.values()].slice(0, limit)) {
    const c = await riskCardFor(ctx, { id: ctx.person.id, t: ctx.t }, pairAlerts);
    if (c) cards.push(c);
  }
  return cards;
}
