// Creating a circle: a lead sets one up on a topic of the program's survey with its mentor (or two
// co-mentors) and its seats (`admin circle`), or a mentor opens one for themselves (`circle`).
// The mentor must have answered the round's mentor survey: their time zone, languages and working
// hours are what the matcher scores the circle on. The same mentor on the same topic in a round is
// the same circle, so a repeated command creates nothing more. Mentees are seated later
// (circle-fill.ts).
import type { MentionedUser } from '../../domain/commands/command.ts';
import { takesPart, type Program, type Round } from '../../domain/model.ts';
import { mentorAnswersSchema } from '../../domain/survey-answers.ts';
import { createCircle } from '../../db/repositories/circle.repository.ts';
import { findEnrollment, listEnrollmentsOfPerson } from '../../db/repositories/enrollment.repository.ts';
import { getProgram, listPrograms } from '../../db/repositories/program.repository.ts';
import { getRound } from '../../db/repositories/round.repository.ts';
import { resolvePlatformUser } from '../actor.ts';
import type { ActorCtx } from '../context.ts';
import type { Effect } from '../effects.ts';
import { mayLead, say } from '../lead-guard.ts';
import { currentRound } from '../program-pick.ts';
import type { FlowModule } from '../registry.ts';
import { findTopic } from './circle-topic.ts';

export const DEFAULT_SEATS = 5;
const OVER = new Set(['completed', 'cancelled']);

/** A mentor enrolment of the round that counts, with answers the matcher can read. */
async function mentorReady(ctx: ActorCtx, round: Round, personId: string): Promise<boolean> {
  const e = await findEnrollment(ctx.db, round.id, personId, 'mentor');
  return e !== undefined && takesPart(e) && mentorAnswersSchema.safeParse(e.answers).success;
}

async function create(ctx: ActorCtx, program: Program, round: Round, input: {
  topic: string; mentorId: string; mentorName: string; coMentorId: string | null; seats: number;
}): Promise<Effect[]> {
  const topic = findTopic(program, input.topic)!;
  const { circle, created } = await createCircle(ctx.db, {
    workspaceId: program.workspaceId, programId: program.id, roundId: round.id, topic: topic.key, seats: input.seats,
    mentorId: input.mentorId, coMentorId: input.coMentorId, openedBy: ctx.person.id,
  });
  const label = topic.label[ctx.locale];
  if (!created) return say(ctx.t('circle.exists', { name: input.mentorName, topic: label }));
  await ctx.audit({ workspaceId: program.workspaceId, actorId: ctx.person.id, action: 'circle.create', targetType: 'circle', targetId: circle.id, details: { topic: topic.key, seats: input.seats } });
  return say(ctx.t('circle.created', { topic: label, program: program.name, round: round.name, name: input.mentorName, count: input.seats }));
}

async function leadCreates(ctx: ActorCtx, command: { topic: string; mentor: MentionedUser; coMentor?: MentionedUser; seats?: number }): Promise<readonly Effect[]> {
  // The program is the one the lead leads whose survey has the topic and whose round is under way.
  const candidates: { program: Program; round: Round }[] = [];
  for (const program of (await listPrograms(ctx.db, ctx.workspace.id)).filter((p) => mayLead(ctx, p.id))) {
    const round = await currentRound(ctx.db, program.id);
    if (round && !OVER.has(round.state) && findTopic(program, command.topic)) candidates.push({ program, round });
  }
  if (candidates.length === 0) return say(ctx.t('circle.no_topic', { topic: command.topic }));
  if (candidates.length > 1) return say(ctx.t('circle.which_program', { topic: command.topic, names: candidates.map((c) => `“${c.program.name}”`).join(', ') }));
  const { program, round } = candidates[0]!;
  const mentor = await resolvePlatformUser(ctx.db, ctx.deps.directory, ctx.workspace, command.mentor.platformUserId);
  const co = command.coMentor && await resolvePlatformUser(ctx.db, ctx.deps.directory, ctx.workspace, command.coMentor.platformUserId);
  if (!mentor || (command.coMentor && !co)) return say(ctx.t('circle.unknown_person'));
  if (co && co.id === mentor.id) return say(ctx.t('circle.same_person'));
  for (const person of co ? [mentor, co] : [mentor]) {
    if (!(await mentorReady(ctx, round, person.id))) return say(ctx.t('circle.mentor_not_enrolled', { name: person.displayName, round: round.name }));
  }
  return create(ctx, program, round, { topic: command.topic, mentorId: mentor.id, mentorName: mentor.displayName, coMentorId: co?.id ?? null, seats: command.seats ?? DEFAULT_SEATS });
}

async function mentorOpens(ctx: ActorCtx, command: { topic: string; seats?: number }): Promise<readonly Effect[]> {
  // The rounds under way that the actor mentors in.
  const rounds: { program: Program; round: Round }[] = [];
  for (const e of (await listEnrollmentsOfPerson(ctx.db, ctx.person.id)).filter((x) => x.role === 'mentor' && takesPart(x))) {
    const round = await getRound(ctx.db, e.roundId);
    const program = round && !OVER.has(round.state) ? await getProgram(ctx.db, round.programId) : undefined;
    if (round && program) rounds.push({ program, round });
  }
  if (rounds.length === 0) return say(ctx.t('circle.not_a_mentor'));
  const withTopic = rounds.filter((r) => findTopic(r.program, command.topic));
  if (withTopic.length === 0) {
    const topics = rounds.flatMap((r) => r.program.settings.topics.map((t) => t.label[ctx.locale]));
    return say(ctx.t('circle.unknown_topic', { topic: command.topic, topics: [...new Set(topics)].join(', ') }));
  }
  // The newest round with the topic.
  const { program, round } = withTopic.sort((a, b) => b.round.createdAt.getTime() - a.round.createdAt.getTime())[0]!;
  if (!(await mentorReady(ctx, round, ctx.person.id))) return say(ctx.t('circle.not_a_mentor'));
  return create(ctx, program, round, { topic: command.topic, mentorId: ctx.person.id, mentorName: ctx.person.displayName, coMentorId: null, seats: command.seats ?? DEFAULT_SEATS });
}

export const circleCreateFlow: FlowModule = {
  commands: {
    'admin.circle': (ctx, command) => leadCreates(ctx, command),
    circle: (ctx, command) => mentorOpens(ctx, command),
  },
};
