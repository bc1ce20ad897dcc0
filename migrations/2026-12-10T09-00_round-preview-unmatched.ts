// Why each mentee left out of a round's latest preview was left out, with the fingerprint of the
// cohort that preview matched (src/flows/matching/preview-memo.ts): the publication tells the
// mentees it waitlists from it without matching the cohort again inside its transaction, when the
// cohort is still the one previewed.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table rounds add column preview_unmatched jsonb`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table rounds drop column preview_unmatched`.execute(db);
}
