// A shortlist round's cohort for the adapter journeys: six mentees who answered alike and three
// mentors with two seats each, so that every mentee is offered the same three mentors and the
// rankings alone decide who gets whom.
import { submitEnrollment } from '../../src/db/repositories/enrollment.repository.ts';
import type { Db } from '../../src/db/repositories/db.ts';
import type { Round } from '../../src/domain/model.ts';

export const SHORTLIST_MENTEES = ['Mia', 'Noa', 'Ola', 'Pia', 'Quinn', 'Sam'] as const;
export const SHORTLIST_MENTORS = ['Max', 'Ned', 'Oli'] as const;

const common = {
  domain: 'product', values: ['learning'], cadenceDays: 14, sessionMinutes: 60, modes: ['video'], languages: ['en'],
  workingHours: { start: '09:00', end: '17:30' }, feedbackStyle: 'direct', avoid: [], consent: true,
};

export async function enrolShortlistCohort(db: Db, round: Round, ids: { mentees: readonly string[]; mentors: readonly string[] }, at: Date): Promise<void> {
  for (const personId of ids.mentees) {
    await submitEnrollment(db, {
      workspaceId: round.workspaceId, roundId: round.id, personId, role: 'mentee', capacity: null, at,
      answers: { ...common, topics: ['leadership'], careerObjective: 'Lead a team.', seniorityGap: 'any', department: 'any' },
    });
  }
  for (const personId of ids.mentors) {
    await submitEnrollment(db, {
      workspaceId: round.workspaceId, roundId: round.id, personId, role: 'mentor', capacity: 2, at,
      answers: { ...common, expertise: [{ topic: 'leadership', level: 3 }], yearsExperience: 12, capacity: 2, mentoringExperience: 'some' },
    });
  }
}

/**
 * Who ranks what, given the three mentors offered (best fit first): three mentees want the first
 * (two seats), one the second, one the third; Sam does not answer. The optimum gives four their
 * first choice and one their second, and matches Sam anyway.
 */
export function shortlistRankings(offered: readonly [string, string, string]): Record<string, string[]> {
  const [m1, m2, m3] = offered;
  return { Mia: [m1, m2], Noa: [m1, m2], Ola: [m1, m2], Pia: [m2], Quinn: [m3] };
}

export const CHOICE_STATS = /Shortlist choices\W+first choice 4, second 1, third 0, other ranks 0; another mentor 0, unmatched 0 \(of 5 mentees who ranked\)/;
