// What an inbound Teams activity must look like before botbuilder or the bot reads it. Written
// from the Bot Framework activity schema and from what this adapter and botbuilder's handlers
// read: an activity missing one of those parts, or holding it in another shape, is refused with
// a 400 and a short reason, before authentication runs any bot code and before anything is
// stored. Parts nobody reads are let through as they come.
import { z } from 'zod';
import { searchValue } from './search.ts';

const id = z.string().min(1).max(1_000);
const shortText = z.string().max(1_000);
const name = z.string().max(2_000);

const account = z.object({ id, name: name.optional(), aadObjectId: id.optional(), role: shortText.optional() }).loose();

const conversation = z.object({
  id,
  conversationType: shortText.optional(),
  tenantId: id.optional(),
  isGroup: z.boolean().optional(),
  name: name.optional(),
}).loose();

const channelData = z.object({
  tenant: z.object({ id }).loose().optional(),
  eventType: shortText.optional(),
  team: z.object({ id: id.optional() }).loose().optional(),
  channel: z.object({ id: id.optional() }).loose().optional(),
}).loose();

// botbuilder finds mentions by `type` (any case) and reads `mentioned.id` and `text` from them.
const mention = z.object({
  type: z.string().regex(/^mention$/i),
  text: z.string().max(2_000),
  mentioned: account,
}).loose();
const otherEntity = z.object({ type: z.string().max(200).refine((t) => t.toLowerCase() !== 'mention') }).loose();
const entity = z.union([mention, otherEntity]);

const members = z.array(account).max(1_000);

/** The value each invoke this bot answers must carry; any other invoke is refused. */
export const INVOKE_VALUES: Readonly<Record<string, z.ZodType>> = {
  // Action.Execute on one of our cards (botbuilder checks the action type and answers 400 itself).
  'adaptiveCard/action': z.object({
    action: z.object({ type: z.string().max(100), verb: shortText.optional(), id: shortText.optional() }).loose(),
    trigger: shortText.optional(),
  }).loose(),
  // The person's answer to a file consent card.
  'fileConsent/invoke': z.object({
    type: z.literal('fileUpload'),
    action: z.enum(['accept', 'decline']),
    uploadInfo: z.object({
      name: name.optional(), uploadUrl: z.string().max(4_000).optional(), contentUrl: z.string().max(4_000).optional(),
      uniqueId: shortText.optional(), fileType: shortText.optional(),
    }).loose().optional(),
  }).loose(),
  // A type-ahead search from a card's Input.ChoiceSet (Data.Query): options or people.
  'application/search': searchValue,
};

function httpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export const activitySchema = z.object({
  type: z.string().min(1).max(100),
  id: id.optional(),
  channelId: z.string().min(1).max(200),
  // Required: botbuilder matches it against the token's serviceurl claim only when it is there.
  serviceUrl: z.string().max(2_000).refine(httpUrl, 'not an http(s) URL'),
  from: account,
  recipient: account,
  conversation,
  channelData: channelData.optional(),
  text: z.string().max(100_000).optional(),
  textFormat: shortText.optional(),
  locale: z.string().max(100).optional(),
  localTimezone: z.string().max(100).optional(),
  timestamp: shortText.optional(),
  replyToId: id.optional(),
  entities: z.array(entity).max(500).optional(),
  membersAdded: members.optional(),
  membersRemoved: members.optional(),
  reactionsAdded: z.array(z.object({ type: shortText }).loose()).max(100).optional(),
  reactionsRemoved: z.array(z.object({ type: shortText }).loose()).max(100).optional(),
  action: shortText.optional(),
  name: shortText.optional(),
  // Replies travel through the connector; a reply carried back in the HTTP answer is not offered.
  deliveryMode: z.literal('normal').optional(),
}).loose().superRefine((activity, ctx) => {
  if (activity.type === 'invoke') {
    const shape = activity.name === undefined ? undefined : INVOKE_VALUES[activity.name];
    if (!shape) { ctx.addIssue({ code: 'custom', path: ['name'], message: 'not an invoke this bot answers' }); return; }
    const value = shape.safeParse((activity as { value?: unknown }).value);
    if (!value.success) ctx.addIssue({ code: 'custom', path: ['value', ...(value.error.issues[0]?.path ?? [])], message: value.error.issues[0]?.message ?? 'invalid' });
  }
  // botbuilder removes the bot's mention from the text it expects to be there.
  if (activity.text === undefined && activity.entities?.some((e) => e.type.toLowerCase() === 'mention')) {
    ctx.addIssue({ code: 'custom', path: ['text'], message: 'a mention without text' });
  }
  const fromData = activity.channelData?.tenant?.id;
  const fromConversation = activity.conversation.tenantId;
  if (fromData !== undefined && fromConversation !== undefined && fromData !== fromConversation) {
    ctx.addIssue({ code: 'custom', path: ['conversation', 'tenantId'], message: 'differs from channelData.tenant.id' });
  }
});

export type ValidActivity = z.infer<typeof activitySchema>;

/** The activity, or a short reason naming the first part that is wrong ("conversation.id: required"). */
export function validateActivity(value: unknown): { ok: true; activity: ValidActivity } | { ok: false; reason: string } {
  const parsed = activitySchema.safeParse(value);
  if (parsed.success) return { ok: true, activity: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.map(String).join('.') || 'activity';
  return { ok: false, reason: `${where}: ${issue?.message ?? 'invalid'}`.slice(0, 200) };
}

/** The tenant an activity comes from (Teams sends it in both places; the schema makes them agree). */
export function activityTenant(activity: ValidActivity): string | undefined {
  return activity.channelData?.tenant?.id ?? activity.conversation.tenantId;
}
