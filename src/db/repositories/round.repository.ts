import type { Selectable, Updateable } from 'kysely';
import type { Round, RoundState } from '../../domain/model.ts';
import type { RoundsTable } from '../schema.ts';
import { json, type Db } from './db.ts';

const toRound = (row: Selectable<RoundsTable>): Round => ({
  id: row.id, workspaceId: row.workspace_id, programId: row.program_id, name: row.name, state: row.state,
  surveyDeadline: row.survey_deadline, announceChannel: row.announce_channel, openedAt: row.opened_at,
  closedAt: row.closed_at, matchedAt: row.matched_at, publishedAt: row.published_at, endsAt: row.ends_at,
  completedAt: row.completed_at, createdBy: row.created_by, createdAt: row.created_at,
  matchSeed: Number(row.match_seed) >>> 0,
  rankingDeadline: row.ranking_deadline ?? null, rankingClosedAt: row.ranking_closed_at ?? null,
});

export async function createRound(db: Db, input: { workspaceId: string; programId: string; name: string; createdBy: string | null }): Promise<Round> {
  const row = await db.insertInto('rounds').values({
    workspace_id: input.workspaceId, program_id: input.programId, name: input.name, created_by: input.createdBy, updated_at: new Date(),
  }).returningAll().executeTakeFirstOrThrow();
  return toRound(row);
}

/**
 * `share`: hold the round in its state until the transaction ends (a change of state, such as the
 * survey deadline closing it, waits; a change made meanwhile is waited for and read).
 */
export async function getRound(db: Db, id: string, lock?: 'share'): Promise<Round | undefined> {
  const query = db.selectFrom('rounds').selectAll().where('id', '=', id);
  const row = await (lock ? query.forShare() : query).executeTakeFirst();
  return row && toRound(row);
}

export async function listRounds(db: Db, programId: string): Promise<Round[]> {
  return (await db.selectFrom('rounds').selectAll().where('program_id', '=', programId).orderBy('created_at').execute()).map(toRound);
}

/** Rounds of a workspace in the given states, newest first (e.g. the open rounds for `find`). */
export async function listRoundsInState(db: Db, workspaceId: string, states: readonly RoundState[]): Promise<Round[]> {
  if (states.length === 0) return [];
  const rows = await db.selectFrom('rounds').selectAll()
    .where('workspace_id', '=', workspaceId).where('state', 'in', [...states]).orderBy('created_at', 'desc').execute();
  return rows.map(toRound);
}

export type RoundPatch = Pick<Updateable<RoundsTable>, 'survey_deadline' | 'announce_channel' | 'opened_at' | 'closed_at' |
  'matched_at' | 'published_at' | 'ends_at' | 'completed_at'>;

/**
 * Moves a round from one state to another only if it is still in `from` (compare-and-set), so two
 * leads clicking at once cannot both succeed. Returns the updated round, or undefined if it moved.
 */
export async function transitionRound(db: Db, id: string, from: readonly RoundState[], to: RoundState, patch: RoundPatch = {}): Promise<Round | undefined> {
  const row = await db.updateTable('rounds').set({ ...patch, state: to, updated_at: new Date() })
    .where('id', '=', id).where('state', 'in', [...from]).returningAll().executeTakeFirst();
  return row && toRound(row);
}

export async function addInvitations(db: Db, roundId: string, personIds: readonly string[]): Promise<number> {
  if (personIds.length === 0) return 0;
  const result = await db.insertInto('round_invitations').values([...new Set(personIds)].map((person_id) => ({ round_id: roundId, person_id })))
    .onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

export async function listInvitations(db: Db, roundId: string): Promise<string[]> {
  const rows = await db.selectFrom('round_invitations').select('person_id').where('round_id', '=', roundId).execute();
  return rows.map((r) => r.person_id).sort();
}

/** Why each mentee was left out of the round's latest preview, with the fingerprint of the cohort it matched. */
export interface PreviewUnmatched { readonly fingerprint: string; readonly causes: Readonly<Record<string, string>> }

export async function setPreviewUnmatched(db: Db, roundId: string, value: PreviewUnmatched | null): Promise<void> {
  await db.updateTable('rounds').set({ preview_unmatched: value ? json(value) : null }).where('id', '=', roundId).execute();
}

export async function getPreviewUnmatched(db: Db, roundId: string): Promise<PreviewUnmatched | undefined> {
  const row = await db.selectFrom('rounds').select('preview_unmatched').where('id', '=', roundId).executeTakeFirst();
  const value = row?.preview_unmatched;
  return value && typeof value.fingerprint === 'string' && typeof value.causes === 'object' && value.causes !== null ? value : undefined;
}
