// The forms shown, by ref and step, so that a submission can be answered with the same card and
// its errors, or with the recorded answers: card actions do not send the card back. Kept in the
// database (adapter_state) for 30 days, so any web process, or the same one after a restart,
// answers a submission of a form another one showed.
import { createHash } from 'node:crypto';
import type { Db } from '../../src/db/repositories/db.ts';
import { getAdapterState, putAdapterState } from '../../src/db/repositories/adapter-state.repository.ts';
import { putOwnedAdapterState } from '../../src/db/repositories/person-owned-state.repository.ts';
import type { Form } from '../../src/ui/form.ts';

export const FORM_KIND = 'teams.form';
export const FORM_TTL_MS = 30 * 86_400_000;

/** Whom a form was shown to: erasing them erases it. */
export interface FormOwner { readonly workspaceId: string; readonly platformUserId: string }

const keyOf = (ref: string, formId: string): string => createHash('sha256').update(`${ref}\u0000${formId}`).digest('base64url');

export class FormCache {
  readonly #db: Db;
  readonly #now: () => Date;

  constructor(db: Db, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  /**
   * Keeps the form. One shown to a person (it may hold what they typed) is kept only while they are
   * not erased, under the lock that holds off their erasure (person-owned-state.repository.ts).
   */
  async remember(form: Form, owner?: FormOwner): Promise<void> {
    const row = { kind: FORM_KIND, key: keyOf(form.ref, form.id), value: { form }, expiresAt: new Date(this.#now().getTime() + FORM_TTL_MS) };
    if (owner) await putOwnedAdapterState(this.#db, { ...row, workspaceId: owner.workspaceId, userId: owner.platformUserId });
    else await putAdapterState(this.#db, row);
  }

  async find(ref: string, formId: string): Promise<Form | undefined> {
    const row = await getAdapterState(this.#db, FORM_KIND, keyOf(ref, formId), this.#now());
    return row?.value.form as Form | undefined;
  }
}
