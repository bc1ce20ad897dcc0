// The round's status card for leads: where it stands, how many people answered, and the buttons
// for the next step. Counts only: no answer of any participant is shown here.
import { takesPart, type Program, type Round } from '../../domain/model.ts';
import { listEnrollments } from '../../db/repositories/enrollment.repository.ts';
import { listPairs } from '../../db/repositories/pair.repository.ts';
import { listInvitations } from '../../db/repositories/round.repository.ts';
import { formatDateTime } from '../../ui/i18n/format.ts';
import { card, type ButtonAction, type Card } from '../../ui/model.ts';
import { roundStateLabel } from '../../ui/state-refusal.ts';
import type { ActorCtx } from '../context.ts';
import { rankingOpen, rankingProgress } from '../shortlist/ranking-phase.ts';

/** The buttons for what a lead can do next with a round in its state. */
export function nextStepButtons(ctx: ActorCtx, program: Program, round: Round | undefined): ButtonAction[] {
  const button = (label: string, kind: string, subject: string, style: ButtonAction['style'] = 'default'): ButtonAction =>
    ({ kind: 'button', label, style, ref: ctx.ref(kind, [subject]) });
  switch (round?.state) {
    case 'open': return [button(ctx.t('round.action.invite'), 'lead.round.invite', round.id), button(ctx.t('round.action.close'), 'lead.round.close', round.id, 'danger')];
    case 'closed': return rankingOpen(round)
      ? [button(ctx.t('shortlist.action.close'), 'lead.shortlist.close', round.id, 'primary')]
      : [button(ctx.t('match.action.preview'), 'lead.match.run', round.id, 'primary')];
    case 'matched': return [button(ctx.t('match.action.rerun'), 'lead.match.run', round.id), button(ctx.t('publish.action.publish'), 'lead.publish', round.id, 'primary')];
    case 'published': case 'running': case 'draft': return [button(ctx.t('round.action.status'), 'lead.round.status', round.id)];
    default: return [button(ctx.t('round.action.open'), 'lead.round.open', program.id, 'primary')];
  }
}

export async function roundStatusCard(ctx: ActorCtx, program: Program, round: Round): Promise<Card> {
  const enrollments = await listEnrollments(ctx.db, round.id);
  const submitted = enrollments.filter(takesPart);
  const mentors = submitted.filter((e) => e.role === 'mentor');
  const pairs = await listPairs(ctx.db, round.id);
  const count = (state: string) => pairs.filter((p) => p.state === state).length;
  const facts = [
    { label: ctx.t('round.fact.state'), value: roundStateLabel(ctx.locale, round.state) },
    { label: ctx.t('round.fact.invited'), value: String((await listInvitations(ctx.db, round.id)).length) },
    { label: ctx.t('round.fact.started'), value: String(enrollments.filter((e) => e.status === 'started').length) },
    { label: ctx.t('round.fact.mentees'), value: String(submitted.length - mentors.length) },
    { label: ctx.t('round.fact.mentors'), value: String(mentors.length) },
    { label: ctx.t('round.fact.capacity'), value: String(mentors.reduce((sum, e) => sum + (e.capacity ?? 0), 0)) },
  ];
  const waiting = enrollments.filter((e) => e.status === 'submitted' && e.approval === 'pending').length;
  const refused = enrollments.filter((e) => e.status === 'submitted' && e.approval === 'refused').length;
  if (program.settings.enrolmentApproval !== 'none' || waiting + refused > 0) {
    facts.push({ label: ctx.t('round.fact.approval'), value: ctx.t('round.fact.approval_value', { waiting, refused }) });
  }
  if (round.rankingDeadline) {
    // Counts only: who ranked, and whom, is never shown to a lead.
    const { ranked, offered } = await rankingProgress(ctx, round.id);
    facts.push({ label: ctx.t('round.fact.ranking'), value: rankingOpen(round)
      ? ctx.t('round.fact.ranking_open', { ranked, count: offered, date: formatDateTime(ctx.locale, round.rankingDeadline, ctx.person.timezone) })
      : ctx.t('round.fact.ranking_closed', { ranked, count: offered }) });
  }
  if (round.surveyDeadline) facts.push({ label: ctx.t('round.fact.deadline'), value: formatDateTime(ctx.locale, round.surveyDeadline, ctx.person.timezone) });
  if (pairs.length > 0) {
    facts.push({ label: ctx.t('round.fact.pairs'), value: ctx.t('round.fact.pairs_value', {
      draft: count('draft'), proposed: count('proposed'), accepted: count('accepted') + count('active') + count('paused'), declined: count('declined') + count('expired'),
    }) });
  }
  if (round.endsAt) facts.push({ label: ctx.t('round.fact.ends'), value: formatDateTime(ctx.locale, round.endsAt, ctx.person.timezone) });
  return card({
    header: { title: ctx.t('round.status.title', { program: program.name, round: round.name }) },
    facts, actions: nextStepButtons(ctx, program, round),
  });
}
