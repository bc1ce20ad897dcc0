/** Time comes from here, never from `new Date()` in the core, so tests and the demo can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
