import { describe, expect, it } from 'vitest';
import { matchCohort } from '../../../src/domain/matching/match-cohort.ts';
import { renderReason } from '../../../src/domain/matching/reasons-text.ts';
import type { MatchReason } from '../../../src/domain/matching/match-reason.ts';
import { DEFAULT_WEIGHTS } from '../../../src/domain/program-settings.ts';
import { cohort, mentee, mentor, settings } from './helpers/builders.ts';

const ctx = { mentorName: 'Alice', topicLabel: (key: string, locale: 'en' | 'fr') => (key === 'pm' ? (locale === 'fr' ? 'gestion de produit' : 'product management') : key) };

describe('reasons as data', () => {
  it('keeps the strongest reasons of a pair, best first', () => {
    const result = matchCohort(cohort(
      [mentee('e', { topics: ['pm', 'sales'], values: ['transparency', 'rigor'], department: 'outside' }, { department: 'eng' })],
      [mentor('alice', { expertise: [{ topic: 'pm', level: 3, years: 6 }], yearsExperience: 8, values: ['transparency'] }, { department: 'ops' })],
    ));
    // The years quoted are the mentor's years in that topic (6), not overall (8).
    expect(result.pairs[0]?.reasons).toEqual([
      { code: 'topic_expertise', topic: 'pm', rank: 1, level: 3, years: 6 },
      { code: 'same_domain', domain: 'product' },
      { code: 'working_hours_overlap', hours: 8 },
    ]);
    expect(result.pairs[0]?.score).toBeGreaterThan(70);
    const b = result.pairs[0]!.breakdown;
    expect(Object.values(b).reduce((s, x) => s + x, 0)).toBeCloseTo(result.pairs[0]!.score, 1);
  });
  it('mentions an in-person office only when both share it', () => {
    const result = matchCohort(cohort(
      [mentee('e', { modes: ['in_person'], office: 'Lyon' })],
      [mentor('r', { modes: ['in_person', 'video'], office: 'lyon' })],
      { settings: settings({ weights: { ...DEFAULT_WEIGHTS, mode: 100 } }) },
    ));
    expect(result.pairs[0]?.reasons[0]).toEqual({ code: 'communication_mode', modes: ['in_person'], office: 'Lyon' });
    expect(result.pairs[0]?.reasons).toContainEqual({ code: 'communication_mode', modes: ['in_person'], office: 'Lyon' });
  });
});

describe('reasons in English and French', () => {
  const cases: [MatchReason, string, string][] = [
    [{ code: 'topic_expertise', topic: 'pm', rank: 1, level: 3, years: 8 },
      'Alice: expert level in product management (8 years in it), your first goal',
      'Alice : niveau expert en gestion de produit (8 ans dans ce domaine), votre premier objectif'],
    [{ code: 'topic_expertise', topic: 'pm', rank: 2, level: 1 },
      'Alice: working knowledge in product management, your second goal',
      'Alice : connaissances pratiques en gestion de produit, votre deuxième objectif'],
    [{ code: 'first_language', language: 'fr' }, 'Alice has the same first language as you (fr)', 'Alice a la même première langue que vous (fr)'],
    [{ code: 'career_objective', experience: 'experienced', topic: 'pm', level: 2 },
      'Your career objective names product management: Alice has strong skills there (an experienced mentor)',
      'Votre objectif de carrière parle de gestion de produit : Alice y a ce niveau : solides compétences (mentor expérimenté)'],
    [{ code: 'career_objective', experience: 'experienced' }, 'For your career objective: Alice, an experienced mentor',
      'Pour votre objectif de carrière : Alice, mentor expérimenté'],
    [{ code: 'shared_values', values: ['transparency'] }, 'You both value transparency', 'Vous partagez la valeur : transparence'],
    [{ code: 'shared_values', values: ['transparency', 'rigor', 'kindness'] }, 'You both value transparency, rigor and kindness',
      'Vous partagez les valeurs : transparence, rigueur et bienveillance'],
    [{ code: 'same_domain', domain: 'product' }, 'Alice works in product, the domain you want', 'Alice travaille dans le domaine que vous visez : product'],
    [{ code: 'compatible_rhythm', cadenceDays: 14, sessionMinutes: 60 }, 'Alice can meet every 14 days for 60 minutes, close to what you asked for',
      'Alice peut se rendre disponible tous les 14 jours pour 60 minutes, proche de votre souhait'],
    [{ code: 'communication_mode', modes: ['video', 'in_person'], office: 'Lyon' }, 'You can meet by video and in person (office: Lyon)',
      'Vous pouvez échanger en visio et en personne (bureau : Lyon)'],
    [{ code: 'working_hours_overlap', hours: 2.5 }, 'Your working hours overlap by 2.5 hours a day', 'Vos horaires de travail se recouvrent de 2,5 heures par jour'],
    [{ code: 'seniority_fit', preference: 'close', gap: 2 }, 'Alice is 2 levels above you, the close gap you asked for',
      "Alice a 2 niveaux de plus que vous, l'écart proche que vous souhaitiez"],
    [{ code: 'feedback_style', style: 'direct' }, 'Alice gives direct feedback, the style you prefer', 'Alice donne des retours directs, comme vous les aimez'],
    [{ code: 'department', preference: 'outside' }, 'Alice works outside your department, as you asked',
      'Alice travaille hors de votre département, comme vous le souhaitiez'],
    [{ code: 'pinned' }, 'Pair chosen by the program lead', 'Binôme choisi par le responsable du programme'],
  ];
  it.each(cases)('renders %j', (reason, en, fr) => {
    expect(renderReason(reason, 'en', ctx)).toBe(en);
    expect(renderReason(reason, 'fr', ctx)).toBe(fr);
  });
  it('falls back to the topic key without a label', () => {
    expect(renderReason({ code: 'topic_expertise', topic: 'sql', rank: 2, level: 1, years: 1 }, 'en', { mentorName: 'Bo' }))
      .toBe('Bo: working knowledge in sql (1 year in it), your second goal');
  });
});
