// `admin round open|close|status`: a round is created and opened for surveys until
// now + surveyDays; the lead then says who to invite (a channel or user group, and/or people);
// the deadline job closes it. People on the program's waitlist are invited first.
import type { Program, Round } from '../../domain/model.ts';
import { tellUndecided } from '../enrol/approval.flow.ts';
import { transitionRound as checkRound } from '../../domain/round-state.ts';
import { createRound, listRounds, transitionRound } from '../../db/repositories/round.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { listWaitlist } from '../../db/repositories/waitlist.repository.ts';
import { roundRefusalText } from '../../ui/state-refusal.ts';
import type { ActorCtx } from '../context.ts';
import { openForm, reply, type Effect } from '../effects.ts';
import { leadAction, programAt, roundAt, say } from '../lead-guard.ts';
import { pickProgram, pickRound, programById, roundById } from '../program-pick.ts';
import type { FlowModule } from '../registry.ts';
import { inviteForm, invitePeople } from '../enrol/round-invite.ts';
import { roundStatusCard } from './round-status.ts';
import { formatDateTime } from '../../ui/i18n/format.ts';
import { rankingProgress, startRanking } from '../shortlist/ranking-phase.ts';
import { isFlashProgram } from '../../domain/flash.ts';
import { flashNoRounds } from '../program-pick.ts';

const DAY = 86_400_000;
/** The one reminder goes this long before the deadline (or half-way for short surveys). */
const REMINDER_BEFORE_MS = 2 * DAY;

const BEFORE_PUBLICATION: readonly Round['state'][] = ['open', 'closed', 'matched'];

async function openRound(ctx: ActorCtx, program: Program): Promise<readonly Effect[]> {
  if (isFlashProgram(program)) return flashNoRounds(ctx, program);
  // The program is locked while its rounds are read: a second opening at the same moment waits,
  // then finds this round open, instead of failing on a second round of the same name.
  await getProgram(ctx.db, program.id, 'no key update');
  const rounds = await listRounds(ctx.db, program.id);
  const busy = rounds.find((r) => BEFORE_PUBLICATION.includes(r.state));
  if (busy) return say(roundRefusalText(ctx.locale, busy.state));
  const draft = rounds.find((r) => r.state === 'draft')
    ?? await createRound(ctx.db, { workspaceId: program.workspaceId, programId: program.id, name: String(rounds.length + 1), createdBy: ctx.person.id });
  if (!checkRound(draft.state, 'open').ok) return say(roundRefusalText(ctx.locale, draft.state));
  const deadline = new Date(ctx.now.getTime() + program.settings.surveyDays * DAY);
  const round = await transitionRound(ctx.db, draft.id, ['draft'], 'open', { opened_at: ctx.now, survey_deadline: deadline });
  if (!round) return say(ctx.t('action.already_done'));
  await ctx.audit({ workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: 'round.open', targetType: 'round', targetId: round.id, details: { programId: program.id, deadline: deadline.toISOString() } });

  ctx.later({ name: 'survey.deadline', key: `survey.deadline:${round.id}`, payload: { roundId: round.id }, runAt: deadline });
  const span = deadline.getTime() - ctx.now.getTime();
  const remindAt = new Date(ctx.now.getTime() + (span > 2 * REMINDER_BEFORE_MS ? span - REMINDER_BEFORE_MS : span / 2));
  ctx.later({ name: 'survey.reminder', key: `survey.reminder:${round.id}`, payload: { roundId: round.id }, runAt: remindAt });

  const waiting = (await listWaitlist(ctx.db, program.id)).map((w) => w.personId);
  const invited = await invitePeople(ctx, round, waiting);
  return [
    openForm(inviteForm(ctx, round)),
    ...say(ctx.t('round.opened', { program: program.name, count: invited })),
    reply(await roundStatusCard(ctx, program, round)),
  ];
}

async function closeRound(ctx: ActorCtx, program: Program, round: Round): Promise<readonly Effect[]> {
  if (!checkRound(round.state, 'close').ok) return say(roundRefusalText(ctx.locale, round.state));
  const closed = await transitionRound(ctx.db, round.id, ['open'], 'closed', { closed_at: ctx.now });
  if (!closed) return say(ctx.t('action.already_done'));
  await tellUndecided(ctx, round.id);
  await ctx.audit({ workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: 'round.close', targetType: 'round', targetId: round.id });
  // A "mentee chooses" program: the shortlists go out now, and the preview waits for the ranking.
  if (await startRanking(ctx, program, closed)) {
    const ranking = (await roundById(ctx, round.id)) ?? closed;
    const { offered } = await rankingProgress(ctx, round.id);
    return [
      ...say(ctx.t('shortlist.opened', { count: offered, date: formatDateTime(ctx.locale, ranking.rankingDeadline!, ctx.person.timezone) })),
      reply(await roundStatusCard(ctx, program, ranking)),
    ];
  }
  return [...say(ctx.t('round.closed_now')), reply(await roundStatusCard(ctx, program, closed))];
}

/** The round a button names, with its program, or a refusal. */
async function fromButton(ctx: ActorCtx, roundId: string | undefined, work: (program: Program, round: Round) => Promise<readonly Effect[]>): Promise<readonly Effect[]> {
  const round = await roundById(ctx, roundId);
  const program = round && await programById(ctx, round.programId);
  return round && program ? work(program, round) : say(ctx.t('action.refused'));
}

export const roundFlow: FlowModule = {
  commands: {
    'admin.round.open': async (ctx, command) => {
      const picked = await pickProgram(ctx, command.program);
      return picked.ok ? openRound(ctx, picked.value) : picked.effects;
    },
    'admin.round.close': async (ctx, command) => {
      const picked = await pickRound(ctx, command.program);
      return picked.ok ? closeRound(ctx, picked.value.program, picked.value.round) : picked.effects;
    },
    'admin.round.status': async (ctx, command) => {
      const picked = await pickRound(ctx, command.program);
      return picked.ok ? [reply(await roundStatusCard(ctx, picked.value.program, picked.value.round))] : picked.effects;
    },
  },
  actions: {
    'lead.round.open': leadAction(true, programAt(0), async (ctx, ref) => {
      const program = await programById(ctx, ref.subjects[0]);
      return program ? openRound(ctx, program) : say(ctx.t('action.refused'));
    }),
    'lead.round.close': leadAction(true, roundAt(0), (ctx, ref) => fromButton(ctx, ref.subjects[0], (program, round) => closeRound(ctx, program, round))),
    'lead.round.status': leadAction(false, roundAt(0), (ctx, ref) => fromButton(ctx, ref.subjects[0], async (program, round) => [reply(await roundStatusCard(ctx, program, round))])),
  },
};
