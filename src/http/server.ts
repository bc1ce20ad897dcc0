// The product's one HTTP server. Health, readiness and metrics live here; platform endpoints
// (Slack, Teams) and pages are mounted as routes by main.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Named checks for GET /readyz; each resolves when its dependency answers. */
export type ReadinessChecks = Record<string, () => Promise<void>>;

export interface HttpServer {
  route(method: 'GET' | 'POST', path: string, handler: RouteHandler): void;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  readonly server: Server;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

async function withTimeout(check: () => Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

export function createHttpServer(deps: { logger: Logger; metrics: Metrics; readiness: ReadinessChecks }): HttpServer {
  const routes = new Map<string, RouteHandler>();
  const { logger, metrics } = deps;

  routes.set('GET /healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }));
  routes.set('GET /readyz', async (_req, res) => {
    const results: Record<string, string> = {};
    await Promise.all(Object.entries(deps.readiness).map(async ([name, check]) => {
      try {
        await withTimeout(check, 2_000);
        results[name] = 'ok';
      } catch (err) {
        results[name] = 'unreachable';
        logger.warn({ check: name, err }, 'readiness check failed');
      }
    }));
    const ready = Object.values(results).every((r) => r === 'ok');
    sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', checks: results });
  });
  routes.set('GET /metrics', async (_req, res) => {
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(body);
  });

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const key = `${req.method ?? 'GET'} ${path}`;
    const handler = routes.get(key);
    const route = handler ? path : 'unmatched';
    const stopTimer = metrics.httpDuration.startTimer({ method: req.method ?? 'GET', route });
    res.once('finish', () => {
      stopTimer();
      metrics.httpRequests.inc({ method: req.method ?? 'GET', route, status: String(res.statusCode) });
    });
    if (!handler) {
      const known = [...routes.keys()].some((k) => k.endsWith(` ${path}`));
      sendJson(res, known ? 405 : 404, { error: known ? 'method_not_allowed' : 'not_found' });
      return;
    }
    try {
      await handler(req, res);
    } catch (err) {
      logger.error({ err, route: key }, 'request handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
      else res.end();
    }
  });
  // Slack and Teams keep connections alive; a short keep-alive lets shutdown finish promptly.
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 30_000;

  return {
    server,
    route(method, path, handler) {
      const key = `${method} ${path}`;
      if (routes.has(key)) throw new Error(`http.route_taken: ${key} is already mounted`);
      routes.set(key, handler);
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server.listening) { resolve(); return; }
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
