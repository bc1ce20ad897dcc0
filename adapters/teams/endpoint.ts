// POST /api/messages: reads the activity, checks its shape (activity-schema.ts), lets the
// CloudAdapter authenticate it, checks its tenant, and runs the bot. Whatever is refused is
// refused before any bot code runs, so it changes nothing: a malformed activity gets 400 with a
// short reason, a request that fails authentication 401, an activity from a tenant this bot does
// not serve 403. Redelivered activities (Teams retries slow answers) are answered once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, TurnContext } from 'botbuilder';
import { sendJson, type RouteHandler } from '../../src/http/server.ts';
import { activityTenant, validateActivity } from './activity-schema.ts';
import type { MentorCloudAdapter } from './cloud-adapter.ts';

const MAX_BODY_BYTES = 1024 * 1024;

/** Where activities may come from. */
export interface EdgeRules {
  /** Tenant ids served, or 'any'. */
  readonly allowedTenants: readonly string[] | 'any';
  /** The unauthenticated local mode: the emulator's channel and activities without a tenant are let in. */
  readonly openMode: boolean;
}

interface EndpointLogger { warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void }

/** A refusal decided once the request is authenticated, before the bot runs. */
class EdgeRefusal extends Error {
  readonly status: number;
  readonly body: object;
  constructor(status: number, body: object) {
    super(`refused with ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The tenant id a validated token names (`tid`), when it names one (Entra-issued tokens do). */
function tokenTenant(context: TurnContext): string | undefined {
  const identity = context.turnState.get(context.adapter.BotIdentityKey) as { getClaimValue?(type: string): string | null } | undefined;
  return identity?.getClaimValue?.('tid') ?? undefined;
}

export function teamsEndpoint(adapter: MentorCloudAdapter, run: (context: TurnContext) => Promise<void>, logger: EndpointLogger, rules: EdgeRules): RouteHandler {
  const channels = rules.openMode ? ['msteams', 'emulator'] : ['msteams'];
  return async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req);
    if (text === undefined) { sendJson(res, 413, { error: 'payload_too_large' }); return; }
    const json = parseJson(text);
    if (!json.ok) { sendJson(res, 400, { error: 'not_an_activity', reason: 'the body is not JSON' }); return; }
    const checked = validateActivity(json.value);
    if (!checked.ok) { sendJson(res, 400, { error: 'not_an_activity', reason: checked.reason }); return; }
    const activity = checked.activity;
    if (!channels.includes(activity.channelId)) { sendJson(res, 400, { error: 'not_an_activity', reason: 'channelId: must be msteams' }); return; }
    const tenant = activityTenant(activity);
    if (!tenant && !rules.openMode) { sendJson(res, 400, { error: 'not_an_activity', reason: 'channelData.tenant.id: required' }); return; }

    const authHeader = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    let started = false;
    try {
      const invoke = await adapter.handle(authHeader, activity as unknown as Activity, async (context) => {
        const claimed = tokenTenant(context);
        if (claimed && tenant && claimed !== tenant) throw new EdgeRefusal(403, { error: 'tenant_mismatch' });
        if (rules.allowedTenants !== 'any' && !(tenant && rules.allowedTenants.includes(tenant))) {
          throw new EdgeRefusal(403, { error: 'tenant_not_served' });
        }
        started = true;
        await run(context);
      });
      if (invoke?.body !== undefined) sendJson(res, invoke.status, invoke.body);
      else { res.writeHead(invoke?.status ?? 200); res.end(); }
    } catch (err) {
      if (err instanceof EdgeRefusal) {
        logger.warn({ status: err.status, tenant, ...err.body }, 'teams activity refused');
        sendJson(res, err.status, err.body);
        return;
      }
      if (!started) {
        // Never echo why: a caller probing tokens learns nothing.
        logger.warn({ reason: err instanceof Error ? err.message : String(err), channel: activity.channelId }, 'teams request refused: authentication failed');
        sendJson(res, 401, { error: 'unauthorized' });
        return;
      }
      logger.error({ err, type: activity.type }, 'teams turn failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
    }
  };
}
