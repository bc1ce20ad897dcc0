// What stands between POST /slack/events and Bolt's HTTP receiver. It reads the body (bounded),
// checks Slack's signature and that the timestamp is within 5 minutes of now either way, parses
// and screens the payload (payload-schemas.ts), refuses another team's request in a single-
// workspace install, and answers unhandled kinds at once. Only then does Bolt get the request,
// with the very bytes that were checked. Every outcome is a fast, deliberate status:
//   401 unsigned, badly signed, stale or future-stamped, or another workspace's request
//   400 not UTF-8, not parseable, or not a shape the app handles   413 too large   415 media type
//   200 (nothing done) a kind, action id, callback id or event type no listener takes; ssl_check
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { sendJson, type RouteHandler } from '../../src/http/server.ts';
import type { ProductLogger } from './bolt-logger.ts';
import { screenSlackPayload, type Screened, type SlackRoutes } from './payload-schemas.ts';
import type { TrustVerdict } from './workspace-trust.ts';
import type { TeamClaim } from './payload-schemas.ts';

/** Slack's window for x-slack-request-timestamp, applied both ways (a future stamp is as suspect as an old one). */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
/** As Bolt's own default: a modal of 100 long inputs stays well below it. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{1,12}$/;

export interface RequestGateOptions {
  readonly signingSecret: string;
  readonly routes: SlackRoutes;
  /** Single-workspace installs: whether a request's team is the installed one. */
  readonly trust?: (claim: TeamClaim) => Promise<TrustVerdict>;
  readonly logger: ProductLogger;
  /** Bolt's request listener: gets the request with its body already read (`rawBody`). */
  readonly bolt: (req: IncomingMessage, res: ServerResponse) => void;
  readonly now?: () => number;
  readonly maxBodyBytes?: number;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) { reject(new BodyTooLarge()); return; }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) { req.removeAllListeners('data'); reject(new BodyTooLarge()); return; }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Why a request's signature does not hold, or undefined when it does. */
export function signatureProblem(secret: string, headers: IncomingMessage['headers'], raw: Buffer, nowMs: number): string | undefined {
  const signature = headers['x-slack-signature'];
  const stamp = headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof stamp !== 'string') return 'missing signature headers';
  if (!TIMESTAMP.test(stamp)) return 'malformed timestamp';
  if (Math.abs(Math.floor(nowMs / 1000) - Number(stamp)) > MAX_CLOCK_SKEW_SECONDS) return 'timestamp more than 5 minutes from now';
  if (!SIGNATURE.test(signature)) return 'malformed signature';
  const expected = createHmac('sha256', secret).update(`v0:${stamp}:`).update(raw).digest('hex');
  return timingSafeEqual(Buffer.from(signature.slice(3), 'hex'), Buffer.from(expected, 'hex')) ? undefined : 'signature mismatch';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as Bolt will parse it: interactivity's `payload` field, a slash command's form, or JSON. */
function parseBody(mediaType: string, text: string): unknown {
  if (mediaType === FORM) {
    const form = parseQuery(text);
    return typeof form.payload === 'string' ? JSON.parse(form.payload) as unknown : { ...form };
  }
  return JSON.parse(text) as unknown;
}

export function slackRequestGate(options: RequestGateOptions): RouteHandler {
  const { logger, routes } = options;
  const now = options.now ?? Date.now;
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;

  const refuse = (res: ServerResponse, status: number, error: string, context: Record<string, unknown>, detail?: string) => {
    logger.warn({ status, error, ...context, ...(detail ? { detail } : {}) }, 'slack request refused');
    if (status === 413) res.setHeader('connection', 'close');
    sendJson(res, status, detail ? { error, detail } : { error });
  };

  return async (req, res) => {
    let raw: Buffer;
    try {
      raw = await readBody(req, limit);
    } catch (err) {
      if (err instanceof BodyTooLarge) { refuse(res, 413, 'body_too_large', { limit }); return; }
      // The client went away mid-body: nothing to answer, nothing done.
      logger.info({ err: err instanceof Error ? err.message : String(err) }, 'slack request body not received in full');
      res.destroy();
      return;
    }
    const mediaType = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      refuse(res, 400, 'malformed_body', {}, 'the body is not UTF-8');
      return;
    }
    // Slack checks TLS with an unsigned `ssl_check=1`; it asks for nothing but a 200.
    if (mediaType === FORM && parseQuery(text).ssl_check === '1') { res.writeHead(200); res.end(); return; }

    const problem = signatureProblem(options.signingSecret, req.headers, raw, now());
    if (problem) { refuse(res, 401, 'invalid_signature', { reason: problem }); return; }
    if (mediaType !== FORM && mediaType !== JSON_TYPE) { refuse(res, 415, 'unsupported_media_type', { mediaType: mediaType.slice(0, 80) }); return; }

    let body: unknown;
    try {
      body = parseBody(mediaType, text);
    } catch {
      refuse(res, 400, 'malformed_body', { mediaType }, 'the body does not parse');
      return;
    }
    const screened: Screened = screenSlackPayload(body, routes);
    const context = { kind: screened.kind, retry: req.headers['x-slack-retry-num'] };
    if (screened.verdict === 'reject') { refuse(res, 400, 'malformed_payload', context, screened.reason); return; }
    if (screened.team && options.trust) {
      const verdict = await options.trust(screened.team);
      const team = screened.team.teamId?.slice(0, 40);
      if (verdict === 'foreign') { refuse(res, 401, 'foreign_workspace', { ...context, team }); return; }
      if (verdict === 'unknown') {
        // Slack retries a 503 later; by then the installed team may be known.
        res.setHeader('retry-after', '5');
        refuse(res, 503, 'workspace_unverified', { ...context, team });
        return;
      }
    }
    if (screened.verdict === 'ignore') {
      logger.info({ ...context, reason: screened.reason }, 'slack request not handled: answered 200');
      if (screened.reply) sendJson(res, 200, screened.reply);
      else { res.writeHead(200); res.end(); }
      return;
    }
    // Bolt reads a request whose `rawBody` is set instead of the (already consumed) stream, and
    // parses a form only under the exact media type.
    Object.assign(req, { rawBody: raw });
    req.headers['content-type'] = mediaType;
    options.bolt(req, res);
  };
}
