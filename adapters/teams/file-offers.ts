// Files (a person's data export) reach Teams users through the file consent card: the bot offers
// the file, the person accepts, Teams gives an upload URL in their OneDrive, and the bot uploads
// the bytes there and posts the file card. Offers wait in the database (adapter_state) for a day,
// so any web process, or the same one after a restart, serves the acceptance; only the person
// the offer was made to can take it, once.
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Db } from '../../src/db/repositories/db.ts';
import { takeAdapterState } from '../../src/db/repositories/adapter-state.repository.ts';
import { putOwnedAdapterState } from '../../src/db/repositories/person-owned-state.repository.ts';
import type { FileContent } from '../../src/ui/model.ts';

export const OFFER_KIND = 'teams.file_offer';
export const OFFER_TTL_MS = 24 * 3_600_000;

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';

/** Whom a file is offered to. */
export interface FileRecipient { readonly workspaceId: string; readonly platformUserId: string }

export class FileOffers {
  readonly #db: Db;
  readonly #now: () => Date;

  constructor(db: Db, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  /**
   * Saves the offer and gives the consent card activity for it; nothing when the recipient is
   * erased by then (the offer is saved under the lock that holds off their erasure).
   */
  async offer(file: FileContent, recipient: FileRecipient): Promise<Partial<Activity> | undefined> {
    const fileId = randomUUID();
    const saved = await putOwnedAdapterState(this.#db, {
      kind: OFFER_KIND, key: fileId, workspaceId: recipient.workspaceId, userId: recipient.platformUserId,
      value: { file }, expiresAt: new Date(this.#now().getTime() + OFFER_TTL_MS),
    });
    if (!saved) return undefined;
    const context = { fileId };
    return {
      type: 'message',
      text: file.comment,
      attachments: [{
        contentType: FILE_CONSENT_CARD,
        name: file.filename,
        content: { description: file.comment, sizeInBytes: Buffer.byteLength(file.content), acceptContext: context, declineContext: context },
      }],
    };
  }

  /** The file offered under this id to this user, removed from the offers (whoever asks first gets it). */
  async take(fileId: unknown, platformUserId: string): Promise<FileContent | undefined> {
    if (typeof fileId !== 'string' || fileId.length > 100) return undefined;
    const value = await takeAdapterState(this.#db, OFFER_KIND, fileId, platformUserId, this.#now());
    return value?.file as FileContent | undefined;
  }
}

/** Only OneDrive's HTTPS upload URLs (or a local test double) receive a person's data. */
export function uploadAllowed(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname));
  } catch {
    return false;
  }
}

export async function uploadFile(uploadUrl: string, file: FileContent): Promise<boolean> {
  if (!uploadAllowed(uploadUrl)) return false;
  const bytes = Buffer.from(file.content, 'utf8');
  const response = await fetch(uploadUrl, {
    method: 'PUT', body: bytes,
    headers: { 'content-type': file.mimeType, 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` },
  });
  return response.ok;
}
