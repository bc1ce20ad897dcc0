// Match reasons are stored as data (code + parameters) so that each reader gets them in their
// own language, at the time they read them. Unknown or malformed reasons are skipped rather than
// shown half-translated: the matcher may add codes before the catalog knows them.
import type { MatchReason } from '../../domain/model.ts';
import type { ProgramSettings } from '../../domain/program-settings.ts';
import { COMMUNICATION_MODES, FEEDBACK_STYLES, MENTORING_EXPERIENCE, VALUES } from '../../domain/survey-answers.ts';
import { valueLabel } from '../../ui/forms/survey-fields.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { formatList } from '../../ui/i18n/format.ts';
import { t } from '../../ui/i18n/t.ts';

/**
 * Who reads the reasons: a lead sees every reason but the mentee's shortlist choice, a member does
 * not see that a lead pinned them, and the mentee reads about their own priorities and objective as
 * theirs ("your priority no. 1") and alone reads that they chose the mentor (a ranking is theirs
 * alone: docs/programs.md, "Shortlist choice").
 */
export type ReasonAudience = 'lead' | 'member' | 'mentee';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | undefined => (list as readonly unknown[]).includes(v) ? v as T : undefined;

function topicLabel(settings: ProgramSettings, locale: Locale, key: string): string {
  return settings.topics.find((topic) => topic.key === key)?.label[locale] ?? key;
}

function levelLabel(locale: Locale, level: number): string {
  return level >= 3 ? t(locale, 'reason.level.expert') : level === 2 ? t(locale, 'reason.level.strong') : t(locale, 'reason.level.working');
}

/** "fr" → "French" / "français"; the code itself when the runtime does not know it. */
function languageName(locale: Locale, code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A mode as it reads inside a sentence: "by video call", « en visioconférence ». */
function modePhrase(locale: Locale, mode: (typeof COMMUNICATION_MODES)[number]): string {
  return mode === 'video' ? t(locale, 'reason.mode.video') : mode === 'phone' ? t(locale, 'reason.mode.phone') : t(locale, 'reason.mode.in_person');
}

function feedbackLabel(locale: Locale, style: (typeof FEEDBACK_STYLES)[number]): string {
  return style === 'direct' ? t(locale, 'survey.feedback.direct') : style === 'balanced' ? t(locale, 'survey.feedback.balanced') : t(locale, 'survey.feedback.gentle');
}

export function renderReason(locale: Locale, reason: MatchReason, settings: ProgramSettings, audience: ReasonAudience = 'member'): string | undefined {
  const r = reason as Record<string, unknown>;
  switch (reason.code) {
    case 'topic_expertise': {
      const topic = str(r.topic), rank = num(r.rank), level = num(r.level), years = num(r.years);
      if (!topic || rank === undefined || level === undefined) return undefined;
      // Years are the mentor's years in that topic; reasons that have none quote the level only.
      const yours = audience === 'mentee';
      if (years === undefined) return t(locale, yours ? 'reason.yours.topic_expertise_level' : 'reason.topic_expertise_level', { topic: topicLabel(settings, locale, topic), level: levelLabel(locale, level), rank });
      return t(locale, yours ? 'reason.yours.topic_expertise' : 'reason.topic_expertise', { topic: topicLabel(settings, locale, topic), level: levelLabel(locale, level), rank, count: years });
    }
    case 'first_language': {
      const language = str(r.language);
      return language ? t(locale, 'reason.first_language', { language: languageName(locale, language) }) : undefined;
    }
    case 'career_objective': {
      const experience = oneOf(MENTORING_EXPERIENCE, r.experience);
      if (!experience) return undefined;
      const label = experience === 'experienced' ? t(locale, 'reason.experience.experienced')
        : experience === 'some' ? t(locale, 'reason.experience.some') : t(locale, 'reason.experience.none');
      const topic = str(r.topic), level = num(r.level);
      const yours = audience === 'mentee';
      return topic && level !== undefined
        ? t(locale, yours ? 'reason.yours.career_topic' : 'reason.career_topic', { topic: topicLabel(settings, locale, topic), level: levelLabel(locale, level), experience: label })
        : t(locale, yours ? 'reason.yours.career_experience' : 'reason.career_experience', { experience: label });
    }
    case 'same_domain': {
      const domain = str(r.domain);
      return domain ? t(locale, 'reason.same_domain', { domain }) : undefined;
    }
    case 'shared_values': {
      const values = Array.isArray(r.values) ? r.values.map((v) => oneOf(VALUES, v)).filter((v) => v !== undefined) : [];
      return values.length > 0 ? t(locale, 'reason.shared_values', { values: formatList(locale, values.map((v) => valueLabel(locale, v))) }) : undefined;
    }
    case 'compatible_rhythm': {
      const days = num(r.cadenceDays), minutes = num(r.sessionMinutes);
      return days !== undefined && minutes !== undefined ? t(locale, 'reason.compatible_rhythm', { count: days, minutes }) : undefined;
    }
    case 'communication_mode': {
      const modes = Array.isArray(r.modes) ? r.modes.map((m) => oneOf(COMMUNICATION_MODES, m)).filter((m) => m !== undefined) : [];
      if (modes.length === 0) return undefined;
      const list = formatList(locale, modes.map((m) => modePhrase(locale, m)));
      const office = str(r.office);
      return office ? t(locale, 'reason.communication_mode_office', { modes: list, office }) : t(locale, 'reason.communication_mode', { modes: list });
    }
    case 'working_hours_overlap': {
      const hours = num(r.hours);
      return hours !== undefined ? t(locale, 'reason.working_hours_overlap', { count: hours }) : undefined;
    }
    case 'seniority_fit':
      return r.preference === 'far' ? t(locale, 'reason.seniority_far') : r.preference === 'close' ? t(locale, 'reason.seniority_close') : undefined;
    case 'feedback_style': {
      const style = oneOf(FEEDBACK_STYLES, r.style);
      return style ? t(locale, 'reason.feedback_style', { style: feedbackLabel(locale, style) }) : undefined;
    }
    case 'department':
      return r.preference === 'outside' ? t(locale, 'reason.department_outside') : r.preference === 'inside' ? t(locale, 'reason.department_inside') : undefined;
    case 'pinned':
      return audience === 'lead' ? t(locale, 'reason.pinned') : undefined;
    case 'choice': {
      const rank = num(r.rank);
      return audience === 'mentee' && rank !== undefined && rank >= 1 ? t(locale, 'reason.choice', { rank }) : undefined;
    }
    default:
      return undefined;
  }
}

/** The pair's reasons as sentences, best first, at most `max`. */
export function renderReasons(locale: Locale, reasons: readonly MatchReason[], settings: ProgramSettings, audience: ReasonAudience = 'member', max = 3): string[] {
  const out: string[] = [];
  for (const reason of reasons) {
    const line = renderReason(locale, reason, settings, audience);
    if (line) out.push(line);
    if (out.length >= max) break;
  }
  return out;
}
