import type { Selectable } from 'kysely';
import type { Enrollment, EnrollmentApproval, EnrollmentStatus, Role } from '../../domain/model.ts';
import type { EnrollmentsTable } from '../schema.ts';
import type { Db } from './db.ts';
import { json } from './db.ts';

const toEnrollment = (row: Selectable<EnrollmentsTable>): Enrollment => ({
  id: row.id, workspaceId: row.workspace_id, roundId: row.round_id, personId: row.person_id, role: row.role,
  status: row.status, answers: row.answers, capacity: row.capacity, consentAt: row.consent_at,
  submittedAt: row.submitted_at, createdAt: row.created_at, updatedAt: row.updated_at,
  approval: row.approval, approvalBy: row.approval_by, approvalAt: row.approval_at,
});

/** Records that a person started a survey (and keeps a partial answer, if any), without submitting. */
export async function startEnrollment(db: Db, input: { workspaceId: string; roundId: string; personId: string; role: Role; draft?: Record<string, unknown> }): Promise<Enrollment> {
  const row = await db.insertInto('enrollments').values({
    workspace_id: input.workspaceId, round_id: input.roundId, person_id: input.personId, role: input.role,
    answers: input.draft ? json(input.draft) : null, updated_at: new Date(),
  }).onConflict((oc) => oc.columns(['round_id', 'person_id', 'role']).doUpdateSet((eb) => ({
    answers: input.draft ? json(input.draft) : eb.ref('enrollments.answers'), updated_at: new Date(),
  }))).returningAll().executeTakeFirstOrThrow();
  return toEnrollment(row);
}

/** Stores validated survey answers; submitting again replaces them while the round is open. */
export async function submitEnrollment(db: Db, input: {
  workspaceId: string; roundId: string; personId: string; role: Role; answers: Record<string, unknown>; capacity: number | null; at: Date;
}): Promise<Enrollment> {
  const values = {
    answers: json(input.answers), capacity: input.role === 'mentor' ? input.capacity : null,
    status: 'submitted' as const, consent_at: input.at, submitted_at: input.at, updated_at: input.at,
  };
  const row = await db.insertInto('enrollments').values({
    workspace_id: input.workspaceId, round_id: input.roundId, person_id: input.personId, role: input.role, ...values,
  }).onConflict((oc) => oc.columns(['round_id', 'person_id', 'role']).doUpdateSet(values)).returningAll().executeTakeFirstOrThrow();
  return toEnrollment(row);
}

export async function getEnrollment(db: Db, id: string): Promise<Enrollment | undefined> {
  const row = await db.selectFrom('enrollments').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toEnrollment(row);
}

/**
 * `lock`: lock the row for the rest of the transaction, for a change made from what is read (for
 * no key update: the change never touches the enrolment's round, person or role).
 */
export async function findEnrollment(db: Db, roundId: string, personId: string, role: Role, lock = false): Promise<Enrollment | undefined> {
  const query = db.selectFrom('enrollments').selectAll()
    .where('round_id', '=', roundId).where('person_id', '=', personId).where('role', '=', role);
  const row = await (lock ? query.forNoKeyUpdate() : query).executeTakeFirst();
  return row && toEnrollment(row);
}

/** `share`: the rows read stay locked (shared) until the transaction ends: a withdrawal waits for it. */
export async function listEnrollments(db: Db, roundId: string, filter: { role?: Role; status?: EnrollmentStatus; share?: boolean } = {}): Promise<Enrollment[]> {
  let query = db.selectFrom('enrollments').selectAll().where('round_id', '=', roundId);
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.status) query = query.where('status', '=', filter.status);
  query = query.orderBy('created_at').orderBy('id');
  return (await (filter.share ? query.forShare() : query).execute()).map(toEnrollment);
}

export async function listEnrollmentsOfPerson(db: Db, personId: string): Promise<Enrollment[]> {
  return (await db.selectFrom('enrollments').selectAll().where('person_id', '=', personId).orderBy('created_at').execute()).map(toEnrollment);
}

export async function withdrawEnrollment(db: Db, id: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('enrollments').set({ status: 'withdrawn', updated_at: at })
    .where('id', '=', id).where('status', '<>', 'withdrawn').executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Asks for approval of a submitted enrolment (again, after a refusal is not possible: that stays). */
export async function requestEnrollmentApproval(db: Db, id: string, at: Date): Promise<Enrollment | undefined> {
  const row = await db.updateTable('enrollments').set({ approval: 'pending', approval_requested_at: at, updated_at: at })
    .where('id', '=', id).where('status', '=', 'submitted').where('approval', 'is', null)
    .returningAll().executeTakeFirst();
  return row && toEnrollment(row);
}

/** Decides a pending approval; undefined when it was no longer pending (decided by someone else, withdrawn). */
export async function decideEnrollmentApproval(db: Db, id: string, decision: Exclude<EnrollmentApproval, 'pending'>, by: string, at: Date): Promise<Enrollment | undefined> {
  const row = await db.updateTable('enrollments').set({ approval: decision, approval_by: by, approval_at: at, updated_at: at })
    .where('id', '=', id).where('approval', '=', 'pending').where('status', '=', 'submitted')
    .returningAll().executeTakeFirst();
  return row && toEnrollment(row);
}
