// Retention (SPEC §8): once a round has been completed for longer than its program's retention
// period, what is personal in it is purged or anonymised by the daily 'retention.purge' job.
// Counts and ratings stay (attached to anonymous rows), invitations and enrollments too (the
// people of expired rounds only are anonymised), so no figure a lead sees moves.
import { sql } from 'kysely';
import { purgeFlashQuestions } from '../../db/repositories/flash.repository.ts';
import { anonymisePerson } from '../../db/repositories/person.repository.ts';
import { erasePlatformTraces, lockPersonRow, tryHoldNewRowsOf } from '../../db/repositories/person-data.repository.ts';
import type { BaseCtx } from '../context.ts';
import { purgeExpiredDedupAndKeys } from './dedup-purge.ts';
import type { FlowModule } from '../registry.ts';

const DAY_MS = 86_400_000;
/** Flash sessions belong to no round: their questions are kept this long (docs/flash.md). */
export const FLASH_RETENTION_DAYS = 365;

/** Purges one expired round; safe to run again (every step only touches what is left). */
export async function purgeRound(ctx: BaseCtx, roundId: string): Promise<{ people: number }> {
  const { db, now } = ctx;
  const pairs = db.selectFrom('matches').select('id').where('round_id', '=', roundId);
  await db.updateTable('checkins').set({ private_note: null, goal_progress: null, next_steps: null, advice_applied: null }).where('match_id', 'in', pairs).execute();
  await db.updateTable('closings').set({ wins: null, learnt: null, partner_word: null }).where('match_id', 'in', pairs).execute();
  await db.updateTable('matches').set({
    decline_reason: null, end_reason: null, mentee_chemistry: null, mentor_chemistry: null, agreement_terms: null, agreement_terms_by: null, reasons: sql`'[]'::jsonb`, updated_at: now,
  }).where('round_id', '=', roundId).execute();
  await db.updateTable('goals').set({ achievable: null, relevant: null }).where('match_id', 'in', pairs).execute();
  await db.updateTable('goals').set({ title: '—', measure: '—', updated_at: now }).where('match_id', 'in', pairs).where('title', '<>', '—').execute();
  await db.updateTable('pulse_answers').set({ comment: null, person_id: null, match_id: null })
    .where('pulse_id', 'in', db.selectFrom('pulses').select('id').where('round_id', '=', roundId)).execute();
  // A submitted enrollment keeps an (empty) answers object: the model requires one.
  await db.updateTable('enrollments').set({ answers: sql`case when status = 'submitted' then '{}'::jsonb end`, updated_at: now })
    .where('round_id', '=', roundId).execute();
  // People whose every enrollment is in an expired round, who are not leads and do not wait on a
  // program's waitlist for its next round, are anonymised, with what links them to their Slack or
  // Teams account (conversation references, report links, forms and files kept for them).
  const people = await anonymiseGone(ctx, { roundId });
  return { people: [...people.values()].reduce((a, b) => a + b, 0) };
}

type Scope = { readonly roundId: string } | { readonly personId: string } | 'everyone';

/**
 * The people of `scope` (a round's, one person, or everyone) who took part in a round, every one of
 * whose rounds is purged or past its program's retention period, who lead no program and wait on no
 * program's waitlist.
 */
async function gone(ctx: BaseCtx, scope: Scope): Promise<Array<{ id: string; workspace_id: string }>> {
  const within = scope === 'everyone' ? sql`true`
    : 'roundId' in scope ? sql`exists (select 1 from enrollments e where e.person_id = p.id and e.round_id = ${scope.roundId})`
      : sql`p.id = ${scope.personId}`;
  const { rows } = await sql<{ id: string; workspace_id: string }>`
    select p.id, p.workspace_id from people p
    where p.erased_at is null and ${within}
      and exists (select 1 from enrollments e where e.person_id = p.id)
      and not exists (select 1 from program_leads l where l.person_id = p.id)
      and not exists (select 1 from waitlist w where w.person_id = p.id)
      and not exists (select 1 from enrollments o join rounds r on r.id = o.round_id join programs g on g.id = r.program_id
        where o.person_id = p.id and r.purged_at is null
          and (r.completed_at is null or r.completed_at > ${ctx.now}::timestamptz - make_interval(days => g.retention_days)))
    order by p.id`.execute(ctx.db);
  return rows;
}

/**
 * Anonymises the people of `scope` who are gone (above). Their person row is locked first, so a
 * request of theirs holding it (a click's record points to it) ends first; then, without waiting,
 * the lock their requests take before writing a first row (holdOffErasure): one doing so at this
 * moment (a new round's survey, a waitlist place; it waits for their row, which this run holds)
 * leaves them to a later run. Once both are held they are looked at again, and a request coming
 * later waits for this run and finds them anonymised. Gives how many, per workspace.
 */
async function anonymiseGone(ctx: BaseCtx, scope: Scope): Promise<Map<string, number>> {
  const byWorkspace = new Map<string, number>();
  for (const { id } of await gone(ctx, scope)) {
    await lockPersonRow(ctx.db, id);
    if (!(await tryHoldNewRowsOf(ctx.db, id))) continue;
    const [still] = await gone(ctx, { personId: id });
    if (!still) continue;
    await erasePlatformTraces(ctx.db, id);
    await anonymisePerson(ctx.db, id, ctx.now);
    byWorkspace.set(still.workspace_id, (byWorkspace.get(still.workspace_id) ?? 0) + 1);
  }
  return byWorkspace;
}

export async function purgeExpiredRounds(ctx: BaseCtx): Promise<number> {
  const rounds = await ctx.db.selectFrom('rounds').innerJoin('programs', 'programs.id', 'rounds.program_id')
    .select(['rounds.id', 'rounds.completed_at', 'programs.retention_days', 'rounds.workspace_id'])
    .where('rounds.state', '=', 'completed').where('rounds.completed_at', 'is not', null).where('rounds.purged_at', 'is', null).execute();
  let purged = 0;
  for (const r of rounds) {
    if (!r.completed_at || ctx.now.getTime() - r.completed_at.getTime() < r.retention_days * DAY_MS) continue;
    // Once: the mark, the purge and its audit entry are one transaction (the job's), so a run that
    // dies before the end leaves the round to the next run. The mark comes first and only where
    // none is: a second run at the same moment waits for the first's, then finds the round
    // purged, and a round purged is never rewritten nor logged again.
    const claimed = await ctx.db.updateTable('rounds').set({ purged_at: ctx.now }).where('id', '=', r.id).where('purged_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) continue;
    const { people } = await purgeRound(ctx, r.id);
    await ctx.audit({ workspaceId: r.workspace_id, actorId: null, action: 'retention.purge', targetType: 'round', targetId: r.id, details: { people } });
    purged += 1;
  }
  return purged;
}

/**
 * People a round's purge passed over because they led a program or waited on its waitlist then,
 * who no longer do and have taken part in no round since: anonymised now, as that purge would have
 * done. Without this, someone who left a waitlist without joining a new round (or stopped leading)
 * kept their name and account links for good, their rounds being marked purged already.
 */
export async function anonymiseLeftBehind(ctx: BaseCtx): Promise<number> {
  const byWorkspace = await anonymiseGone(ctx, 'everyone');
  for (const [workspaceId, people] of byWorkspace) {
    await ctx.audit({ workspaceId, actorId: null, action: 'retention.purge', targetType: 'workspace', targetId: workspaceId, details: { people } });
  }
  return [...byWorkspace.values()].reduce((a, b) => a + b, 0);
}

export const retentionFlow: FlowModule = {
  jobs: {
    'retention.purge': async (ctx) => {
      const purged = await purgeExpiredRounds(ctx);
      const leftBehind = await anonymiseLeftBehind(ctx);
      const flashQuestions = await purgeFlashQuestions(ctx.db, new Date(ctx.now.getTime() - FLASH_RETENTION_DAYS * DAY_MS), ctx.now);
      const housekeeping = await purgeExpiredDedupAndKeys(ctx.db, ctx.now);
      ctx.deps.logger.info({ purged, leftBehind, flashQuestions, ...housekeeping }, 'retention purge done');
    },
  },
};
