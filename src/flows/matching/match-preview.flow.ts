// `admin match` (preview), `admin pin|forbid @mentee @mentor`. The preview runs the whole-cohort
// matcher on the round's submitted surveys and stores the result as draft pairs that nobody but
// the leads sees; re-running replaces them. Pins and forbids apply at the next run.
//
// A large cohort (from BACKGROUND_PREVIEW_FROM_PAIRS mentee × mentor pairs) is matched by a job,
// outside any transaction: the lead's request only claims the round and is answered at once, so
// no database transaction stays open for the seconds a large match takes (on the embedded
// database, every request and job of the process would wait for it). The job writes the drafts
// when the cohort it matched is still the round's, and the lead gets the preview card then.
import type { MentionedUser } from '../../domain/commands/command.ts';
import type { Person, Program, Round } from '../../domain/model.ts';
import { pinRefusal } from '../../domain/matching/pin-check.ts';
import type { MatchInput, MatchResult, PairRef, RejectedPin } from '../../domain/matching/types.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { inTransaction, type Db } from '../../db/repositories/db.ts';
import { isProgramLead } from '../../db/repositories/lead.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { getRound, setPreviewUnmatched } from '../../db/repositories/round.repository.ts';
import { getWorkspace } from '../../db/repositories/workspace.repository.ts';
import type { JobPayload, ScheduledJob } from '../../ports/scheduler.ts';
import { transitionRound as checkRound } from '../../domain/round-state.ts';
import { listEnrollmentsOfPerson } from '../../db/repositories/enrollment.repository.ts';
import { holdRoundPins, setMatchRule } from '../../db/repositories/match-rule.repository.ts';
import { replaceDraftPairs } from '../../db/repositories/pair.repository.ts';
import { listRoundsInState, transitionRound } from '../../db/repositories/round.repository.ts';
import { bullets, mention, paragraph, richText } from '../../ui/rich-text.ts';
import { card, message } from '../../ui/model.ts';
import { formatDateTime } from '../../ui/i18n/format.ts';
import { rankingOpen } from '../shortlist/ranking-phase.ts';
import { roundRefusalText } from '../../ui/state-refusal.ts';
import { resolvePlatformUser } from '../actor.ts';
import { commandPrefixFor } from '../command-prefix.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { reply, type Effect } from '../effects.ts';
import { leadAction, roundAt, say } from '../lead-guard.ts';
import { matchPreviewCard, pinRefusalText, type PreviewReader } from './match-preview-card.ts';
import { OFF_THREAD_FROM_PAIRS } from './match-thread.ts';
import { idOrEmpty, readerOf, refFor } from '../pair-members.ts';
import { inputFingerprint, previewMatch } from './preview-memo.ts';
import { buildMatchInput } from './match-input.ts';
import { pickRound, programById, roundById } from '../program-pick.ts';
import type { FlowModule } from '../registry.ts';
import { timedMatch } from './timed-match.ts';

/** From this many mentee × mentor pairs (about 700 × 350), a preview is matched by a job. */
export const BACKGROUND_PREVIEW_FROM_PAIRS = OFF_THREAD_FROM_PAIRS;
/** A cohort that changed while the job matched it is matched again, this many times at most. */
const PREVIEW_ATTEMPTS = 3;

const inBackground = (ctx: BaseCtx, input: MatchInput): boolean =>
  input.mentees.length * input.mentors.length >= (ctx.deps.backgroundPreviewFromPairs ?? BACKGROUND_PREVIEW_FROM_PAIRS);

/** The audit action of a preview left to its job (at the claim's time, by the lead who asked). */
const PREVIEW_REQUESTED = 'match.preview_requested';

/** The job of the preview claimed at `claimedAt` (its round's matched_at) by `leadId`. */
export const previewJob = (roundId: string, leadId: string, claimedAt: number): ScheduledJob => ({
  name: 'match.preview', key: `match.preview:${roundId}:${claimedAt}`, payload: { roundId, leadId, claimedAt },
});

/**
 * The jobs of large previews that the round still waits for (its claim is the latest, nothing was
 * stored for it since), for reconciliation: the queue store may have lost them.
 */
export async function awaitedPreviewJobs(db: Db): Promise<ScheduledJob[]> {
  const jobs: ScheduledJob[] = [];
  const rounds = await db.selectFrom('rounds').select(['id', 'matched_at']).where('state', '=', 'matched').execute();
  for (const round of rounds) {
    if (!round.matched_at) continue;
    const entries = await db.selectFrom('audit_log').select(['action', 'actor_id', 'at'])
      .where('target_type', '=', 'round').where('target_id', '=', round.id)
      .where('action', 'in', ['match.preview', PREVIEW_REQUESTED]).where('at', '>=', round.matched_at).execute();
    const requested = entries.find((e) => e.action === PREVIEW_REQUESTED && e.at.getTime() === round.matched_at!.getTime());
    if (requested?.actor_id && !entries.some((e) => e.action === 'match.preview')) jobs.push(previewJob(round.id, requested.actor_id, round.matched_at.getTime()));
  }
  return jobs;
}

/**
 * Writes a preview's drafts, why each mentee was left out (for the publication, with the
 * fingerprint of the cohort matched) and its audit entry (the request's transaction, or the job's).
 */
async function storePreview(db: Db, ctx: Pick<BaseCtx, 'now'>, leadId: string, program: Program, round: Round, result: MatchResult,
  fingerprint: string, invalidSurveys: number): Promise<void> {
  await setPreviewUnmatched(db, round.id, { fingerprint, causes: Object.fromEntries(result.unmatched.map((u) => [u.menteeId, u.reason])) });
  await replaceDraftPairs(db, round.id, result.pairs.map((p) => ({
    workspaceId: round.workspaceId, programId: program.id, roundId: round.id, menteeId: p.menteeId, mentorId: p.mentorId,
    score: p.score, reasons: p.reasons, source: p.pinned ? 'pin' : 'round',
  })));
  await recordAudit(db, {
    workspaceId: round.workspaceId, actorId: leadId, action: 'match.preview', targetType: 'round', targetId: round.id,
    details: { matched: result.report.matched, unmatched: result.report.unmatched, averageScore: result.report.averageScore, invalidSurveys },
    at: ctx.now,
  });
}

export async function runPreview(ctx: ActorCtx, program: Program, round: Round): Promise<readonly Effect[]> {
  if (!checkRound(round.state, 'match').ok) return say(roundRefusalText(ctx.locale, round.state));
  if (rankingOpen(round)) {
    // Mentees are still ranking their shortlists: the lead may end the ranking, not match past it.
    return [reply(card({
      header: { title: ctx.t('shortlist.still_ranking', { date: formatDateTime(ctx.locale, round.rankingDeadline!, ctx.person.timezone) }) },
      actions: [{ kind: 'button', label: ctx.t('shortlist.action.close'), style: 'primary', ref: ctx.ref('lead.shortlist.close', [round.id]) }],
    }))];
  }
  // The round is claimed before its drafts are replaced: a publication (or another preview) at the
  // same moment either comes first, and this preview is refused as it would be after it, or waits
  // for this one. Replacing the drafts of a round being published would fail on its proposals.
  const matched = await transitionRound(ctx.db, round.id, ['closed', 'matched'], 'matched', { matched_at: ctx.now });
  if (!matched) {
    const now = await roundById(ctx, round.id);
    return say(now ? roundRefusalText(ctx.locale, now.state) : ctx.t('action.refused'));
  }
  const built = await buildMatchInput(ctx.db, program, matched, { now: ctx.now });
  if (inBackground(ctx, built.input)) {
    // The claim (matched_at) names this preview: a later preview or a publication supersedes it.
    // Recorded with who asked, so that reconciliation can queue its job again if it is lost.
    await ctx.audit({
      workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: PREVIEW_REQUESTED, targetType: 'round', targetId: round.id,
      details: { mentees: built.input.mentees.length, mentors: built.input.mentors.length },
    });
    ctx.later(previewJob(round.id, ctx.person.id, ctx.now.getTime()));
    return say(ctx.t('match.preview.background', { mentees: built.input.mentees.length, mentors: built.input.mentors.length }));
  }
  const result = await timedMatch(ctx, 'preview', built.input);
  await storePreview(ctx.db, ctx, ctx.person.id, program, matched, result, inputFingerprint(built.input), built.invalidEnrollments);
  return [reply(matchPreviewCard(ctx, program, matched, result))];
}

/** The round and its program while the preview claimed at `claimedAt` is still the round's latest and unpublished. */
async function previewClaim(db: Db, roundId: string, claimedAt: number, share = false): Promise<{ round: Round; program: Program } | undefined> {
  const round = roundId ? await getRound(db, roundId, share ? 'share' : undefined) : undefined;
  if (!round || round.state !== 'matched' || round.matchedAt?.getTime() !== claimedAt) return undefined;
  const program = await getProgram(db, round.programId);
  return program && { round, program };
}

/**
 * The job of a large preview, outside any transaction: it reads the cohort, matches it (in the
 * matching thread), then, in a short transaction holding the round, writes the drafts if the
 * cohort is still the one it matched (else it matches again). The lead then gets the card.
 */
async function backgroundPreview(ctx: BaseCtx, payload: JobPayload): Promise<void> {
  const roundId = idOrEmpty(payload.roundId), leadId = idOrEmpty(payload.leadId), claimedAt = Number(payload.claimedAt);
  const now = new Date(claimedAt);
  for (let attempt = 1; attempt <= PREVIEW_ATTEMPTS; attempt += 1) {
    const claim = await previewClaim(ctx.db, roundId, claimedAt);
    // Published, or previewed again since: this preview is of no use any more.
    if (!claim) return;
    const built = await buildMatchInput(ctx.db, claim.program, claim.round, { now });
    const fingerprint = inputFingerprint(built.input);
    const result = await previewMatch(ctx, fingerprint, built.input);
    const outcome = await inTransaction(ctx.db, async (trx) => {
      const held = await previewClaim(trx, roundId, claimedAt, true);
      if (!held) return 'gone';
      const again = await buildMatchInput(trx, held.program, held.round, { now });
      if (inputFingerprint(again.input) !== fingerprint) return 'changed';
      await storePreview(trx, { now: ctx.now }, leadId, held.program, held.round, result, fingerprint, built.invalidEnrollments);
      return 'stored';
    });
    if (outcome === 'gone') return;
    // Changed on every attempt: the card asks the lead to run it again.
    if (outcome === 'stored' || attempt === PREVIEW_ATTEMPTS) {
      await ctx.notify({
        workspaceId: claim.round.workspaceId, kind: 'match.preview_ready', to: { kind: 'person', personId: leadId },
        key: `match.preview_ready:${roundId}:${claimedAt}`, payload: { roundId, claimedAt, fingerprint },
      });
      return;
    }
  }
}

/** Whether the reader may still see the program's preview: one of its leads, or an administrator of the workspace. */
async function mayRead(ctx: BaseCtx, reader: Person, program: Program): Promise<boolean> {
  if (reader.erasedAt || reader.deactivatedAt) return false;
  if (await isProgramLead(ctx.db, program.id, reader.id)) return true;
  const workspace = await getWorkspace(ctx.db, reader.workspaceId);
  return !!workspace && ctx.deps.admins.some((a) => a.workspaceExternalId === workspace.externalId && a.platformUserId === reader.platformUserId);
}

/** Among the rounds being matched of programs the actor leads: the one the mentee answered, else the only one. */
async function roundForRule(ctx: ActorCtx, menteeId: string): Promise<Round | undefined> {
  const rounds = (await listRoundsInState(ctx.db, ctx.workspace.id, ['open', 'closed', 'matched'])).filter((r) => ctx.leadOf.has(r.programId));
  const answered = new Set((await listEnrollmentsOfPerson(ctx.db, menteeId)).filter((e) => e.role === 'mentee').map((e) => e.roundId));
  return rounds.find((r) => answered.has(r.id)) ?? (rounds.length === 1 ? rounds[0] : undefined);
}

/**
 * Once the survey is closed the answers are final, so a pin is checked when it is set, by the
 * matcher's own rules; while it is open, at the next run. Either way the lead reads the same
 * neutral reason (pinRefusalText), and a forbid is always accepted alike.
 */
async function pinRefusedNow(ctx: ActorCtx, round: Round, pin: PairRef): Promise<RejectedPin['reason'] | undefined> {
  if (round.state !== 'closed' && round.state !== 'matched') return undefined;
  const program = await programById(ctx, round.programId);
  if (!program) return undefined;
  const built = await buildMatchInput(ctx.db, program, round, { now: ctx.now });
  return pinRefusal(built.input, pin);
}

/** The registry types these commands' argument as never (their names share one variant); this is its shape. */
interface PairRuleCommand { readonly mentee: MentionedUser; readonly mentor: MentionedUser }

async function matchRule(ctx: ActorCtx, kind: 'pin' | 'forbid', command: PairRuleCommand): Promise<readonly Effect[]> {
  const mentee = await resolvePlatformUser(ctx.db, ctx.deps.directory, ctx.workspace, command.mentee.platformUserId);
  const mentor = await resolvePlatformUser(ctx.db, ctx.deps.directory, ctx.workspace, command.mentor.platformUserId);
  if (!mentee || !mentor) return say(ctx.t('match.rule.unknown_person'));
  if (mentee.id === mentor.id) return say(ctx.t('match.rule.same_person'));
  const round = await roundForRule(ctx, mentee.id);
  if (!round) return say(ctx.t('match.rule.no_round'));
  // The round's pins are checked and set one at a time: two leads pinning mentees to a mentor's
  // last place at the same moment (or one pinning a mentee a circle fill is seating) run one after
  // the other, and the second is refused.
  if (kind === 'pin') await holdRoundPins(ctx.db, round.id);
  const refused = kind === 'pin' ? await pinRefusedNow(ctx, round, { menteeId: mentee.id, mentorId: mentor.id }) : undefined;
  if (refused) {
    return [reply(message(richText(paragraph(mention(mentee.id), ' ← ', mention(mentor.id), ': ', ctx.t('match.rule.pin_refused', { reason: pinRefusalText(ctx, refused) })))))];
  }
  await setMatchRule(ctx.db, { roundId: round.id, menteeId: mentee.id, mentorId: mentor.id, kind, createdBy: ctx.person.id });
  await ctx.audit({
    workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: kind === 'pin' ? 'match.pin' : 'match.forbid',
    targetType: 'round', targetId: round.id, details: { menteeId: mentee.id, mentorId: mentor.id },
  });
  const text = kind === 'pin' ? ctx.t('match.rule.pinned') : ctx.t('match.rule.forbidden');
  return [reply(message(richText(paragraph(mention(mentee.id), ' ← ', mention(mentor.id), ': ', text), paragraph(ctx.t('match.rule.rerun')))))];
}

/**
 * The card of a large preview, written at send time from the same match (kept in this process,
 * or matched again from the same cohort). Nothing when a later preview or the publication
 * superseded it; when the cohort changed since, the lead is asked to run it again.
 */
async function previewReadyCard(ctx: BaseCtx, payload: Readonly<Record<string, unknown>>, reader: Person | undefined) {
  const claimedAt = Number(payload.claimedAt);
  const claim = reader ? await previewClaim(ctx.db, idOrEmpty(payload.roundId), claimedAt) : undefined;
  if (!reader || !claim || !(await mayRead(ctx, reader, claim.program))) return undefined;
  const { t, locale } = readerOf(reader);
  const view: PreviewReader = { t, locale, ref: (kind, subjects, ttlHours) => refFor(ctx, reader.id, kind, subjects, ttlHours) };
  const built = await buildMatchInput(ctx.db, claim.program, claim.round, { now: new Date(claimedAt) });
  const fingerprint = inputFingerprint(built.input);
  if (fingerprint !== payload.fingerprint) {
    return card({
      header: { title: t('match.preview.title', { program: claim.program.name }), subtitle: t('match.preview.subtitle', { round: claim.round.name }) },
      sections: [richText(t('match.preview.changed'))],
      actions: [{ kind: 'button', label: t('match.action.rerun'), style: 'primary', ref: view.ref('lead.match.run', [claim.round.id]) }],
    });
  }
  return matchPreviewCard(view, claim.program, claim.round, await previewMatch(ctx, fingerprint, built.input));
}

export const matchPreviewFlow: FlowModule = {
  commands: {
    'admin.match': async (ctx, command) => {
      const picked = await pickRound(ctx, command.program);
      return picked.ok ? runPreview(ctx, picked.value.program, picked.value.round) : picked.effects;
    },
    'admin.pin': (ctx, command) => matchRule(ctx, 'pin', command),
    'admin.forbid': (ctx, command) => matchRule(ctx, 'forbid', command),
  },
  actions: {
    'lead.match.run': leadAction(false, roundAt(0), async (ctx, ref) => {
      const round = await roundById(ctx, ref.subjects[0]);
      const program = round && await programById(ctx, round.programId);
      return round && program ? runPreview(ctx, program, round) : say(ctx.t('action.refused'));
    }),
    'lead.pairs.help': leadAction(false, roundAt(0), async (ctx) => {
      const prefix = commandPrefixFor(ctx.workspace.platform);
      return [reply(message(richText(paragraph(ctx.t('match.pairs_help.intro')), bullets(ctx.t('help.cmd.admin_pairs', { prefix }), ctx.t('match.pairs_help.rerun')))))];
    }),
  },
  jobs: { 'match.preview': Object.assign(backgroundPreview, { outsideTransaction: true as const }) },
  compose: { 'match.preview_ready': (ctx, delivery, recipients) => previewReadyCard(ctx, delivery.payload, recipients[0]) },
};
