// How the agreement reads to one member: its terms, who confirmed the current version and when,
// and, while the reader has not confirmed it, the buttons to agree or suggest a change. Used by
// the intro, the agreement's own messages, the answer to a stale click and `status`.
import type { Pair } from '../../domain/model.ts';
import { getAgreement, type Agreement } from '../../db/repositories/agreement.repository.ts';
import type { Db } from '../../db/repositories/db.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { formatDate, formatList } from '../../ui/i18n/format.ts';
import { t } from '../../ui/i18n/t.ts';
import { card, type ButtonAction, type Card } from '../../ui/model.ts';
import { bold, paragraph, richText, type RichText } from '../../ui/rich-text.ts';
import { partnerOf, sideOf } from '../pair-members.ts';
import { loadTerms, termLines } from './agreement-terms.ts';

export interface AgreementReader {
  readonly personId: string;
  readonly locale: Locale;
  readonly timeZone: string;
}

/** Signs a button for the reader (refFor, ctx.ref) or for the pair (pairRef, on a shared message). */
export type SignRef = (kind: string, subjects: readonly string[]) => string;

export const confirmedAtOf = (pair: Pair, agreement: Agreement, personId: string): Date | null =>
  (sideOf(pair, personId) === 'mentee' ? agreement.menteeAgreedAt : agreement.mentorAgreedAt);

/** "I agree" (left out once the reader has) and "Suggest a change", for this version. */
export function agreementButtons(locale: Locale, pair: Pair, version: number, sign: SignRef, withConfirm = true): ButtonAction[] {
  return [
    ...(withConfirm ? [{ kind: 'button' as const, style: 'primary' as const, label: t(locale, 'agreement.confirm'), ref: sign('agreement.confirm', [pair.id, String(version)]) }] : []),
    { kind: 'button', style: 'default', label: t(locale, 'agreement.change'), ref: sign('agreement.change', [pair.id, String(version)]) },
  ];
}

/** The terms under their heading, for one language of a message. */
export async function termsSection(db: Db, pair: Pair, agreement: Agreement | undefined, locale: Locale, timeZone: string): Promise<RichText> {
  return richText(paragraph(bold(t(locale, 'agreement.heading'))), termLines(locale, timeZone, await loadTerms(db, pair, agreement)));
}

/** "Mia agreed on 2 March 2027." for each member who confirmed the current version. */
export async function confirmationLines(db: Db, pair: Pair, agreement: Agreement, reader: AgreementReader): Promise<string[]> {
  const lines: string[] = [];
  for (const personId of [pair.menteeId, pair.mentorId]) {
    const at = confirmedAtOf(pair, agreement, personId);
    if (!at) continue;
    const date = formatDate(reader.locale, at, reader.timeZone);
    lines.push(personId === reader.personId ? t(reader.locale, 'agreement.status.you_confirmed', { date })
      : t(reader.locale, 'agreement.status.confirmed_by', { name: (await getPerson(db, personId))?.displayName ?? '', date }));
  }
  return lines;
}

/** "agreed on …" or "waiting for you and Omar": the status line of the agreement. */
export async function agreementState(db: Db, pair: Pair, agreement: Agreement, reader: AgreementReader): Promise<string> {
  if (agreement.agreedAt) return t(reader.locale, 'agreement.status.agreed', { date: formatDate(reader.locale, agreement.agreedAt, reader.timeZone) });
  const waiting: string[] = [];
  for (const personId of [reader.personId, partnerOf(pair, reader.personId)]) {
    if (confirmedAtOf(pair, agreement, personId)) continue;
    waiting.push(personId === reader.personId ? t(reader.locale, 'agreement.status.you') : (await getPerson(db, personId))?.displayName ?? '');
  }
  return t(reader.locale, 'agreement.status.waiting_for', { names: formatList(reader.locale, waiting) });
}

/** The agreement as its own card, `lead` above the terms; undefined when the pair has none. */
export async function agreementCard(db: Db, pair: Pair, reader: AgreementReader, sign: SignRef, parts: { title: string; lead?: string }): Promise<Card | undefined> {
  const agreement = await getAgreement(db, pair.id);
  if (!agreement) return undefined;
  const sections: RichText[] = [];
  if (parts.lead) sections.push(richText(parts.lead));
  sections.push(await termsSection(db, pair, agreement, reader.locale, reader.timeZone));
  const confirmed = await confirmationLines(db, pair, agreement, reader);
  const mine = confirmedAtOf(pair, agreement, reader.personId);
  if (confirmed.length > 0) sections.push(richText(...confirmed.map((line) => paragraph(line))));
  if (!mine) sections.push(richText(t(reader.locale, 'agreement.ask')));
  return card({
    header: { title: parts.title },
    sections,
    facts: [{ label: t(reader.locale, 'agreement.status.fact'), value: await agreementState(db, pair, agreement, reader) }],
    actions: mine ? [] : agreementButtons(reader.locale, pair, agreement.version, sign),
  });
}
