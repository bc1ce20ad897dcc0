// A database blip for retry tests: the next write of a kind to one table fails, later ones go
// through. The count is a sequence, which a failed transaction does not roll back.
import { sql } from 'kysely';
import type { Db } from '../../src/db/repositories/db.ts';

export async function failNextWrite(db: Db, table: string, op: 'insert' | 'update' | 'insert or update'): Promise<void> {
  await sql`create sequence blip_seq`.execute(db);
  await sql`create function blip() returns trigger language plpgsql as $$
    begin
      if nextval('blip_seq') = 1 then raise exception 'database blip'; end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger blip before ${sql.raw(op)} on ${sql.table(table)} for each row execute function blip()`.execute(db);
}
