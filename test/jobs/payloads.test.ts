// What the workers accept (jobs/payloads.ts): every job's payload is checked before it runs, and a
// malformed one fails for good with a message naming the field (queue-conformance.test.ts shows
// the worker side on real Redis). Here, each job's schema against the payloads a stray or foreign
// producer could queue.
import { describe, expect, it } from 'vitest';
import { JOB_PAYLOADS, checkPayload } from '../../jobs/payloads.ts';
import { JOB_NAMES } from '../../src/ports/scheduler.ts';

describe('job payloads', () => {
  it('has a schema for every job the core schedules, and refuses a job it does not know', () => {
    expect(Object.keys(JOB_PAYLOADS).sort()).toEqual([...JOB_NAMES].sort());
    expect(checkPayload('match.everything', {})).toEqual({ ok: false, problem: 'unknown job "match.everything"' });
  });

  it.each(JOB_NAMES)('%s refuses an unknown key, and a payload that is not an object', (name) => {
    expect(checkPayload(name, { roundId: 'r1', stray: 'x' }).ok).toBe(false);
    expect(checkPayload(name, 'r1').ok).toBe(false);
    expect(checkPayload(name, null).ok).toBe(false);
  });

  describe('match.preview (a large preview matched by its job)', () => {
    const good = { roundId: 'round-1', leadId: 'lead-1', claimedAt: 1_765_000_000_000 };

    it('accepts what the preview request queues', () => {
      expect(checkPayload('match.preview', good)).toEqual({ ok: true, payload: good });
    });

    it.each([
      ['no round', { leadId: 'lead-1', claimedAt: 1 }, 'roundId'],
      ['no lead', { roundId: 'round-1', claimedAt: 1 }, 'leadId'],
      ['no claim', { roundId: 'round-1', leadId: 'lead-1' }, 'claimedAt'],
      ['a claim as text', { ...good, claimedAt: '2026-12-07T10:00:00Z' }, 'claimedAt'],
      ['a claim before 1970', { ...good, claimedAt: -1 }, 'claimedAt'],
      ['a fractional claim', { ...good, claimedAt: 1.5 }, 'claimedAt'],
      ['an empty round id', { ...good, roundId: '' }, 'roundId'],
      ['an overlong lead id', { ...good, leadId: 'x'.repeat(101) }, 'leadId'],
    ])('refuses %s, naming the field', (_, payload, field) => {
      const check = checkPayload('match.preview', payload);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.problem.split(':')[0]).toBe(field);
    });
  });
});
