// `admin publish`: the previewed pairs become proposals. Every draft pair is proposed with an
// answer window of proposalTimeoutHours, each member gets the proposal card, unmatched mentees
// (not those seated in a circle) go to the waitlist with an honest notice, and the round's life is planned: the end of the
// answer window (published → running), the pulses, and completion after durationDays.
import { takesPart, type Program, type Round } from '../../domain/model.ts';
import { inputFingerprint } from './preview-memo.ts';
import { timedMatch } from './timed-match.ts';
import { transitionRound as checkRound } from '../../domain/round-state.ts';
import { seatedInRound } from '../../db/repositories/circle.repository.ts';
import { listEnrollments } from '../../db/repositories/enrollment.repository.ts';
import { deleteDraftPair, holdRematches, insertProposedPair, listPairs, transitionPair } from '../../db/repositories/pair.repository.ts';
import { proposeRematch } from './rematch.ts';
import { getPreviewUnmatched, setPreviewUnmatched, transitionRound } from '../../db/repositories/round.repository.ts';
import { roundRefusalText } from '../../ui/state-refusal.ts';
import type { ActorCtx } from '../context.ts';
import { reply, type Effect } from '../effects.ts';
import { leadAction, roundAt, say } from '../lead-guard.ts';
import { buildMatchInput } from './match-input.ts';
import { pickRound, programById, roundById } from '../program-pick.ts';
import { sendProposal } from './send-proposal.ts';
import { planPulses } from '../evaluation/pulse-plan.ts';
import type { FlowModule } from '../registry.ts';
import { proposalWindowKey } from '../admin/round-start.ts';
import { roundStatusCard } from '../admin/round-status.ts';
import { putOnWaitlist, type UnmatchedCause } from '../enrol/waitlist-notice.ts';

const HOUR = 3_600_000;

/** What the preview knew: whether the cohort is still the one it matched, and why it left each mentee out. */
interface PreviewState {
  unchanged: boolean;
  causes: ReadonlyMap<string, UnmatchedCause>;
}

/**
 * The cohort is read as the preview matched it (its drafts still drafts, on the preview's day),
 * before anything is proposed. When it is still the one the preview matched, the reasons it
 * stored are used: nothing is matched again inside this transaction.
 */
async function previewState(ctx: ActorCtx, program: Program, round: Round): Promise<PreviewState> {
  const stored = await getPreviewUnmatched(ctx.db, round.id);
  if (stored) await setPreviewUnmatched(ctx.db, round.id, null);
  // The preview's day: its working hours were placed in UTC on that day (referenceDate).
  const built = await buildMatchInput(ctx.db, program, round, { now: round.matchedAt ?? ctx.now });
  const unchanged = stored?.fingerprint === inputFingerprint(built.input);
  const causes = new Map(unchanged ? Object.entries(stored!.causes).filter(([, cause]) => isCause(cause)) as [string, UnmatchedCause][] : []);
  return { unchanged, causes };
}

/**
 * The cohort changed since the preview (someone answered again, a mentor offers more places): the
 * mentees the preview left out are matched together against the places left once every previewed
 * pair is proposed, with the answers as they are now. Only they are matched (never the whole
 * cohort inside this transaction). Returns who got a proposal and why the others are left out.
 */
async function matchLeftOut(ctx: ActorCtx, program: Program, round: Round, left: readonly string[], expiresAt: Date):
  Promise<{ paired: readonly string[]; causes: ReadonlyMap<string, UnmatchedCause> }> {
  await holdRematches(ctx.db, round.id);
  const live = await listPairs(ctx.db, round.id, ['proposed', 'accepted', 'active', 'paused']);
  const built = await buildMatchInput(ctx.db, program, round, {
    menteeIds: left, lockedPairs: live.map((p) => ({ menteeId: p.menteeId, mentorId: p.mentorId })), now: ctx.now,
  });
  if (built.input.mentees.length === 0) return { paired: [], causes: new Map() };
  const result = await timedMatch(ctx, 'publish', built.input);
  const paired: string[] = [];
  for (const found of result.pairs) {
    const pair = await insertProposedPair(ctx.db, {
      workspaceId: round.workspaceId, programId: program.id, roundId: round.id, menteeId: found.menteeId, mentorId: found.mentorId,
      score: found.score, reasons: found.reasons, source: 'round',
    }, ctx.now, expiresAt);
    await sendProposal(ctx, pair);
    paired.push(found.menteeId);
  }
  return { paired, causes: new Map(result.unmatched.map((u) => [u.menteeId, u.reason] as const)) };
}

const CAUSES: readonly string[] = ['no_feasible_mentor', 'below_min_score', 'capacity_exhausted'] satisfies readonly UnmatchedCause[];
const isCause = (value: string): value is UnmatchedCause => CAUSES.includes(value);

async function publish(ctx: ActorCtx, program: Program, round: Round): Promise<readonly Effect[]> {
  if (!checkRound(round.state, 'publish').ok) return say(roundRefusalText(ctx.locale, round.state));
  const endsAt = new Date(ctx.now.getTime() + program.settings.durationDays * 24 * HOUR);
  const published = await transitionRound(ctx.db, round.id, ['matched'], 'published', { published_at: ctx.now, ends_at: endsAt });
  if (!published) return say(ctx.t('action.already_done'));

  const expiresAt = new Date(ctx.now.getTime() + program.settings.proposalTimeoutHours * HOUR);
  // The preview's pairs go out only between people who still take part. Someone may have left
  // the round since the preview (withdrawn, erased their data, approval refused), or a mentee
  // taken a place in a circle: that pair is dropped, and a mentee whose mentor left is matched
  // again against the places left. The enrolments are read under a share lock: a withdrawal or an
  // erasure at this moment either comes first (its pairs are dropped here) or waits for the
  // publication (and then finds and withdraws its proposals).
  const enrolled = (await listEnrollments(ctx.db, round.id, { status: 'submitted', share: true })).filter(takesPart);
  const preview = await previewState(ctx, program, published);
  const mentees = new Set(enrolled.filter((e) => e.role === 'mentee').map((e) => e.personId));
  const mentors = new Set(enrolled.filter((e) => e.role === 'mentor').map((e) => e.personId));
  // Mentees seated in a circle of the round have their place: they are not waiting for a mentor.
  const seated = new Set(await seatedInRound(ctx.db, round.id));
  const paired = new Set<string>();
  const orphaned: string[] = [];
  let dropped = 0;
  for (const draft of await listPairs(ctx.db, round.id, ['draft'])) {
    const menteeIn = mentees.has(draft.menteeId) && !seated.has(draft.menteeId);
    if (!menteeIn || !mentors.has(draft.mentorId)) {
      if (await deleteDraftPair(ctx.db, draft.id)) dropped += 1;
      if (menteeIn) orphaned.push(draft.menteeId);
      continue;
    }
    const pair = await transitionPair(ctx.db, draft.id, { from: ['draft'], to: 'proposed', patch: { proposed_at: ctx.now, expires_at: expiresAt }, actorId: ctx.person.id, at: ctx.now });
    if (!pair) continue;
    paired.add(pair.menteeId);
    await sendProposal(ctx, pair);
  }
  // After every other proposal: the places they take are no longer free.
  let rematched = 0;
  for (const menteeId of orphaned) {
    const outcome = await proposeRematch(ctx, { roundId: round.id, menteeId, trigger: 'mentor_left' });
    if (outcome.ok) { rematched += 1; paired.add(menteeId); }
  }

  let left = [...mentees].filter((id) => !paired.has(id) && !seated.has(id) && !orphaned.includes(id));
  let causes = preview.causes, matchedAgain = 0;
  if (left.length > 0 && !preview.unchanged) {
    const again = await matchLeftOut(ctx, program, published, left, expiresAt);
    for (const menteeId of again.paired) paired.add(menteeId);
    matchedAgain = again.paired.length;
    left = left.filter((id) => !paired.has(id));
    causes = again.causes;
  }
  for (const menteeId of left) {
    await putOnWaitlist(ctx, {
      program, menteeId, cause: causes.get(menteeId) ?? 'no_feasible_mentor', waitlistReason: 'unmatched', key: `waitlist.unmatched:${round.id}:${menteeId}`,
    });
  }
  const waitlisted = left.length + orphaned.length - rematched;

  ctx.later({ name: 'proposal.expire', key: proposalWindowKey(round.id), payload: { roundId: round.id }, runAt: expiresAt });
  ctx.later({ name: 'round.complete', key: `round.complete:${round.id}`, payload: { roundId: round.id }, runAt: endsAt });
  const pulses = await planPulses(ctx, published, program.settings, ctx.now, endsAt);
  await ctx.audit({
    workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: 'round.publish', targetType: 'round', targetId: round.id,
    details: { proposed: paired.size, waitlisted, dropped, rematched, matchedAgain, pulses: pulses.length, endsAt: endsAt.toISOString() },
  });
  return [
    ...say(ctx.t('publish.done', { count: paired.size, waitlisted: ctx.t('publish.waitlisted', { count: waitlisted }) })),
    ...(dropped > 0 ? say(ctx.t('publish.dropped', { count: dropped })) : []),
    ...(matchedAgain > 0 ? say(ctx.t('publish.matched_again', { count: matchedAgain })) : []),
    reply(await roundStatusCard(ctx, program, published)),
  ];
}

export const publishFlow: FlowModule = {
  commands: {
    'admin.publish': async (ctx, command) => {
      const picked = await pickRound(ctx, command.program);
      return picked.ok ? publish(ctx, picked.value.program, picked.value.round) : picked.effects;
    },
  },
  actions: {
    'lead.publish': leadAction(true, roundAt(0), async (ctx, ref) => {
      const round = await roundById(ctx, ref.subjects[0]);
      const program = round && await programById(ctx, round.programId);
      return round && program ? publish(ctx, program, round) : say(ctx.t('action.refused'));
    }),
  },
};
