// Plain English and French sentences for the structured reasons, addressed to the mentee.
// Self-contained on purpose: the core may render the same data from its own catalogs.
import type { MatchReason } from './match-reason.ts';

export type ReasonLocale = 'en' | 'fr';

export interface ReasonContext {
  mentorName: string;
  /** Label of a topic key in the reader's language (the program taxonomy); the key otherwise. */
  topicLabel?: (key: string, locale: ReasonLocale) => string;
}

const ORDINAL = {
  en: ['first', 'second', 'third', 'fourth', 'fifth'],
  fr: ['premier', 'deuxième', 'troisième', 'quatrième', 'cinquième'],
};
const VALUE_FR: Record<string, string> = {
  transparency: 'transparence', kindness: 'bienveillance', rigor: 'rigueur', curiosity: 'curiosité', autonomy: 'autonomie',
  collaboration: 'collaboration', ambition: 'ambition', balance: 'équilibre', inclusion: 'inclusion', creativity: 'créativité',
  integrity: 'intégrité', learning: 'apprentissage',
};
const MODE = {
  en: { video: 'by video', phone: 'by phone', in_person: 'in person' },
  fr: { video: 'en visio', phone: 'par téléphone', in_person: 'en personne' },
};
const STYLE = {
  en: { direct: 'direct', balanced: 'balanced', gentle: 'gentle' },
  fr: { direct: 'directs', balanced: 'équilibrés', gentle: 'bienveillants' },
};

const LEVEL: Record<ReasonLocale, readonly string[]> = {
  en: ['', 'working knowledge', 'strong skills', 'expert level'],
  fr: ['', 'connaissances pratiques', 'solides compétences', 'niveau expert'],
};
const EXPERIENCE = {
  en: { none: 'a first-time mentor', some: 'has mentored before', experienced: 'an experienced mentor' },
  fr: { none: 'premier mentorat', some: 'a déjà été mentor', experienced: 'mentor expérimenté' },
};

function list(items: readonly string[], locale: ReasonLocale): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${locale === 'fr' ? 'et' : 'and'} ${items[items.length - 1]}`;
}

function hours(h: number, locale: ReasonLocale): string {
  const n = locale === 'fr' ? String(h).replace('.', ',') : String(h);
  return `${n} ${locale === 'fr' ? (h >= 2 ? 'heures' : 'heure') : h === 1 ? 'hour' : 'hours'}`;
}

export function renderReason(reason: MatchReason, locale: ReasonLocale, ctx: ReasonContext): string {
  const name = ctx.mentorName;
  const fr = locale === 'fr';
  switch (reason.code) {
    case 'topic_expertise': {
      const topic = ctx.topicLabel?.(reason.topic, locale) ?? reason.topic;
      const goal = ORDINAL[locale][reason.rank - 1] ?? String(reason.rank);
      const level = LEVEL[locale][reason.level] ?? LEVEL[locale][1]!;
      const years = reason.years === undefined ? '' : fr
        ? ` (${reason.years} an${reason.years > 1 ? 's' : ''} dans ce domaine)`
        : ` (${reason.years} year${reason.years === 1 ? '' : 's'} in it)`;
      if (fr) return `${name} : ${level} en ${topic}${years}, votre ${goal} objectif`;
      return `${name}: ${level} in ${topic}${years}, your ${goal} goal`;
    }
    case 'first_language':
      return fr ? `${name} a la même première langue que vous (${reason.language})` : `${name} has the same first language as you (${reason.language})`;
    case 'career_objective': {
      const experience = EXPERIENCE[locale][reason.experience];
      if (reason.topic !== undefined && reason.level !== undefined) {
        const topic = ctx.topicLabel?.(reason.topic, locale) ?? reason.topic;
        const level = LEVEL[locale][reason.level] ?? LEVEL[locale][1]!;
        return fr
          ? `Votre objectif de carrière parle de ${topic} : ${name} y a ce niveau : ${level} (${experience})`
          : `Your career objective names ${topic}: ${name} has ${level} there (${experience})`;
      }
      return fr ? `Pour votre objectif de carrière : ${name}, ${experience}` : `For your career objective: ${name}, ${experience}`;
    }
    case 'same_domain':
      return fr ? `${name} travaille dans le domaine que vous visez : ${reason.domain}` : `${name} works in ${reason.domain}, the domain you want`;
    case 'shared_values':
      if (fr) {
        const values = reason.values.map((v) => VALUE_FR[v] ?? v);
        return values.length === 1 ? `Vous partagez la valeur : ${values[0]}` : `Vous partagez les valeurs : ${list(values, locale)}`;
      }
      return `You both value ${list(reason.values, locale)}`;
    case 'compatible_rhythm':
      return fr
        ? `${name} peut se rendre disponible tous les ${reason.cadenceDays} jours pour ${reason.sessionMinutes} minutes, proche de votre souhait`
        : `${name} can meet every ${reason.cadenceDays} days for ${reason.sessionMinutes} minutes, close to what you asked for`;
    case 'communication_mode': {
      const modes = list(reason.modes.map((m) => MODE[locale][m]), locale);
      const office = reason.office ? (fr ? ` (bureau : ${reason.office})` : ` (office: ${reason.office})`) : '';
      return fr ? `Vous pouvez échanger ${modes}${office}` : `You can meet ${modes}${office}`;
    }
    case 'working_hours_overlap':
      return fr
        ? `Vos horaires de travail se recouvrent de ${hours(reason.hours, locale)} par jour`
        : `Your working hours overlap by ${hours(reason.hours, locale)} a day`;
    case 'seniority_fit': {
      const levels = Math.abs(reason.gap);
      if (fr) {
        const wish = reason.preference === 'close' ? "l'écart proche que vous souhaitiez" : 'le recul que vous souhaitiez';
        return `${name} a ${levels} niveau${levels > 1 ? 'x' : ''} de plus que vous, ${wish}`;
      }
      const wish = reason.preference === 'close' ? 'the close gap you asked for' : 'the wider perspective you asked for';
      return `${name} is ${levels} level${levels > 1 ? 's' : ''} above you, ${wish}`;
    }
    case 'feedback_style':
      return fr
        ? `${name} donne des retours ${STYLE.fr[reason.style]}, comme vous les aimez`
        : `${name} gives ${STYLE.en[reason.style]} feedback, the style you prefer`;
    case 'department':
      if (reason.preference === 'outside') {
        return fr ? `${name} travaille hors de votre département, comme vous le souhaitiez` : `${name} works outside your department, as you asked`;
      }
      return fr ? `${name} travaille dans votre département, comme vous le souhaitiez` : `${name} works in your department, as you asked`;
    case 'pinned':
      return fr ? 'Binôme choisi par le responsable du programme' : 'Pair chosen by the program lead';
    case 'choice': {
      const which = ORDINAL[locale][reason.rank - 1] ?? String(reason.rank);
      return fr ? `Votre ${which} choix` : `Your ${which} choice`;
    }
  }
}
