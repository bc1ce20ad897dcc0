// Every word the parser understands, English first, then French synonyms. Folded (lower case,
// accents removed), so "Confidentialité" and "confidentialite" are the same word.

export const TOP_LEVEL = {
  help: ['help', 'aide', '?', 'h'],
  find: ['find', 'trouver', 'chercher'],
  offer: ['offer', 'proposer', 'offrir'],
  status: ['status', 'statut', 'etat'],
  goals: ['goals', 'goal', 'objectifs', 'objectif'],
  checkin: ['checkin', 'check-in', 'suivi', 'point'],
  pause: ['pause'],
  resume: ['resume', 'reprendre'],
  end: ['end', 'fin', 'terminer', 'arreter'],
  privacy: ['privacy', 'confidentialite', 'vie-privee'],
  export: ['export', 'exporter'],
  delete: ['delete', 'supprimer', 'effacer'],
  lang: ['lang', 'language', 'langue'],
  profile: ['profile', 'profil'],
  ask: ['ask', 'demander', 'flash'],
  guide: ['guide', 'guides'],
  time: ['time', 'schedule', 'meet', 'creneau', 'rdv', 'rendez-vous'],
  prepare: ['prepare', 'prep', 'preparer', 'preparation'],
  wins: ['wins', 'win', 'reussites', 'succes', 'bilan'],
  circle: ['circle', 'cercle'],
  admin: ['admin'],
} as const;

export const ADMIN = {
  program: ['program', 'programme', 'programs', 'programmes'],
  round: ['round', 'cycle', 'cohort', 'cohorte'],
  match: ['match', 'matching', 'apparier', 'appariement'],
  pin: ['pin', 'epingler', 'imposer'],
  forbid: ['forbid', 'interdire'],
  publish: ['publish', 'publier'],
  report: ['report', 'rapport'],
  leads: ['leads', 'lead', 'responsables', 'responsable'],
  circle: ['circle', 'cercle'],
  circles: ['circles', 'cercles'],
} as const;

/** `admin circles fill`: seat the mentees in the round's circles. */
export const CIRCLES_ACTIONS = {
  fill: ['fill', 'remplir'],
} as const;

export const PROGRAM_ACTIONS = {
  create: ['create', 'new', 'creer', 'nouveau'],
  edit: ['edit', 'modifier', 'editer'],
  list: ['list', 'liste', 'lister'],
} as const;

export const ROUND_ACTIONS = {
  open: ['open', 'ouvrir'],
  close: ['close', 'fermer', 'clore', 'cloturer'],
  status: ['status', 'statut', 'etat'],
} as const;

export const LEADS_ACTIONS = {
  add: ['add', 'ajouter'],
  remove: ['remove', 'retirer', 'supprimer'],
} as const;

export const LANGUAGES = {
  en: ['en', 'english', 'anglais'],
  fr: ['fr', 'french', 'francais'],
} as const;

/** `guide mentor`, `guide mentoré`: whose guide. */
export const ROLES = {
  mentor: ['mentor', 'mentors'],
  // "mentoré(e)(s)", folded.
  mentee: ['mentee', 'mentees', 'mentore', 'mentores', 'mentoree', 'mentorees'],
} as const;
/** `time series`: a recurring meeting. */
export const SERIES = ['series', 'serie', 'recurring', 'recurrent', 'repeat', 'repeter'];

export const UNTIL = ['until', 'till', "jusqu'au", "jusqu'a", 'jusquau', 'au'];

/** The key of the table whose synonyms contain the word, if any. */
export function lookup<K extends string>(table: Readonly<Record<K, readonly string[]>>, word: string | undefined): K | undefined {
  if (word === undefined) return undefined;
  for (const key of Object.keys(table) as K[]) if (table[key].includes(word)) return key;
  return undefined;
}

/** `wins export`: the same as `wins` (the wins log file). */
export const EXPORT_WORDS = ['export', 'exporter', 'file', 'fichier'];

/** `prepare on|off`. */
export const SWITCHES = {
  on: ['on', 'oui', 'yes', 'activer'],
  off: ['off', 'non', 'no', 'stop', 'desactiver'],
} as const;
