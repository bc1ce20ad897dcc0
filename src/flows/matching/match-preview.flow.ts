// `admin match` (preview), `admin pin|forbid @mentee @mentor`. The preview runs the whole-cohort
// matcher on the round's submitted surveys and stores the result as draft pairs that nobody but
// the leads sees; re-running replaces them. Pins and forbids apply at the next run.
import type { MentionedUser } from '../../domain/commands/command.ts';
import type { Program, Round } from '../../domain/model.ts';
import { pinRefusal } from '../../domain/matching/pin-check.ts';
import type { PairRef, RejectedPin } from '../../domain/matching/types.ts';
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
import type { ActorCtx } from '../context.ts';
import { reply, type Effect } from '../effects.ts';
import { leadAction, roundAt, say } from '../lead-guard.ts';
import { matchPreviewCard, pinRefusalText } from './match-preview-card.ts';
import { buildMatchInput } from './match-input.ts';
import { pickRound, programById, roundById } from '../program-pick.ts';
import type { FlowModule } from '../registry.ts';
import { timedMatch } from './timed-match.ts';

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
  const result = await timedMatch(ctx, 'preview', built.input);
  await replaceDraftPairs(ctx.db, round.id, result.pairs.map((p) => ({
    workspaceId: round.workspaceId, programId: program.id, roundId: round.id, menteeId: p.menteeId, mentorId: p.mentorId,
    score: p.score, reasons: p.reasons, source: p.pinned ? 'pin' : 'round',
  })));
  await ctx.audit({
    workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: 'match.preview', targetType: 'round', targetId: round.id,
    details: { matched: result.report.matched, unmatched: result.report.unmatched, averageScore: result.report.averageScore, invalidSurveys: built.invalidEnrollments },
  });
  return [reply(matchPreviewCard(ctx, program, matched, result))];
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
};
