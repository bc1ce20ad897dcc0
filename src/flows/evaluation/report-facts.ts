// The health figures as card facts in the reader's language: shared by `admin report`, the lead's
// home and the weekly digest. A withheld figure reads "not enough answers" with the minimum it
// needs, never a number.
import type { ProgramHealth } from '../../domain/evaluation/health.ts';
import type { Figure } from '../../domain/evaluation/privacy.ts';
import type { Trend } from '../../domain/evaluation/trend.ts';
import { formatMonth, formatNumber } from '../../ui/i18n/format.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import type { Translate } from '../../ui/i18n/t.ts';
import type { Fact } from '../../ui/model.ts';

export interface Reading { readonly t: Translate; readonly locale: Locale }

/** A reading of one program's figures: with its minimum group size, which a withheld figure names. */
interface FigureReading extends Reading { readonly min: number }

export const percent = (r: Reading, rate: number | undefined): string =>
  rate === undefined ? '—' : `${formatNumber(r.locale, Math.round(rate * 100))}${r.locale === 'fr' ? '\u00a0' : ''}%`;
export const oneDecimal = (r: Reading, n: number): string => formatNumber(r.locale, Math.round(n * 10) / 10);
export const shown = (r: FigureReading, f: Figure, format: (value: number) => string): string => (f.shown ? format(f.value) : r.t('report.withheld', { min: r.min }));

const trendWord = (r: Reading, trend: Trend | undefined): string =>
  trend === 'up' ? r.t('report.trend.up') : trend === 'down' ? r.t('report.trend.down') : trend === 'flat' ? r.t('report.trend.flat') : r.t('report.trend.none');

export const reasonLabel = (r: Reading, group: ProgramHealth['endReasons']['shown'][number]['group']): string => ({
  time: r.t('report.reason.time'), fit: r.t('report.reason.fit'), goals_met: r.t('report.reason.goals_met'),
  job_change: r.t('report.reason.job_change'), other: r.t('report.reason.other'), none: r.t('report.reason.none'),
})[group];

/**
 * Check-ins count once their month is over (privacy): the month under way is named, so that
 * "0 of 0" is never read as nobody answering.
 */
function checkinFacts(r: FigureReading, c: ProgramHealth['checkins']): Fact[] {
  const { t } = r;
  const month = c.monthUnderWay && formatMonth(r.locale, c.monthUnderWay);
  // Nothing over yet: both facts are about the month under way.
  const pending = month && c.months.length === 0 ? t('report.fact.checkins_pending', { month }) : undefined;
  const answered = pending ?? (month
    ? t('report.fact.checkins_value_pending', { answered: c.answered, asked: c.asked, month })
    : t('report.fact.checkins_value', { answered: c.answered, asked: c.asked }));
  const rates = c.responseRate.shown
    ? t('report.fact.checkin_rates_value', { response: percent(r, c.responseRate.value), met: shown(r, c.metRate, (v) => percent(r, v)) })
    : pending ?? t('report.withheld', { min: r.min });
  return [{ label: t('report.fact.checkins'), value: answered }, { label: t('report.fact.checkin_rates'), value: rates }];
}

/** The short set: what the home view and the digest show. */
export function summaryFacts(reading: Reading, h: ProgramHealth, openAlerts: number): Fact[] {
  const r: FigureReading = { ...reading, min: h.minGroupSize };
  const { t } = r;
  const a = h.pulses.overall;
  return [
    { label: t('report.fact.participants'), value: t('report.fact.participants_value', { mentees: h.participants.mentees, mentors: h.participants.mentors }) },
    { label: t('report.fact.match_rate'), value: percent(r, h.matchRate) },
    { label: t('report.fact.acceptance'), value: t('report.fact.acceptance_value', {
      rate: percent(r, h.acceptanceRate), accepted: h.proposals.accepted, declined: h.proposals.declined, expired: h.proposals.expired, pending: h.proposals.pending,
    }) },
    // Counted 21 days after acceptance: a young program has nothing to count yet, whatever its size.
    { label: t('report.fact.first_meetings'), value: h.firstMeetingsWithin21Days.shown ? percent(r, h.firstMeetingsWithin21Days.value) : t('report.fact.first_meetings_withheld', { min: h.minGroupSize }) },
    ...checkinFacts(r, h.checkins),
    a.satisfaction.shown && a.relationship.shown && a.progress.shown && a.recommend.shown && h.pulses.answers.shown
      ? { label: t('report.fact.pulse'), value: t('report.fact.pulse_value', {
        satisfaction: oneDecimal(r, a.satisfaction.value), relationship: oneDecimal(r, a.relationship.value), progress: oneDecimal(r, a.progress.value),
        recommend: oneDecimal(r, a.recommend.value), count: h.pulses.answers.value,
      }) }
      : { label: t('report.fact.pulse'), value: t('report.not_enough', { min: h.minGroupSize }) },
    { label: t('report.fact.promoter'), value: shown(r, a.promoterScore, (v) => (v > 0 ? `+${formatNumber(r.locale, v)}` : formatNumber(r.locale, v))) },
    { label: t('report.fact.at_risk'), value: formatNumber(r.locale, openAlerts) },
  ];
}

/** Everything: the `admin report` card. */
export function fullFacts(reading: Reading, h: ProgramHealth, openAlerts: number): Fact[] {
  const r: FigureReading = { ...reading, min: h.minGroupSize };
  const { t } = r;
  const reasons = h.endReasons.shown.map((e) => t('report.reason.count', { reason: reasonLabel(r, e.group), count: e.count }));
  const withheldReasons = h.endReasons.withheld > 0;
  return [
    { label: t('report.fact.invited'), value: formatNumber(r.locale, h.participants.invited) },
    ...summaryFacts(reading, h, openAlerts),
    { label: t('report.fact.time_to_accept'), value: shown(r, h.hoursToAccept, (v) => t('report.fact.time_to_accept_value', { hours: oneDecimal(r, v) })) },
    { label: t('report.fact.trend'), value: t('report.fact.trend_value', {
      satisfaction: trendWord(r, h.pulses.trend.satisfaction), relationship: trendWord(r, h.pulses.trend.relationship), progress: trendWord(r, h.pulses.trend.progress),
    }) },
    { label: t('report.fact.goals'), value: shown(r, h.goalCompletion, (v) => percent(r, v)) },
    { label: t('report.fact.pairs'), value: t('report.fact.pairs_value', { active: h.pairs.active, paused: h.pairs.paused, ended: h.pairs.ended, early: h.pairs.endedEarly }) },
    ...(h.pairs.endedEarly > 0 ? [{
      label: t('report.fact.end_reasons'), value: [...reasons, ...(withheldReasons ? [t('report.withheld', { min: h.minGroupSize })] : [])].join('; '),
    }] : []),
    { label: t('report.fact.undelivered'), value: formatNumber(r.locale, h.undelivered) },
  ];
}
