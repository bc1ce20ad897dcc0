// Every column of every table of the test schema that still holds a given id, as "table.column":
// what an erasure left linked to the person. Columns are read as text, so ids inside JSON
// (lists, payloads) are found too.
import { sql } from 'kysely';
import type { Db } from '../../src/db/repositories/db.ts';

export async function tablesHolding(db: Db, id: string, tables: RegExp = /.*/u): Promise<string[]> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and table_name not like 'kysely_%'
      and data_type in ('uuid', 'text', 'jsonb', 'json', 'character varying', 'ARRAY')
    order by table_name, column_name`.execute(db);
  const out: string[] = [];
  for (const { table_name: table, column_name: column } of rows) {
    if (!tables.test(table)) continue;
    const hit = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${sql.ref(column)}::text like ${`%${id}%`}`.execute(db);
    if (Number(hit.rows[0]?.n ?? 0) > 0) out.push(`${table}.${column}`);
  }
  return out;
}
