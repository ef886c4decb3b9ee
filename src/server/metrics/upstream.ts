// tru.ID, as the server's metrics see it through the client's observer (src/truid/observer.ts):
// latency of every exchange by endpoint template and status class, failures by kind, and token grants
// by reason. The client names endpoints as templates, so no check id ever becomes a label.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { TruIdCallEvent, TruIdObserver } from '../../truid/index.js';
import { TruIdApiError, TruIdInvalidResponseError, TruIdNetworkError, TruIdTimeoutError } from '../../truid/index.js';

// tru.ID answers in tens of milliseconds; an operator's check or a timeout takes seconds.
const UPSTREAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createUpstreamMetrics(registry: Registry): TruIdObserver {
  const duration = new Histogram({
    name: 'simpass_truid_request_duration_seconds',
    help: 'Each HTTP exchange with tru.ID (every attempt of a retried call), by endpoint template and status class (none: no answer).',
    labelNames: ['endpoint', 'status_class'],
    buckets: UPSTREAM_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'simpass_truid_request_errors_total',
    help: 'Failed exchanges with tru.ID by endpoint template and kind: status_<code>, timeout, network, invalid_response.',
    labelNames: ['endpoint', 'kind'],
    registers: [registry],
  });
  const grants = new Counter({
    name: 'simpass_truid_token_grants_total',
    help: 'OAuth2 access tokens asked of tru.ID, by why (initial, expiring, refused) and outcome (ok, failed).',
    labelNames: ['reason', 'outcome'],
    registers: [registry],
  });
  return {
    onResponse(event) {
      duration.observe({ endpoint: event.endpoint, status_class: statusClass(event.status) }, event.durationMs / 1000);
      if (event.error) errors.inc({ endpoint: event.endpoint, kind: errorKind(event) });
    },
    onTokenGrant(event) {
      grants.inc({ reason: event.reason, outcome: event.ok ? 'ok' : 'failed' });
    },
  };
}

function statusClass(status: number | undefined): string {
  return status === undefined ? 'none' : `${Math.trunc(status / 100)}xx`;
}

function errorKind({ error }: TruIdCallEvent): string {
  if (error instanceof TruIdApiError) return `status_${error.status}`;
  if (error instanceof TruIdTimeoutError) return 'timeout';
  if (error instanceof TruIdNetworkError) return 'network';
  if (error instanceof TruIdInvalidResponseError) return 'invalid_response';
  return 'other';
}
