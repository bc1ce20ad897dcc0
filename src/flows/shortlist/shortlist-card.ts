// What a mentee sees of their shortlist: each offered mentor's public profile lines (the ones
// `profile` shows on proposals) and why they fit this mentee, then a button to rank them. Nothing
// about any other mentee is on it. The ranking form lists the same mentors, best fit first.
import type { Person, Program, Round } from '../../domain/model.ts';
import type { Profile } from '../../domain/profile.ts';
import type { MatchReason } from '../../domain/matching/match-reason.ts';
import type { Form } from '../../ui/form.ts';
import { formatDateTime } from '../../ui/i18n/format.ts';
import { card, type Card } from '../../ui/model.ts';
import { bold, bullets, mention, paragraph, richText } from '../../ui/rich-text.ts';
import { publicProfileFacts } from '../enrol/profile-form.ts';
import { renderReasons } from '../matching/reasons-render.ts';
import type { Reader } from '../pair-members.ts';

export interface OfferedMentor {
  readonly person: Person;
  readonly profile: Profile | undefined;
  readonly reasons: readonly MatchReason[];
}

export function shortlistCard(input: {
  reader: Reader; program: Program; round: Round; mentors: readonly OfferedMentor[]; rankRef: string; reminder: boolean; ranking: readonly string[] | null;
}): Card {
  const { reader, program, round, mentors } = input;
  const { t } = reader;
  const deadline = formatDateTime(reader.locale, round.rankingDeadline ?? new Date(), reader.timeZone);
  const sections = [richText(t('shortlist.card.intro', { count: mentors.length, date: deadline }))];
  mentors.forEach((m, k) => {
    const about = m.profile ? publicProfileFacts(reader.locale, m.profile).map((f) => t('proposal.card.about_line', { label: f.label, value: f.value })) : [];
    const why = renderReasons(reader.locale, m.reasons, program.settings, 'mentee');
    sections.push(richText(
      paragraph(bold(`${k + 1}. `), mention(m.person.id)),
      ...(about.length > 0 ? [bullets(...about)] : []),
      ...(why.length > 0 ? [paragraph(bold(t('shortlist.card.why'))), bullets(...why)] : []),
    ));
  });
  sections.push(richText(t('shortlist.card.silent')));
  if (input.ranking && input.ranking.length > 0) sections.push(richText(t('shortlist.card.ranked_already')));
  return card({
    header: { title: input.reminder ? t('shortlist.card.title_reminder') : t('shortlist.card.title'), subtitle: program.name },
    sections,
    actions: [{ kind: 'button', style: 'primary', label: input.ranking ? t('shortlist.card.change') : t('shortlist.card.rank'), ref: input.rankRef }],
  });
}

/** The ranking form: pick and order at least one of the offered mentors. */
export function rankingForm(reader: Pick<Reader, 't'>, mentors: readonly Person[], ref: string, initial: readonly string[] | null): Form {
  const offered = new Set(mentors.map((m) => m.id));
  const kept = (initial ?? []).filter((id) => offered.has(id));
  return {
    kind: 'form', id: 'shortlist.rank', ref, title: reader.t('shortlist.form.title'), submitLabel: reader.t('form.submit'),
    intro: richText(reader.t('shortlist.form.intro')),
    fields: [{
      kind: 'ranked', id: 'ranking', label: reader.t('shortlist.form.label'), required: true, minRanked: 1, maxRanked: mentors.length,
      options: mentors.map((m) => ({ value: m.id, label: m.displayName })),
      ...(kept.length > 0 ? { initial: kept } : {}),
    }],
  };
}
