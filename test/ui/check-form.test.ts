import { describe, expect, it } from 'vitest';
import { formProblems } from '../../src/ui/check-form.ts';
import type { Form } from '../../src/ui/form.ts';

const options = Array.from({ length: 101 }, (_, i) => ({ value: `v${i % 100}`, label: `V${i}` }));

describe('formProblems', () => {
  it('accepts a sound form', () => {
    const form: Form = { kind: 'form', id: 'f', title: 'T', submitLabel: 'S', ref: 'r', fields: [{ kind: 'single_select', id: 'a', label: 'A', required: true, options: [{ value: 'x', label: 'X' }], initial: 'x' }] };
    expect(formProblems(form)).toEqual([]);
  });

  it('reports every structural problem', () => {
    const form: Form = {
      kind: 'form', id: 'f', title: ' ', submitLabel: 'S', ref: 'r',
      fields: [
        { kind: 'multi_select', id: 'a', label: 'A', required: true, options, initial: ['nope'] },
        { kind: 'short_text', id: 'a', label: '', required: true, maxLength: 3 },
        ...Array.from({ length: 20 }, (_, i) => ({ kind: 'checkbox' as const, id: `c${i}`, label: 'C', required: false })),
      ],
    };
    expect(formProblems(form)).toEqual([
      '22 fields, more than 20: split it into steps', 'duplicate field id a', 'empty title or submit label',
      'a: 101 options, more than 100', 'a: duplicate option values', 'a: initial value not among the options', 'a: empty label',
    ]);
  });

  it('refuses a text field asking for more than every platform takes, or starting longer than it allows', () => {
    const form: Form = {
      kind: 'form', id: 'f', title: 'T', submitLabel: 'S', ref: 'r',
      fields: [
        { kind: 'long_text', id: 'topics', label: 'Topics', required: true, maxLength: 12_000 },
        { kind: 'short_text', id: 'name', label: 'Name', required: true, maxLength: 5, initial: 'Leadership' },
        { kind: 'short_text', id: 'ok', label: 'Ok', required: true, maxLength: 3000, initial: '🎤'.repeat(1500) },
      ],
    };
    expect(formProblems(form)).toEqual([
      'topics: maxLength 12000, more than 3000', 'name: initial value longer than maxLength, a platform would cut it',
    ]);
  });
});
