// POST /api/messages: reads the activity, lets the CloudAdapter authenticate it, and runs the
// bot. A request that fails authentication gets 401 before any bot code runs, so it changes
// nothing. Redelivered activities (Teams retries slow answers) are answered once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { sendJson, type RouteHandler } from '../../src/http/server.ts';
import type { MentorCloudAdapter } from './cloud-adapter.ts';

const MAX_BODY_BYTES = 1024 * 1024;

const activityShape = z.object({
  type: z.string().min(1).max(100),
  serviceUrl: z.string().max(2000).optional(),
  channelId: z.string().max(200).optional(),
}).loose();

interface EndpointLogger { warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void }

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

function parseActivity(text: string): Activity | undefined {
  try {
    const parsed = activityShape.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as unknown as Activity) : undefined;
  } catch {
    return undefined;
  }
}

export function teamsEndpoint(adapter: MentorCloudAdapter, run: (context: TurnContext) => Promise<void>, logger: EndpointLogger): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req);
    if (text === undefined) { sendJson(res, 413, { error: 'payload_too_large' }); return; }
    const activity = parseActivity(text);
    if (!activity) { sendJson(res, 400, { error: 'not_an_activity' }); return; }
    const authHeader = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    let started = false;
    try {
      const invoke = await adapter.handle(authHeader, activity, async (context) => {
        started = true;
        await run(context);
      });
      if (invoke?.body !== undefined) sendJson(res, invoke.status, invoke.body);
      else { res.writeHead(invoke?.status ?? 200); res.end(); }
    } catch (err) {
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
