import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/domain/commands/parse-command.ts';

const parse = (text: string) => parseCommand({ text });

describe('circle commands', () => {
  it('reads a lead’s circle: topic words, one or two mentions, seats last', () => {
    expect(parse('admin circle leadership @{U1}')).toEqual({ ok: true, command: { name: 'admin.circle', topic: 'leadership', mentor: { platformUserId: 'U1' } } });
    expect(parse('admin cercle "Prise de parole" @{U1} @{U2} 6')).toEqual({
      ok: true, command: { name: 'admin.circle', topic: 'Prise de parole', mentor: { platformUserId: 'U1' }, coMentor: { platformUserId: 'U2' }, seats: 6 },
    });
  });

  it('refuses seats outside 3–6, a missing mentor or topic, and a third mentor', () => {
    expect(parse('admin circle leadership @{U1} 7')).toMatchObject({ ok: false, reason: 'invalid_argument', hint: 'admin.circles', input: '7' });
    expect(parse('admin circle leadership @{U1} 2')).toMatchObject({ ok: false, reason: 'invalid_argument' });
    expect(parse('admin circle leadership')).toMatchObject({ ok: false, reason: 'missing_argument', hint: 'admin.circles' });
    expect(parse('admin circle @{U1}')).toMatchObject({ ok: false, reason: 'missing_argument' });
    expect(parse('admin circle x @{U1} @{U2} @{U3}')).toMatchObject({ ok: false, reason: 'unexpected_argument' });
  });

  it('lists or fills the circles of a program', () => {
    expect(parse('admin circles')).toEqual({ ok: true, command: { name: 'admin.circles' } });
    expect(parse('admin cercles remplir Leadership 2027')).toEqual({ ok: true, command: { name: 'admin.circles.fill', program: 'Leadership 2027' } });
    expect(parse('admin circles Leadership 2027')).toEqual({ ok: true, command: { name: 'admin.circles', program: 'Leadership 2027' } });
  });

  it('reads a mentor’s own circle, without mentions', () => {
    expect(parse('circle leadership 4')).toEqual({ ok: true, command: { name: 'circle', topic: 'leadership', seats: 4 } });
    expect(parse('cercle')).toMatchObject({ ok: false, reason: 'missing_argument', hint: 'circle' });
    expect(parse('circle leadership @{U1}')).toMatchObject({ ok: false, reason: 'unexpected_argument', hint: 'circle' });
    expect(parse('help admin circles')).toEqual({ ok: true, command: { name: 'help', topic: 'admin.circles' } });
  });
});
