// CSV exports for leads: the pairs (names, dates, state, score; never notes, reasons or
// individual answers) and the figures of the report with the privacy rules already applied.
// Column names are stable machine names so spreadsheets and scripts can rely on them.
import type { ProgramHealth } from '../../domain/evaluation/health.ts';
import type { Figure } from '../../domain/evaluation/privacy.ts';
import type { Program } from '../../domain/model.ts';
import type { Db } from '../../db/repositories/db.ts';
import { FLASH_FIGURES, type FlashFigure } from '../../domain/evaluation/flash-release.ts';
import type { CircleFigures } from '../circles/circle-report.ts';
import type { FlashFigures } from './flash-report.ts';

/** Quotes a field; a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r;']/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvLine = (values: ReadonlyArray<string | number | null | undefined>): string => values.map(csvField).join(',');
const iso = (d: Date | null): string => (d ? d.toISOString() : '');

export async function pairsCsv(db: Db, program: Program): Promise<string> {
  const rows = await db.selectFrom('matches')
    .innerJoin('rounds', 'rounds.id', 'matches.round_id')
    .innerJoin('people as mentee', 'mentee.id', 'matches.mentee_id')
    .innerJoin('people as mentor', 'mentor.id', 'matches.mentor_id')
    .select(['rounds.name as round', 'mentee.display_name as mentee', 'mentor.display_name as mentor', 'matches.state', 'matches.score',
      'matches.proposed_at', 'matches.accepted_at', 'matches.first_meeting_at', 'matches.ended_at'])
    .where('matches.program_id', '=', program.id).where('matches.state', '<>', 'draft')
    // A full order on what the file shows: an order left to the database would follow how rows were
    // last written, and tell which pair changed lately.
    .orderBy('rounds.created_at').orderBy('rounds.name').orderBy('matches.proposed_at').orderBy('mentee.display_name').orderBy('mentor.display_name')
    .orderBy('matches.state').execute();
  const lines = [csvLine(['round', 'mentee', 'mentor', 'state', 'score', 'proposed_at', 'accepted_at', 'first_meeting_at', 'ended_at'])];
  for (const r of rows) {
    lines.push(csvLine([r.round, r.mentee, r.mentor, r.state, Number(r.score), iso(r.proposed_at), iso(r.accepted_at), iso(r.first_meeting_at), iso(r.ended_at)]));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const value = (f: Figure): string | number => (f.shown ? Math.round(f.value * 1000) / 1000 : 'withheld');

/** The program's circles and the workspace's flash sessions, as the report cards show them (absent: no card). */
export interface SideFigures { readonly circles?: CircleFigures | undefined; readonly flash?: FlashFigures | undefined }

const ratio = (part: number, whole: number): number => Math.round((part / whole) * 1000) / 1000;
const FLASH_METRIC: Record<FlashFigure, string> = {
  requests: 'flash_requests', accepted: 'flash_accepted', useful: 'flash_useful', notUseful: 'flash_not_useful', pairs: 'flash_pairs',
};

/**
 * Circle and flash lines, from their released periods only (the same releases as their report
 * cards): the totals over shown periods, then one line per released period. Nothing live but the
 * circles' headcounts, which the card and `admin circles` show too.
 */
function sideRows({ circles: c, flash }: SideFigures): Array<[string, string, string | number]> {
  const rows: Array<[string, string, string | number]> = [];
  if (c) {
    rows.push(['circles_running', '', c.running], ['circles_ended', '', c.ended], ['circle_mentees', '', value(c.seated)],
      ['circle_checkin_met_rate', '', value(c.met)], ['circle_usefulness', '', value(c.usefulness)],
      ['circle_pulse_satisfaction', '', value(c.pulseSatisfaction)], ['circle_pulse_progress', '', value(c.pulseProgress)]);
    for (const m of c.released.months) {
      const month = m.month.toISOString().slice(0, 7);
      rows.push(['circle_checkin_met_rate', month, m.met ? ratio(m.met.met, m.met.answers) : 'withheld'],
        ['circle_usefulness', month, m.usefulness ? ratio(m.usefulness.sum, m.usefulness.n) : 'withheld']);
    }
    for (const p of c.released.pulses) {
      const period = `${p.opensAt.toISOString().slice(0, 10)} ${p.kind} ${p.period}`;
      rows.push(['circle_pulse_satisfaction', period, p.sums ? ratio(p.sums.satisfaction, p.sums.n) : 'withheld'],
        ['circle_pulse_progress', period, p.sums ? ratio(p.sums.progress, p.sums.n) : 'withheld']);
    }
  }
  if (flash) {
    for (const k of FLASH_FIGURES) rows.push([FLASH_METRIC[k], '', flash.totals[k] ?? 'withheld']);
    for (const m of flash.months) {
      const month = m.month.toISOString().slice(0, 7);
      for (const k of FLASH_FIGURES) rows.push([FLASH_METRIC[k], month, m[k] ?? 'withheld']);
    }
  }
  return rows;
}

/**
 * One line per figure: metric, period, value ("withheld" below the minimum group size,
 * "month_under_way" until its month is over). Figures about answers are those released when
 * their period closed; headcounts and pair states are as of now. The program's circles and the
 * workspace's flash sessions follow, when the report shows them (sideRows).
 */
export function aggregatesCsv(h: ProgramHealth, sides: SideFigures = {}): string {
  const rows: Array<[string, string, string | number]> = [
    ['invited', '', h.participants.invited], ['mentees', '', h.participants.mentees], ['mentors', '', h.participants.mentors],
    ['waitlisted', '', h.participants.waitlisted], ['match_rate', '', h.matchRate ?? ''], ['proposals', '', h.proposals.total],
    ['accepted', '', h.proposals.accepted], ['declined', '', h.proposals.declined], ['expired', '', h.proposals.expired],
    ['acceptance_rate', '', h.acceptanceRate ?? ''], ['hours_to_accept', '', value(h.hoursToAccept)],
    ['first_meeting_21d_rate', '', value(h.firstMeetingsWithin21Days)], ['checkins_asked', '', h.checkins.asked],
    ['checkins_answered', '', h.checkins.answered], ['checkin_response_rate', '', value(h.checkins.responseRate)],
    ['checkin_met_rate', '', value(h.checkins.metRate)], ['goal_completion_rate', '', value(h.goalCompletion)],
    ['pairs_active', '', h.pairs.active], ['pairs_paused', '', h.pairs.paused], ['pairs_ended', '', h.pairs.ended],
    ['pairs_ended_early', '', h.pairs.endedEarly], ['undelivered_messages', '', h.undelivered], ['open_risk_alerts', '', h.risk.open],
    ['pulse_answers', '', value(h.pulses.answers)], ['pulse_satisfaction', '', value(h.pulses.overall.satisfaction)],
    ['pulse_relationship', '', value(h.pulses.overall.relationship)], ['pulse_progress', '', value(h.pulses.overall.progress)],
    ['pulse_recommend', '', value(h.pulses.overall.recommend)], ['promoter_score', '', value(h.pulses.overall.promoterScore)],
  ];
  for (const e of h.endReasons.shown) rows.push([`ended_early_${e.group}`, '', e.count]);
  if (h.endReasons.withheld > 0) rows.push(['ended_early_other_groups', '', 'withheld']);
  // As released per month (the program-wide lines above add up the shown groups of these).
  for (const m of h.endReasons.months) {
    const month = m.month.toISOString().slice(0, 7);
    for (const e of m.shown) rows.push([`ended_early_${e.group}`, month, e.count]);
    if (m.withheld > 0) rows.push(['ended_early_other_groups', month, 'withheld']);
  }
  for (const m of h.checkins.months) {
    const month = m.month.toISOString().slice(0, 7);
    rows.push(['checkin_response_rate', month, value(m.responseRate)], ['checkin_met_rate', month, value(m.metRate)]);
  }
  // The month under way has check-ins whose figures are shown once it is over.
  const underWay = h.checkins.monthUnderWay?.toISOString().slice(0, 7);
  if (underWay) rows.push(['checkin_response_rate', underWay, 'month_under_way'], ['checkin_met_rate', underWay, 'month_under_way']);
  for (const p of h.pulses.points) {
    const period = `${p.opensAt.toISOString().slice(0, 10)} ${p.kind} ${p.period}`;
    for (const k of ['satisfaction', 'relationship', 'progress', 'recommend', 'promoterScore'] as const) rows.push([`pulse_${k}`, period, value(p.overall[k])]);
  }
  for (const m of h.risk.months) rows.push(['risk_alerts_raised', m.month.toISOString().slice(0, 7), m.raised]);
  rows.push(...sideRows(sides));
  return `${[csvLine(['metric', 'period', 'value']), ...rows.map(csvLine)].join('\r\n')}\r\n`;
}
