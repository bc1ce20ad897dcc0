// Conversation references: what the bot needs to write to a person outside a request. Saved at
// install and on every message (Teams may move a conversation), removed at uninstall.
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { deleteConversationRef, getConversationRef, saveConversationRef } from '../../src/db/repositories/conversation-ref.repository.ts';
import type { Db } from '../../src/db/repositories/db.ts';

export function referenceOf(activity: Partial<Activity>): Partial<ConversationReference> {
  return TurnContext.getConversationReference(activity);
}

/**
 * Saves the reference; true when it is new for this person (first contact or a new conversation).
 * Written only when it changed (then under the lock that holds off the person's erasure): false
 * when they are erased by then, and nothing is saved.
 */
export async function rememberConversation(db: Db, workspaceId: string, personId: string, activity: Partial<Activity>): Promise<boolean> {
  const reference = referenceOf(activity);
  const previous = await getConversationRef(db, personId);
  const previousConversation = (previous?.conversation as { id?: string } | undefined)?.id;
  const unchanged = previousConversation === reference.conversation?.id && previous?.serviceUrl === reference.serviceUrl;
  if (!unchanged && !(await saveConversationRef(db, workspaceId, personId, reference as Record<string, unknown>))) return false;
  return previousConversation !== reference.conversation?.id;
}

export async function forgetConversation(db: Db, personId: string): Promise<void> {
  await deleteConversationRef(db, personId);
}

export async function conversationOf(db: Db, personId: string): Promise<Partial<ConversationReference> | undefined> {
  return (await getConversationRef(db, personId)) as Partial<ConversationReference> | undefined;
}

/**
 * A sent message as the core keeps it: the person's id travels in the channel id, so an update
 * finds the conversation reference directly. Opaque to the core.
 */
export const sentChannelId = (personId: string, conversationId: string): string => `${personId}|${conversationId}`;

export function parseSentChannelId(channelId: string): { personId: string; conversationId: string } | undefined {
  const at = channelId.indexOf('|');
  return at > 0 ? { personId: channelId.slice(0, at), conversationId: channelId.slice(at + 1) } : undefined;
}
