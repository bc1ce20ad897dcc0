// Planning and timed work of check-ins (SPEC §6–7): one row per member and period, prompted at
// ~10:00 on a working day in that member's zone, marked missed after a grace period. A paused
// pair's prompt is cancelled, and planning picks up again, past the pause, when the pair resumes.
import { missedGraceMs, nextCheckinSlot } from '../../domain/checkin-plan.ts';
import type { Pair } from '../../domain/model.ts';
import { getCheckin, getPlanContext, promptDueCheckin, scheduleCheckinOnce, setCheckinStatus, type PlanContext } from '../../db/repositories/checkin.repository.ts';
import { getPair } from '../../db/repositories/pair.repository.ts';
import type { BaseCtx } from '../context.ts';
import { idOrEmpty } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { planPreparation } from './prepare.ts';

export const checkinPromptKey = (checkinId: string): string => `checkin.prompt:${checkinId}`;

/** Plans the next check-in of each member who has none waiting; safe to call as often as wanted. */
export async function planNextCheckins(ctx: BaseCtx, pair: Pair, given?: PlanContext): Promise<void> {
  if (pair.state !== 'active' || !pair.activatedAt) return;
  // `given` when the caller has just read it (nothing is read twice).
  const planned = given ?? await getPlanContext(ctx.db, pair);
  if (!planned) return;
  const { program, roundEndsAt } = planned;
  for (const { person, checkins: mine } of planned.members) {
    if (person.erasedAt) continue;
    if (mine.some((c) => c.status === 'scheduled')) continue;
    const last = mine.reduce((max, c) => Math.max(max, c.period), 0);
    const slot = nextCheckinSlot({
      cadence: program.settings.checkinCadence, activatedAt: pair.activatedAt, timeZone: person.timezone,
      fromPeriod: last + 1, notBefore: ctx.now,
    });
    // Past the end of the program there is nothing to check in about; the round's completion takes over.
    if (!slot.ok || (roundEndsAt && slot.dueAt > roundEndsAt)) continue;
    const { checkin, created } = await scheduleCheckinOnce(ctx.db, { matchId: pair.id, personId: person.id, period: slot.period, dueAt: slot.dueAt });
    ctx.later({ name: 'checkin.prompt', key: checkinPromptKey(checkin.id), runAt: checkin.dueAt, payload: { checkinId: checkin.id }, fresh: created });
    // The day before, a preparation (pair/prepare.ts); it checks the person's setting when it runs.
    planPreparation(ctx, checkin, created);
  }
}

async function prompt(ctx: BaseCtx, checkinId: string): Promise<void> {
  // Prompted, or cancelled when its pair is no longer active, in one statement that also reads the pair.
  const due = checkinId ? await promptDueCheckin(ctx.db, checkinId, ctx.now) : undefined;
  if (!due || due.checkin.status !== 'prompted') return;
  const { checkin, pair } = due;
  await ctx.notify({
    workspaceId: pair.workspaceId, kind: 'checkin.prompt', to: { kind: 'person', personId: checkin.personId },
    // Its due time: a prompt job that ran late (an outage) still counts as late for quiet hours.
    key: `checkin:${checkin.id}`, payload: { checkinId: checkin.id, plannedAt: checkin.dueAt.toISOString() }, matchId: pair.id,
  });
  // The program, the round's end and both members with their check-ins, in one read, for the
  // grace period and the next check-in's planning.
  const planned = await getPlanContext(ctx.db, pair);
  const person = planned?.members.find((m) => m.person.id === checkin.personId)?.person;
  const grace = missedGraceMs(planned?.program.settings.checkinCadence ?? 'P1M', ctx.now, person?.timezone ?? 'UTC');
  // The check-in has just become prompted: no missed-check job can exist under this key yet.
  ctx.later({ name: 'checkin.missed', key: `checkin.missed:${checkin.id}`, runAt: new Date(ctx.now.getTime() + grace), payload: { checkinId: checkin.id }, fresh: true });
  if (planned) await planNextCheckins(ctx, pair, planned);
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

