// A booked meeting replaced by a newer booking is withdrawn from the calendars it was sent to
// (docs/calendar.md, "When a booking is replaced"). Until the withdrawal job has done it, the
// meeting is 'cancel_pending': it no longer holds anyone's time, and reconcile queues the job
// again if the queue lost it.
import { sql, type Kysely } from 'kysely';

const BEFORE = ['offered', 'booking', 'booked', 'superseded', 'cancelled'];
const AFTER = [...BEFORE, 'cancel_pending'];
const check = (states: string[]) => sql.raw(`alter table meetings add constraint meetings_state_ck check (state in (${states.map((s) => `'${s}'`).join(', ')}))`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table meetings drop constraint meetings_state_ck`.execute(db);
  await check(AFTER).execute(db);
  await sql`create index meetings_cancel_pending_ix on meetings (id) where state = 'cancel_pending'`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index meetings_cancel_pending_ix`.execute(db);
  await db.updateTable('meetings').set({ state: 'cancelled' }).where('state', '=', 'cancel_pending').execute();
  await sql`alter table meetings drop constraint meetings_state_ck`.execute(db);
  await check(BEFORE).execute(db);
}
