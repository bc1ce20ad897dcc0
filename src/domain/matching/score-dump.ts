// Every pair the result may contain, with its score, per-criterion points and rule state, as CSV
// lines: enough for an outside solver to check the result (with the mentors' capacities and the
// objective from the cohort file), and for leads who want to see why a pair was not proposed.
//   state "candidate": passes every hard rule (and, with the "score" objective, the minimum score);
//   state "pinned": a lead's pin that passed the hard rules and capacity. It is forced: its mentee
//   appears in no other line, and its mentor's capacity is already reduced by one for the rest.
// Locked pairs and their mentees are not listed (they are kept as they are, using capacity).
import { MATCH_CRITERIA } from '../program-settings.ts';
import { prepareCohort } from './prepare-cohort.ts';
import { RowContext, scoreRow } from './score-kernel.ts';
import { evaluatePair } from './score-pair.ts';
import type { MatchInput } from './types.ts';

export const SCORE_DUMP_HEADER = ['mentee_id', 'mentor_id', 'score', 'state', ...MATCH_CRITERIA].join(',');

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Yields one chunk of CSV lines per mentee (no header). */
export function* scoreDumpLines(input: MatchInput): Generator<string> {
  const { enc, pinnedTo } = prepareCohort(input);
  const ctx = new RowContext(enc);
  const row = new Int32Array(enc.m);
  const line = (i: number, j: number, state: 'candidate' | 'pinned'): string => {
    const ev = evaluatePair(enc, i, j);
    return [csvField(enc.mentees[i]!.id), csvField(enc.mentors[j]!.id), (ev.points / 100).toFixed(2), state,
      ...MATCH_CRITERIA.map((c) => (ev.breakdown[c] / 100).toFixed(2))].join(',');
  };
  for (let i = 0; i < enc.n; i++) {
    if (pinnedTo[i]! >= 0) {
      yield `${line(i, pinnedTo[i]!, 'pinned')}\n`;
      continue;
    }
    if (scoreRow(ctx, i, row) === 0) continue;
    const lines: string[] = [];
    for (let j = 0; j < enc.m; j++) if (row[j]! >= 0) lines.push(line(i, j, 'candidate'));
    yield `${lines.join('\n')}\n`;
  }
}
