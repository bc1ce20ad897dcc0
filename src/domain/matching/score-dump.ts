// Every feasible pair with its score and per-criterion points, as CSV lines, for backtests and
// for leads who want to see why a pair was not proposed.
import { MATCH_CRITERIA } from '../program-settings.ts';
import { prepareCohort } from './prepare-cohort.ts';
import { RowContext, scoreRow } from './score-kernel.ts';
import { evaluatePair } from './score-pair.ts';
import type { MatchInput } from './types.ts';

export const SCORE_DUMP_HEADER = ['mentee_id', 'mentor_id', 'score', ...MATCH_CRITERIA].join(',');

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Yields one chunk of CSV lines per mentee (no header). */
export function* scoreDumpLines(input: MatchInput): Generator<string> {
  const { enc } = prepareCohort(input);
  const ctx = new RowContext(enc);
  const row = new Int32Array(enc.m);
  for (let i = 0; i < enc.n; i++) {
    if (scoreRow(ctx, i, row) === 0) continue;
    const lines: string[] = [];
    const menteeId = csvField(enc.mentees[i]!.id);
    for (let j = 0; j < enc.m; j++) {
      if (row[j]! < 0) continue;
      const ev = evaluatePair(enc, i, j);
      lines.push([menteeId, csvField(enc.mentors[j]!.id), (row[j]! / 100).toFixed(2),
        ...MATCH_CRITERIA.map((c) => (ev.breakdown[c] / 100).toFixed(2))].join(','));
    }
    yield `${lines.join('\n')}\n`;
  }
}
