// Builds the matcher's input from what the database knows about a round: the submitted surveys
// (validated again, since stored JSON is only as good as the code that wrote it), the people's
// profiles and org links, the program's past pairs, the lead's pins and forbids, and the mentees'
// shortlist rankings. Shared by the
// lead's preview and the incremental rematch so both see the same constraints.
import { takesPart, type Enrollment, type Person, type Program, type Round } from '../../domain/model.ts';
import type { MatchInput, MatchMentee, MatchMentor, OrgPerson, PairRef } from '../../domain/matching/types.ts';
import { menteeAnswersSchema, mentorAnswersSchema } from '../../domain/survey-answers.ts';
import type { Db } from '../../db/repositories/db.ts';
import { seatedInRound } from '../../db/repositories/circle.repository.ts';
import { listEnrollments } from '../../db/repositories/enrollment.repository.ts';
import { listMatchRules } from '../../db/repositories/match-rule.repository.ts';
import { pastPairsOfProgram } from '../../db/repositories/pair.repository.ts';
import { getPeople, managementChain } from '../../db/repositories/person.repository.ts';
import { listShortlists } from '../../db/repositories/shortlist.repository.ts';

export interface MatchInputOptions {
  /** Only these mentees (the rematch of one person); default: every submitted mentee. */
  readonly menteeIds?: readonly string[];
  /** Pairs kept as they are (they use mentor capacity). */
  readonly lockedPairs?: readonly PairRef[];
  readonly now: Date;
}

export interface BuiltMatchInput {
  readonly input: MatchInput;
  /** Enrollments left out because their stored answers no longer pass the survey schema. */
  readonly invalidEnrollments: number;
}

function base(person: Person): Omit<MatchMentee, 'answers'> {
  return {
    id: person.id, name: person.displayName, timezone: person.timezone,
    ...(person.level !== null ? { level: person.level } : {}),
    ...(person.department !== null ? { department: person.department } : {}),
    ...(person.managerId !== null ? { managerId: person.managerId } : {}),
    ...(person.location !== null ? { location: person.location } : {}),
  };
}

/** Managers above the enrolled people who are not enrolled themselves, so "never your manager's manager" holds. */
async function orgLinks(db: Db, people: readonly Person[]): Promise<OrgPerson[]> {
  const enrolled = new Set(people.map((p) => p.id));
  const links = new Map<string, OrgPerson>();
  for (const person of people) {
    if (!person.managerId) continue;
    const chain = await managementChain(db, person.id);
    chain.forEach((id, i) => {
      const managerId = chain[i + 1];
      if (!enrolled.has(id) && !links.has(id)) links.set(id, managerId ? { id, managerId } : { id });
    });
  }
  return [...links.values()];
}

export async function buildMatchInput(db: Db, program: Program, round: Round, options: MatchInputOptions): Promise<BuiltMatchInput> {
  // Enrolments still waiting for approval, or refused, take no part (approval.flow.ts).
  const submitted = (await listEnrollments(db, round.id, { status: 'submitted' })).filter(takesPart);
  const wanted = options.menteeIds ? new Set(options.menteeIds) : undefined;
  // Mentees seated in a circle of the round (circles/circle-fill.ts) are not matched one to one.
  const seated = new Set(await seatedInRound(db, round.id));
  const menteeRows = submitted.filter((e) => e.role === 'mentee' && !seated.has(e.personId) && (!wanted || wanted.has(e.personId)));
  const mentorRows = submitted.filter((e) => e.role === 'mentor');
  const people = new Map((await getPeople(db, [...menteeRows, ...mentorRows].map((e) => e.personId))).map((p) => [p.id, p] as const));
  const usable = (e: Enrollment): Person | undefined => {
    const person = people.get(e.personId);
    return person && !person.erasedAt && !person.deactivatedAt ? person : undefined;
  };

  let invalid = 0;
  const mentees: MatchMentee[] = [];
  for (const e of menteeRows) {
    const person = usable(e);
    const parsed = menteeAnswersSchema.safeParse(e.answers);
    if (!person) continue;
    if (!parsed.success) { invalid += 1; continue; }
    mentees.push({ ...base(person), answers: parsed.data });
  }
  const mentors: MatchMentor[] = [];
  for (const e of mentorRows) {
    const person = usable(e);
    const parsed = mentorAnswersSchema.safeParse(e.answers);
    if (!person) continue;
    if (!parsed.success) { invalid += 1; continue; }
    mentors.push({ ...base(person), answers: parsed.data, capacity: e.capacity ?? parsed.data.capacity });
  }

  const rules = await listMatchRules(db, round.id);
  const ref = (r: { menteeId: string; mentorId: string }): PairRef => ({ menteeId: r.menteeId, mentorId: r.mentorId });
  const involved = [...mentees, ...mentors].map((m) => people.get(m.id)).filter((p): p is Person => p !== undefined);
  const input: MatchInput = {
    settings: {
      weights: program.settings.weights, objective: program.settings.objective,
      minScore: program.settings.minScore, minOverlapHours: program.settings.minOverlapHours,
      sameTeamRule: program.settings.sameTeamRule,
    },
    mentees, mentors,
    org: await orgLinks(db, involved),
    pastPairs: (await pastPairsOfProgram(db, program.id)).map(ref),
    pins: rules.filter((r) => r.kind === 'pin').map(ref),
    forbids: rules.filter((r) => r.kind === 'forbid').map(ref),
    lockedPairs: options.lockedPairs ?? [],
    // Shortlist choice: the mentees' rankings, a strong preference for the optimiser (choices.ts).
    choices: (await listShortlists(db, round.id)).filter((l) => l.ranking !== null).map((l) => ({ menteeId: l.menteeId, mentorIds: l.ranking! })),
    referenceDate: options.now.toISOString().slice(0, 10),
    seed: round.matchSeed,
  };
  return { input, invalidEnrollments: invalid };
}
