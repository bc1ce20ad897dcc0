// Released report figures: each closed period of a program (a pulse whose window has closed, a
// calendar month that is over) is computed once, with the privacy rules of that moment, and
// stored here. Reports read these rows, never a live query, for released periods, so a late
// answer, an ended pair, an erasure or a retention purge cannot move a figure a lead has seen.
// The primary key makes the release of a period happen once, whichever process gets there first.
// Also: audit entries about participants' choices are removed (see below).
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('report_releases')
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('period_kind', 'text', (c) => c.notNull())
    // The pulse id, or the month as YYYY-MM (UTC).
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('released_at', 'timestamptz', (c) => c.notNull())
    // Aggregates only, after the privacy rules: no person id, no answer of one person.
    .addColumn('figures', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_releases_pk', ['program_id', 'period_kind', 'period_key'])
    .addCheckConstraint('report_releases_kind_ck', sql`period_kind in ('pulse', 'month')`)
    .execute();

  // The audit log, which leads list per program, records what leads and the bot did. Entries
  // written before on participants' choices (accepting, declining or ending a pair, exporting or
  // erasing their data) named who chose what: they go.
  await db.deleteFrom('audit_log').where('action', 'in', ['match.accept', 'match.decline', 'match.end', 'privacy.export', 'privacy.delete']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_releases').ifExists().execute();
}
