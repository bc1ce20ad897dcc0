// Survey answers stored by the bot and program weights are strict: an unknown key is an error
// naming its path (with a "did you mean" for near misses), never silently dropped.
import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../src/domain/matching/cohort-schema.ts';
import { programSettingsSchema } from '../../src/domain/program-settings.ts';
import { menteeAnswersSchema, mentorAnswersSchema } from '../../src/domain/survey-answers.ts';

const common = {
  domain: 'product', values: [], cadenceDays: 14, sessionMinutes: 60, modes: ['video'], languages: ['en'],
  workingHours: { start: '09:00', end: '17:00' }, feedbackStyle: 'balanced', avoid: [], consent: true,
};
const menteeAnswers = { ...common, topics: ['pm'], careerObjective: 'grow', seniorityGap: 'any', department: 'any' };
const mentorAnswers = { ...common, expertise: [{ topic: 'pm', level: 3, years: 4 }], yearsExperience: 9, capacity: 1, mentoringExperience: 'some' };

describe('strict survey answers', () => {
  it('accepts well-formed answers, per-topic years included', () => {
    expect(menteeAnswersSchema.safeParse(menteeAnswers).success).toBe(true);
    expect(mentorAnswersSchema.safeParse(mentorAnswers).success).toBe(true);
  });
  it('refuses an unknown key at any depth, naming the path with a suggestion', () => {
    const mentee = menteeAnswersSchema.safeParse({ ...menteeAnswers, ofice: 'Paris' });
    expect(mentee.success).toBe(false);
    expect(formatIssues(mentee.error!, menteeAnswersSchema)).toEqual(['ofice: unknown field (did you mean "office"?)']);
    const mentor = mentorAnswersSchema.safeParse({ ...mentorAnswers, expertise: [{ topic: 'pm', level: 3, yeras: 4 }], workingHours: { start: '09:00', end: '17:00', tz: 'UTC' } });
    expect(formatIssues(mentor.error!, mentorAnswersSchema).sort()).toEqual([
      'expertise[0].yeras: unknown field (did you mean "years"?)',
      'workingHours.tz: unknown field',
    ]);
  });
  it('refuses a misspelt weight instead of falling back to the defaults', () => {
    const parsed = programSettingsSchema.safeParse({ topics: [{ key: 'pm', label: { en: 'PM', fr: 'PM' } }], weights: { expertize: 90 } });
    expect(parsed.success).toBe(false);
    expect(formatIssues(parsed.error!, programSettingsSchema)).toEqual(['weights.expertize: unknown field (did you mean "expertise"?)']);
  });
});
