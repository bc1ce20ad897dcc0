// Planning and timed work of check-ins (SPEC §6–7): one row per member and period, prompted at
// ~10:00 on a working day in that member's zone, marked missed after a grace period. A paused
// pair's prompt is cancelled, and planning picks up again, past the pause, when the pair resumes.
import { missedGraceMs, nextCheckinSlot } from '../domain/checkin-plan.ts';
import type { Pair } from '../domain/model.ts';
import { getCheckin, listCheckins, scheduleCheckin, setCheckinStatus } from '../db/repositories/checkin.repository.ts';
import { getPair } from '../db/repositories/pair.repository.ts';
import { getPeople } from '../db/repositories/person.repository.ts';
import { getProgram } from '../db/repositories/program.repository.ts';
import { getRound } from '../db/repositories/round.repository.ts';
import type { BaseCtx } from './context.ts';
import { idOrEmpty } from './pair-members.ts';
import type { FlowModule } from './registry.ts';

export const checkinPromptKey = (checkinId: string): string => `checkin.prompt:${checkinId}`;

/** Plans the next check-in of each member who has none waiting; safe to call as often as wanted. */
export async function planNextCheckins(ctx: BaseCtx, pair: Pair): Promise<void> {
  if (pair.state !== 'active' || !pair.activatedAt) return;
  const program = await getProgram(ctx.db, pair.programId);
  const round = await getRound(ctx.db, pair.roundId);
  if (!program || !round) return;
  const existing = await listCheckins(ctx.db, pair.id);
  for (const person of await getPeople(ctx.db, [pair.menteeId, pair.mentorId])) {
    if (person.erasedAt) continue;
    const mine = existing.filter((c) => c.personId === person.id);
    if (mine.some((c) => c.status === 'scheduled')) continue;
    const last = mine.reduce((max, c) => Math.max(max, c.period), 0);
    const slot = nextCheckinSlot({
      cadence: program.settings.checkinCadence, activatedAt: pair.activatedAt, timeZone: person.timezone,
      fromPeriod: last + 1, notBefore: ctx.now,
    });
    // Past the end of the program there is nothing to check in about; the round's completion takes over.
    if (!slot.ok || (round.endsAt && slot.dueAt > round.endsAt)) continue;
    const checkin = await scheduleCheckin(ctx.db, { matchId: pair.id, personId: person.id, period: slot.period, dueAt: slot.dueAt });
    ctx.later({ name: 'checkin.prompt', key: checkinPromptKey(checkin.id), runAt: checkin.dueAt, payload: { checkinId: checkin.id } });
  }
}

async function prompt(ctx: BaseCtx, checkinId: string): Promise<void> {
  const checkin = checkinId ? await getCheckin(ctx.db, checkinId) : undefined;
  if (!checkin || checkin.status !== 'scheduled') return;
  const pair = await getPair(ctx.db, checkin.matchId);
  if (!pair || pair.state !== 'active') {
    await setCheckinStatus(ctx.db, checkin.id, ['scheduled'], 'cancelled', ctx.now);
    return;
  }
  if (!(await setCheckinStatus(ctx.db, checkin.id, ['scheduled'], 'prompted', ctx.now))) return;
  await ctx.notify({
    workspaceId: pair.workspaceId, kind: 'checkin.prompt', to: { kind: 'person', personId: checkin.personId },
    // Its due time: a prompt job that ran late (an outage) still counts as late for quiet hours.
    key: `checkin:${checkin.id}`, payload: { checkinId: checkin.id, plannedAt: checkin.dueAt.toISOString() }, matchId: pair.id,
  });
  const program = await getProgram(ctx.db, pair.programId);
  const [person] = await getPeople(ctx.db, [checkin.personId]);
  const grace = missedGraceMs(program?.settings.checkinCadence ?? 'P1M', ctx.now, person?.timezone ?? 'UTC');
  ctx.later({ name: 'checkin.missed', key: `checkin.missed:${checkin.id}`, runAt: new Date(ctx.now.getTime() + grace), payload: { checkinId: checkin.id } });
  await planNextCheckins(ctx, pair);
}

async function missed(ctx: BaseCtx, checkinId: string): Promise<void> {
  const checkin = checkinId ? await getCheckin(ctx.db, checkinId) : undefined;
  if (!checkin || !(await setCheckinStatus(ctx.db, checkin.id, ['prompted'], 'missed', ctx.now))) return;
  const pair = await getPair(ctx.db, checkin.matchId);
  if (!pair || pair.state !== 'active') return;
  await ctx.notify({
    workspaceId: pair.workspaceId, kind: 'checkin.missed', to: { kind: 'person', personId: checkin.personId },
    key: `checkin.missed:${checkin.id}`, payload: { checkinId: checkin.id }, matchId: pair.id,
  });
}

export const checkinScheduleFlow: FlowModule = {
  jobs: {
    'checkin.prompt': (ctx, payload) => prompt(ctx, idOrEmpty(payload.checkinId)),
    'checkin.missed': (ctx, payload) => missed(ctx, idOrEmpty(payload.checkinId)),
  },
};

