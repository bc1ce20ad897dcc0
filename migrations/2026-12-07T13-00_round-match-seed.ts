// The seed of each round's tie-breaking order (docs/matching.md, "Tie-breaking"). Drawn when the
// round is created (existing rounds get one now) and kept, so that every preview, publication
// and rematch of the round breaks ties the same way and a lead can reproduce the result.
// Stored as a signed 32-bit integer; the app reads it as unsigned (`>>> 0`).
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rounds')
    .addColumn('match_seed', 'integer', (c) => c.notNull().defaultTo(sql`floor(random() * 4294967296 - 2147483648)::integer`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rounds').dropColumn('match_seed').execute();
}
