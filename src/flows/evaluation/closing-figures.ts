// What a lead learns of the closing conversations (issue 17): counts only, never a word anyone
// wrote. A round counts once it is completed and every closing window in it is over; a closing
// takes no answer after its window (pair/closing.flow.ts) and erasure or retention keep the row,
// so a round's counts never move once shown: two reports read at any two moments differ only by
// whole rounds. A round whose answered or unanswered count is below the program's minimum group
// size is withheld whole (both cells, by the complementary rule), and totals add shown rounds only.
import { suppressCells } from '../../domain/evaluation/privacy.ts';
import type { Program } from '../../domain/model.ts';
import { closingCounts } from '../../db/repositories/closing.repository.ts';
import type { Db } from '../../db/repositories/db.ts';
import { formatDate } from '../../ui/i18n/format.ts';
import type { Fact } from '../../ui/model.ts';
import type { Reading } from './report-facts.ts';

export interface ClosingFigures {
  /** Over the shown rounds (completed, every window over): closed pairs, members asked and answered. */
  readonly pairs: number;
  readonly asked: number;
  readonly answered: number;
  readonly withheldRounds: number;
  /** The next moment a round's figure becomes countable, when none is yet. */
  readonly pendingUntil: Date | undefined;
  readonly minGroupSize: number;
}

export async function closingFigures(db: Db, program: Program, now: Date): Promise<ClosingFigures> {
  const min = program.settings.minGroupSize;
  let pairs = 0, asked = 0, answered = 0, withheldRounds = 0;
  let pendingUntil: Date | undefined;
  for (const round of await closingCounts(db, program.id)) {
    if (round.windowEnds > now) {
      if (!pendingUntil || round.windowEnds < pendingUntil) pendingUntil = round.windowEnds;
      continue;
    }
    const cells = [{ key: 'answered', n: round.answered }, { key: 'unanswered', n: round.asked - round.answered }];
    if (suppressCells(cells, min).withheld.size > 0) { withheldRounds += 1; continue; }
    pairs += round.pairs;
    asked += round.asked;
    answered += round.answered;
  }
  return { pairs, asked, answered, withheldRounds, pendingUntil, minGroupSize: min };
}

export function closingFact(r: Reading & { readonly timeZone: string }, f: ClosingFigures): Fact {
  const { t } = r;
  const parts: string[] = [];
  if (f.asked > 0) parts.push(t('report.fact.closing_value', { answered: f.answered, asked: f.asked, pairs: f.pairs }));
  if (f.withheldRounds > 0) parts.push(t('report.fact.closing_withheld', { count: f.withheldRounds, min: f.minGroupSize }));
  if (parts.length === 0 && f.pendingUntil) parts.push(t('report.fact.closing_pending', { date: formatDate(r.locale, f.pendingUntil, r.timeZone) }));
  if (parts.length === 0) parts.push(t('report.fact.closing_none'));
  return { label: t('report.fact.closing'), value: parts.join('; ') };
}
