// Check-ins count once their month is over (privacy), so a report read during the first month
// of a program has no check-in figure yet: it says when they come rather than "0 of 0".
import { describe, expect, it } from 'vitest';
import { aggregatesCsv } from '../../src/flows/evaluation/report-csv.ts';
import { fullFacts } from '../../src/flows/evaluation/report-facts.ts';
import type { Locale } from '../../src/ui/i18n/catalog.ts';
import { translator } from '../../src/ui/i18n/t.ts';
import { releasedHealth, type PeriodCounts } from './released-health.ts';

const base: PeriodCounts = {
  minGroupSize: 5, now: new Date('2026-11-26T14:00:00Z'),
  participants: { invited: 0, mentees: 0, mentors: 0, waitlisted: 0 },
  pairs: { proposed: 0, menteesProposed: 0, pending: 0, acceptedOnce: 0, declined: 0, expired: 0, active: 0, paused: 0, ended: 0, endedEarly: 0, hoursToAcceptSum: 0, firstMeetingDue: 0, firstMeetingInTime: 0 },
  endReasons: [], checkinMonths: [], pulseCells: [], goals: { goals: 0, done: 0, pairs: 0 }, undelivered: 0, risk: { months: [], open: 0 },
};
const month = (iso: string, asked: number, answered: number) => ({ month: new Date(iso), asked, answered, met: answered, people: 10, answeringPeople: 10 });
const october = month('2026-10-01T00:00:00Z', 20, 15);
const november = month('2026-11-01T00:00:00Z', 42, 40);

const facts = (locale: Locale, input: PeriodCounts) => {
  const all = fullFacts({ t: translator(locale), locale }, releasedHealth(input), 0);
  const t = translator(locale);
  return { answered: all.find((f) => f.label === t('report.fact.checkins'))!.value, rates: all.find((f) => f.label === t('report.fact.checkin_rates'))!.value };
};

describe('check-ins of the month under way', () => {
  it('names the month under way when it has check-ins, and only then', () => {
    expect(releasedHealth({ ...base, checkinMonths: [november] }).checkins.monthUnderWay).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect(releasedHealth({ ...base, checkinMonths: [october] }).checkins.monthUnderWay).toBeUndefined();
    expect(releasedHealth({ ...base, checkinMonths: [month('2026-11-01T00:00:00Z', 0, 0)] }).checkins.monthUnderWay).toBeUndefined();
  });

  it('says nothing about the month under way but that it counts once over, whatever its answers', () => {
    const before = releasedHealth({ ...base, checkinMonths: [october, november] });
    const after = releasedHealth({ ...base, checkinMonths: [october, { ...november, answered: 41, met: 41 }] });
    expect(after).toEqual(before);
    expect(before.checkins).toMatchObject({ asked: 20, answered: 15 });
  });

  it('reads as a sentence in the report, in English and in French', () => {
    expect(facts('en', { ...base, checkinMonths: [november] })).toEqual({
      answered: 'figures shown once November 2026 is over', rates: 'figures shown once November 2026 is over',
    });
    expect(facts('fr', { ...base, checkinMonths: [november] })).toEqual({
      answered: 'chiffres affichés une fois novembre 2026 terminé', rates: 'chiffres affichés une fois novembre 2026 terminé',
    });
    expect(facts('en', { ...base, checkinMonths: [october, november] })).toEqual({
      answered: '15 of 20; figures for November 2026 shown once it is over', rates: '75% answered, 100% met',
    });
    expect(facts('fr', { ...base, checkinMonths: [october, november] }).answered).toBe('15 sur 20\u00a0; novembre 2026\u00a0: chiffres affichés une fois le mois terminé');
    // A month that is over and nothing since: the figures alone, as before.
    expect(facts('en', { ...base, checkinMonths: [october] })).toEqual({ answered: '15 of 20', rates: '75% answered, 100% met' });
    expect(facts('en', base)).toEqual({ answered: '0 of 0', rates: 'not enough answers (shown from 5)' });
  });

  it('marks the month under way in the CSV of figures', () => {
    const csv = aggregatesCsv(releasedHealth({ ...base, checkinMonths: [october, november] }));
    expect(csv).toContain('\r\ncheckin_response_rate,2026-10,0.75\r\n');
    expect(csv).toContain('\r\ncheckin_response_rate,2026-11,month_under_way\r\ncheckin_met_rate,2026-11,month_under_way\r\n');
  });
});
