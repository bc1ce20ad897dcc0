// After a flash session is accepted (docs/flash.md): one group message introduces the two, and
// later each gets one question ("Was this conversation useful?", with "and let's continue as a
// mentoring pair" as one of the answers). When both want to continue, the flash pair becomes a
// program pair where it can: in a round that has not been matched yet (survey open or closed) in
// which the asker is enrolled as a mentee and the mentor as a mentor, a pin asks the matching to
// pair them (every rule still applies). Otherwise both are told which rounds are open and how to
// enrol, with a button to try again once they have.
import { FLASH_MINUTES, isFlashProgram } from '../../domain/flash.ts';
import { listPrograms } from '../../db/repositories/program.repository.ts';
import { noteFor } from '../program-note.ts';
import { setMatchRule } from '../../db/repositories/match-rule.repository.ts';
import { answerFlash, getFlashSession, pinFlashRound, type FlashSession, type FlashSide } from '../../db/repositories/flash.repository.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { getRound, listRoundsInState } from '../../db/repositories/round.repository.ts';
import type { Db } from '../../db/repositories/db.ts';
import type { Person } from '../../domain/model.ts';
import { card, message, type Card, type Message } from '../../ui/model.ts';
import { bold, mention, paragraph, richText, type RichText } from '../../ui/rich-text.ts';
import { localeOf } from '../actor.ts';
import { commandPrefixFor } from '../command-prefix.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { reply, updateSource, type Effect } from '../effects.ts';
import { idOrEmpty, readerOf, refFor, type Reader } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { getWorkspace } from '../../db/repositories/workspace.repository.ts';
import { topicLabel, workspaceTopics } from './flash-request.ts';
import { flashFindTimeButton } from '../pair/find-time.flow.ts';

const ANSWERS = ['continue', 'useful', 'not_useful'] as const;
const ANSWER_LABEL = { continue: 'flash.answer.continue', useful: 'flash.answer.useful', not_useful: 'flash.answer.not_useful' } as const;
const PINNABLE_ROUNDS = ['open', 'closed'] as const;

export { flashFollowUpJob } from './flash-request.ts';

const sideOf = (session: FlashSession, personId: string): FlashSide | undefined =>
  (session.askerId === personId ? 'asker' : session.mentorId === personId ? 'mentor' : undefined);

async function introSections(ctx: BaseCtx, session: FlashSession, reader: Reader, languages: number): Promise<RichText[]> {
  const topic = topicLabel(reader.locale, await workspaceTopics(ctx.db, session.workspaceId), session.topic);
  // The note of the workspace's flash program whose taxonomy has the topic ("A word from the program").
  const program = (await listPrograms(ctx.db, session.workspaceId)).find((p) => isFlashProgram(p) && p.settings.topics.some((tp) => tp.key === session.topic));
  const { note } = noteFor(program?.settings.introNote, reader.locale, languages);
  return [
    richText(paragraph(mention(session.askerId), reader.t('flash.intro.meet'), ' ', mention(session.mentorId ?? '')), paragraph(reader.t('flash.intro.topic', { topic, minutes: FLASH_MINUTES }))),
    richText(paragraph(bold(reader.t('flash.request.question'))), paragraph(session.question)),
    ...(note ? [richText(paragraph(bold(reader.t('pair.intro.note_heading'))), paragraph(note))] : []),
    richText(reader.t('flash.intro.next', { minutes: FLASH_MINUTES })),
  ];
}

function followUpCard(ctx: BaseCtx, session: FlashSession, reader: Reader, partner: string, topic: string): Card {
  return card({
    header: { title: reader.t('flash.follow_up.title'), subtitle: topic },
    sections: [richText(reader.t('flash.follow_up.body', { partner, topic }))],
    actions: ANSWERS.map((answer) => ({
      kind: 'button' as const, style: answer === 'continue' ? 'primary' as const : 'default' as const,
      label: reader.t(ANSWER_LABEL[answer]), ref: refFor(ctx, reader.person.id, 'flash.answer', [session.id, answer]),
    })),
  });
}

/** The round in which the pair can be pinned: the asker enrolled as a mentee and the mentor as a mentor, neither waiting for approval. */
async function sharedRound(db: Db, session: FlashSession): Promise<string | undefined> {
  if (!session.mentorId) return undefined;
  const rounds = await listRoundsInState(db, session.workspaceId, PINNABLE_ROUNDS);
  if (rounds.length === 0) return undefined;
  const rows = await db.selectFrom('enrollments').select(['round_id', 'person_id', 'role', 'approval'])
    .where('round_id', 'in', rounds.map((r) => r.id)).where('status', '=', 'submitted')
    .where('person_id', 'in', [session.askerId, session.mentorId]).execute();
  const counts = (r: { approval: string | null }) => r.approval === null || r.approval === 'approved';
  return rounds.find((round) => rows.some((r) => r.round_id === round.id && r.person_id === session.askerId && r.role === 'mentee' && counts(r))
    && rows.some((r) => r.round_id === round.id && r.person_id === session.mentorId && r.role === 'mentor' && counts(r)))?.id;
}

/** Both want to continue: pin them in a shared round when there is one, and tell both either way. */
async function continueAsPair(ctx: BaseCtx, session: FlashSession, retry: boolean): Promise<boolean> {
  const roundId = await sharedRound(ctx.db, session);
  // A retry that still finds no round is answered to whoever pressed, and tells nobody else.
  if (retry && !roundId) return false;
  if (roundId && session.mentorId) {
    await setMatchRule(ctx.db, { roundId, menteeId: session.askerId, mentorId: session.mentorId, kind: 'pin', createdBy: null });
    await pinFlashRound(ctx.db, session.id, roundId, ctx.now);
    await ctx.audit({ workspaceId: session.workspaceId, actorId: null, action: 'flash.pin', targetType: 'round', targetId: roundId, details: { flashSessionId: session.id } });
  }
  for (const personId of [session.askerId, session.mentorId ?? '']) {
    await ctx.notify({
      workspaceId: session.workspaceId, kind: 'flash.continue', to: { kind: 'person', personId },
      key: `flash.continue:${session.id}:${personId}:${roundId ?? 'none'}`, payload: { sessionId: session.id },
    });
  }
  return roundId !== undefined;
}

async function answer(ctx: ActorCtx, subjects: readonly string[]): Promise<readonly Effect[]> {
  const session = await getFlashSession(ctx.db, idOrEmpty(subjects[0]), true);
  const side = session && sideOf(session, ctx.person.id);
  const choice = ANSWERS.find((a) => a === subjects[1]);
  if (!session || !side || !choice || session.state !== 'accepted') return [reply(message(richText(ctx.t('action.refused'))))];
  const answered = await answerFlash(ctx.db, session.id, side, { useful: choice !== 'not_useful', continue: choice === 'continue' }, ctx.now);
  if (!answered) return [reply(message(richText(ctx.t('flash.follow_up.already'))))];
  if (answered.askerContinue && answered.mentorContinue) await continueAsPair(ctx, answered, false);
  const recorded = choice === 'continue' && !(answered.askerContinue && answered.mentorContinue)
    ? ctx.t('flash.follow_up.thanks_waiting') : ctx.t('flash.follow_up.thanks');
  return [updateSource(card({ header: { title: ctx.t('flash.follow_up.title') }, recorded }))];
}

async function continueMessage(ctx: BaseCtx, session: FlashSession, reader: Reader): Promise<Card | Message> {
  if (session.pinnedRoundId) {
    const round = await getRound(ctx.db, session.pinnedRoundId);
    const program = round && await getProgram(ctx.db, round.programId);
    return message(richText(reader.t('flash.continue.pinned', { program: program?.name ?? '' })));
  }
  const prefix = commandPrefixFor((await getWorkspace(ctx.db, session.workspaceId))?.platform ?? 'slack');
  const rounds = await listRoundsInState(ctx.db, session.workspaceId, ['open']);
  // A flash program's standing round takes no mentees: it is no place to become a pair.
  const programs = await Promise.all(rounds.map(async (r) => getProgram(ctx.db, r.programId)));
  const names = [...new Set(programs.flatMap((p) => (p && !isFlashProgram(p) ? [p.name] : [])))];
  const body = names.length > 0
    ? reader.t('flash.continue.enrol', { programs: names.map((n) => `“${n}”`).join(', '), prefix })
    : reader.t('flash.continue.no_round');
  return card({
    header: { title: reader.t('flash.continue.title') }, sections: [richText(body)],
    actions: names.length > 0 ? [{ kind: 'button', style: 'primary', label: reader.t('flash.continue.retry'), ref: refFor(ctx, reader.person.id, 'flash.pin', [session.id]) }] : [],
  });
}

export const followUpFlow: FlowModule = {
  actions: {
    'flash.answer': { oneShot: true, handle: (ctx, ref) => answer(ctx, ref.subjects) },
    // Once both have enrolled in a round: either of them tries the pin again.
    'flash.pin': {
      oneShot: false,
      async handle(ctx, ref) {
        const session = await getFlashSession(ctx.db, idOrEmpty(ref.subjects[0]), true);
        if (!session || !sideOf(session, ctx.person.id) || !session.askerContinue || !session.mentorContinue) return [reply(message(richText(ctx.t('action.refused'))))];
        if (session.pinnedRoundId) return [reply(message(richText(ctx.t('flash.continue.already'))))];
        const pinned = await continueAsPair(ctx, session, true);
        return pinned ? [] : [reply(message(richText(ctx.t('flash.continue.still_none'))))];
      },
    },
  },
  jobs: {
    'flash.follow_up': async (ctx, payload) => {
      const session = await getFlashSession(ctx.db, idOrEmpty(payload.sessionId));
      if (!session || session.state !== 'accepted' || !session.mentorId) return;
      // Moved later since this run was planned (a meeting booked after it): the moved job asks then.
      if (session.followUpAt && session.followUpAt > ctx.now) return;
      for (const personId of [session.askerId, session.mentorId]) {
        await ctx.notify({
          workspaceId: session.workspaceId, kind: 'flash.follow_up', to: { kind: 'person', personId },
          key: `flash.follow_up:${session.id}:${personId}`, payload: { sessionId: session.id },
        });
      }
    },
  },
  compose: {
    'flash.intro': async (ctx, delivery, recipients: readonly Person[], reader?: Person) => {
      const session = await getFlashSession(ctx.db, idOrEmpty(delivery.payload.sessionId));
      if (!session || session.state !== 'accepted') return undefined;
      // Written in each member's language when they differ (a Teams copy: in its reader's only).
      const readers = [...new Map((reader ? [reader] : recipients).map((p) => [localeOf(p), readerOf(p)])).values()];
      const sections = (await Promise.all(readers.map((r) => introSections(ctx, session, r, readers.length)))).flat();
      // "Find a time", signed for the session: either of the two may press it on the group message.
      // One button, in the first reader's language, as on a pair's introduction.
      const actions = [flashFindTimeButton(ctx, readers[0]?.locale ?? 'en', session.id)];
      return card({ header: { title: readers.map((r) => r.t('flash.intro.title')).join(' · ') }, sections, actions });
    },
    'flash.follow_up': async (ctx, delivery, recipients) => {
      const session = await getFlashSession(ctx.db, idOrEmpty(delivery.payload.sessionId));
      const person = recipients[0];
      const side = session && person && sideOf(session, person.id);
      if (!session || !person || !side || (side === 'asker' ? session.askerUseful : session.mentorUseful) !== null) return undefined;
      const reader = readerOf(person);
      const partnerId = side === 'asker' ? session.mentorId : session.askerId;
      const partner = partnerId ? (await getPerson(ctx.db, partnerId))?.displayName ?? '' : '';
      return followUpCard(ctx, session, reader, partner, topicLabel(reader.locale, await workspaceTopics(ctx.db, session.workspaceId), session.topic));
    },
    'flash.continue': async (ctx, delivery, recipients) => {
      const session = await getFlashSession(ctx.db, idOrEmpty(delivery.payload.sessionId));
      const person = recipients[0];
      if (!session || !person || !session.askerContinue || !session.mentorContinue) return undefined;
      return continueMessage(ctx, session, readerOf(person));
    },
  },
};
