// Everything the database holds about one person, for `export` and `delete` (SPEC §8). Kept in
// one place so a new table that references people is added to both at once.
import { sql } from 'kysely';
import { eraseAdapterStateOf } from './adapter-state.repository.ts';
import { deleteMeetingsOfPerson, meetingsOfFlashSessions, meetingsOfPairs } from './meeting.repository.ts';
import { holdSharedTransactionLock, holdTransactionLock, tryTransactionLock, type Db } from './db.ts';

/** The person's own rows. Pairs carry the reasons only the person wrote; check-ins are theirs alone. */
export async function collectPersonData(db: Db, personId: string): Promise<Record<string, unknown>> {
  const person = await db.selectFrom('people').selectAll().where('id', '=', personId).executeTakeFirst();
  const matches = await db.selectFrom('matches').selectAll()
    .where((eb) => eb.or([eb('mentee_id', '=', personId), eb('mentor_id', '=', personId)])).execute();
  const matchIds = matches.map((m) => m.id);
  return {
    person,
    programLeads: await db.selectFrom('program_leads').selectAll().where('person_id', '=', personId).execute(),
    enrollments: await db.selectFrom('enrollments').selectAll().where('person_id', '=', personId).execute(),
    waitlist: await db.selectFrom('waitlist').selectAll().where('person_id', '=', personId).execute(),
    // Their shortlists as mentee (mentors offered, their ranking); being offered to others is not theirs to read.
    shortlists: await db.selectFrom('shortlists').selectAll().where('mentee_id', '=', personId).execute(),
    roundInvitations: await db.selectFrom('round_invitations').selectAll().where('person_id', '=', personId).execute(),
    // The partner's private reasons are theirs: only reasons this person gave are exported.
    matches: matches.map((m) => ({
      ...m,
      decline_reason: m.declined_by === personId ? m.decline_reason : null,
      end_reason: m.ended_by === personId ? m.end_reason : null,
      // The chemistry check: only their own side's answer.
      mentee_chemistry: m.mentee_id === personId ? m.mentee_chemistry : null,
      mentor_chemistry: m.mentor_id === personId ? m.mentor_chemistry : null,
    })),
    goals: matchIds.length > 0 ? await db.selectFrom('goals').selectAll().where('match_id', 'in', matchIds).execute() : [],
    meetings: await meetingsOfPairs(db, matchIds),
    flashMeetings: await meetingsOfFlashSessions(db, personId),
    checkins: await db.selectFrom('checkins').selectAll().where('person_id', '=', personId).execute(),
    // What partners shared with them at check-ins (next steps, advice applied), never their private notes.
    sharedWithMe: matchIds.length > 0
      ? await db.selectFrom('checkins').select(['match_id', 'period', 'answered_at', 'next_steps', 'advice_applied'])
        .where('match_id', 'in', matchIds).where('person_id', '<>', personId)
        .where((eb) => eb.or([eb('next_steps', 'is not', null), eb('advice_applied', 'is not', null)])).execute()
      : [],
    // Their closings (wins, what they learnt, their word for the partner), and the words partners shared with them.
    closings: await db.selectFrom('closings').selectAll().where('person_id', '=', personId).execute(),
    closingWordsForMe: matchIds.length > 0
      ? await db.selectFrom('closings').select(['match_id', 'answered_at', 'partner_word'])
        .where('match_id', 'in', matchIds).where('person_id', '<>', personId).where('partner_word', 'is not', null).execute()
      : [],
    pulseAnswers: await db.selectFrom('pulse_answers').selectAll().where('person_id', '=', personId).execute(),
    // The circles they lead or sit in, and their own check-in and pulse answers there (never the others').
    circles: await db.selectFrom('circles').select(['id', 'round_id', 'topic', 'seats', 'state', 'started_at'])
      .where((eb) => eb.or([eb('mentor_id', '=', personId), eb('co_mentor_id', '=', personId),
        eb('id', 'in', eb.selectFrom('circle_members').select('circle_id').where('person_id', '=', personId))])).execute(),
    circleCheckins: await db.selectFrom('circle_checkins').selectAll().where('person_id', '=', personId).execute(),
    circlePulseAnswers: await db.selectFrom('circle_pulse_answers').selectAll().where('person_id', '=', personId).execute(),
    offersOfHelp: await db.selectFrom('risk_alerts').select(['match_id', 'detected_at', 'shared_at', 'handled_at', 'action']).where('person_id', '=', personId).execute(),
    conversationRefs: await db.selectFrom('conversation_refs').select(['workspace_id', 'updated_at']).where('person_id', '=', personId).execute(),
    deliveries: await db.selectFrom('deliveries').select(['idempotency_key', 'kind', 'status', 'created_at', 'sent_at']).where('person_id', '=', personId).execute(),
    // Their own side only: the question they asked, their own answer afterwards, never the partner's.
    flashSessionsAsked: await db.selectFrom('flash_sessions').select(['topic', 'question', 'state', 'created_at', 'accepted_at', 'asker_useful', 'asker_continue'])
      .where('asker_id', '=', personId).execute(),
    flashSessionsGiven: await db.selectFrom('flash_sessions').select(['topic', 'state', 'accepted_at', 'mentor_useful', 'mentor_continue'])
      .where('mentor_id', '=', personId).where('state', '=', 'accepted').execute(),
  };
}

const newRowsLock = (personId: string): string => `person_rows:${personId}`;

/**
 * Before writing a row of the person that no row of theirs already there guards (their first
 * survey step in a round: no enrolment yet to lock; a waitlist place; a flash question; a report
 * link's code; a form or file offer an adapter keeps, person-owned-state.repository.ts): an
 * erasure of them under way is waited for, and one confirmed now waits until the caller's
 * transaction ends (holdNewRowsOf), then finds the row and erases it. False when they are
 * erased by then: nothing of theirs may be written. Shared: the person's own requests do not wait
 * for each other here.
 */
export async function holdOffErasure(db: Db, personId: string): Promise<boolean> {
  await holdSharedTransactionLock(db, newRowsLock(personId));
  const person = await db.selectFrom('people').select('erased_at').where('id', '=', personId).executeTakeFirst();
  return person !== undefined && person.erased_at === null;
}

/**
 * The erasure's side of holdOffErasure, taken before it reads anything of theirs: it waits for the
 * requests writing such a row, and those that come after wait for it and find the person erased.
 * Waiting here holds nothing those requests wait for (their own rows are not touched yet).
 */
export async function holdNewRowsOf(db: Db, personId: string): Promise<void> {
  await holdTransactionLock(db, newRowsLock(personId));
}

/**
 * Locks the person's row for update until the transaction ends: a request holding it (a click's
 * record points to it; a circle fill reads it under a key-share lock) ends first, and one coming
 * later waits for this transaction.
 */
export async function lockPersonRow(db: Db, personId: string): Promise<void> {
  await db.selectFrom('people').select('id').where('id', '=', personId).forUpdate().execute();
}

/**
 * holdNewRowsOf without waiting: false at once when a request of theirs is writing a first row
 * (holdOffErasure) at this moment. For the retention purge, which holds their person row first and
 * leaves them to a later run rather than wait for a request that may be waiting for that row.
 */
export async function tryHoldNewRowsOf(db: Db, personId: string): Promise<boolean> {
  return tryTransactionLock(db, newRowsLock(personId));
}

/**
 * Deletes what is private or personal and not needed for aggregates: private notes, goal
 * progress and shared next steps of check-ins (the pair's, on both sides), the reasons the person gave, the goals (SMART answers included), agreement terms and match reasons of their pairs,
 * closing texts (wins, what they learnt, their word for the partner), pulse comments, conversation references, roles, waitlist places, unsent messages to them.
 * Pulse answers keep their ratings but lose every link to the person (person and pair), so they
 * count in the figures of periods not yet released as anonymous answers. Check-in counts stay,
 * attached to the anonymised person row. Circle seats and check-ins and the flash requests they
 * made are deleted, and they are unlinked from the circles and flash sessions of others (see
 * eraseCircleTraces, eraseFlashTraces). Released report figures hold no person and are not
 * touched: they do not change. Returns the circles that ended because they were their only leader
 * and had started, with the people still in them, whom the caller tells (privacy.flow.ts).
 */
export async function erasePersonalTraces(db: Db, personId: string, at: Date): Promise<ErasedCircles> {
  await db.updateTable('checkins').set({ private_note: null, goal_progress: null, next_steps: null, advice_applied: null }).where('person_id', '=', personId).execute();
  // Their closings lose every word; the rows stay (the closing counts a lead may have seen do not move).
  await db.updateTable('closings').set({ wins: null, learnt: null, partner_word: null }).where('person_id', '=', personId).execute();
  await db.updateTable('matches').set({ decline_reason: null, updated_at: at }).where('declined_by', '=', personId).execute();
  await db.updateTable('matches').set({ end_reason: null, updated_at: at }).where('ended_by', '=', personId).execute();
  await db.updateTable('matches').set({ mentee_chemistry: null, updated_at: at }).where('mentee_id', '=', personId).where('mentee_chemistry', 'is not', null).execute();
  await db.updateTable('matches').set({ mentor_chemistry: null, updated_at: at }).where('mentor_id', '=', personId).where('mentor_chemistry', 'is not', null).execute();
  const pairs = db.selectFrom('matches').select('id').where((eb) => eb.or([eb('mentee_id', '=', personId), eb('mentor_id', '=', personId)]));
  // Goals belong to the pair: the partner loses their texts too (the pair is ended by then).
  await db.updateTable('goals').set({ title: '—', measure: '—', updated_at: at }).where('match_id', 'in', pairs).where('title', '<>', '—').execute();
  await db.updateTable('goals').set({ achievable: null, relevant: null }).where('match_id', 'in', pairs)
    .where((eb) => eb.or([eb('achievable', 'is not', null), eb('relevant', 'is not', null)])).execute();
  // The pair's agreement is theirs together too: its own terms go on both sides.
  await db.updateTable('matches').set({ agreement_terms: null, agreement_terms_by: null, updated_at: at }).where('id', 'in', pairs).where('agreement_terms', 'is not', null).execute();
  // What the pair agreed to do next is written together, like its goals: it goes on both sides.
  await db.updateTable('checkins').set({ next_steps: null, advice_applied: null }).where('match_id', 'in', pairs)
    .where((eb) => eb.or([eb('next_steps', 'is not', null), eb('advice_applied', 'is not', null)])).execute();
  await db.updateTable('goals').set({ created_by: null }).where('created_by', '=', personId).execute();
  await db.updateTable('goals').set({ updated_by: null }).where('updated_by', '=', personId).execute();
  await db.updateTable('matches').set({ reasons: sql`'[]'::jsonb`, updated_at: at }).where('id', 'in', pairs).execute();
  await deleteMeetingsOfPerson(db, personId);
  await db.updateTable('pulse_answers').set({ comment: null, person_id: null, match_id: null }).where('person_id', '=', personId).execute();
  await db.updateTable('circle_pulse_answers').set({ person_id: null }).where('person_id', '=', personId).execute();
  // A private offer of help says their pulse answers were low; one they shared is the leads' record.
  await db.deleteFrom('risk_alerts').where('person_id', '=', personId).where('shared_at', 'is', null).execute();
  await db.deleteFrom('waitlist').where('person_id', '=', personId).execute();
  await db.deleteFrom('program_leads').where('person_id', '=', personId).execute();
  await db.deleteFrom('round_invitations').where('person_id', '=', personId).execute();
  await erasePlatformTraces(db, personId);
  await db.updateTable('deliveries').set({ status: 'cancelled', error: 'recipient erased', updated_at: at })
    .where('person_id', '=', personId).where('status', 'in', ['pending', 'failed']).execute();
  await db.updateTable('enrollments').set({ answers: null, updated_at: at }).where('person_id', '=', personId).execute();
  await eraseFlashTraces(db, personId, at);
  // Their shortlists and rankings; as an offered mentor they drop out where shortlists are read (active people only).
  await db.deleteFrom('shortlists').where('mentee_id', '=', personId).execute();
  // Last: it locks the person's row, which the anonymisation right after locks anyway. Earlier, a
  // request holding a row deleted above (a flash session being accepted) and then writing a
  // message to this person would wait for this erasure as it waits for that request: a deadlock.
  return eraseCircleTraces(db, personId);
}

/**
 * What links the person to their Slack or Teams account besides their row: the conversation
 * references (a Teams one holds their name), the report page's link codes and sessions, a Slack
 * form kept because it could not open in time, and what adapters keep for them (forms, files
 * offered, replies owed). Read before the row is anonymised (it needs their platform user id);
 * used by the erasure and by the retention purge.
 */
export async function erasePlatformTraces(db: Db, personId: string): Promise<void> {
  await db.deleteFrom('conversation_refs').where('person_id', '=', personId).execute();
  await db.deleteFrom('report_codes').where('person_id', '=', personId).execute();
  await db.deleteFrom('report_sessions').where('person_id', '=', personId).execute();
  const person = await db.selectFrom('people').innerJoin('workspaces', 'workspaces.id', 'people.workspace_id')
    .select(['people.workspace_id', 'people.platform_user_id', 'workspaces.platform', 'workspaces.external_id'])
    .where('people.id', '=', personId).executeTakeFirst();
  if (!person) return;
  if (person.platform === 'slack') {
    await db.deleteFrom('slack_deferred_views').where('team_id', '=', person.external_id).where('user_id', '=', person.platform_user_id).execute();
  }
  await eraseAdapterStateOf(db, person.workspace_id, person.platform_user_id);
}

/** Circles that ended with an erased leader: each with the people left in it (its former co-mentor included). */
export interface ErasedCircles { readonly ended: ReadonlyArray<{ readonly circleId: string; readonly people: readonly string[] }> }

/**
 * Circles: their seats and their check-in answers go (months already released keep their figures,
 * which hold no person); their pulse answers about circles were unlinked above. A circle they
 * co-led loses them; one they led is handed to its co-mentor, or ends when it has none (the
 * circle row, like a pair's, keeps pointing to the anonymised person). A running circle that ends
 * is returned with the people left in it; one still forming was never announced to its members.
 */
async function eraseCircleTraces(db: Db, personId: string): Promise<ErasedCircles> {
  // The circles they lead, co-lead or opened are locked first, oldest first as a fill holds a
  // round's circles (circle.repository.ts listCircles): a fill seating mentees in one at this
  // moment is waited for and its seats and start read below, or waits and finds the circle ended.
  // For update: a circle they led may pass to its co-mentor, a change of its unique key.
  await db.selectFrom('circles').select('id')
    .where((eb) => eb.or([eb('mentor_id', '=', personId), eb('co_mentor_id', '=', personId), eb('opened_by', '=', personId)]))
    .orderBy('created_at').orderBy('id').forUpdate().execute();
  // Then their own row, before their seats are read: a fill seating them at this moment (it reads
  // the row under a key-share lock, circle.repository.ts seatMember) is waited for and its seat
  // taken away below, or waits and seats nobody erased. For update: only that excludes a key-share
  // lock, and the anonymisation changes their platform user id, part of the row's unique key.
  await lockPersonRow(db, personId);
  await db.deleteFrom('circle_members').where('person_id', '=', personId).execute();
  await db.deleteFrom('circle_checkins').where('person_id', '=', personId).execute();
  await db.updateTable('circles').set({ co_mentor_id: null }).where('co_mentor_id', '=', personId).execute();
  await db.updateTable('circles').set({ opened_by: null }).where('opened_by', '=', personId).execute();
  const led = await db.selectFrom('circles').select(['id', 'round_id', 'topic', 'co_mentor_id', 'state']).where('mentor_id', '=', personId).execute();
  const ended: Array<{ circleId: string; people: string[] }> = [];
  for (const c of led) {
    const co = c.co_mentor_id;
    // The co-mentor leads on, unless they already lead a circle on that topic in the round (the same circle twice).
    const taken = co && await db.selectFrom('circles').select('id').where('round_id', '=', c.round_id).where('topic', '=', c.topic).where('mentor_id', '=', co).executeTakeFirst();
    if (co && !taken) await db.updateTable('circles').set({ mentor_id: co, co_mentor_id: null }).where('id', '=', c.id).execute();
    else if (c.state !== 'ended') {
      await db.updateTable('circles').set({ state: 'ended', co_mentor_id: null }).where('id', '=', c.id).execute();
      if (c.state !== 'active') continue;
      const members = await db.selectFrom('circle_members').select('person_id').where('circle_id', '=', c.id).orderBy('joined_at').orderBy('person_id').execute();
      ended.push({ circleId: c.id, people: [...(co ? [co] : []), ...members.map((m) => m.person_id)] });
    }
  }
  return { ended };
}

/**
 * Flash sessions: the requests they made go whole (question, answers, who was asked; months
 * already released keep their counts, which hold no person), and they are unlinked from the
 * sessions they gave (their usefulness answer stays, anonymous) and from every request's list of
 * mentors who passed. A request still waiting for their answer is passed on by the privacy flow
 * (unlinkWaitingFlashMentor afterwards).
 */
async function eraseFlashTraces(db: Db, personId: string, at: Date): Promise<void> {
  await db.deleteFrom('flash_sessions').where('asker_id', '=', personId).execute();
  await db.updateTable('flash_sessions').set({ mentor_id: null, updated_at: at }).where('mentor_id', '=', personId).where('state', '<>', 'asking').execute();
  await db.updateTable('flash_sessions').set({ passed: sql<string>`passed - ${personId}::text`, updated_at: at })
    .where(sql<boolean>`passed @> jsonb_build_array(${personId}::text)`).execute();
}

/** What the pass-on left waiting for an erased mentor (nobody else to ask): unlinked, and nobody is available. */
export async function unlinkWaitingFlashMentor(db: Db, personId: string, at: Date): Promise<void> {
  await db.updateTable('flash_sessions').set({ mentor_id: null, state: 'unavailable', updated_at: at }).where('mentor_id', '=', personId).where('state', '=', 'asking').execute();
}

/** The flash requests now waiting for this person's answer as the mentor asked. */
export async function waitingFlashFor(db: Db, personId: string): Promise<string[]> {
  return (await db.selectFrom('flash_sessions').select('id').where('mentor_id', '=', personId).where('state', '=', 'asking').execute()).map((r) => r.id);
}
