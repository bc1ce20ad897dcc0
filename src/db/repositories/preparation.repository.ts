// The one preference about session preparation: whether the person turned it off (`prepare off`).
import type { Db } from './db.ts';

export async function isPreparationOff(db: Db, personId: string): Promise<boolean> {
  const row = await db.selectFrom('people').select('preparation_off').where('id', '=', personId).executeTakeFirst();
  return row?.preparation_off ?? false;
}

/** Sets the preference; says whether it changed (turning off twice is not an error, only nothing new). */
export async function setPreparationOff(db: Db, personId: string, off: boolean, at: Date): Promise<boolean> {
  const result = await db.updateTable('people').set({ preparation_off: off, updated_at: at })
    .where('id', '=', personId).where('preparation_off', '=', !off).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
