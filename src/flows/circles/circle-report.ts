// What `admin report` says of a program's circles, apart from its pairs: how many circles run and
// how many mentees sit in them (headcounts: the lead's `admin circles` list shows them anyway),
// and figures about answers taken only from released periods (circle-release.ts): each month
// that is over (the check-ins answered in it: how many met, how useful) and each closed pulse
// (the circles' satisfaction and progress) is released once, over every circle of the program
// together, with the program's minimum group size of that moment, and never moves afterwards.
// Totals add the shown released periods only, so comparing two reports read at any two moments
// (one more answer, a member leaving or erased, a circle ending) isolates nobody's answer: they
// differ by whole released periods of at least the minimum group size of people, or not at all.
import { circleTotals, type CircleMonthRelease, type CirclePulseRelease } from '../../domain/evaluation/circle-release.ts';
import { averageFigure, figure, tooFew, WITHHELD, type Figure } from '../../domain/evaluation/privacy.ts';
import type { Program } from '../../domain/model.ts';
import { listCircleReleases, pulsePeriods } from '../../db/repositories/circle-flash-release.repository.ts';
import type { Db } from '../../db/repositories/db.ts';
import { releasedKeys } from '../../db/repositories/report-release.repository.ts';
import { card, type Card, type Fact } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import type { ActorCtx } from '../context.ts';
import { oneDecimal, percent, shown, type Reading } from '../evaluation/report-facts.ts';
import { releaseCirclePeriods } from './circle-release.ts';

export interface CircleFigures {
  readonly running: number;
  readonly ended: number;
  readonly seated: Figure;
  readonly met: Figure;
  readonly usefulness: Figure;
  readonly pulseSatisfaction: Figure;
  readonly pulseProgress: Figure;
  /** The released periods themselves (the figures CSV lists them), pulses in the order they opened. */
  readonly released: {
    readonly months: readonly CircleMonthRelease[];
    readonly pulses: ReadonlyArray<CirclePulseRelease & { readonly opensAt: Date; readonly kind: 'periodic' | 'final'; readonly period: number }>;
  };
}

export async function loadCircleFigures(db: Db, program: Program, now: Date): Promise<CircleFigures | undefined> {
  const circles = await db.selectFrom('circles').select(['id', 'state']).where('program_id', '=', program.id).where('state', '<>', 'forming').execute();
  if (circles.length === 0) return undefined;
  const min = program.settings.minGroupSize;
  const ids = circles.map((c) => c.id);
  const seated = (await db.selectFrom('circle_members').select(({ fn }) => fn.countAll<number>().as('n')).where('circle_id', 'in', ids).executeTakeFirst())?.n ?? 0;
  await releaseCirclePeriods(db, program, now, await releasedKeys(db, program.id));
  const released = await listCircleReleases(db, program.id);
  const totals = circleTotals(released.months, released.pulses);
  const p = totals.pulses;
  const periods = await pulsePeriods(db, released.pulses.map((r) => r.pulseId));
  const pulses = released.pulses.flatMap((r) => { const at = periods.get(r.pulseId); return at ? [{ ...r, ...at }] : []; })
    .sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime() || a.period - b.period);
  return {
    running: circles.filter((c) => c.state === 'active').length,
    ended: circles.filter((c) => c.state === 'ended').length,
    seated: tooFew(Number(seated), min) ? WITHHELD : figure(Number(seated), Number(seated)),
    met: totals.met ? figure(totals.met.met / totals.met.answers, totals.met.answers) : WITHHELD,
    usefulness: totals.usefulness ? averageFigure(totals.usefulness.sum, totals.usefulness.n, 1) : WITHHELD,
    pulseSatisfaction: p ? averageFigure(p.satisfaction, p.n, 1) : WITHHELD,
    pulseProgress: p ? averageFigure(p.progress, p.n, 1) : WITHHELD,
    released: { months: released.months, pulses },
  };
}

/** The circles card's facts: shared by the chat report and the report page. */
export function circleFacts(reading: Reading, program: Program, f: CircleFigures): Fact[] {
  const r = { ...reading, min: program.settings.minGroupSize };
  const { t } = r;
  return [
    { label: t('report.circles.running'), value: t('report.circles.count', { running: f.running, ended: f.ended }) },
    { label: t('report.circles.seated'), value: shown(r, f.seated, (v) => String(v)) },
    { label: t('report.circles.met'), value: shown(r, f.met, (v) => percent(r, v)) },
    { label: t('report.circles.usefulness'), value: shown(r, f.usefulness, (v) => `${oneDecimal(r, v)} / 5`) },
    { label: t('report.circles.pulse_satisfaction'), value: shown(r, f.pulseSatisfaction, (v) => `${oneDecimal(r, v)} / 5`) },
    { label: t('report.circles.pulse_progress'), value: shown(r, f.pulseProgress, (v) => `${oneDecimal(r, v)} / 5`) },
  ];
}

export function circleReportCard(ctx: ActorCtx, program: Program, f: CircleFigures): Card {
  return card({
    header: { title: ctx.t('report.circles.title') },
    sections: [richText(ctx.t('report.circles.note'))],
    facts: circleFacts(ctx, program, f),
  });
}
