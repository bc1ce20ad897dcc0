// The Teams app manifest (schema 1.19): a bot for personal chats (and teams, circles' group chats) with the command list people see
// when they type in the chat box, in English with a French localisation file (fr.json). Command descriptions come from the help catalog, so the
// manifest and the bot's help never disagree.
import type { Locale } from '../../../src/ui/i18n/catalog.ts';
import { t, type MessageKey } from '../../../src/ui/i18n/t.ts';
import { clip } from '../../../src/ui/clip.ts';

export const MANIFEST_VERSION = '1.19';
export const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;

export interface ManifestInput {
  /** The Azure bot registration's app id (MICROSOFT_APP_ID). */
  readonly botId: string;
  /** The Teams app id; the bot id unless the organisation wants another GUID. */
  readonly appId?: string;
  readonly version: string;
  readonly developer: { readonly name: string; readonly websiteUrl: string; readonly privacyUrl: string; readonly termsOfUseUrl: string };
  /** Host names the app's links and cards may open, e.g. the public host of this server. */
  readonly validDomains?: readonly string[];
}

/** The localisation files beside manifest.json, one per language other than English. */
export const LOCALIZATION_SCHEMA_URL = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`;

/**
 * The manifest's command menu (Teams shows at most 10), in the help's order. Titles are what Teams
 * types for the person when they pick one, so each is a word the bot understands in that
 * language (the French synonyms of domain/commands/keywords.ts; `home`/`accueil` in teams-bot.ts).
 * `lang` is left out for `home`: Teams sends the client's language with every message anyway.
 */
export const MENU: readonly { readonly en: string; readonly fr: string; readonly text: MessageKey }[] = [
  { en: 'help', fr: 'aide', text: 'help.intro' },
  { en: 'home', fr: 'accueil', text: 'help.cmd.home' },
  { en: 'find', fr: 'trouver', text: 'help.cmd.find' },
  { en: 'offer', fr: 'proposer', text: 'help.cmd.offer' },
  { en: 'status', fr: 'statut', text: 'help.cmd.status' },
  { en: 'goals', fr: 'objectifs', text: 'help.cmd.goals' },
  { en: 'checkin', fr: 'suivi', text: 'help.cmd.checkin' },
  { en: 'pause', fr: 'pause', text: 'help.cmd.pause' },
  { en: 'end', fr: 'fin', text: 'help.cmd.end' },
  { en: 'privacy', fr: 'confidentialité', text: 'help.cmd.privacy' },
];

function commands(locale: Locale): { title: string; description: string }[] {
  return MENU.map((item) => {
    const line = t(locale, item.text as 'help.cmd.find', { prefix: '' });
    // A help line reads "usage: what it does" (French puts a no-break space before the colon).
    const at = /\s?: /.exec(line);
    return { title: clip(item[locale], 32), description: clip(at ? line.slice(at.index + at[0].length) : line, 128) };
  });
}

const NAMES: Record<Locale, { short: string; full: string; descriptionShort: string; descriptionFull: string }> = {
  en: {
    short: 'Mentor bot', full: 'Mentor bot: mentoring programs in Teams',
    descriptionShort: 'Find a mentor, offer mentoring, check in with your pair.',
    descriptionFull: 'Mentor bot runs your company’s mentoring programs in Teams: a short matching survey, mentor/mentee '
      + 'pairs proposed with the reasons behind each match, SMART goals, check-ins at a decent hour in your time '
      + 'zone and periodic evaluation pulses. Program leads open rounds and follow program health without ever '
      + 'seeing what a participant confided.',
  },
  fr: {
    short: 'Mentor bot', full: 'Mentor bot\u00a0: les programmes de mentorat dans Teams',
    descriptionShort: 'Trouvez un mentor, devenez mentor, faites le point avec votre binôme.',
    descriptionFull: 'Mentor bot anime les programmes de mentorat de votre entreprise dans Teams\u00a0: un court questionnaire, '
      + 'des binômes mentor-mentoré proposés avec les raisons de chaque appariement, des objectifs SMART, des points '
      + 'd’étape à une heure raisonnable dans votre fuseau horaire et des enquêtes d’évaluation régulières. Les responsables '
      + 'ouvrent les cycles et suivent la santé du programme sans jamais voir ce qu’une personne a confié.',
  },
};

/** The French localisation file (fr.json): the manifest's strings, keyed by their JSON path. */
export function buildLocalization(locale: Exclude<Locale, 'en'>): Record<string, unknown> {
  const names = NAMES[locale];
  const file: Record<string, unknown> = {
    $schema: LOCALIZATION_SCHEMA_URL,
    'name.short': names.short, 'name.full': names.full,
    'description.short': names.descriptionShort, 'description.full': names.descriptionFull,
  };
  commands(locale).forEach((command, i) => {
    file[`bots[0].commandLists[0].commands[${i}].title`] = command.title;
    file[`bots[0].commandLists[0].commands[${i}].description`] = command.description;
  });
  return file;
}

/** Languages other than the manifest's own (English), each with its file in the package. */
export const ADDITIONAL_LANGUAGES = [{ languageTag: 'fr', file: 'fr.json' }] as const;

export function buildManifest(input: ManifestInput): Record<string, unknown> {
  return {
    $schema: MANIFEST_SCHEMA_URL,
    manifestVersion: MANIFEST_VERSION,
    version: input.version,
    id: input.appId ?? input.botId,
    developer: input.developer,
    name: { short: NAMES.en.short, full: NAMES.en.full },
    description: { short: NAMES.en.descriptionShort, full: NAMES.en.descriptionFull },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#2C3E50',
    bots: [{
      botId: input.botId,
      // personal: the bot's chat with each person; team: added to a team, its roster can be invited
      // to a round; groupChat: installed in a circle's group chat (TEAMS_CIRCLE_GROUP_CHATS), where it
      // posts the circle's messages (what people type in a group chat is not read).
      scopes: ['personal', 'team', 'groupChat'],
      isNotificationOnly: false,
      // The data export is sent as a file (file consent card, uploaded to the person's OneDrive).
      supportsFiles: true,
      commandLists: [{ scopes: ['personal'], commands: commands('en') }],
    }],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [...(input.validDomains ?? [])],
    localizationInfo: { defaultLanguageTag: 'en', additionalLanguages: ADDITIONAL_LANGUAGES.map((l) => ({ ...l })) },
  };
}
