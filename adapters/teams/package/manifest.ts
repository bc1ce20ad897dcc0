// The Teams app manifest (schema 1.19): a personal-scope bot with the command list people see
// when they type in the chat box. Command descriptions come from the help catalog, so the
// manifest and the bot's help never disagree.
import { t } from '../../../src/ui/i18n/t.ts';
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

/** The words of the manifest's command menu (Teams shows at most 10), in the help's order. */
function commands(): { title: string; description: string }[] {
  const p = { prefix: '' };
  const lines = [
    `help: ${t('en', 'help.intro')}`, t('en', 'help.cmd.find', p), t('en', 'help.cmd.offer', p), t('en', 'help.cmd.status', p),
    t('en', 'help.cmd.goals', p), t('en', 'help.cmd.checkin', p), t('en', 'help.cmd.pause', p), t('en', 'help.cmd.end', p),
    t('en', 'help.cmd.privacy', p), t('en', 'help.cmd.lang', p),
  ];
  return lines.map((line) => {
    const at = line.indexOf(': ');
    const usage = at > 0 ? line.slice(0, at) : line;
    const description = at > 0 ? line.slice(at + 2) : line;
    return { title: clip(usage.split(' ')[0]!.replace(/,$/, ''), 32), description: clip(description, 128) };
  });
}

export function buildManifest(input: ManifestInput): Record<string, unknown> {
  return {
    $schema: MANIFEST_SCHEMA_URL,
    manifestVersion: MANIFEST_VERSION,
    version: input.version,
    id: input.appId ?? input.botId,
    developer: input.developer,
    name: { short: 'Mentor bot', full: 'Mentor bot: mentoring programs in Teams' },
    description: {
      short: 'Find a mentor, offer mentoring, check in with your pair.',
      full: 'Mentor bot runs your company’s mentoring programs in Teams: a short matching survey, mentor/mentee '
        + 'pairs proposed with the reasons behind each match, SMART goals, check-ins at a decent hour in your time '
        + 'zone and periodic evaluation pulses. Program leads open rounds and follow program health without ever '
        + 'seeing what a participant confided.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#2C3E50',
    bots: [{
      botId: input.botId,
      scopes: ['personal'],
      isNotificationOnly: false,
      // The data export is sent as a file (file consent card, uploaded to the person's OneDrive).
      supportsFiles: true,
      commandLists: [{ scopes: ['personal'], commands: commands() }],
    }],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [...(input.validDomains ?? [])],
  };
}
