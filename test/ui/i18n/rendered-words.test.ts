// What a person reads never shows the code behind it. Every catalog entry in both languages,
// filled with realistic values, and the composed texts (match reasons of every kind, cadences,
// a proposal, the report's figures) rendered through the neutral model, the
// Slack renderer and the Teams renderer, are checked for raw codes: snake_case identifiers,
// ISO-8601 durations, a word written twice in a row ("en En"), English left in French text, and
// a label run into its value.
import { describe, expect, it } from 'vitest';
import { cardBlocks } from '../../../adapters/slack/render/card.ts';
import { renderCard as teamsCard } from '../../../adapters/teams/render/card.ts';
import type { ActionRefSigner } from '../../../src/domain/action-ref.ts';
import type { MatchReason } from '../../../src/domain/matching/match-reason.ts';
import type { Pair, Person, Program } from '../../../src/domain/model.ts';
import { programSettingsSchema } from '../../../src/domain/program-settings.ts';
import { auditActionText } from '../../../src/flows/audit-words.ts';
import { cadenceText } from '../../../src/flows/pair/cadence-text.ts';
import { proposalCard } from '../../../src/flows/matching/proposal-card.ts';
import { renderReason } from '../../../src/flows/matching/reasons-render.ts';
import { fullFacts } from '../../../src/flows/evaluation/report-facts.ts';
import type { Entry, Locale } from '../../../src/ui/i18n/catalog.ts';
import { en } from '../../../src/ui/i18n/en.ts';
import { formatDateTime } from '../../../src/ui/i18n/format.ts';
import { t, translator, type MessageKey } from '../../../src/ui/i18n/t.ts';
import { card, type Card } from '../../../src/ui/model.ts';
import { renderCard as textCard } from '../../../src/ui/render-text.ts';
import { releasedHealth, type PeriodCounts } from '../../evaluation/released-health.ts';

const LOCALES: readonly Locale[] = ['en', 'fr'];

/** English words a French text must not contain (commands such as "admin round open" are not prose). */
const ENGLISH = ['the', 'and', 'with', 'every', 'your', 'you', 'not', 'answers', 'days', 'weeks', 'months', 'call', 'meeting', 'pairs', 'check-ins', 'video'];
/** French repeats these on purpose: « vous vous rencontrez », « nous nous ». */
const DOUBLED_OK = new Set(['vous', 'nous']);

/** What is wrong with a rendered text, as short notes; none for a clean one. */
export function rawCodes(text: string, locale: Locale): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)) found.push(`code "${m[0]}"`);
  for (const m of text.matchAll(/\bP(?=\d|T\d)(?:\d+[YMWD])*(?:T(?:\d+[HMS])+)?\b/g)) found.push(`ISO duration "${m[0]}"`);
  for (const m of text.matchAll(/(?<![\p{L}\d])(\p{L}+)[ \t\u00a0]+\1(?![\p{L}\d])/giu)) if (!DOUBLED_OK.has(m[1]!.toLowerCase())) found.push(`doubled "${m[0]}"`);
  if (locale === 'fr') {
    // Command words and names are not prose: a command in French help is typed as written.
    const prose = text.replace(/[{/]?[\w-]*\}?(admin|mentor)\b[^.:;\n]*/g, ' ');
    for (const word of ENGLISH) if (new RegExp(`(?<![\\p{L}-])${word}(?![\\p{L}-])`, 'iu').test(prose)) found.push(`English "${word}"`);
  }
  return found;
}

const at = new Date('2027-03-15T09:30:00Z');

/** A realistic value for each placeholder name used in the catalogs. */
function sample(locale: Locale, name: string): string | number {
  const words: Record<string, string> = {
    actor: 'Camille Martin', name: 'Camille Martin', person: 'Camille Martin', partner: 'Camille Martin', mentee: 'Camille Martin', mentor: 'Léo Dubois',
    names: 'Camille Martin, Léo Dubois', program: 'Cap 2027', round: 'Printemps', title: 'Présenter la feuille de route', measure: 'Fait',
    at: formatDateTime(locale, at, 'Europe/Paris'), date: formatDateTime(locale, at, 'Europe/Paris'), from: formatDateTime(locale, at, 'Europe/Paris'),
    to: formatDateTime(locale, at, 'Europe/Paris'), next: formatDateTime(locale, at, 'Europe/Paris'), month: locale === 'fr' ? 'mars 2027' : 'March 2027',
    cadence: cadenceText(locale, 'P2W'), duration: locale === 'fr' ? '1 mois et 2 jours' : '1 month and 2 days',
    modes: t(locale, 'reason.mode.video'), office: 'Lyon', domain: 'finance', topic: 'Leadership', values: 'Collaboration', language: 'English',
    level: locale === 'fr' ? 'solides compétences' : 'strong skills', style: t(locale, 'survey.feedback.direct'), experience: t(locale, 'reason.experience.some'),
    reason: t(locale, 'report.reason.time'), role: locale === 'fr' ? 'mentoré' : 'mentee', state: locale === 'fr' ? 'clos' : 'closed',
    status: t(locale, 'goals.status.open'), criterion: t(locale, 'program.weight.cadence'), action: t(locale, 'risk.recorded.handled'),
    rule: t(locale, 'match.blocked_rule.language'), input: 'mentor', key: 'leadership', prefix: '/mentor ', timeZone: 'Europe/Paris',
    rate: '80 %', response: '80 %', met: '75 %', average: '4,2', median: '69', line: '3',
  };
  return words[name] ?? 3;
}

/** Help and errors of the program form, which takes an ISO-8601 duration and shows how to write one. */
const TEACHES_ISO = new Set<MessageKey>(['program.field.duration_help', 'program.error.duration']);

const forms = (entry: Entry): string[] => (typeof entry === 'string' ? [entry] : Object.values(entry));

/** Every text of an entry in a locale: each plural form, with its placeholders filled. */
function filled(locale: Locale, key: MessageKey): string[] {
  const entry: Entry = en[key];
  const names = [...new Set(forms(entry).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))];
  const params = Object.fromEntries(names.map((n) => [n, sample(locale, n)]));
  const translate = t as (l: Locale, k: MessageKey, p?: Record<string, string | number>) => string;
  return [1, 3].map((count) => translate(locale, key, { ...params, ...(typeof entry === 'string' ? {} : { count }) }));
}

/** Every text a person reads in a card, as the neutral text renderer, Slack and Teams give it. */
function renderings(c: Card): Array<[string, string]> {
  const slack = JSON.stringify(cardBlocks(c, (id) => ({ name: `Person ${id.length}` })));
  const teams = JSON.stringify(teamsCard(c, (id) => ({ platformUserId: id, displayName: `Person ${id.length}` })));
  // Strings only: keys and ids of the JSON are the platforms', not the reader's.
  const strings = (json: string): string => [...json.matchAll(/"(text|title|value|fallbackText|label)":"((?:[^"\\]|\\.)*)"/g)]
    .map((m) => JSON.parse(`"${m[2]}"`) as string).filter((s) => !/^(mb\.|https?:|[A-Za-z0-9_-]{20,}$)/.test(s)).join('\n');
  return [['text', textCard(c)], ['slack', strings(slack)], ['teams', strings(teams)]];
}

const settings = programSettingsSchema.parse({
  topics: [{ key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } }, { key: 'product', label: { en: 'Product management', fr: 'Gestion de produit' } }], languages: ['en', 'fr'],
});

const REASONS: readonly MatchReason[] = [
  { code: 'topic_expertise', topic: 'leadership', rank: 1, level: 4, years: 6 },
  { code: 'same_domain', domain: 'finance' },
  { code: 'shared_values', values: ['collaboration'] },
  { code: 'compatible_rhythm', cadenceDays: 14, sessionMinutes: 45 },
  { code: 'communication_mode', modes: ['video'] },
  { code: 'communication_mode', modes: ['video', 'in_person'], office: 'Lyon' },
  { code: 'communication_mode', modes: ['phone'] },
  { code: 'working_hours_overlap', hours: 8.5 },
  { code: 'seniority_fit', preference: 'far', gap: 2 },
  { code: 'feedback_style', style: 'gentle' },
  { code: 'department', preference: 'outside' },
  { code: 'first_language', language: 'fr' },
  { code: 'career_objective', experience: 'some', topic: 'product', level: 3 },
  { code: 'pinned' },
];

const reader = (locale: Locale): Person => ({
  id: 'p-mentee', workspaceId: 'w', platformUserId: 'U1', email: null, displayName: 'Camille Martin', locale, localeOverride: locale, timezone: 'Europe/Paris',
  managerId: null, department: null, level: null, location: null, deactivatedAt: null, erasedAt: null,
});
const program: Program = { id: 'prog', workspaceId: 'w', name: 'Cap 2027', description: null, status: 'active', settings, createdBy: null, createdAt: at, updatedAt: at };
const pair: Pair = {
  id: 'pair', workspaceId: 'w', programId: 'prog', roundId: 'round', menteeId: 'p-mentee', mentorId: 'p-mentor', state: 'proposed', source: 'round', score: 78.4,
  reasons: REASONS.slice(0, 5), proposedAt: at, expiresAt: new Date(at.getTime() + 86_400_000), menteeAcceptedAt: null, mentorAcceptedAt: null, acceptedAt: null,
  activatedAt: null, firstMeetingAt: null, pausedUntil: null, declinedBy: null, declineReason: null, endedAt: null, endedBy: null, endReason: null, createdAt: at, updatedAt: at,
};
const signer: ActionRefSigner = { sign: () => 'ref', verify: () => ({ ok: false, reason: 'invalid' }) as never };

/** A young program: 22 active pairs, nobody 21 days in yet, a pulse of 12 answers, a month under way. */
const young: PeriodCounts = {
  minGroupSize: 5, now: at,
  participants: { invited: 40, mentees: 22, mentors: 18, waitlisted: 0 },
  pairs: { proposed: 23, menteesProposed: 22, pending: 0, acceptedOnce: 22, declined: 1, expired: 0, active: 22, paused: 0, ended: 0, endedEarly: 0, hoursToAcceptSum: 30, firstMeetingDue: 0, firstMeetingInTime: 0 },
  endReasons: [], checkinMonths: [{ month: new Date('2027-03-01T00:00:00Z'), asked: 44, answered: 40, met: 38, people: 44, answeringPeople: 42 }],
  pulseCells: [], goals: { goals: 22, done: 0, pairs: 22 }, undelivered: 0, risk: { months: [], open: 1 },
};

describe('rendered texts show no raw codes', () => {
  it('finds the codes it is meant to find (the checker itself can fail)', () => {
    expect(rawCodes('check-ins every PT6S', 'en')).toEqual(['ISO duration "PT6S"']);
    expect(rawCodes('flags them: missed_checkins, low_pulse', 'en')).toEqual(['code "missed_checkins"', 'code "low_pulse"']);
    expect(rawCodes('Peuvent se rencontrer en En visioconférence', 'fr')).toEqual(['doubled "en En"']);
    expect(rawCodes('Rencontre every week', 'fr')).toEqual(['English "every"']);
    expect(rawCodes('Vous vous rencontrez toutes les 2 semaines', 'fr')).toEqual([]);
  });

  for (const locale of LOCALES) {
    it(`every catalog entry, filled with realistic values (${locale})`, () => {
      const bad = (Object.keys(en) as MessageKey[]).filter((key) => !TEACHES_ISO.has(key)).flatMap((key) => filled(locale, key).flatMap((text) => rawCodes(text, locale).map((p) => `${key}: ${p} in “${text}”`)));
      expect(bad).toEqual([]);
    });

    it(`match reasons of every kind, for members and leads (${locale})`, () => {
      const texts = REASONS.flatMap((r) => [renderReason(locale, r, settings, 'member'), renderReason(locale, r, settings, 'lead')]).filter((s): s is string => s !== undefined);
      expect(texts.length).toBeGreaterThan(REASONS.length);
      expect(texts.flatMap((text) => rawCodes(text, locale).map((p) => `${p} in “${text}”`))).toEqual([]);
    });

    it(`cadences in words, from seconds (the demo) to years (${locale})`, () => {
      for (const iso of ['PT6S', 'PT1M', 'PT2H', 'P1D', 'P2W', 'P1M', 'P3M', 'P1Y']) expect(rawCodes(cadenceText(locale, iso), locale), iso).toEqual([]);
      expect(cadenceText(locale, 'PT6S')).toBe(locale === 'en' ? 'every 6 seconds' : 'toutes les 6 secondes');
    });

    it(`a proposal and the report's figures, through the text, Slack and Teams renderers (${locale})`, () => {
      const tr = translator(locale);
      const cards: Card[] = [
        proposalCard({ pair, program, reader: reader(locale), signer, now: at, reminder: false }),
        card({ header: { title: tr('report.title', { program: program.name }) }, facts: fullFacts({ t: tr, locale }, releasedHealth(young), 1) }),
      ];
      for (const c of cards) {
        for (const [renderer, text] of renderings(c)) {
          expect(text.length, renderer).toBeGreaterThan(20);
          expect(rawCodes(text, locale).map((p) => `${renderer}: ${p}`), text).toEqual([]);
        }
      }
      // The report's withheld first meetings say what they wait for, with the minimum.
      const facts = fullFacts({ t: tr, locale }, releasedHealth(young), 1);
      expect(facts.find((f) => f.label === tr('report.fact.first_meetings'))?.value).toBe(tr('report.fact.first_meetings_withheld', { min: 5 }));
    });

    it(`audit log actions in words, every one the code records (${locale})`, () => {
      const tr = translator(locale);
      const actions = ['match.preview', 'match.rematch', 'match.rematch_waitlisted', 'program.create', 'program.edit', 'report.export_figures', 'report.export_pairs',
        'report.page_open', 'report.view', 'retention.purge', 'round.close', 'round.invite', 'round.open', 'round.publish', 'risk.nudge', 'risk.handled', 'risk.rematch',
        'lead.add', 'lead.remove'];
      for (const action of actions) {
        const text = auditActionText(tr, action);
        expect(text, action).not.toBe(tr('report.audit.action.other'));
        expect(rawCodes(tr('report.audit.line', { at: 'x', action: text, actor: 'Camille Martin' }), locale), action).toEqual([]);
      }
      expect(auditActionText(tr, 'some.future_action')).toBe(tr('report.audit.action.other'));
    });

    it(`separates a fact's label from its value on Slack (${locale})`, () => {
      const c = card({ header: { title: 'x' }, facts: [{ label: t(locale, 'report.fact.invited'), value: '40' }] });
      const text = JSON.stringify(cardBlocks(c, () => ({ name: 'x' })));
      const label = t(locale, 'report.fact.invited');
      expect(text).not.toContain(`"${label}"},{"type":"text","text":"40"`);
      expect(renderings(c)[1]![1]).toMatch(new RegExp(`${label}:\\n? ?40`));
    });
  }
});
