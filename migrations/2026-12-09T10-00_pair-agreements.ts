// The pair's agreement (issue 17): the intro's charter (goals, cadence, session length, mode,
// confidentiality, how to end) is confirmed by each member in chat. Stored on the pair: the
// version both confirm (a suggested change raises it and clears both confirmations), when each
// side confirmed the current version, when both had, and the pair's own added terms with who
// wrote them last. SMART goals gain the article's "achievable" and "relevant" answers. All of it
// is the pair's, shared by both members; no lead view reads it.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('matches')
    .addColumn('agreement_version', 'integer', (col) => col.notNull().defaultTo(1).check(sql`agreement_version >= 1`))
    .addColumn('mentee_agreed_at', 'timestamptz')
    .addColumn('mentor_agreed_at', 'timestamptz')
    .addColumn('agreed_at', 'timestamptz')
    .addColumn('agreement_terms', 'text')
    .addColumn('agreement_terms_by', 'uuid', (col) => col.references('people.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('goals').addColumn('achievable', 'text').addColumn('relevant', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('goals').dropColumn('achievable').dropColumn('relevant').execute();
  await db.schema.alterTable('matches').dropColumn('agreement_version').dropColumn('mentee_agreed_at').dropColumn('mentor_agreed_at')
    .dropColumn('agreed_at').dropColumn('agreement_terms').dropColumn('agreement_terms_by').execute();
}
