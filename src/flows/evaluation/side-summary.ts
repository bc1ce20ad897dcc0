// The program's circles and the workspace's flash sessions in the short set of figures (the lead's
// home and the weekly digest), next to the pairs' summary. Read from the same releases as their
// report cards (circle-report.ts, flash-report.ts), never from live answers: a fact appears when
// its card would, and reads the same between two releases whatever is answered meanwhile.
import { MIN_GROUP_FLOOR } from '../../domain/program-settings.ts';
import type { Program } from '../../domain/model.ts';
import type { Db } from '../../db/repositories/db.ts';
import type { Fact } from '../../ui/model.ts';
import { loadCircleFigures } from '../circles/circle-report.ts';
import { flashLine, loadFlashFigures } from './flash-report.ts';
import type { SideFigures } from './report-csv.ts';
import { oneDecimal, percent, type Reading } from './report-facts.ts';

export async function loadSideFigures(db: Db, program: Program, now: Date): Promise<SideFigures> {
  return { circles: await loadCircleFigures(db, program, now), flash: await loadFlashFigures(db, program.workspaceId, now) };
}

/** One fact for the circles (met, usefulness, satisfaction), one for flash sessions (the totals of released months). */
export function sideSummaryFacts(r: Reading, program: Program, { circles: c, flash }: SideFigures): Fact[] {
  const facts: Fact[] = [];
  if (c) {
    const withheld = r.t('report.flash.withheld');
    const allWithheld = !c.met.shown && !c.usefulness.shown && !c.pulseSatisfaction.shown;
    facts.push({
      label: r.t('report.circles.title'),
      value: allWithheld ? r.t('report.withheld', { min: program.settings.minGroupSize }) : r.t('report.summary.circles', {
        met: c.met.shown ? percent(r, c.met.value) : withheld,
        usefulness: c.usefulness.shown ? `${oneDecimal(r, c.usefulness.value)} / 5` : withheld,
        satisfaction: c.pulseSatisfaction.shown ? `${oneDecimal(r, c.pulseSatisfaction.value)} / 5` : withheld,
      }),
    });
  }
  if (flash) {
    const min = Math.max(MIN_GROUP_FLOOR, ...flash.months.map((m) => m.minGroupSize));
    facts.push({ label: r.t('report.flash.title'), value: flashLine(r, flash.totals, min) });
  }
  return facts;
}
