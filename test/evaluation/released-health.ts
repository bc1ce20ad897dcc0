// Pure tests of the report rules speak of a period's counts; this releases them as the release
// job would (each closed pulse, each month over, end reasons and goals with the month before
// `now`) and builds the health a lead reads from those releases.
import { programHealth, type HealthInput, type ProgramHealth } from '../../src/domain/evaluation/health.ts';
import { releaseMonth, releasePulse, type CheckinMonthCounts, type GoalCounts, type PulseRoleCell } from '../../src/domain/evaluation/release.ts';

export interface PeriodCounts extends Omit<HealthInput, 'releases' | 'checkinsUnderWay'> {
  readonly endReasons: ReadonlyArray<string | null>;
  readonly checkinMonths: ReadonlyArray<CheckinMonthCounts & { month: Date }>;
  readonly pulseCells: ReadonlyArray<PulseRoleCell & { pulseId: string; roundId: string; kind: 'periodic' | 'final'; period: number; opensAt: Date; closesAt: Date }>;
  readonly goals: GoalCounts;
}

export function releasedHealth(input: PeriodCounts): ProgramHealth {
  const { endReasons, checkinMonths, pulseCells, goals, ...live } = input;
  const min = input.minGroupSize;
  const thisMonth = new Date(Date.UTC(input.now.getUTCFullYear(), input.now.getUTCMonth(), 1));
  const lastMonth = new Date(Date.UTC(input.now.getUTCFullYear(), input.now.getUTCMonth() - 1, 1));
  const ids = [...new Set(pulseCells.filter((c) => c.closesAt <= input.now).map((c) => c.pulseId))];
  const pulses = ids.map((id) => {
    const cells = pulseCells.filter((c) => c.pulseId === id);
    return releasePulse(cells[0]!, cells, [], min, Math.random);
  });
  const keys = new Set([...checkinMonths.filter((m) => m.month < thisMonth).map((m) => m.month.getTime()), lastMonth.getTime()]);
  const months = [...keys].map((t) => releaseMonth({
    month: new Date(t), checkins: checkinMonths.find((m) => m.month.getTime() === t),
    endReasons: t === lastMonth.getTime() ? endReasons : [], goals: t === lastMonth.getTime() ? goals : { goals: 0, done: 0, pairs: 0 },
  }, min));
  return programHealth({
    ...live, releases: { pulses, months },
    checkinsUnderWay: checkinMonths.some((m) => m.month >= thisMonth && m.asked > 0),
  });
}
