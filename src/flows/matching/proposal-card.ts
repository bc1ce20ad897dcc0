// The card a member of a proposed pair receives (and its reminder): who the partner is (their
// profile lines, and for the mentor the mentee's objective when the mentee agreed), why they were matched (in the reader's language), until when to answer, and the accept / decline
// buttons that the employee flows handle ('proposal.accept' / 'proposal.decline', subjects [matchId]).
import type { ActionRefSigner } from '../../domain/action-ref.ts';
import type { Pair, Person, Program } from '../../domain/model.ts';
import type { Profile } from '../../domain/profile.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { formatDateTime, formatNumber } from '../../ui/i18n/format.ts';
import { t } from '../../ui/i18n/t.ts';
import { card, type Card } from '../../ui/model.ts';
import { bold, bullets, mention, paragraph, richText } from '../../ui/rich-text.ts';
import { localeOf } from '../actor.ts';
import { publicProfileFacts } from '../enrol/profile-form.ts';
import { renderReasons } from './reasons-render.ts';

/** Buttons stay usable a little after expiry so a late click gets a clear "expired" answer, not a refusal. */
const REF_GRACE_MS = 24 * 3_600_000;

export function proposalCard(input: {
  pair: Pair; program: Program; reader: Person; signer: ActionRefSigner; now: Date; reminder: boolean;
  /** Who the other person is (title, department, location, one-line bio), when known. */
  partner?: Profile;
  /** The mentee's career objective, for the mentor only and only when the mentee agreed to share it. */
  objective?: string;
}): Card {
  const { pair, program, reader, signer, now } = input;
  const locale: Locale = localeOf(reader);
  const asMentee = reader.id === pair.menteeId;
  const partnerId = asMentee ? pair.mentorId : pair.menteeId;
  const title = input.reminder
    ? t(locale, 'proposal.reminder.title')
    : asMentee ? t(locale, 'proposal.card.title_mentee') : t(locale, 'proposal.card.title_mentor');
  const reasons = renderReasons(locale, pair.reasons, program.settings, asMentee ? 'mentee' : 'member');
  const refExpiry = new Date(Math.max((pair.expiresAt ?? now).getTime(), now.getTime()) + REF_GRACE_MS);
  const sign = (kind: string) => signer.sign({ kind, subjects: [pair.id], personId: reader.id, expiresAt: refExpiry });
  const sections = [
    richText(paragraph(asMentee ? t(locale, 'proposal.card.partner_mentor') : t(locale, 'proposal.card.partner_mentee'), ' ', mention(partnerId))),
  ];
  const about = input.partner ? publicProfileFacts(locale, input.partner) : [];
  if (about.length > 0) sections.push(richText(paragraph(bold(t(locale, 'proposal.card.about'))), bullets(...about.map((f) => t(locale, 'proposal.card.about_line', { label: f.label, value: f.value })))));
  if (input.objective && !asMentee) sections.push(richText(paragraph(bold(t(locale, 'proposal.card.objective'))), paragraph(input.objective)));
  if (reasons.length > 0) sections.push(richText(paragraph(bold(t(locale, 'proposal.card.why'))), bullets(...reasons)));
  sections.push(richText(t(locale, 'proposal.card.next')));
  const facts = [{ label: t(locale, 'proposal.card.score'), value: t(locale, 'proposal.card.score_value', { score: formatNumber(locale, Math.round(pair.score)) }) }];
  if (pair.expiresAt) facts.push({ label: t(locale, 'proposal.card.answer_by'), value: formatDateTime(locale, pair.expiresAt, reader.timezone) });
  return card({
    header: { title, subtitle: program.name },
    sections, facts,
    actions: [
      { kind: 'button', label: t(locale, 'proposal.card.accept'), style: 'primary', ref: sign('proposal.accept') },
      { kind: 'button', label: t(locale, 'proposal.card.decline'), style: 'danger', ref: sign('proposal.decline') },
    ],
  });
}
