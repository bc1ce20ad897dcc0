// Check-in tallies per program, UTC month and person, kept by a trigger on `checkins`, so the
// program report reads one small row per person and month instead of grouping every check-in
// of the year (about 500,000 rows for 20,000 participants). The trigger sees every change,
// whichever code path or cascade makes it, in the same transaction: the tallies never drift.
// A check-in counts as asked once prompted (prompted, answered or missed); met is an answered
// check-in whose answer is "we met".
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('checkin_tallies')
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    // First day of the UTC month of the check-ins' due time.
    .addColumn('month', 'date', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('asked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('met', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('checkin_tallies_pk', ['program_id', 'month', 'person_id'])
    .addCheckConstraint('checkin_tallies_counts_ck', sql`asked >= answered and answered >= met and met >= 0`)
    .execute();

  // Adds (sign 1) or removes (sign -1) one check-in row's share of its tally.
  await sql`
    create function checkin_tally_add(p_match uuid, p_person uuid, p_due timestamptz, p_status text, p_met text, p_sign integer)
    returns void language plpgsql as $$
    declare
      v_program uuid;
      v_month date;
      v_answered integer;
      v_met integer;
    begin
      if p_status not in ('prompted', 'answered', 'missed') then return; end if;
      select program_id into v_program from matches where id = p_match;
      -- A pair deleted in the same statement (a cascade) takes its check-ins with it.
      if v_program is null then return; end if;
      v_month := date_trunc('month', p_due at time zone 'UTC')::date;
      v_answered := case when p_status = 'answered' then 1 else 0 end;
      v_met := case when p_status = 'answered' and p_met = 'yes' then 1 else 0 end;
      if p_sign < 0 then
        -- The row exists: the same check-in was added to it before.
        update checkin_tallies set asked = asked - 1, answered = answered - v_answered, met = met - v_met
        where program_id = v_program and month = v_month and person_id = p_person;
      else
        insert into checkin_tallies as t (program_id, month, person_id, asked, answered, met)
        values (v_program, v_month, p_person, 1, v_answered, v_met)
        on conflict (program_id, month, person_id) do update
          set asked = t.asked + 1, answered = t.answered + v_answered, met = t.met + v_met;
      end if;
    end $$`.execute(db);

  await sql`
    create function checkins_tally() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.status is not distinct from new.status and old.met is not distinct from new.met
        and old.due_at = new.due_at and old.person_id = new.person_id and old.match_id = new.match_id then
        return null;
      end if;
      if tg_op in ('UPDATE', 'DELETE') then
        perform checkin_tally_add(old.match_id, old.person_id, old.due_at, old.status, old.met, -1);
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        perform checkin_tally_add(new.match_id, new.person_id, new.due_at, new.status, new.met, 1);
      end if;
      return null;
    end $$`.execute(db);

  await sql`
    create trigger checkins_tally after insert or delete or update of status, met, due_at, person_id, match_id on checkins
    for each row execute function checkins_tally()`.execute(db);

  // Check-ins made before this migration.
  await sql`
    insert into checkin_tallies (program_id, month, person_id, asked, answered, met)
    select m.program_id, date_trunc('month', c.due_at at time zone 'UTC')::date, c.person_id, count(*),
      count(*) filter (where c.status = 'answered'), count(*) filter (where c.status = 'answered' and c.met = 'yes')
    from checkins c join matches m on m.id = c.match_id
    where c.status in ('prompted', 'answered', 'missed')
    group by 1, 2, 3`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists checkins_tally on checkins`.execute(db);
  await sql`drop function if exists checkins_tally()`.execute(db);
  await sql`drop function if exists checkin_tally_add(uuid, uuid, timestamptz, text, text, integer)`.execute(db);
  await db.schema.dropTable('checkin_tallies').ifExists().execute();
}
