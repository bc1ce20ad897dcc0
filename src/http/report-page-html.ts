// The report page's HTML: the figures the chat report has, and four charts (funnel, pulse trends
// per period, check-in response per month, at-risk alerts per month). Withheld figures are
// marked as such, never drawn as a value.
import type { ProgramHealth } from '../domain/evaluation/health.ts';
import type { Program } from '../domain/model.ts';
import { fullFacts } from '../flows/evaluation/report-facts.ts';
import type { Locale } from '../ui/i18n/catalog.ts';
import type { Translate } from '../ui/i18n/t.ts';
import type { Fact } from '../ui/model.ts';
import { FLASH_SETTLE_DAYS } from '../domain/evaluation/flash-release.ts';
import { escapeHtml, funnelChart, lineChart } from './report-page-charts.ts';

export interface ReportPageInput {
  t: Translate; locale: Locale; program: Program; health: ProgramHealth; generatedAt: string;
  /** The circles and flash-session facts, as the chat report shows them (released figures only), when there are any. */
  circles?: readonly Fact[]; flash?: readonly Fact[];
}

const monthLabel = (locale: Locale, d: Date): string => new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(d);
const section = (id: string, title: string, body: string): string => `<section id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;

const factTable = (id: string, facts: readonly Fact[]): string =>
  `<table id="${id}">${facts.map((f) => `<tr><th scope="row">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`).join('')}</table>`;

export function renderReportHtml({ t, locale, program, health: h, generatedAt, circles, flash }: ReportPageInput): string {
  const noData = `<p class="empty">${escapeHtml(t('page.no_data'))}</p>`;
  const withheld = t('page.withheld_mark');
  const met = h.firstMeetingsWithin21Days.shown ? Math.round(h.firstMeetingsWithin21Days.value * h.firstMeetingsWithin21Days.n) : undefined;
  const funnel = funnelChart(t('page.chart.funnel'), [
    { label: t('page.funnel.invited'), value: h.participants.invited },
    { label: t('page.funnel.enrolled'), value: h.participants.mentees },
    { label: t('page.funnel.proposed'), value: h.matchRate === undefined ? 0 : Math.round(h.matchRate * h.participants.mentees) },
    { label: t('page.funnel.accepted'), value: h.proposals.accepted },
    ...(met === undefined ? [] : [{ label: t('page.funnel.met'), value: met }]),
  ]);
  const points = h.pulses.points;
  const pulse = points.length === 0 ? noData : lineChart(t('page.chart.pulse'),
    points.map((p) => (p.kind === 'final' ? t('page.period_final') : t('page.period', { period: p.period }))),
    (['satisfaction', 'relationship', 'progress'] as const).map((k) => ({
      name: k === 'satisfaction' ? t('page.legend.satisfaction') : k === 'relationship' ? t('page.legend.relationship') : t('page.legend.progress'),
      values: points.map((p) => (p.overall[k].shown ? p.overall[k].value : undefined)),
    })), 1, 5, withheld);
  const months = h.checkins.months;
  const checkins = months.length === 0 ? noData : lineChart(t('page.chart.checkins'), months.map((m) => monthLabel(locale, m.month)), [
    { name: t('report.fact.checkin_rates'), values: months.map((m) => (m.responseRate.shown ? m.responseRate.value * 100 : undefined)) },
  ], 0, 100, withheld);
  const risk = h.risk.months;
  const riskMax = Math.max(4, ...risk.map((m) => m.raised));
  const riskChart = risk.length === 0 ? noData : lineChart(t('page.chart.risk'), risk.map((m) => monthLabel(locale, m.month)), [
    { name: t('page.legend.raised'), values: risk.map((m) => m.raised) }, { name: t('page.legend.handled'), values: risk.map((m) => m.handled) },
  ], 0, riskMax, withheld);
  const facts = fullFacts({ t, locale }, h, h.risk.open).map((f) => `<tr><th scope="row">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`).join('');
  const title = t('page.title', { program: program.name });
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:720px;margin:2rem auto;padding:0 1rem;color:#111}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e5e7eb;font-weight:normal}th{color:#4b5563;width:45%}
.chart{max-width:100%;height:auto}.note{color:#4b5563;font-size:.9rem}.empty{color:#6b7280}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p class="note">${escapeHtml(t('page.generated', { at: generatedAt, min: h.minGroupSize }))} ${escapeHtml(t('report.privacy'))}</p>
<table id="figures">${facts}</table>
${section('funnel', t('page.chart.funnel'), funnel)}
${section('pulse-trends', t('page.chart.pulse'), pulse)}
${section('checkin-response', t('page.chart.checkins'), checkins)}
${section('at-risk', t('page.chart.risk'), riskChart)}
${circles ? section('circles', t('page.section.circles'), `<p class="note">${escapeHtml(t('report.circles.note'))}</p>${factTable('circle-figures', circles)}`) : ''}
${flash ? section('flash', t('page.section.flash'), `<p class="note">${escapeHtml(t('report.flash.note', { days: FLASH_SETTLE_DAYS }))}</p>${factTable('flash-figures', flash)}`) : ''}
</body></html>`;
}
