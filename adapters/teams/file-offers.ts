// Files (a person's data export) reach Teams users through the file consent card: the bot offers
// the file, the person accepts, Teams gives an upload URL in their OneDrive, and the bot uploads
// the bytes there and posts the file card. Offers wait here (in memory, bounded, one day) until
// accepted; an offer lost to a restart is simply asked for again with `export`.
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { FileContent } from '../../src/ui/model.ts';

const MAX_OFFERS = 500;
const OFFER_TTL_MS = 24 * 3_600_000;

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';

interface Offer { readonly file: FileContent; readonly at: number; readonly recipient: string }

export class FileOffers {
  readonly #offers = new Map<string, Offer>();

  /** The consent card activity for a file meant for one Teams user. */
  offer(file: FileContent, recipientPlatformUserId: string, now = Date.now()): Partial<Activity> {
    for (const [id, o] of this.#offers) if (now - o.at > OFFER_TTL_MS || this.#offers.size >= MAX_OFFERS) this.#offers.delete(id);
    const fileId = randomUUID();
    this.#offers.set(fileId, { file, at: now, recipient: recipientPlatformUserId });
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

  /** The file offered under this id to this user, removed from the offers. */
  take(fileId: unknown, platformUserId: string): FileContent | undefined {
    if (typeof fileId !== 'string') return undefined;
    const offer = this.#offers.get(fileId);
    if (!offer || offer.recipient !== platformUserId) return undefined;
    this.#offers.delete(fileId);
    return offer.file;
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
