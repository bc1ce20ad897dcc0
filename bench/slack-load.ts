// The load generator of bench:slack, in a worker thread so that sending requests and timing the
// answers does not share the event loop with the app being measured (Slack is another machine).
// Open loop: request i leaves at start + i/rate whatever happened to the earlier ones.
import { parentPort, workerData } from 'node:worker_threads';
import { signedRequest } from '../test/support/slack-requests.ts';

export interface LoadInput {
  readonly url: string;
  readonly secret: string;
  readonly rate: number;
  readonly maxMs: number;
  readonly requests: ReadonlyArray<{ readonly body: string; readonly type: string }>;
}

export interface LoadOutput { readonly latencies: number[]; readonly errors: number; readonly seconds: number }

async function run(input: LoadInput): Promise<LoadOutput> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (const [i, r] of input.requests.entries()) {
    const wait = started + (i * 1000) / input.rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (performance.now() - started > input.maxMs) break;
    const signed = signedRequest(input.secret, r.body, r.type);
    const t0 = performance.now();
    inflight.push(fetch(input.url, { method: 'POST', headers: signed.headers, body: signed.body }).then(async (res) => {
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) errors += 1;
    }, () => { errors += 1; }));
  }
  await Promise.all(inflight);
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

if (parentPort) parentPort.postMessage(await run(workerData as LoadInput));
