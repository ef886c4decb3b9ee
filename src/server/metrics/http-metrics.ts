// Request latency by route pattern (never the raw URL: ids and query strings would make a series
// each), method and status class; and requests refused by a rate limit, counted where every refusal
// passes: the error on its way to the one error handler.
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';
import { FlowError } from '../errors.js';

const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];
/** Requests no route took (the not-found handler): one series, whatever was asked for. */
export const UNMATCHED_ROUTE = 'unmatched';

export interface HttpMetrics {
  /** Call before any route is added: hooks apply to the routes registered after them. */
  register(app: FastifyInstance): void;
}

export function createHttpMetrics(registry: Registry): HttpMetrics {
  const duration = new Histogram({
    name: 'simpass_http_request_duration_seconds',
    help: 'Time to answer a request, by route pattern, method and status class.',
    labelNames: ['route', 'method', 'status_class'],
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'simpass_rate_limited_total',
    help: 'Requests refused by a rate limit or the spend cap (429), by limit (the problem code) and route.',
    labelNames: ['limit', 'route'],
    registers: [registry],
  });

  return {
    register(app) {
      app.addHook('onResponse', (request, reply, done) => {
        // Constant strings only: no label value is built per request.
        const statusClass = STATUS_CLASSES[Math.min(Math.max(Math.trunc(reply.statusCode / 100) - 1, 0), 4)]!;
        duration.observe({ route: request.routeOptions.url ?? UNMATCHED_ROUTE, method: request.method, status_class: statusClass }, reply.elapsedTime / 1000);
        done();
      });
      app.addHook('onError', (request, _reply, error, done) => {
        if (error instanceof FlowError && error.status === 429) {
          rateLimited.inc({ limit: error.code, route: request.routeOptions.url ?? UNMATCHED_ROUTE });
        }
        done();
      });
    },
  };
}
