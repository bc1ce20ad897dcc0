// Prometheus metrics of one process, served on GET /metrics. Other modules register their own
// counters on the same registry.
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'mentor-bot' });
  collectDefaultMetrics({ register: registry, prefix: 'mentor_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'mentor_http_requests_total', help: 'HTTP requests served, by route and status',
      labelNames: ['method', 'route', 'status'], registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'mentor_http_request_duration_seconds', help: 'Time to answer an HTTP request',
      labelNames: ['method', 'route'], registers: [registry],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
  };
}
