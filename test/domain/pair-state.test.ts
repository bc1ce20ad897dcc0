import { describe, expect, it } from 'vitest';
import { PAIR_EVENTS, PAIR_STATES, OPEN_PAIR_STATES, pairEventsFrom, recordAcceptance, transitionPair, type PairEvent, type PairState } from '../../src/domain/pair-state.ts';

const allowed: [PairState, PairEvent, PairState][] = [
  ['draft', 'propose', 'proposed'], ['proposed', 'accept', 'accepted'], ['proposed', 'decline', 'declined'],
  ['proposed', 'expire', 'expired'], ['accepted', 'introduce', 'active'], ['active', 'pause', 'paused'],
  ['paused', 'resume', 'active'], ['accepted', 'end', 'ended'], ['active', 'end', 'ended'], ['paused', 'end', 'ended'],
];

describe('pair state machine', () => {
  it.each(allowed)('%s --%s--> %s', (from, event, to) => {
    expect(transitionPair(from, event)).toEqual({ ok: true, to });
  });

  it('allows nothing else', () => {
    for (const from of PAIR_STATES) {
      for (const event of PAIR_EVENTS) {
        if (allowed.some(([f, e]) => f === from && e === event)) continue;
        expect(transitionPair(from, event), `${from} --${event}-->`).toEqual({ ok: false, reason: 'pair.transition_refused', from, event });
      }
    }
  });

  it.each([
    ['declined', 'accept'], ['expired', 'accept'], ['ended', 'resume'], ['active', 'resume'], ['paused', 'pause'],
    ['draft', 'accept'], ['proposed', 'introduce'], ['ended', 'end'],
  ] as [PairState, PairEvent][])('refuses %s --%s-->', (from, event) => {
    expect(transitionPair(from, event).ok).toBe(false);
  });

  it('keeps the state lists the database CHECK and indexes use', () => {
    expect(PAIR_STATES).toEqual(['draft', 'proposed', 'accepted', 'declined', 'expired', 'active', 'paused', 'ended']);
    expect(OPEN_PAIR_STATES).toEqual(['draft', 'proposed', 'accepted', 'active', 'paused']);
  });

  it('offers pause and end on an active pair, nothing on an ended one', () => {
    expect(pairEventsFrom('active').sort()).toEqual(['end', 'pause']);
    expect(pairEventsFrom('ended')).toEqual([]);
  });
});

describe('two-sided acceptance', () => {
  const proposed = { state: 'proposed' as const, menteeAccepted: false, mentorAccepted: false };

  it('stays proposed after the first acceptance, whichever side', () => {
    expect(recordAcceptance(proposed, 'mentee')).toEqual({ ok: true, to: 'proposed', menteeAccepted: true, mentorAccepted: false, complete: false });
    expect(recordAcceptance(proposed, 'mentor')).toEqual({ ok: true, to: 'proposed', menteeAccepted: false, mentorAccepted: true, complete: false });
  });

  it('becomes accepted with the second', () => {
    expect(recordAcceptance({ ...proposed, mentorAccepted: true }, 'mentee'))
      .toEqual({ ok: true, to: 'accepted', menteeAccepted: true, mentorAccepted: true, complete: true });
  });

  it('refuses a second acceptance by the same side and acceptance outside proposed', () => {
    expect(recordAcceptance({ ...proposed, menteeAccepted: true }, 'mentee')).toEqual({ ok: false, reason: 'pair.already_accepted', from: 'proposed' });
    for (const state of ['draft', 'accepted', 'declined', 'expired', 'active', 'paused', 'ended'] as const) {
      expect(recordAcceptance({ ...proposed, state }, 'mentor')).toEqual({ ok: false, reason: 'pair.transition_refused', from: state });
    }
  });

  it('still lets the other member decline a half-accepted proposal', () => {
    expect(recordAcceptance(proposed, 'mentee').ok && transitionPair('proposed', 'decline')).toEqual({ ok: true, to: 'declined' });
  });
});
