// Runs once before the test files. Under CI the real-service suites must run, so an
// unreachable PostgreSQL or Redis fails the whole run here instead of being skipped later.
import net from 'node:net';

function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol.startsWith('redis') ? 6379 : 5432));
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname || '127.0.0.1', port });
    socket.setTimeout(3000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

export default async function setup(): Promise<void> {
  if (process.env.CI !== 'true') return;
  const missing: string[] = [];
  for (const name of ['DATABASE_URL', 'REDIS_URL'] as const) {
    const url = process.env[name];
    if (!url) missing.push(`${name} is not set`);
    else if (!(await reachable(url))) missing.push(`${name} (${new URL(url).host}) is unreachable`);
  }
  if (missing.length > 0) {
    throw new Error(`CI=true requires the real services: ${missing.join('; ')}. Start PostgreSQL and Redis (see .ci/run).`);
  }
}
