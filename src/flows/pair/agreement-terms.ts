// What a pair agrees to (issue 17, from the article's "cadre structuré pour les échanges"): its
// goals, cadence, session length, how long the pairing runs, how they meet, confidentiality and
// how to end, plus the pair's own added terms. Read when a message is written, so the intro, the
// agreement's messages and `status` always show the same, current terms.
import type { Pair } from '../../domain/model.ts';
import { COMMUNICATION_MODES } from '../../domain/survey-answers.ts';
import type { Agreement } from '../../db/repositories/agreement.repository.ts';
import type { Db } from '../../db/repositories/db.ts';
import { findEnrollment } from '../../db/repositories/enrollment.repository.ts';
import { listGoals } from '../../db/repositories/goal.repository.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { getRound } from '../../db/repositories/round.repository.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { formatDate, formatList } from '../../ui/i18n/format.ts';
import { t } from '../../ui/i18n/t.ts';
import { bullets, type Block } from '../../ui/rich-text.ts';
import { cadenceText } from './cadence-text.ts';

export interface AgreementTerms {
  readonly cadence: string;
  readonly sessionMinutes: number;
  readonly modes: readonly string[];
  readonly endsAt: Date | null;
  readonly goals: readonly string[];
  readonly own?: { readonly text: string; readonly byName: string };
}

/** The communication modes both members offered in their surveys (all of them when unsaid). */
export async function sharedModes(db: Db, pair: Pair): Promise<string[]> {
  const mentee = await findEnrollment(db, pair.roundId, pair.menteeId, 'mentee');
  const mentor = await findEnrollment(db, pair.roundId, pair.mentorId, 'mentor');
  const modes = (answers: Record<string, unknown> | null | undefined): string[] => (Array.isArray(answers?.modes) ? answers.modes as string[] : [...COMMUNICATION_MODES]);
  const theirs = modes(mentor?.answers);
  return modes(mentee?.answers).filter((m) => theirs.includes(m));
}

export async function loadTerms(db: Db, pair: Pair, agreement: Agreement | undefined): Promise<AgreementTerms> {
  const program = await getProgram(db, pair.programId);
  const round = await getRound(db, pair.roundId);
  const goals = (await listGoals(db, pair.id)).filter((g) => g.status === 'open').map((g) => g.title);
  const author = agreement?.termsBy ? await getPerson(db, agreement.termsBy) : undefined;
  return {
    cadence: program?.settings.checkinCadence ?? 'P1M', sessionMinutes: program?.settings.sessionMinutes ?? 60,
    modes: await sharedModes(db, pair), endsAt: round?.endsAt ?? null, goals,
    ...(agreement?.terms ? { own: { text: agreement.terms, byName: author?.displayName ?? '' } } : {}),
  };
}

/** A mode inside a sentence: "by video call", « en visioconférence » (not the survey's capitalised option). */
function modePhrase(locale: Locale, mode: string): string {
  return mode === 'video' ? t(locale, 'reason.mode.video') : mode === 'phone' ? t(locale, 'reason.mode.phone') : t(locale, 'reason.mode.in_person');
}

/** The terms as bullets, in the reader's language; dates in `timeZone`. */
export function termLines(locale: Locale, timeZone: string, terms: AgreementTerms): Block {
  const modes = terms.modes.length > 0 ? formatList(locale, terms.modes.map((m) => modePhrase(locale, m))) : t(locale, 'pair.intro.mode_any');
  return bullets(
    terms.goals.length > 0 ? t(locale, 'agreement.goals_list', { titles: formatList(locale, terms.goals.map((title) => t(locale, 'agreement.goal_quoted', { title }))) }) : t(locale, 'agreement.goals_none'),
    t(locale, 'agreement.cadence', { cadence: cadenceText(locale, terms.cadence) }),
    t(locale, 'agreement.session', { minutes: terms.sessionMinutes }),
    ...(terms.endsAt ? [t(locale, 'agreement.until', { date: formatDate(locale, terms.endsAt, timeZone) })] : []),
    t(locale, 'agreement.mode', { modes }),
    t(locale, 'agreement.confidential'),
    t(locale, 'agreement.how_to_end'),
    ...(terms.own ? [t(locale, 'agreement.own_terms', { name: terms.own.byName, text: terms.own.text })] : []),
  );
}
