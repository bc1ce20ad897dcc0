// Wall-clock ↔ instant conversion for IANA time zones using only Intl (no Temporal in Node 24
// by default). Offsets are read from Intl at the instant in question, so DST is always right.

export interface WallClock {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1,
    hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0,
    millisecond: instant.getUTCMilliseconds(),
  };
}

const wallAsUtc = (w: WallClock): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/** Milliseconds to add to UTC to get local wall-clock time at this instant. */
export function offsetAt(instantMs: number, timeZone: string): number {
  const instant = new Date(instantMs);
  return wallAsUtc(wallClockAt(instant, timeZone)) - instantMs;
}

/**
 * The instant a wall-clock time happens in a zone. Like Temporal's "compatible" choice: a time
 * repeated when clocks go back resolves to the first occurrence; a time skipped when clocks go
 * forward moves forward by the gap (02:30 on a spring-forward night becomes 03:30).
 */
export function instantOf(wall: WallClock, timeZone: string): Date {
  const local = wallAsUtc(wall);
  const day = 24 * 3600 * 1000;
  const before = offsetAt(local - day, timeZone);
  const after = offsetAt(local + day, timeZone);
  const matches = [...new Set([before, after])]
    .map((offset) => local - offset)
    .filter((candidate) => offsetAt(candidate, timeZone) === local - candidate)
    .sort((a, b) => a - b);
  return new Date(matches[0] ?? local - before);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
