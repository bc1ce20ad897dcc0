// A flash session accepted and introduced, for the tests of what follows it (Find a time, a
// booking made again): Monday 22 March 2027, 08:00 in Paris.
import type { DatabaseKind } from '../../src/db/connect.ts';
import type { CalendarPort } from '../../src/ports/calendar.ts';
import { enroll, openRound } from './employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from './memory-platform.ts';

/** Asa asks, Mo (the only opted-in mentor) accepts: the two are introduced. */
export async function acceptedFlashSession(kind: DatabaseKind, calendar?: CalendarPort): Promise<{ env: MemoryPlatform; asa: TestPerson; mo: TestPerson }> {
  const env = await createMemoryPlatform(kind, { start: new Date('2027-03-22T07:00:00Z'), ...(calendar ? { calendar } : {}) });
  const { round } = await openRound(env);
  const asa = env.person('Asa');
  const mo = env.person('Mo');
  for (const p of [asa, mo]) await p.type('/mentor help');
  await enroll(env, round, mo, 'mentor');
  await env.database.db.updateTable('people').set({ flash_opt_in: true }).where('id', '=', await mo.id()).execute();
  await asa.type('/mentor ask leadership');
  await asa.submit({ question: 'How do I prepare my first one-to-ones?' });
  await env.runDueJobs();
  await mo.click('Accept');
  await env.runDueJobs();
  return { env, asa, mo };
}
