// The pair's agreement, stored on its row (migration pair-agreements): the current version, when
// each side confirmed it, when both had, and the pair's own added terms. Every write is one
// conditional UPDATE, so a repeated click or a concurrent change can neither count twice nor
// confirm a version the person has not seen.
import type { PairState, Role } from '../../domain/model.ts';
import type { Db } from './db.ts';

export interface Agreement {
  readonly matchId: string;
  readonly version: number;
  readonly menteeAgreedAt: Date | null;
  readonly mentorAgreedAt: Date | null;
  /** When the second member confirmed the current version; null while one is missing. */
  readonly agreedAt: Date | null;
  readonly terms: string | null;
  readonly termsBy: string | null;
}

export async function getAgreement(db: Db, matchId: string): Promise<Agreement | undefined> {
  const row = await db.selectFrom('matches')
    .select(['id', 'agreement_version', 'mentee_agreed_at', 'mentor_agreed_at', 'agreed_at', 'agreement_terms', 'agreement_terms_by'])
    .where('id', '=', matchId).executeTakeFirst();
  return row && {
    matchId: row.id, version: row.agreement_version, menteeAgreedAt: row.mentee_agreed_at, mentorAgreedAt: row.mentor_agreed_at,
    agreedAt: row.agreed_at, terms: row.agreement_terms, termsBy: row.agreement_terms_by,
  };
}

export type ConfirmOutcome = 'waiting' | 'agreed' | 'already' | 'stale' | 'closed';

/** A pair whose agreement can still be confirmed or changed. */
const LIVE: readonly PairState[] = ['active', 'paused'];

/**
 * Records one side's confirmation of `version`. 'agreed' when it was the second one (agreed_at is
 * set in the same statement), 'already' when this side had confirmed this version, 'stale' when
 * the version is no longer the current one, 'closed' when the pair is no longer active or paused
 * (the partner ended it a moment before: the update waited for their row lock, then found it so).
 */
export async function confirmAgreement(db: Db, matchId: string, side: Role, version: number, at: Date): Promise<ConfirmOutcome> {
  const mine = side === 'mentee' ? 'mentee_agreed_at' : 'mentor_agreed_at';
  const theirs = side === 'mentee' ? 'mentor_agreed_at' : 'mentee_agreed_at';
  // The row lock orders two members confirming at once: the second sees the first's confirmation.
  const row = await db.updateTable('matches').set({ [mine]: at, updated_at: at })
    .where('id', '=', matchId).where('state', 'in', [...LIVE]).where('agreement_version', '=', version).where(mine, 'is', null)
    .returning(theirs).executeTakeFirst();
  if (row) {
    const partnerAt = (row as Record<typeof theirs, Date | null>)[theirs];
    if (!partnerAt) return 'waiting';
    await db.updateTable('matches').set({ agreed_at: at }).where('id', '=', matchId).execute();
    return 'agreed';
  }
  const current = await db.selectFrom('matches').select(['state', 'agreement_version']).where('id', '=', matchId).executeTakeFirst();
  if (!current || !LIVE.includes(current.state)) return 'closed';
  return current.agreement_version === version ? 'already' : 'stale';
}

/**
 * A suggested change: the pair's own terms become `terms`, the version goes up and both
 * confirmations are cleared. Returns the new version; undefined when `version` is no longer current
 * (someone changed it first) or the pair is no longer active or paused.
 */
export async function changeAgreement(db: Db, matchId: string, version: number, terms: string, by: string, at: Date): Promise<number | undefined> {
  const row = await db.updateTable('matches')
    .set({
      agreement_version: version + 1, agreement_terms: terms, agreement_terms_by: by,
      mentee_agreed_at: null, mentor_agreed_at: null, agreed_at: null, updated_at: at,
    })
    .where('id', '=', matchId).where('state', 'in', [...LIVE]).where('agreement_version', '=', version)
    .returning('agreement_version').executeTakeFirst();
  return row?.agreement_version;
}
