// Builders for the lead-flow tests: valid survey answers, and people and enrollments written
// straight through the repositories when a test is about what happens after the surveys.
import { expect } from 'vitest';
import type { Person, Role } from '../../src/domain/model.ts';
import type { MenteeAnswers, MentorAnswers } from '../../src/domain/survey-answers.ts';
import { submitEnrollment } from '../../src/db/repositories/enrollment.repository.ts';
import { upsertPerson } from '../../src/db/repositories/person.repository.ts';
import { upsertWorkspace } from '../../src/db/repositories/workspace.repository.ts';
import type { MemoryPlatform, TestPerson } from '../support/memory-platform.ts';

const TOPICS = 'leadership | Leadership | Leadership\npublic-speaking | Public speaking | Prise de parole';

export const menteeAnswers = (o: Partial<MenteeAnswers> = {}): MenteeAnswers => ({
  topics: ['leadership'], careerObjective: 'Lead a product team', seniorityGap: 'any', department: 'any',
  domain: 'product', values: ['transparency'], cadenceDays: 30, sessionMinutes: 60, modes: ['video'],
  languages: ['en'], workingHours: { start: '09:00', end: '17:00' }, feedbackStyle: 'direct', avoid: [], consent: true, ...o,
});

export const mentorAnswers = (o: Partial<MentorAnswers> = {}): MentorAnswers => ({
  expertise: [{ topic: 'leadership', level: 3 }], yearsExperience: 10, capacity: 1, mentoringExperience: 'some',
  domain: 'product', values: ['transparency'], cadenceDays: 30, sessionMinutes: 60, modes: ['video'],
  languages: ['en'], workingHours: { start: '09:00', end: '17:00' }, feedbackStyle: 'direct', avoid: [], consent: true, ...o,
});

/** The workspace the memory platform's people belong to. */
export const workspaceOf = (env: MemoryPlatform) =>
  upsertWorkspace(env.database.db, { platform: 'memory', externalId: 'T_ACME', name: 'Acme' });

/** Makes the bot know a test person without them typing anything (as an invitation would). */
export async function known(env: MemoryPlatform, who: TestPerson, locale = 'en-US'): Promise<Person> {
  const workspace = await workspaceOf(env);
  const person = await upsertPerson(env.database.db, workspace.id, {
    platformUserId: who.actor.platformUserId, displayName: who.name, locale, timezone: 'Europe/Paris',
  });
  await who.id();
  return person;
}

export async function enroll(env: MemoryPlatform, roundId: string, person: Person, role: Role, answers: MenteeAnswers | MentorAnswers): Promise<void> {
  await submitEnrollment(env.database.db, {
    workspaceId: person.workspaceId, roundId, personId: person.id, role, answers: answers as unknown as Record<string, unknown>,
    capacity: role === 'mentor' ? (answers as MentorAnswers).capacity : null, at: env.clock.now(),
  });
}

/** The lead fills the four steps of the program form with every setting. */
export async function createProgramByForm(lead: TestPerson, name = 'Leadership 2027'): Promise<void> {
  await lead.type('/mentor admin program create');
  await lead.click(lead.lastReply().includes('Programme vierge') ? 'Programme vierge' : 'Blank program');
  expect((await lead.submit({ name, description: 'Grow leaders', topics: TOPICS, languages: ['en', 'fr'] })).type).toBe('next');
  expect((await lead.submit({ checkinCadence: 'p14d', sessionMinutes: '45', durationDays: '120', pulseEvery: 'P1M', proposalTimeoutHours: '48', surveyDays: '10' })).type).toBe('next');
  expect((await lead.submit({
    defaultCapacity: '2', objective: 'participation', minScore: '30', minOverlapHours: '1,5',
    weight_expertise: '40', weight_domain: '10', weight_values: '10', weight_cadence: '5', weight_mode: '5',
    weight_hours: '10', weight_seniority: '8', weight_feedback: '6', weight_department: '6',
    weight_language: '4', weight_career: '6', sameTeamRule: 'yes',
  })).type).toBe('next');
  expect((await lead.submit({ minGroupSize: '6', retentionDays: '400', enrolmentApproval: 'none' })).type).toBe('done');
}
