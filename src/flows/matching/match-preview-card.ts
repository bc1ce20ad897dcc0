// The lead's matching preview: how many were matched, why the others were not, how good the
// pairs are and how loaded the mentors would be, the weakest pairs to look at, and the reasons
// that came up most, in the lead's language.
import type { Program, Round } from '../../domain/model.ts';
import type { HardConstraint, MatchResult, RejectedPin, UnmatchedReason } from '../../domain/matching/types.ts';
import { formatNumber } from '../../ui/i18n/format.ts';
import { card, type Card } from '../../ui/model.ts';
import { bold, bullets, mention, paragraph, richText, type InlineInput, type RichText } from '../../ui/rich-text.ts';
import type { ActorCtx } from '../context.ts';

/**
 * What the card needs of whoever reads it: their language and buttons signed for them (the lead's
 * request, or the card sent when a large preview is ready).
 */
export type PreviewReader = Pick<ActorCtx, 't' | 'locale' | 'ref'>;
import { renderReason } from './reasons-render.ts';

const LOWEST_SHOWN = 5;
const TOP_REASONS = 3;

function unmatchedText(ctx: PreviewReader, reason: UnmatchedReason, count: number): string {
  switch (reason) {
    case 'no_feasible_mentor': return ctx.t('match.unmatched.no_feasible_mentor', { count });
    case 'below_min_score': return ctx.t('match.unmatched.below_min_score', { count });
    case 'capacity_exhausted': return ctx.t('match.unmatched.capacity_exhausted', { count });
  }
}

/**
 * The program and org rules that ruled out pairs of the mentees no mentor fits. Avoid lists are
 * private answers and never counted here (nor `self`, which is no rule).
 */
const SHOWN_RULES = ['manager_chain', 'reports_chain', 'same_team', 'language', 'working_hours', 'past_pair', 'forbidden'] as const satisfies readonly HardConstraint[];

function ruleName(ctx: PreviewReader, rule: (typeof SHOWN_RULES)[number]): string {
  switch (rule) {
    case 'manager_chain': return ctx.t('match.blocked_rule.manager_chain');
    case 'reports_chain': return ctx.t('match.blocked_rule.reports_chain');
    case 'same_team': return ctx.t('match.blocked_rule.same_team');
    case 'language': return ctx.t('match.blocked_rule.language');
    case 'working_hours': return ctx.t('match.blocked_rule.working_hours');
    case 'past_pair': return ctx.t('match.blocked_rule.past_pair');
    case 'forbidden': return ctx.t('match.blocked_rule.forbidden');
  }
}

function blockedLines(ctx: PreviewReader, result: MatchResult): string[] {
  const totals = new Map<HardConstraint, number>();
  for (const u of result.unmatched) {
    if (u.reason !== 'no_feasible_mentor') continue;
    for (const rule of SHOWN_RULES) totals.set(rule, (totals.get(rule) ?? 0) + (u.blockedBy[rule] ?? 0));
  }
  return SHOWN_RULES.filter((r) => (totals.get(r) ?? 0) > 0)
    .map((r) => ctx.t('match.blocked.line', { rule: ruleName(ctx, r), count: totals.get(r)! }));
}

/**
 * Why a pin did not hold, as the lead reads it. Every reason but the lead's own second pin of a
 * mentee reads the same: telling a language mismatch or a full mentor apart from an avoid list
 * would let a lead probe people's private answers pin by pin.
 */
export function pinRefusalText(ctx: PreviewReader, reason: RejectedPin['reason']): string {
  return reason === 'duplicate' ? ctx.t('match.pin_refused.duplicate') : ctx.t('match.pin_refused.neutral');
}

/** The most frequent reasons among the pairs, as the lead reads them, with how many pairs share each. */
function topReasons(ctx: PreviewReader, program: Program, result: MatchResult): string[] {
  const counts = new Map<string, number>();
  for (const pair of result.pairs) {
    for (const reason of pair.reasons) {
      const text = renderReason(ctx.locale, reason, program.settings, 'lead');
      if (text) counts.set(text, (counts.get(text) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP_REASONS)
    .map(([reason, count]) => ctx.t('match.preview.reason_count', { reason, count }));
}

/** A weak pair with its best reason, so the lead sees what holds it together. */
function lowestLine(ctx: PreviewReader, program: Program, result: MatchResult, p: { menteeId: string; mentorId: string; score: number }): InlineInput[] {
  const pair = result.pairs.find((x) => x.menteeId === p.menteeId && x.mentorId === p.mentorId);
  const best = pair?.reasons.map((r) => renderReason(ctx.locale, r, program.settings, 'lead')).find((x) => x !== undefined);
  return [mention(p.menteeId), ' ← ', mention(p.mentorId), ` (${formatNumber(ctx.locale, Math.round(p.score))})`, ...(best ? [`: ${best}`] : [])];
}

const section = (title: string, lines: readonly (InlineInput | InlineInput[])[]): RichText =>
  richText(paragraph(bold(title)), bullets(...lines));

/**
 * Shortlist rounds: how many of the mentees who ranked got their first, second, third choice, a
 * later one, another mentor, or none; an aggregate, shown once at least minGroupSize ranked.
 */
function choiceFacts(ctx: PreviewReader, program: Program, round: Round, result: MatchResult): { label: string; value: string }[] {
  const stats = result.report.choices;
  const label = ctx.t('match.preview.choices');
  if (!stats) return round.rankingDeadline ? [{ label, value: ctx.t('match.preview.choices_none') }] : [];
  if (stats.ranked < program.settings.minGroupSize) return [{ label, value: ctx.t('match.preview.choices_hidden', { count: program.settings.minGroupSize }) }];
  const [first = 0, second = 0, third = 0, ...rest] = stats.byRank;
  return [{ label, value: ctx.t('match.preview.choices_value', {
    first, second, third, later: rest.reduce((s, x) => s + x, 0), other: stats.other, unmatched: stats.unmatched, count: stats.ranked,
  }) }];
}

export function matchPreviewCard(ctx: PreviewReader, program: Program, round: Round, result: MatchResult): Card {
  const { report } = result;
  const score = (n: number) => formatNumber(ctx.locale, Math.round(n));
  const sections: RichText[] = [];
  const unmatched = (Object.entries(report.unmatchedByReason) as [UnmatchedReason, number][]).filter(([, n]) => n > 0);
  if (unmatched.length > 0) sections.push(section(ctx.t('match.preview.unmatched_title'), unmatched.map(([r, n]) => unmatchedText(ctx, r, n))));
  const blocked = blockedLines(ctx, result);
  if (blocked.length > 0) sections.push(section(ctx.t('match.preview.blocked_title'), blocked));
  if (report.matched > 0) {
    sections.push(section(ctx.t('match.preview.distribution_title'), report.scoreDistribution.buckets.filter((b) => b.count > 0)
      .map((b) => ctx.t('match.preview.bucket', { from: b.from, to: b.to, count: b.count }))));
    sections.push(section(ctx.t('match.preview.lowest_title'), report.lowestPairs.slice(0, LOWEST_SHOWN).map((p) => lowestLine(ctx, program, result, p))));
    const reasons = topReasons(ctx, program, result);
    if (reasons.length > 0) sections.push(section(ctx.t('match.preview.reasons_title'), reasons));
  }
  if (report.rejectedPins.length > 0) {
    sections.push(section(ctx.t('match.preview.rejected_pins_title'), report.rejectedPins
      .map((p) => [mention(p.menteeId), ' ← ', mention(p.mentorId), `: ${pinRefusalText(ctx, p.reason)}`])));
  }
  sections.push(richText(ctx.t('match.preview.next')));
  const load = report.mentorLoad;
  return card({
    header: { title: ctx.t('match.preview.title', { program: program.name }), subtitle: ctx.t('match.preview.subtitle', { round: round.name }) },
    sections,
    facts: [
      { label: ctx.t('match.fact.matched'), value: ctx.t('match.fact.matched_value', { matched: report.matched, mentees: report.mentees }) },
      { label: ctx.t('match.fact.unmatched'), value: String(report.unmatched) },
      { label: ctx.t('match.fact.scores'), value: report.matched > 0
        ? ctx.t('match.fact.scores_value', { average: score(report.averageScore), min: score(report.scoreDistribution.min), median: score(report.scoreDistribution.median), max: score(report.scoreDistribution.max) })
        : '—' },
      { label: ctx.t('match.fact.load'), value: ctx.t('match.fact.load_value', { used: load.used, capacity: load.capacity, idle: load.idleMentors }) },
      ...choiceFacts(ctx, program, round, result),
      { label: ctx.t('match.fact.seed'), value: String(report.seed) },
    ],
    actions: [
      { kind: 'button', label: ctx.t('match.action.rerun'), style: 'default', ref: ctx.ref('lead.match.run', [round.id]) },
      {
        kind: 'button', label: ctx.t('publish.action.publish'), style: 'primary', ref: ctx.ref('lead.publish', [round.id]),
        confirm: { title: ctx.t('publish.confirm.title'), text: ctx.t('publish.confirm.text', { count: report.matched }), confirmLabel: ctx.t('publish.confirm.yes'), denyLabel: ctx.t('publish.confirm.no') },
      },
      { kind: 'button', label: ctx.t('match.action.pairs_help'), style: 'default', ref: ctx.ref('lead.pairs.help', [round.id]) },
    ],
  });
}
