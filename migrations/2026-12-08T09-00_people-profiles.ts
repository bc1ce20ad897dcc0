// Profile lines a person edits with `profile` and shows on proposals (title, a one-line bio), and
// their working hours: the local window and weekdays slots are offered in and delayed prompts may
// arrive in. Null working hours mean the product's default working day.
import { type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people')
    .addColumn('title', 'text')
    .addColumn('bio', 'text')
    // Minutes after local midnight, [start, end).
    .addColumn('work_start_min', 'smallint')
    .addColumn('work_end_min', 'smallint')
    // ISO weekdays the person works, as digits: '12345' is Monday to Friday.
    .addColumn('work_days', 'text')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people')
    .dropColumn('title').dropColumn('bio').dropColumn('work_start_min').dropColumn('work_end_min').dropColumn('work_days')
    .execute();
}
