// Who is acting and what they typed, read from a Teams activity. A person is known by their
// Entra ID (AAD) object id: stable across bots and what admins see; the Bot Framework user id
// (29:…) is only a fallback for clients that do not send it (emulators).
import { TurnContext, type Activity } from 'botbuilder';
import type { CommandInput } from '../../src/domain/commands/command.ts';
import type { Actor } from '../../src/flows/actor.ts';
import { cleanText } from '../../src/ui/clean-text.ts';

const MAX_TEXT = 2_000;

export function tenantOf(activity: Partial<Activity>): string {
  const fromData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return activity.conversation?.tenantId ?? (typeof fromData === 'string' ? fromData : undefined) ?? 'teams';
}

export function actorOf(activity: Partial<Activity>): Actor | undefined {
  const from = activity.from;
  const platformUserId = from?.aadObjectId ?? from?.id;
  if (!platformUserId) return undefined;
  const name = from?.name ? cleanText(from.name).trim() : '';
  return {
    platform: 'teams',
    workspaceExternalId: tenantOf(activity),
    platformUserId,
    profile: {
      ...(name ? { displayName: name } : {}),
      ...(activity.locale ? { locale: activity.locale } : {}),
      ...(activity.localTimezone ? { timezone: activity.localTimezone } : {}),
    },
  };
}

const decodeEntities = (text: string): string =>
  text.replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&amp;/g, '&');

/** The typed words without the bot's own mention, and the people mentioned in them. */
export function commandInput(activity: Activity): CommandInput {
  const withoutBot = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  const mentions = (activity.entities ?? [])
    .filter((e) => e.type === 'mention')
    .map((e) => e as unknown as { text?: string; mentioned?: { id?: string; aadObjectId?: string } })
    .filter((m) => m.text && m.mentioned?.id && m.mentioned.id !== activity.recipient?.id)
    .map((m) => ({ platformUserId: (m.mentioned!.aadObjectId ?? m.mentioned!.id)!, text: m.text! }));
  return { text: decodeEntities(withoutBot).slice(0, MAX_TEXT).trim(), mentions };
}
