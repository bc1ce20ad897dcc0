// Small, readable participants for unit tests: everything compatible unless a test says otherwise.
import { DEFAULT_WEIGHTS } from '../../../../src/domain/program-settings.ts';
import type { MenteeAnswers, MentorAnswers } from '../../../../src/domain/survey-answers.ts';
import type { MatchInput, MatchMentee, MatchMentor, MatchSettings } from '../../../../src/domain/matching/types.ts';

type Person = Omit<MatchMentee, 'answers'>;

export function mentee(id: string, answers: Partial<MenteeAnswers> = {}, person: Partial<Person> = {}): MatchMentee {
  return {
    id, name: id, timezone: 'Europe/Paris', ...person,
    answers: {
      topics: ['product'], careerObjective: 'grow', seniorityGap: 'any', department: 'any', domain: 'product',
      values: [], cadenceDays: 14, sessionMinutes: 60, modes: ['video'], languages: ['en'],
      workingHours: { start: '09:00', end: '17:00' }, feedbackStyle: 'balanced', avoid: [], consent: true, ...answers,
    },
  };
}

export function mentor(id: string, answers: Partial<MentorAnswers> = {}, person: Partial<Person> & { capacity?: number } = {}): MatchMentor {
  return {
    id, name: id, timezone: 'Europe/Paris', ...person,
    answers: {
      expertise: [{ topic: 'product', level: 3 }], yearsExperience: 8, capacity: 1, mentoringExperience: 'some',
      domain: 'product', values: [], cadenceDays: 14, sessionMinutes: 60, modes: ['video'], languages: ['en'],
      workingHours: { start: '09:00', end: '17:00' }, feedbackStyle: 'balanced', avoid: [], consent: true, ...answers,
    },
  };
}

export function settings(over: Partial<MatchSettings> = {}): MatchSettings {
  return { weights: { ...DEFAULT_WEIGHTS }, objective: 'participation', minScore: 40, minOverlapHours: 2, ...over };
}

export function cohort(mentees: MatchMentee[], mentors: MatchMentor[], over: Partial<MatchInput> = {}): MatchInput {
  return { settings: settings(), mentees, mentors, referenceDate: '2026-03-02', ...over };
}
