// Two rules that keep a lead's tools from reaching private answers.
// 1. The minimum group size of a report has a floor of 5: programs stored with less are raised to
//    it, and the database refuses less from now on, whatever code path writes the row.
// 2. At-risk alerts drawn from a person's own answers go to that person first: `person_id` says
//    who was offered help, `shared_at` when the lead could first see the alert (at once for the
//    signals a lead sees anyway, on consent for the private ones, never otherwise). A person may
//    decline ('declined'). Open alerts stay unique per pair, rule and person.
import { sql, type Kysely } from 'kysely';

const NIL = sql`'00000000-0000-0000-0000-000000000000'::uuid`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update programs set min_group_size = 5, settings = jsonb_set(settings, '{minGroupSize}', '5'::jsonb) where min_group_size < 5`.execute(db);
  await sql`alter table programs drop constraint programs_group_ck`.execute(db);
  await sql`alter table programs add constraint programs_group_ck check (min_group_size between 5 and 100)`.execute(db);

  await db.schema.alterTable('risk_alerts')
    .addColumn('person_id', 'uuid', (c) => c.references('people.id').onDelete('cascade'))
    .addColumn('shared_at', 'timestamptz')
    .execute();
  // Every alert raised so far was shown to the leads when it was detected.
  await sql`update risk_alerts set shared_at = detected_at`.execute(db);
  await sql`alter table risk_alerts drop constraint risk_alerts_action_ck`.execute(db);
  await sql`alter table risk_alerts add constraint risk_alerts_action_ck check (action is null or action in ('nudge', 'rematch', 'handled', 'declined'))`.execute(db);
  await db.schema.dropIndex('risk_alerts_open_uq').execute();
  await sql`create unique index risk_alerts_open_uq on risk_alerts (match_id, rule, coalesce(person_id, ${NIL})) where handled_at is null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('risk_alerts_open_uq').execute();
  await sql`delete from risk_alerts where shared_at is null or action = 'declined'`.execute(db);
  await sql`delete from risk_alerts a using risk_alerts b where a.handled_at is null and b.handled_at is null and a.match_id = b.match_id and a.rule = b.rule and a.id > b.id`.execute(db);
  await db.schema.createIndex('risk_alerts_open_uq').on('risk_alerts').columns(['match_id', 'rule']).unique()
    .where(sql.ref('handled_at'), 'is', null).execute();
  await sql`alter table risk_alerts drop constraint risk_alerts_action_ck`.execute(db);
  await sql`alter table risk_alerts add constraint risk_alerts_action_ck check (action is null or action in ('nudge', 'rematch', 'handled'))`.execute(db);
  await db.schema.alterTable('risk_alerts').dropColumn('shared_at').dropColumn('person_id').execute();
  await sql`alter table programs drop constraint programs_group_ck`.execute(db);
  await sql`alter table programs add constraint programs_group_ck check (min_group_size between 2 and 100)`.execute(db);
}
