import { describe, expect, it } from 'vitest';
import { ROUND_EVENTS, ROUND_STATES, ROUND_TRANSITIONS, roundEventsFrom, transitionRound, type RoundEvent, type RoundState } from '../../src/domain/round-state.ts';

const allowed: [RoundState, RoundEvent, RoundState][] = [
  ['draft', 'open', 'open'], ['open', 'close', 'closed'], ['closed', 'reopen', 'open'], ['matched', 'reopen', 'open'],
  ['closed', 'match', 'matched'], ['matched', 'match', 'matched'], ['matched', 'publish', 'published'],
  ['published', 'start', 'running'], ['running', 'complete', 'completed'],
  ['draft', 'cancel', 'cancelled'], ['open', 'cancel', 'cancelled'], ['closed', 'cancel', 'cancelled'], ['matched', 'cancel', 'cancelled'],
];

describe('round state machine', () => {
  it.each(allowed)('%s --%s--> %s', (from, event, to) => {
    expect(transitionRound(from, event)).toEqual({ ok: true, to });
  });

  it('allows nothing else', () => {
    let refused = 0;
    for (const from of ROUND_STATES) {
      for (const event of ROUND_EVENTS) {
        if (allowed.some(([f, e]) => f === from && e === event)) continue;
        expect(transitionRound(from, event)).toEqual({ ok: false, reason: 'round.transition_refused', from, event });
        refused++;
      }
    }
    expect(refused).toBe(ROUND_STATES.length * ROUND_EVENTS.length - allowed.length);
    expect(ROUND_TRANSITIONS).toHaveLength(allowed.length);
  });

  it.each([
    ['published', 'cancel'], ['running', 'cancel'], ['draft', 'publish'], ['open', 'match'], ['published', 'reopen'],
    ['completed', 'open'], ['cancelled', 'open'], ['running', 'publish'],
  ] as [RoundState, RoundEvent][])('refuses %s --%s-->', (from, event) => {
    expect(transitionRound(from, event).ok).toBe(false);
  });

  it('keeps the state list the database CHECK uses', () => {
    expect(ROUND_STATES).toEqual(['draft', 'open', 'closed', 'matched', 'published', 'running', 'completed', 'cancelled']);
  });

  it('lists what can happen next, and nothing from final states', () => {
    expect(roundEventsFrom('matched').sort()).toEqual(['cancel', 'match', 'publish', 'reopen']);
    expect(roundEventsFrom('completed')).toEqual([]);
    expect(roundEventsFrom('cancelled')).toEqual([]);
  });

  it('reaches every state from draft', () => {
    const seen = new Set<RoundState>(['draft']);
    for (let i = 0; i < ROUND_STATES.length; i++) for (const tr of ROUND_TRANSITIONS) if (seen.has(tr.from)) seen.add(tr.to);
    expect([...seen].sort()).toEqual([...ROUND_STATES].sort());
  });
});
