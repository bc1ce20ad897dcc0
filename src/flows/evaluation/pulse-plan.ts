// The evaluation pulses of a published round: one every `pulseEvery` until the end, and a final
// one in the last days. Each opens through a 'pulse.open' job (the employee flows send it).
// Decision: the final pulse closes when the round ends (round.complete), so its window is the
// last week of the program, or its last half for a program shorter than two weeks.
import { addDuration, parseIsoDuration } from '../../domain/duration.ts';
import type { Pulse, Round } from '../../domain/model.ts';
import type { ProgramSettings } from '../../domain/program-settings.ts';
import { ensurePulse } from '../../db/repositories/pulse.repository.ts';
import type { BaseCtx } from '../context.ts';

const DAY = 86_400_000;
const WINDOW_MS = 7 * DAY;
/** Demo cadences (PT30S) over a long program would mean thousands of pulses; nobody answers that many. */
export const MAX_PERIODIC_PULSES = 24;

export async function planPulses(ctx: BaseCtx, round: Round, settings: ProgramSettings, from: Date, endsAt: Date): Promise<Pulse[]> {
  const span = endsAt.getTime() - from.getTime();
  const finalOpens = new Date(endsAt.getTime() - Math.min(WINDOW_MS, span / 2));
  const every = parseIsoDuration(settings.pulseEvery);
  const pulses: Pulse[] = [];
  if (every.ok) {
    let opensAt = addDuration(from, every.duration, 'UTC');
    for (let period = 1; period <= MAX_PERIODIC_PULSES && opensAt < finalOpens && opensAt > from; period += 1) {
      const next = addDuration(opensAt, every.duration, 'UTC');
      const closesAt = new Date(Math.min(opensAt.getTime() + WINDOW_MS, next.getTime(), finalOpens.getTime()));
      pulses.push(await ensurePulse(ctx.db, { roundId: round.id, kind: 'periodic', period, opensAt, closesAt }));
      opensAt = next;
    }
  }
  pulses.push(await ensurePulse(ctx.db, { roundId: round.id, kind: 'final', period: 1, opensAt: finalOpens, closesAt: endsAt }));
  for (const pulse of pulses) {
    ctx.later({ name: 'pulse.open', key: `pulse.open:${pulse.id}`, payload: { pulseId: pulse.id }, runAt: pulse.opensAt });
  }
  return pulses;
}
