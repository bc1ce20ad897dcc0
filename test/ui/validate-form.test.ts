import { describe, expect, it } from 'vitest';
import type { Form, FormField } from '../../src/ui/form.ts';
import { FORM_ERROR, validateForm } from '../../src/ui/validate-form.ts';

const options = [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }, { value: 'c', label: 'C' }, { value: 'd', label: 'D' }];
const base = { required: true, label: 'L' };
const fields = {
  short: { ...base, id: 'short', kind: 'short_text', maxLength: 10, minLength: 2 },
  long: { ...base, id: 'long', kind: 'long_text', maxLength: 20 },
  num: { ...base, id: 'num', kind: 'number', integer: true, min: 0, max: 60 },
  dec: { ...base, id: 'dec', kind: 'number', integer: false, min: 0.5, max: 2.5 },
  one: { ...base, id: 'one', kind: 'single_select', options },
  many: { ...base, id: 'many', kind: 'multi_select', options, minSelected: 2, maxSelected: 3 },
  rank: { ...base, id: 'rank', kind: 'ranked', options, maxRanked: 3 },
  r5: { ...base, id: 'r5', kind: 'rating', scale: '1-5' },
  r10: { ...base, id: 'r10', kind: 'rating', scale: '0-10' },
  date: { ...base, id: 'date', kind: 'date', min: '2027-01-01', max: '2027-12-31' },
  who: { ...base, id: 'who', kind: 'person', multiple: false },
  whom: { ...base, id: 'whom', kind: 'person', multiple: true, maxSelected: 2 },
  ok: { ...base, id: 'ok', kind: 'checkbox' },
} satisfies Record<string, FormField>;
const formOf = (...f: FormField[]): Form => ({ kind: 'form', id: 'f', title: 'T', submitLabel: 'S', fields: f, ref: 'r' });
const everything = formOf(...Object.values(fields));
const valid = {
  short: '  Hello ', long: 'line 1\r\nline 2', num: '42', dec: '1,5', one: 'b', many: ['a', 'c'], rank: ['c', null, 'a'],
  r5: 5, r10: '0', date: '2027-06-30', who: 'p1', whom: ['p1', 'p2', 'p1'], ok: true,
};

const errorOf = (field: FormField, raw: unknown, locale: 'en' | 'fr' = 'en') => {
  const r = validateForm(formOf(field), { [field.id]: raw }, locale);
  return r.ok ? undefined : r.errors[field.id];
};

describe('validateForm', () => {
  it('returns typed values for a valid submission', () => {
    expect(validateForm(everything, valid, 'en')).toEqual({
      ok: true,
      values: {
        short: 'Hello', long: 'line 1\nline 2', num: 42, dec: 1.5, one: 'b', many: ['a', 'c'], rank: ['c', 'a'],
        r5: 5, r10: 0, date: '2027-06-30', who: ['p1'], whom: ['p1', 'p2'], ok: true,
      },
    });
  });

  it('returns errors and no values when anything is wrong', () => {
    const r = validateForm(everything, { ...valid, num: '61' }, 'en');
    expect(r).toEqual({ ok: false, errors: { num: 'The maximum is 60.' } });
    expect('values' in r).toBe(false);
  });

  it('refuses a submission that is not an object', () => {
    for (const raw of [null, undefined, 'x', 3, ['a']]) {
      expect(validateForm(everything, raw, 'fr')).toEqual({ ok: false, errors: { [FORM_ERROR]: 'Je n’ai pas pu lire ce formulaire. Merci de l’ouvrir à nouveau.' } });
    }
  });

  it('ignores unknown keys and inherited properties', () => {
    const raw = Object.assign(Object.create({ short: 'inherited' }), { ...valid, extra: 'x', __proto__: null });
    delete raw.short;
    expect(validateForm(everything, raw, 'en')).toEqual({ ok: false, errors: { short: 'This field is required.' } });
  });

  it('says a required field is missing, in both languages', () => {
    for (const f of Object.values(fields).filter((f) => f.kind !== 'checkbox')) {
      for (const empty of [undefined, null, '', '   ', []]) {
        expect(errorOf(f, empty), `${f.id} ${JSON.stringify(empty)}`).toBe('This field is required.');
      }
      expect(errorOf(f, undefined, 'fr')).toBe('Ce champ est obligatoire.');
    }
  });

  it('leaves optional empty fields out of the values', () => {
    const optional = Object.values(fields).map((f) => ({ ...f, required: false }));
    expect(validateForm(formOf(...optional), { many: [], rank: [null, ''] }, 'en')).toEqual({ ok: true, values: { ok: false } });
  });

  it('checks text length in characters, not bytes', () => {
    expect(errorOf(fields.short, 'x'.repeat(11))).toBe('At most 10 characters, please.');
    expect(errorOf(fields.short, 'é'.repeat(10))).toBeUndefined();
    expect(errorOf(fields.short, '😀'.repeat(10))).toBeUndefined();
    expect(errorOf(fields.short, 'x')).toBe('At least 2 characters, please.');
    expect(errorOf(fields.short, 'x'.repeat(11), 'fr')).toBe('10\u00a0caractères au maximum, s’il vous plaît.');
    expect(errorOf({ ...fields.long, maxLength: 1 }, 'ab')).toBe('At most 1 character, please.');
    expect(errorOf(fields.long, 42)).toBe('I could not read this answer. Please try again.');
    expect(errorOf(fields.long, { toString: () => 'x' }, 'fr')).toBe('Je n’ai pas pu lire cette réponse. Merci de réessayer.');
  });

  it('checks numbers', () => {
    expect(errorOf(fields.num, 'abc')).toBe('Please enter a number.');
    expect(errorOf(fields.num, '4x')).toBe('Please enter a number.');
    expect(errorOf(fields.num, Number.NaN)).toBe('Please enter a number.');
    expect(errorOf(fields.num, Infinity)).toBe('Please enter a number.');
    expect(errorOf(fields.num, true)).toBe('Please enter a number.');
    expect(errorOf(fields.num, '4.5')).toBe('Please enter a whole number.');
    expect(errorOf(fields.num, '4.5', 'fr')).toBe('Merci d’indiquer un nombre entier.');
    expect(errorOf(fields.num, -1)).toBe('The minimum is 0.');
    expect(errorOf(fields.num, 61, 'fr')).toBe('Le maximum est 60.');
    expect(errorOf(fields.dec, '0,4', 'fr')).toBe('Le minimum est 0,5.');
    expect(errorOf(fields.dec, 3)).toBe('The maximum is 2.5.');
    expect(errorOf(fields.num, '60')).toBeUndefined();
  });

  it('checks ratings on their scale', () => {
    expect(errorOf(fields.r5, 0)).toBe('The minimum is 1.');
    expect(errorOf(fields.r5, 6)).toBe('The maximum is 5.');
    expect(errorOf(fields.r5, 4.5)).toBe('Please enter a whole number.');
    expect(errorOf(fields.r10, 11, 'fr')).toBe('Le maximum est 10.');
    expect(errorOf(fields.r10, -1)).toBe('The minimum is 0.');
    expect(errorOf(fields.r10, 'ten')).toBe('Please enter a number.');
  });

  it('checks single and multi selects against the options', () => {
    expect(errorOf(fields.one, 'z')).toBe('Please pick one of the options offered.');
    expect(errorOf(fields.one, 'z', 'fr')).toBe('Merci de choisir parmi les options proposées.');
    expect(errorOf(fields.one, ['a'])).toBe('I could not read this answer. Please try again.');
    expect(errorOf(fields.one, 'toString')).toBe('Please pick one of the options offered.');
    expect(errorOf(fields.many, ['a', 'z'])).toBe('Please pick one of the options offered.');
    expect(errorOf(fields.many, ['a', 'b', 'c', 'd'])).toBe('Pick at most 3 options.');
    expect(errorOf(fields.many, ['a', 'b', 'c', 'd'], 'fr')).toBe('Choisissez au plus 3\u00a0options.');
    expect(errorOf(fields.many, ['a'])).toBe('Pick at least 2 options.');
    expect(errorOf(fields.many, ['a'], 'fr')).toBe('Choisissez au moins 2\u00a0options.');
    expect(errorOf({ ...fields.many, maxSelected: 1 }, ['a', 'b'])).toBe('Pick only one option.');
    expect(errorOf(fields.many, ['a', 'a'])).toBe('Each option can be picked only once.');
    expect(errorOf(fields.many, [1, 2])).toBe('I could not read this answer. Please try again.');
    expect(errorOf(fields.many, { 0: 'a' })).toBe('I could not read this answer. Please try again.');
    expect(errorOf(fields.many, Array.from({ length: 5000 }, () => 'a'))).toBe('I could not read this answer. Please try again.');
  });

  it('checks ranked choices: order kept, gaps closed, duplicates and overflow refused', () => {
    const ok = validateForm(formOf(fields.rank), { rank: ['d', '', 'b'] }, 'en');
    expect(ok).toEqual({ ok: true, values: { rank: ['d', 'b'] } });
    expect(errorOf(fields.rank, ['a', 'b', 'a'])).toBe('Each option can be picked only once.');
    expect(errorOf(fields.rank, ['a', 'b', 'a'], 'fr')).toBe('Chaque option ne peut être choisie qu’une fois.');
    expect(errorOf(fields.rank, ['a', 'b', 'c', 'd'])).toBe('Pick at most 3 options.');
    expect(errorOf(fields.rank, ['x'])).toBe('Please pick one of the options offered.');
    expect(errorOf({ ...fields.rank, minRanked: 2 }, ['a'])).toBe('Pick at least 2 options.');
  });

  it('checks dates', () => {
    for (const bad of ['2027-02-30', '2027-13-01', '27-01-01', '2027/06/01', 'tomorrow', '2027-06-01T10:00']) {
      expect(errorOf(fields.date, bad), bad).toBe('Please enter a valid date.');
    }
    expect(errorOf(fields.date, '2027-02-30', 'fr')).toBe('Merci d’indiquer une date valide.');
    expect(errorOf(fields.date, 20270601)).toBe('I could not read this answer. Please try again.');
    expect(errorOf(fields.date, '2026-12-31')).toBe('The date must be on or after 1 January 2027.');
    expect(errorOf(fields.date, '2026-12-31', 'fr')).toBe('La date doit être le 1er janvier 2027 ou après.');
    expect(errorOf(fields.date, '2028-01-01')).toBe('The date must be on or before 31 December 2027.');
    expect(errorOf(fields.date, '2027-12-31')).toBeUndefined();
  });

  it('checks person pickers', () => {
    expect(errorOf(fields.who, ['p1', 'p2'])).toBe('Pick only one option.');
    expect(errorOf(fields.whom, ['p1', 'p2', 'p3'])).toBe('Pick at most 2 options.');
    expect(errorOf(fields.whom, [{ id: 'p1' }])).toBe('I could not read this answer. Please try again.');
    expect(errorOf(fields.whom, ['x'.repeat(201)])).toBe('I could not read this answer. Please try again.');
  });

  it('checks a checkbox that must be ticked', () => {
    expect(errorOf(fields.ok, false)).toBe('Please tick this box to continue.');
    expect(errorOf(fields.ok, undefined, 'fr')).toBe('Merci de cocher cette case pour continuer.');
    expect(errorOf(fields.ok, 'yes')).toBe('I could not read this answer. Please try again.');
    expect(errorOf(fields.ok, 'on')).toBeUndefined();
    expect(validateForm(formOf({ ...fields.ok, required: false }), { ok: 'false' }, 'en')).toEqual({ ok: true, values: { ok: false } });
  });
});
