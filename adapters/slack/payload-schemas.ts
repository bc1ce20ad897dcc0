// The shapes of what Slack sends, checked before Bolt sees a payload. Bolt trusts its input: a
// `null` body, `actions: null` or `event.item: 5` throws inside it (a crashed process or a 500),
// and a payload no listener takes hangs until its 3 s timeout. Here every payload is classified
// the way Bolt will route it (events, then commands, then interactivity by `type`), validated
// for what Bolt and our listeners read, and sorted into: dispatch to Bolt, answer 200 and do
// nothing (a kind or id the app does not handle), or reject (400). HTTP and Socket Mode share it.
import { z } from 'zod';

/** What the app's listeners take; anything else is answered at once and dropped. */
export interface SlackRoutes {
  readonly actionIds: readonly RegExp[];
  readonly viewCallbackIds: readonly string[];
  readonly eventTypes: readonly string[];
}

/** The workspace a request speaks for, as the listeners and Bolt will read it. */
export interface TeamClaim {
  readonly teamId: string | undefined;
  readonly enterpriseId: string | undefined;
}

export type Screened =
  | { readonly verdict: 'dispatch'; readonly kind: string; readonly team: TeamClaim | undefined }
  | { readonly verdict: 'ignore'; readonly kind: string; readonly reason: string; readonly team: TeamClaim | undefined; readonly reply?: Record<string, unknown> }
  | { readonly verdict: 'reject'; readonly kind: string; readonly reason: string };

const id = z.string().min(1).max(255);
const webUrl = z.string().max(2_000).refine((value) => /^https?:\/\/[^\s]+$/.test(value), 'must be an http(s) URL');
const nullableId = id.nullable().optional();
// Bolt picks the kind of a payload by these keys before looking at `type`; one present in the
// wrong kind of payload would send it to listeners that read fields it does not have.
const absent = z.never({ message: 'must not be present in this kind of payload' }).optional();

const user = z.looseObject({ id, team_id: id.optional() });
const team = z.looseObject({ id, domain: z.string().optional(), enterprise_id: nullableId }).nullable().optional();
const enterprise = z.looseObject({ id }).nullable().optional();

const slashCommand = z.looseObject({
  command: z.string().min(1).max(255),
  text: z.string().max(40_000),
  team_id: id,
  team_domain: z.string().optional(),
  enterprise_id: z.string().optional(),
  user_id: id,
  channel_id: id.optional(),
  trigger_id: id,
  response_url: webUrl,
  event: absent,
});

const interactive = {
  user, team, enterprise, event: absent, command: absent, name: absent,
  api_app_id: z.string().optional(),
  response_url: webUrl.optional(),
  response_urls: z.array(z.looseObject({ response_url: webUrl })).optional(),
};

const option = z.looseObject({ value: z.string() });

const blockActions = z.looseObject({
  ...interactive,
  type: z.literal('block_actions'),
  trigger_id: id,
  actions: z.array(z.looseObject({
    action_id: z.string().min(1).max(255),
    block_id: z.string().optional(),
    type: z.string(),
    value: z.string().optional(),
    selected_option: option.nullable().optional(),
  })).min(1),
  container: z.looseObject({ type: z.string(), is_ephemeral: z.boolean().optional() }),
  channel: z.looseObject({ id }).optional(),
  message: z.looseObject({ ts: z.string() }).optional(),
  view: z.looseObject({ id, hash: z.string().optional(), type: z.string() }).optional(),
});

// The element states read-submission.ts turns into field values.
const elementState = z.looseObject({
  type: z.string(),
  value: z.string().nullable().optional(),
  selected_option: option.nullable().optional(),
  selected_options: z.array(option).optional(),
  selected_date: z.string().nullable().optional(),
  selected_user: z.string().nullable().optional(),
  selected_users: z.array(z.string()).optional(),
});

const viewBase = {
  id, hash: z.string(), callback_id: z.string(), type: z.string().optional(),
  team_id: id.optional(), app_installed_team_id: id.optional(),
  private_metadata: z.string().max(3_000).optional(),
};

const viewSubmission = z.looseObject({
  ...interactive,
  actions: absent,
  type: z.literal('view_submission'),
  trigger_id: id.optional(),
  view: z.looseObject({
    ...viewBase,
    private_metadata: z.string().max(3_000),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), elementState)) }),
    blocks: z.array(z.looseObject({ type: z.string(), block_id: z.string().optional() })),
  }),
});

const viewClosed = z.looseObject({ ...interactive, actions: absent, type: z.literal('view_closed'), view: z.looseObject(viewBase) });

const blockSuggestion = z.looseObject({
  ...interactive, name: z.unknown().optional(), type: z.literal('block_suggestion'), action_id: z.string(), value: z.string().optional(),
});

const eventEnvelope = z.looseObject({
  type: z.literal('event_callback'),
  team_id: id,
  enterprise_id: nullableId,
  event_id: id,
  api_app_id: z.string().optional(),
  authorizations: z.array(z.looseObject({ team_id: nullableId, enterprise_id: nullableId })).optional(),
  event: z.looseObject({ type: z.string().min(1).max(255) }),
});

// Bolt looks for a conversation and a user in every event: `channel` (a string or an object
// with `id`), `channel_id`, `item.channel`, `user`, `subteam.created_by`; other shapes throw.
const appHomeOpened = z.looseObject({
  type: z.literal('app_home_opened'),
  user: id,
  channel: z.string().optional(),
  tab: z.string(),
  channel_id: absent, item: absent, subteam: absent,
});

const urlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: z.string().min(1).max(1_000) });

// Interactivity Slack may send that the app never asked for: nothing to do, but Slack expects 200.
const UNHANDLED_INTERACTIVE = new Set(['shortcut', 'message_action', 'interactive_message', 'dialog_submission', 'dialog_cancellation', 'workflow_step_edit']);

function describe(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid';
  const path = first.path.map(String).join('.');
  return `${path || '(payload)'}: ${first.message}`.slice(0, 300);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The team the listeners act for: `team.id`, else the user's own team (org-wide installs on Enterprise Grid). */
interface InteractiveParties {
  readonly user: { readonly team_id?: string | undefined };
  readonly team?: { readonly id: string; readonly enterprise_id?: string | null | undefined } | null | undefined;
  readonly enterprise?: { readonly id: string } | null | undefined;
}

function interactiveTeam(body: InteractiveParties, viewTeam?: string): TeamClaim {
  return {
    teamId: body.team?.id ?? body.user.team_id ?? viewTeam,
    enterpriseId: body.enterprise?.id ?? body.team?.enterprise_id ?? undefined,
  };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The team a payload of a kind the app does not handle seems to name, if any: still refused when foreign. */
function looseTeam(body: Record<string, unknown>): TeamClaim | undefined {
  const team = isRecord(body.team) ? body.team : undefined;
  const user = isRecord(body.user) ? body.user : undefined;
  const enterprise = isRecord(body.enterprise) ? body.enterprise : undefined;
  const teamId = text(team?.id) ?? text(user?.team_id) ?? text(body.team_id);
  const enterpriseId = text(enterprise?.id) ?? text(team?.enterprise_id) ?? text(body.enterprise_id);
  return teamId || enterpriseId ? { teamId, enterpriseId } : undefined;
}

/** Classifies and validates one parsed Slack payload (an HTTP body or a Socket Mode envelope's payload). */
export function screenSlackPayload(body: unknown, routes: SlackRoutes): Screened {
  if (!isRecord(body)) return { verdict: 'reject', kind: 'unknown', reason: `a payload must be a JSON object, got ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}` };
  if (body.type === 'url_verification') {
    const parsed = urlVerification.safeParse(body);
    return parsed.success ? { verdict: 'dispatch', kind: 'url_verification', team: undefined } : { verdict: 'reject', kind: 'url_verification', reason: describe(parsed.error) };
  }
  if (body.event !== undefined || body.type === 'event_callback') return screenEvent(body, routes);
  if (body.command !== undefined) {
    const parsed = slashCommand.safeParse(body);
    if (!parsed.success) return { verdict: 'reject', kind: 'slash_command', reason: describe(parsed.error) };
    return { verdict: 'dispatch', kind: 'slash_command', team: { teamId: parsed.data.team_id, enterpriseId: parsed.data.enterprise_id || undefined } };
  }
  if (typeof body.type !== 'string') return { verdict: 'reject', kind: 'unknown', reason: 'a payload needs a string "type", a "command" or an "event"' };
  return screenInteractive(body, body.type, routes);
}

function screenEvent(body: Record<string, unknown>, routes: SlackRoutes): Screened {
  const parsed = eventEnvelope.safeParse(body);
  if (!parsed.success) return { verdict: 'reject', kind: 'event_callback', reason: describe(parsed.error) };
  const envelope = parsed.data;
  const claim: TeamClaim = { teamId: envelope.team_id, enterpriseId: envelope.enterprise_id ?? envelope.authorizations?.[0]?.enterprise_id ?? undefined };
  const kind = `event_callback/${envelope.event.type}`;
  if (!routes.eventTypes.includes(envelope.event.type)) return { verdict: 'ignore', kind, reason: 'no listener for this event type', team: claim };
  if (envelope.event.type === 'app_home_opened') {
    const event = appHomeOpened.safeParse(envelope.event);
    if (!event.success) return { verdict: 'reject', kind, reason: `event.${describe(event.error)}` };
  }
  return { verdict: 'dispatch', kind, team: claim };
}

function screenInteractive(body: Record<string, unknown>, type: string, routes: SlackRoutes): Screened {
  switch (type) {
    case 'block_actions': {
      const parsed = blockActions.safeParse(body);
      if (!parsed.success) return { verdict: 'reject', kind: type, reason: describe(parsed.error) };
      const claim = interactiveTeam(parsed.data);
      if (!claim.teamId) return { verdict: 'reject', kind: type, reason: 'team: names no team (team.id or user.team_id)' };
      // Slack sends one action per block_actions payload, and Bolt routes on the first.
      const actionId = parsed.data.actions[0]!.action_id;
      if (!routes.actionIds.some((pattern) => pattern.test(actionId))) return { verdict: 'ignore', kind: type, reason: `no listener for action id ${JSON.stringify(actionId.slice(0, 80))}`, team: claim };
      return { verdict: 'dispatch', kind: type, team: claim };
    }
    case 'view_submission': case 'view_closed': {
      const parsed = (type === 'view_submission' ? viewSubmission : viewClosed).safeParse(body);
      if (!parsed.success) return { verdict: 'reject', kind: type, reason: describe(parsed.error) };
      const claim = interactiveTeam(parsed.data, parsed.data.view.team_id);
      if (!claim.teamId) return { verdict: 'reject', kind: type, reason: 'team: names no team (team.id, user.team_id or view.team_id)' };
      if (type === 'view_closed') return { verdict: 'ignore', kind: type, reason: 'closed modals need no answer', team: claim };
      const callbackId = parsed.data.view.callback_id;
      if (!routes.viewCallbackIds.includes(callbackId)) return { verdict: 'ignore', kind: type, reason: `no listener for callback id ${JSON.stringify(callbackId.slice(0, 80))}`, team: claim };
      return { verdict: 'dispatch', kind: type, team: claim };
    }
    case 'block_suggestion': {
      const parsed = blockSuggestion.safeParse(body);
      if (!parsed.success) return { verdict: 'reject', kind: type, reason: describe(parsed.error) };
      return { verdict: 'ignore', kind: type, reason: 'the app serves no external select', team: interactiveTeam(parsed.data), reply: { options: [] } };
    }
    default:
      return {
        verdict: 'ignore', kind: type.slice(0, 80),
        reason: UNHANDLED_INTERACTIVE.has(type) ? 'the app does not handle this kind of interaction' : 'unknown payload type',
        team: looseTeam(body),
      };
  }
}
