// Flash sessions in the lead's report (docs/flash.md): the workspace's requests per month and what
// became of them, from released months only (domain/evaluation/flash-release.ts). Flash sessions
// belong to no program, so every program's report of a workspace reads the same stored months
// (flash_releases): two programs' reports can never be differenced. A month is released once,
// FLASH_SETTLE_DAYS after it ends, with the largest minimum group size of the workspace's active
// programs at that moment (never below the floor); reading never computes a figure live. Reads
// the flash tables only: nothing of the flash flows is changed here.
import { FLASH_SETTLE_DAYS, flashTotals, releaseFlashMonth, type FlashFigure, type FlashMonthRelease } from '../../domain/evaluation/flash-release.ts';
import { MIN_GROUP_FLOOR } from '../../domain/program-settings.ts';
import {
  firstFlashMonth, flashMonthCounts, insertFlashRelease, listFlashReleases, releasedFlashMonths,
} from '../../db/repositories/circle-flash-release.repository.ts';
import type { Db } from '../../db/repositories/db.ts';
import { formatMonth, formatNumber } from '../../ui/i18n/format.ts';
import { card, type Card, type Fact } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import { monthsOverFrom } from '../circles/circle-release.ts';
import type { Reading } from './report-facts.ts';

const DAY = 86_400_000;
const monthKey = (d: Date): string => d.toISOString().slice(0, 7);
/** Months shown on the card, newest first; the totals cover every released month. */
export const FLASH_MONTHS_SHOWN = 6;

/** The minimum group size flash figures are released with: the largest of the workspace's active programs, at least the floor. */
async function workspaceMinGroupSize(db: Db, workspaceId: string): Promise<number> {
  const rows = await db.selectFrom('programs').select('min_group_size').where('workspace_id', '=', workspaceId).where('status', '=', 'active').execute();
  return Math.max(MIN_GROUP_FLOOR, ...rows.map((r) => Number(r.min_group_size)));
}

/** Releases every month of the workspace's flash sessions that is due at `now` and not released yet; returns how many. */
export async function releaseFlashMonths(db: Db, workspaceId: string, now: Date): Promise<number> {
  // A month is due FLASH_SETTLE_DAYS after it ends: the months "over" at now − settle days.
  const due = monthsOverFrom(await firstFlashMonth(db, workspaceId), new Date(now.getTime() - FLASH_SETTLE_DAYS * DAY));
  const done = await releasedFlashMonths(db, workspaceId);
  const months = due.filter((m) => !done.has(monthKey(m)));
  if (months.length === 0) return 0;
  const min = await workspaceMinGroupSize(db, workspaceId);
  const counts = await flashMonthCounts(db, workspaceId);
  for (const m of months) await insertFlashRelease(db, workspaceId, monthKey(m), releaseFlashMonth(m, counts.get(monthKey(m)), min), now);
  return months.length;
}

export interface FlashFigures { readonly months: readonly FlashMonthRelease[]; readonly totals: Record<FlashFigure, number | null> }

/**
 * The released months (releasing those due first), or undefined before the first release: the
 * card appears when a month is released, never with a live request (which would tell a lead that
 * someone just asked).
 */
export async function loadFlashFigures(db: Db, workspaceId: string, now: Date): Promise<FlashFigures | undefined> {
  await releaseFlashMonths(db, workspaceId, now);
  const months = await listFlashReleases(db, workspaceId);
  return months.length === 0 ? undefined : { months, totals: flashTotals(months) };
}

/** One line of flash figures (a month, or the totals); a month withheld whole reads as withheld. */
export function flashLine(r: Reading, v: Record<FlashFigure, number | null>, min: number): string {
  const n = (x: number | null): string => (x === null ? r.t('report.flash.withheld') : formatNumber(r.locale, x));
  if (v.requests === null) return r.t('report.withheld', { min });
  return r.t('report.flash.line', { requests: n(v.requests), accepted: n(v.accepted), useful: n(v.useful), not_useful: n(v.notUseful), pairs: n(v.pairs) });
}

/** The facts of the flash card and of the report page's flash section. */
export function flashFacts(r: Reading, f: FlashFigures): Fact[] {
  const min = Math.max(MIN_GROUP_FLOOR, ...f.months.map((m) => m.minGroupSize));
  const recent = [...f.months].reverse().slice(0, FLASH_MONTHS_SHOWN);
  return [
    { label: r.t('report.flash.total'), value: flashLine(r, f.totals, min) },
    ...recent.map((m) => ({ label: formatMonth(r.locale, m.month), value: flashLine(r, m, m.minGroupSize) })),
  ];
}

export function flashReportCard(r: Reading, f: FlashFigures): Card {
  return card({
    header: { title: r.t('report.flash.title') },
    sections: [richText(r.t('report.flash.note', { days: FLASH_SETTLE_DAYS }))],
    facts: flashFacts(r, f),
  });
}
