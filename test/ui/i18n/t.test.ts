import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatDate, formatDateTime, formatDayLong, formatList, formatNumber, formatTime, languageName } from '../../../src/ui/i18n/format.ts';
import { isLocale, resolveLocale } from '../../../src/ui/i18n/locale.ts';
import { t, translator } from '../../../src/ui/i18n/t.ts';

describe('t', () => {
  it('fills placeholders in each language', () => {
    expect(t('en', 'command.error.unknown_command', { input: 'xyz' })).toBe('I don’t know the command “xyz”.');
    expect(t('fr', 'command.error.unknown_command', { input: 'xyz' })).toBe('Je ne connais pas la commande «\u00a0xyz\u00a0».');
    expect(t('fr', 'form.step_title', { title: 'Devenir mentor', index: 2, count: 4 })).toBe('Devenir mentor (2/4)');
  });

  it('picks plural forms by count with each language’s rules', () => {
    expect(t('en', 'survey.capacity.option', { count: 1 })).toBe('1 mentee');
    expect(t('en', 'survey.capacity.option', { count: 2 })).toBe('2 mentees');
    expect(t('en', 'survey.capacity.option', { count: 0 })).toBe('0 mentees');
    // French uses the singular for 0 and 1
    expect(t('fr', 'survey.capacity.option', { count: 0 })).toBe('0\u00a0mentoré');
    expect(t('fr', 'survey.capacity.option', { count: 1 })).toBe('1\u00a0mentoré');
    expect(t('fr', 'survey.capacity.option', { count: 3 })).toBe('3\u00a0mentorés');
    expect(t('en', 'validation.too_many', { count: 1 })).toBe('Pick only one option.');
  });

  it('formats numbers in parameters per locale', () => {
    expect(t('en', 'validation.too_long', { count: 1500 })).toBe('At most 1,500 characters, please.');
    expect(t('fr', 'validation.too_long', { count: 1500 })).toBe('1\u202f500\u00a0caractères au maximum, s’il vous plaît.');
  });

  it('checks keys and parameters at compile time, and survives untyped input at run time', () => {
    // @ts-expect-error an unknown key does not compile
    expect(t('en', 'no.such.key')).toBe('no.such.key');
    // @ts-expect-error a missing parameter does not compile
    expect(t('en', 'command.error.unknown_command')).toBe('I don’t know the command “{input}”.');
    // @ts-expect-error a key without placeholders takes no parameters
    expect(t('en', 'form.next', { input: 'x' })).toBe('Next');
    // @ts-expect-error an unsupported locale does not compile
    expect(t('de', 'form.next')).toBe('Next');
  });

  it('binds a locale', () => {
    expect(translator('fr')('form.next')).toBe('Suivant');
  });
});

describe('resolveLocale', () => {
  it.each([
    ['fr-FR', undefined, 'fr'], ['fr-CA', undefined, 'fr'], ['fr_BE', undefined, 'fr'], ['FR', undefined, 'fr'],
    ['en-US', undefined, 'en'], ['en-GB', undefined, 'en'], ['de-DE', undefined, 'en'], ['', undefined, 'en'],
    [undefined, undefined, 'en'], [null, null, 'en'], ['de-DE', 'fr', 'fr'], ['fr-FR', 'en', 'en'], ['fr-FR', 'de', 'fr'],
  ])('%j with override %j → %s', (platform, override, expected) => {
    expect(resolveLocale(platform, override)).toBe(expected);
  });

  it('knows its locales', () => {
    expect(isLocale('fr')).toBe(true);
    expect(isLocale('fr-FR')).toBe(false);
    expect(isLocale(1)).toBe(false);
  });
});

describe('formatting', () => {
  const at = new Date('2027-03-01T22:30:00Z');
  it('formats dates in the person’s zone and language', () => {
    expect(formatDate('en', at, 'Europe/London')).toBe('1 March 2027');
    expect(formatDate('fr', at, 'Europe/Paris')).toBe('1er mars 2027'); // 23:30 in Paris, still the 1st
    expect(formatDate('en', at, 'Asia/Tokyo')).toBe('2 March 2027');
    expect(formatDayLong('fr', at, 'Asia/Tokyo')).toBe('mardi 2 mars 2027');
    expect(formatDayLong('fr', at, 'Europe/Paris')).toBe('lundi 1er mars 2027');
    expect(formatTime('fr', at, 'Europe/Paris')).toBe('23:30');
    expect(formatTime('en', at, 'America/New_York')).toBe('17:30');
    expect(formatDateTime('fr', at, 'Europe/Paris')).toBe('1er mars 2027 à 23:30');
    expect(formatDate('fr', new Date('2027-03-11T10:00:00Z'), 'UTC')).toBe('11 mars 2027');
    expect(formatDate('fr', new Date('2027-03-21T10:00:00Z'), 'UTC')).toBe('21 mars 2027');
    expect(formatCalendarDate('en', '2027-12-31')).toBe('31 December 2027');
    expect(formatCalendarDate('en', 'nope')).toBe('nope');
  });

  it('formats numbers, lists and language names', () => {
    expect(formatNumber('fr', 2.5)).toBe('2,5');
    expect(formatList('en', ['A', 'B', 'C'])).toBe('A, B and C');
    expect(formatList('fr', ['A', 'B', 'C'])).toBe('A, B et C');
    expect(languageName('fr', 'en')).toBe('Anglais');
    expect(languageName('en', 'fr')).toBe('French');
    expect(languageName('en', 'zz-!!')).toBe('Zz-!!');
  });
});
