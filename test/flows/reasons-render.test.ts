// The bot's own rendering of match reasons (catalog texts, en and fr): topic reasons quote the
// topic's level and, when the mentor gave them, the years in that topic; the new criteria have
// their sentences.
import { describe, expect, it } from 'vitest';
import { renderReason } from '../../src/flows/matching/reasons-render.ts';
import { sampleSettings } from '../support/fixtures.ts';

const settings = sampleSettings();

describe('match reasons in the catalogs', () => {
  it('quotes the years in the topic when given, the level alone otherwise', () => {
    expect(renderReason('en', { code: 'topic_expertise', topic: 'leadership', rank: 1, level: 3, years: 6 }, settings))
      .toBe('Expert in Leadership, the mentee’s priority no. 1, with 6 years of experience in it');
    expect(renderReason('en', { code: 'topic_expertise', topic: 'public-speaking', rank: 2, level: 1 }, settings))
      .toBe('Working knowledge in Public speaking, the mentee’s priority no. 2');
    expect(renderReason('fr', { code: 'topic_expertise', topic: 'public-speaking', rank: 2, level: 1 }, settings))
      .toBe('Bonnes bases en Prise de parole, priorité n°\u00a02 du mentoré');
  });
  it('renders a shared first language and the career objective in both languages', () => {
    expect(renderReason('en', { code: 'first_language', language: 'fr' }, settings)).toBe('Same first language: French');
    expect(renderReason('fr', { code: 'first_language', language: 'fr' }, settings)).toBe('Même première langue\u00a0: français');
    expect(renderReason('en', { code: 'career_objective', experience: 'experienced', topic: 'leadership', level: 2 }, settings))
      .toBe('The mentee’s career objective names Leadership: Strong skills (an experienced mentor)');
    expect(renderReason('fr', { code: 'career_objective', experience: 'some' }, settings))
      .toBe('Pour l’objectif de carrière du mentoré\u00a0: a déjà été mentor');
    expect(renderReason('en', { code: 'career_objective', experience: 'bogus' }, settings)).toBeUndefined();
  });
  it('tells the mentee about their own priorities and objective as theirs, and the mentor and lead about the mentee’s', () => {
    const topic = { code: 'topic_expertise', topic: 'leadership', rank: 1, level: 3, years: 1 } as const;
    expect(renderReason('en', topic, settings, 'mentee')).toBe('Expert in Leadership, your priority no. 1, with 1 year of experience in it');
    expect(renderReason('fr', topic, settings, 'mentee')).toBe('Expertise en Leadership, votre priorité n°\u00a01, avec 1 an d’expérience dans ce domaine');
    expect(renderReason('en', { ...topic, years: undefined }, settings, 'mentee')).toBe('Expert in Leadership, your priority no. 1');
    expect(renderReason('fr', { code: 'career_objective', experience: 'none', topic: 'leadership', level: 1 }, settings, 'mentee'))
      .toBe('Votre objectif de carrière parle de Leadership\u00a0: Bonnes bases (premier mentorat)');
    expect(renderReason('en', { code: 'career_objective', experience: 'some' }, settings, 'mentee')).toBe('For your career objective: has mentored before');
    for (const audience of ['member', 'lead'] as const) {
      expect(renderReason('en', topic, settings, audience)).toBe('Expert in Leadership, the mentee’s priority no. 1, with 1 year of experience in it');
    }
  });
});
