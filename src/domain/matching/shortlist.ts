// Each mentee's shortlist (docs/programs.md, "Shortlist choice"): their best `size` mentors among
// those passing every hard rule (and the minimum score when the program matches by score), with
// a free seat, by the same scores and reasons as the matching. The lead's pins decide for a
// pinned mentee, who gets no shortlist. Only the pair's own data goes into a shortlist entry.
import { MAX_REASONS, pairReasons } from './reasons.ts';
import { prepareCohort } from './prepare-cohort.ts';
import { evaluatePair } from './score-pair.ts';
import { RowContext, scoreRow } from './score-kernel.ts';
import type { MatchInput } from './types.ts';
import type { MatchReason } from './match-reason.ts';

export interface ShortlistEntry {
  mentorId: string;
  /** The pair's fit score, 0–100. */
  score: number;
  reasons: MatchReason[];
}

export function shortlists(input: MatchInput, size: number): Map<string, ShortlistEntry[]> {
  const prep = prepareCohort({ ...input, choices: [] });
  const { enc } = prep;
  const ctx = new RowContext(enc);
  const row = new Int32Array(enc.m);
  const out = new Map<string, ShortlistEntry[]>();
  for (let i = 0; i < enc.n; i++) {
    if (prep.pinnedTo[i]! >= 0) continue;
    scoreRow(ctx, i, row);
    const best: number[] = [];
    for (let j = 0; j < enc.m; j++) if (row[j]! >= 0 && prep.capacity[j]! > 0) best.push(j);
    best.sort((a, b) => row[b]! - row[a]! || (enc.mentors[a]!.id < enc.mentors[b]!.id ? -1 : 1));
    out.set(enc.mentees[i]!.id, best.slice(0, size).map((j) => {
      const ev = evaluatePair(enc, i, j);
      return { mentorId: enc.mentors[j]!.id, score: ev.points / 100, reasons: pairReasons(enc, i, j, ev, MAX_REASONS) };
    }));
  }
  return out;
}

