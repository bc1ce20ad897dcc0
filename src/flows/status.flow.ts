// `status` and the employee part of the home view: my pairs (partner, state, goals and progress,
// next check-in in my time zone), proposals waiting for my answer (with their buttons), my
// enrollments in open rounds, and the waitlists I am on, what we agreed last time (shared
// notes), and the pair's agreement with who confirmed it when. Nothing private of the partner's.
import type { Pair } from '../domain/model.ts';
import { getAgreement } from '../db/repositories/agreement.repository.ts';
import { listCheckins } from '../db/repositories/checkin.repository.ts';
import { listEnrollmentsOfPerson } from '../db/repositories/enrollment.repository.ts';
import { listGoals } from '../db/repositories/goal.repository.ts';
import { getPerson } from '../db/repositories/person.repository.ts';
import { getProgram, listPrograms } from '../db/repositories/program.repository.ts';
import { getRound } from '../db/repositories/round.repository.ts';
import { listWaitlist } from '../db/repositories/waitlist.repository.ts';
import { formatDateTime } from '../ui/i18n/format.ts';
import { card, message, type ButtonAction, type Card, type Fact } from '../ui/model.ts';
import { bullets, paragraph, richText, type RichText } from '../ui/rich-text.ts';
import { pairStateLabel } from '../ui/state-refusal.ts';
import type { ActorCtx } from './context.ts';
import { reply } from './effects.ts';
import { agreementButtons, agreementState, confirmationLines, confirmedAtOf, termsSection } from './pair/agreement-card.ts';
import { goalLines } from './pair/goals.flow.ts';
import { myPairs } from './my-pairs.ts';
import { partnerOf, sideOf } from './pair-members.ts';
import { sharedNotesBlock } from './pair/shared-notes.ts';
import type { FlowModule } from './registry.ts';

async function pairCard(ctx: ActorCtx, pair: Pair): Promise<Card> {
  const partner = await getPerson(ctx.db, partnerOf(pair, ctx.person.id));
  const program = await getProgram(ctx.db, pair.programId);
  const mine = sideOf(pair, ctx.person.id);
  const facts: Fact[] = [
    { label: ctx.t('status.fact.role'), value: mine === 'mentee' ? ctx.t('status.role.mentee') : ctx.t('status.role.mentor') },
    { label: ctx.t('status.fact.state'), value: pairStateLabel(ctx.locale, pair.state) },
  ];
  if (pair.state === 'paused' && pair.pausedUntil) facts.push({ label: ctx.t('status.fact.paused_until'), value: formatDateTime(ctx.locale, pair.pausedUntil, ctx.person.timezone) });
  const next = (await listCheckins(ctx.db, pair.id)).filter((c) => c.personId === ctx.person.id && c.status === 'scheduled').sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
  if (next) facts.push({ label: ctx.t('status.fact.next_checkin'), value: formatDateTime(ctx.locale, next.dueAt, ctx.person.timezone) });
  const goals = (await listGoals(ctx.db, pair.id)).filter((g) => g.status !== 'dropped');
  const sections = goals.length > 0 ? [richText(ctx.t('status.goals'), goalLines(ctx.t, ctx.locale, goals))] : [];
  // What either member shared at their latest check-in; never a private note.
  const shared = pair.state === 'proposed' ? undefined : await sharedNotesBlock(ctx.db, pair.id, { t: ctx.t, locale: ctx.locale, timeZone: ctx.person.timezone });
  if (shared) sections.push(shared);
  const actions: ButtonAction[] = [];
  if (pair.state === 'active' || pair.state === 'paused') {
    const agreement = await agreementForStatus(ctx, pair);
    if (agreement) {
      facts.push(agreement.fact);
      sections.push(...agreement.sections);
      actions.push(...agreement.actions);
    }
  }
  if (pair.state === 'proposed') {
    if (pair.expiresAt) facts.push({ label: ctx.t('status.fact.answer_by'), value: formatDateTime(ctx.locale, pair.expiresAt, ctx.person.timezone) });
    const answered = mine === 'mentee' ? pair.menteeAcceptedAt : pair.mentorAcceptedAt;
    if (!answered) {
      actions.push(
        { kind: 'button', style: 'primary', label: ctx.t('status.accept'), ref: ctx.ref('proposal.accept', [pair.id]) },
        { kind: 'button', style: 'danger', label: ctx.t('status.decline'), ref: ctx.ref('proposal.decline', [pair.id]) },
      );
    }
  }
  const title = pair.state === 'proposed' ? ctx.t('status.proposal_with', { name: partner?.displayName ?? '' }) : ctx.t('status.pair_with', { name: partner?.displayName ?? '' });
  return card({ header: { title, ...(program ? { subtitle: program.name } : {}) }, sections, facts, actions });
}

/** The agreement's terms, who agreed when, "I agree" while the reader has not, and "Suggest a change". */
async function agreementForStatus(ctx: ActorCtx, pair: Pair): Promise<{ fact: Fact; sections: RichText[]; actions: ButtonAction[] } | undefined> {
  const agreement = await getAgreement(ctx.db, pair.id);
  if (!agreement) return undefined;
  const reader = { personId: ctx.person.id, locale: ctx.locale, timeZone: ctx.person.timezone };
  const sections = [await termsSection(ctx.db, pair, agreement, ctx.locale, ctx.person.timezone)];
  const confirmed = await confirmationLines(ctx.db, pair, agreement, reader);
  if (confirmed.length > 0) sections.push(richText(...confirmed.map((line) => paragraph(line))));
  const mine = confirmedAtOf(pair, agreement, ctx.person.id);
  return {
    fact: { label: ctx.t('agreement.status.fact'), value: await agreementState(ctx.db, pair, agreement, reader) },
    sections, actions: agreementButtons(ctx.locale, pair, agreement.version, ctx.ref, !mine),
  };
}

async function enrollmentLines(ctx: ActorCtx): Promise<string[]> {
  const lines: string[] = [];
  for (const e of await listEnrollmentsOfPerson(ctx.db, ctx.person.id)) {
    const round = await getRound(ctx.db, e.roundId);
    if (!round || round.state !== 'open' || e.status === 'withdrawn') continue;
    const program = await getProgram(ctx.db, round.programId);
    const role = e.role === 'mentee' ? ctx.t('status.role.mentee') : ctx.t('status.role.mentor');
    const name = program?.name ?? round.name;
    if (e.status !== 'submitted') lines.push(ctx.t('status.enrollment_started', { program: name, role }));
    else if (e.approval === 'pending') lines.push(ctx.t('status.enrolled_pending', { program: name, role }));
    else if (e.approval === 'refused') lines.push(ctx.t('status.enrolled_refused', { program: name, role }));
    else lines.push(ctx.t('status.enrolled', { program: name, role }));
  }
  for (const program of await listPrograms(ctx.db, ctx.workspace.id)) {
    for (const w of await listWaitlist(ctx.db, program.id)) {
      if (w.personId === ctx.person.id) lines.push(ctx.t('status.waitlisted', { program: program.name }));
    }
  }
  return lines;
}

async function statusCards(ctx: ActorCtx): Promise<Card[]> {
  const cards: Card[] = [];
  for (const pair of await myPairs(ctx, ['proposed', 'accepted', 'active', 'paused'])) cards.push(await pairCard(ctx, pair));
  const lines = await enrollmentLines(ctx);
  if (lines.length > 0) cards.push(card({ header: { title: ctx.t('status.enrollments') }, sections: [richText(bullets(...lines))] }));
  return cards;
}

export const statusFlow: FlowModule = {
  commands: {
    status: async (ctx) => {
      const cards = await statusCards(ctx);
      return cards.length > 0 ? cards.map(reply) : [reply(message(richText(ctx.t('status.nothing'))))];
    },
  },
  home: [statusCards],
};
