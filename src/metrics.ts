// Prometheus metrics of one process, served on GET /metrics: HTTP and process figures, and the
// product's own (deliveries, platform rate limits, matching, repeated requests; the job layer adds
// queue depths and job durations on the same registry, see jobs/metrics.ts).
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { CoreMetrics } from './flows/context.ts';

export interface Metrics extends CoreMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly deliveries: Counter<'platform' | 'outcome'>;
  readonly rateLimited: Counter<'platform'>;
  readonly undeliveredTotal: Counter<'kind'>;
  readonly matchDuration: Histogram<'purpose'>;
  readonly dedupHits: Counter<'platform' | 'kind'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'mentor-bot' });
  collectDefaultMetrics({ register: registry, prefix: 'mentor_' });
  const deliveries = new Counter({
    name: 'mentor_deliveries_total',
    help: 'Send attempts of decided messages, by platform and outcome (sent, unreachable, retry, rate_limited, fenced, held_no_credentials)',
    labelNames: ['platform', 'outcome'], registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'mentor_platform_rate_limited_total', help: 'Answers 429 (rate limited) from a platform API, by platform',
    labelNames: ['platform'], registers: [registry],
  });
  const undeliveredTotal = new Counter({
    name: 'mentor_deliveries_undelivered_total', help: 'Messages given up for good (recorded as undelivered and reported to leads), by kind',
    labelNames: ['kind'], registers: [registry],
  });
  const matchDuration = new Histogram({
    name: 'mentor_match_duration_seconds', help: 'Time of one whole-cohort matching run, by purpose (preview, publish, rematch)',
    labelNames: ['purpose'], registers: [registry], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  const dedupHits = new Counter({
    name: 'mentor_request_dedup_hits_total',
    help: 'Inbound requests recognised as repeats and not acted on again (platform retries, double clicks, replayed one-shot buttons)',
    labelNames: ['platform', 'kind'], registers: [registry],
  });
  return {
    registry, deliveries, rateLimited, undeliveredTotal, matchDuration, dedupHits,
    httpRequests: new Counter({
      name: 'mentor_http_requests_total', help: 'HTTP requests served, by route and status',
      labelNames: ['method', 'route', 'status'], registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'mentor_http_request_duration_seconds', help: 'Time to answer an HTTP request',
      labelNames: ['method', 'route'], registers: [registry],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
    sendOutcome: (platform, outcome) => deliveries.inc({ platform, outcome }),
    rateLimitedBy: (platform) => rateLimited.inc({ platform }),
    undelivered: (kind) => undeliveredTotal.inc({ kind }),
    matchRun: (purpose, seconds) => matchDuration.observe({ purpose }, seconds),
    repeatedRequest: (platform, kind) => dedupHits.inc({ platform, kind }),
  };
}
