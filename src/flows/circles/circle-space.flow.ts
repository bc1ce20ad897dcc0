// A circle starts: its conversation is opened once (a private Slack channel, a Teams group chat
// when Graph is configured), its introduction is posted there (or, where the platform has none,
// sent to the members as a group message, which Teams turns into one copy each), and its
// check-ins are planned (circle-checkin.flow.ts). The platform is called outside any
// transaction; every step is idempotent on its own: the conversation is asked for under a name
// made from the circle's id, so an attempt that died after the platform made it and before its
// id was recorded finds it again by that name; the id is recorded once (the first one stays);
// the introduction and the check-in jobs have their own keys.
import type { Circle } from '../../domain/circles/circle.ts';
import { leadersOf } from '../../domain/circles/circle.ts';
import type { Person } from '../../domain/model.ts';
import { getCircle, listMembers, recordSpace } from '../../db/repositories/circle.repository.ts';
import { dropSpaceRemoval, getSpaceRemoval, noteSpaceRemovalFailure } from '../../db/repositories/circle-space-removal.repository.ts';
import { getPeople, getPerson } from '../../db/repositories/person.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import type { LeaveSpaceOutcome, Recipient } from '../../ports/messenger.ts';
import type { JobPayload } from '../../ports/scheduler.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { t } from '../../ui/i18n/t.ts';
import { card } from '../../ui/model.ts';
import { bold, bullets, mention, paragraph, richText } from '../../ui/rich-text.ts';
import { localeOf } from '../actor.ts';
import type { BaseCtx } from '../context.ts';
import { cadenceText } from '../pair/cadence-text.ts';
import { idOrEmpty } from '../pair-members.ts';
import { noteFor } from '../program-note.ts';
import type { FlowModule } from '../registry.ts';
import { firstCircleCheckin } from './circle-checkin.flow.ts';
import { topicLabel } from './circle-topic.ts';

/**
 * A circle whose conversation still cannot be opened this long after it started (a platform
 * outage, retried by the job and brought back by the reconciliation every 10 minutes) is
 * introduced to each member instead, so that nobody waits longer to hear of it.
 */
export const SPACE_GIVE_UP_MS = 24 * 3_600_000;

/** Made from the circle's id, so that every attempt asks for the same name. */
export const spaceNameOf = (circle: Pick<Circle, 'id' | 'topic'>): string => `mentoring-circle-${circle.topic}-${circle.id.slice(0, 8)}`;

/** Everyone in the circle: its leaders, then its mentees. */
export async function circlePeople(ctx: BaseCtx, circle: Circle): Promise<string[]> {
  return [...leadersOf(circle), ...(await listMembers(ctx.db, circle.id)).map((m) => m.personId)];
}

/** Where the circle's messages go: its conversation, or its members as a group. */
export const circleRecipient = (circle: Circle, personIds: readonly string[]): Recipient =>
  (circle.spaceId ? { kind: 'space', spaceId: circle.spaceId, personIds } : { kind: 'group', personIds });

async function start(ctx: BaseCtx, circleId: string): Promise<void> {
  let circle = circleId ? await getCircle(ctx.db, circleId) : undefined;
  if (!circle || circle.state !== 'active') return;
  const people = await circlePeople(ctx, circle);
  const open = ctx.deps.messenger?.openSpace;
  if (!circle.spaceId && open) {
    const program = await getProgram(ctx.db, circle.programId);
    const mentor = await getPerson(ctx.db, circle.mentorId);
    const locale = mentor ? localeOf(mentor) : 'en';
    const title = t(locale, 'circle.space_title', { topic: topicLabel(program, circle.topic, locale), program: program?.name ?? '' });
    const members = await getPeople(ctx.db, people);
    const outcome = await open.call(ctx.deps.messenger, circle.workspaceId, { name: spaceNameOf(circle), title, people: people.flatMap((id) => members.find((p) => p.id === id) ?? []) });
    const waited = ctx.now.getTime() - (circle.startedAt ?? ctx.now).getTime();
    // Thrown: the job is tried again (the name finds the channel).
    if (outcome.status === 'failed' && waited < SPACE_GIVE_UP_MS) throw Object.assign(new Error(`circle.space_failed: ${outcome.detail}`), { retryAfterMs: outcome.retryAfterMs });
    if (outcome.status === 'failed') {
      ctx.deps.logger.warn({ circle: circle.id, detail: outcome.detail, hours: Math.floor(waited / 3_600_000) },
        'the circle\'s conversation could still not be opened a day after it started: its messages go to each member');
    } else if (outcome.status === 'opened') {
      // Two attempts at once find the same conversation; the first recorded stays.
      if (!(await recordSpace(ctx.db, circle.id, outcome.spaceId, outcome.name))) circle = (await getCircle(ctx.db, circle.id)) ?? circle;
      else circle = { ...circle, spaceId: outcome.spaceId, spaceName: outcome.name };
      if (outcome.left.length > 0) ctx.deps.logger.warn({ circle: circle.id, left: outcome.left.length }, 'some circle members could not be added to its conversation');
    } else {
      ctx.deps.logger.info({ circle: circle.id, detail: outcome.detail }, 'no conversation for the circle: its messages go to each member');
    }
  }
  await ctx.notify({ workspaceId: circle.workspaceId, kind: 'circle.intro', to: circleRecipient(circle, people), key: `circle.intro:${circle.id}`, payload: { circleId: circle.id } });
  await firstCircleCheckin(ctx, circle);
}

/**
 * A removal from a circle's conversation still failing this long after the erasure is given up:
 * the row, and the platform user id in it, are deleted and an error is logged for an
 * administrator. The reconciliation (every 10 minutes) queues the job again until then.
 */
export const SPACE_LEAVE_GIVE_UP_MS = 7 * 24 * 3_600_000;

/**
 * Takes a person who erased their data out of the circle's conversation. The platform user id
 * needed for it is in the circle_space_removals row written with the erasure (the person's row
 * is anonymised by then); the job carries only that row's id, so no personal id sits in the queue.
 */
export const circleSpaceLeaveJob = (removalId: string) =>
  ({ name: 'circle.space_leave' as const, key: `circle.space_leave:${removalId}`, payload: { removalId } });

async function leave(ctx: BaseCtx, removalId: string): Promise<void> {
  const removal = removalId ? await getSpaceRemoval(ctx.db, removalId) : undefined;
  // Done already (a duplicate or late job): the row went with the removal.
  if (!removal) return;
  const circle = await getCircle(ctx.db, removal.circleId);
  const log = { circle: removal.circleId, removal: removal.id, platform: removal.platform };
  if (!circle?.spaceId) {
    await dropSpaceRemoval(ctx.db, removal.id);
    return;
  }
  const remove = ctx.deps.messenger?.removeFromSpace;
  const outcome: LeaveSpaceOutcome = remove
    ? await remove.call(ctx.deps.messenger, circle.workspaceId, circle.spaceId, removal.platformUserId)
    // A messenger with no removal at all (the router answers for an unconfigured platform itself).
    : { status: 'refused', detail: 'this messenger cannot take anyone out of a conversation' };
  if (outcome.status === 'failed') {
    const waited = ctx.now.getTime() - removal.createdAt.getTime();
    if (waited >= SPACE_LEAVE_GIVE_UP_MS) {
      await dropSpaceRemoval(ctx.db, removal.id);
      ctx.deps.logger.error({ ...log, attempts: removal.attempts + 1, detail: outcome.detail, days: Math.floor(waited / 86_400_000) },
        'a person who erased their data could still not be taken out of their circle\'s conversation after a week: given up, remove them by hand');
      return;
    }
    await noteSpaceRemovalFailure(ctx.db, removal.id, outcome.detail, ctx.now);
    ctx.deps.logger.warn({ ...log, attempts: removal.attempts + 1, detail: outcome.detail }, 'a person who erased their data is not yet out of their circle\'s conversation: tried again later');
    // Thrown: the job is tried again (removing someone already out changes nothing); after its
    // last attempt, the reconciliation queues it again while the row is there.
    throw Object.assign(new Error(`circle.space_leave_failed: ${outcome.detail}`), { retryAfterMs: outcome.retryAfterMs });
  }
  await dropSpaceRemoval(ctx.db, removal.id);
  if (outcome.status === 'refused') {
    ctx.deps.logger.error({ ...log, detail: outcome.detail }, 'a person who erased their data could not be taken out of their circle\'s conversation (refused for good): remove them by hand');
    return;
  }
  ctx.deps.logger.info({ ...log, outcome: outcome.status }, 'a person who erased their data is out of their circle\'s conversation');
}

const noteSection = (note: string | undefined, locale: Locale) =>
  (note ? [richText(paragraph(bold(t(locale, 'pair.intro.note_heading'))), paragraph(note))] : []);

async function introCard(ctx: BaseCtx, circle: Circle, readers: readonly Person[]) {
  const program = await getProgram(ctx.db, circle.programId);
  if (!program) return undefined;
  const members = (await listMembers(ctx.db, circle.id)).map((m) => m.personId);
  const locales = [...new Set(readers.map(localeOf))];
  const sections = locales.flatMap((locale) => {
    const topic = topicLabel(program, circle.topic, locale);
    const leaders = leadersOf(circle).flatMap((id, k) => (k === 0 ? [mention(id)] : [` ${t(locale, 'circle.intro.and')} `, mention(id)]));
    return [
      richText(paragraph(t(locale, 'circle.intro.welcome', { topic, program: program.name }), ' ', t(locale, 'circle.intro.led_by'), ' ', ...leaders, '.')),
      richText(paragraph(bold(t(locale, 'circle.intro.members'))), paragraph(...members.flatMap((id, k) => (k === 0 ? [mention(id)] : [', ', mention(id)])))),
      richText(paragraph(bold(t(locale, 'circle.intro.charter_heading'))), bullets(
        t(locale, 'circle.intro.charter_rhythm', { cadence: cadenceText(locale, program.settings.checkinCadence), minutes: program.settings.sessionMinutes }),
        t(locale, 'circle.intro.charter_first'),
        t(locale, 'circle.intro.charter_confidential'),
        t(locale, 'circle.intro.charter_checkins'),
      )),
      ...noteSection(noteFor(program.settings.introNote, locale, locales.length).note, locale),
    ];
  });
  const title = locales.map((locale) => t(locale, 'circle.intro.title', { topic: topicLabel(program, circle.topic, locale) })).join(' · ');
  return card({ header: { title, subtitle: program.name }, sections });
}

export const circleSpaceFlow: FlowModule = {
  jobs: {
    'circle.start': Object.assign(async (ctx: BaseCtx, payload: JobPayload) => start(ctx, idOrEmpty(payload.circleId)), { outsideTransaction: true as const }),
    'circle.space_leave': Object.assign(async (ctx: BaseCtx, payload: JobPayload) => leave(ctx, idOrEmpty(payload.removalId)), { outsideTransaction: true as const }),
  },
  compose: {
    'circle.intro': async (ctx, delivery, recipients, reader) => {
      const id = idOrEmpty(delivery.payload.circleId);
      const circle = id ? await getCircle(ctx.db, id) : undefined;
      if (!circle || circle.state !== 'active') return undefined;
      return introCard(ctx, circle, reader ? [reader] : recipients);
    },
  },
};
