// One registry per app (never prom-client's global one: tests build several apps in one process,
// and each must count only its own), with everything Simpass measures in it.
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { TruIdObserver } from '../../truid/index.js';
import { createFunnelMetrics, type VerificationFunnel } from './funnel.js';
import { createHttpMetrics, type HttpMetrics } from './http-metrics.js';
import { createOperatorLabels } from './operator-labels.js';
import { createUpstreamMetrics } from './upstream.js';

export interface Metrics {
  registry: Registry;
  http: HttpMetrics;
  funnel: VerificationFunnel;
  /** Give it to createTruIdClient({ observer }). */
  truIdObserver: TruIdObserver;
}

export interface CreateMetricsOptions {
  /** Node's own: process CPU and memory, event-loop lag, GC, handles. Default true. */
  processMetrics?: boolean;
}

export function createMetrics(options: CreateMetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  return {
    registry,
    http: createHttpMetrics(registry),
    funnel: createFunnelMetrics(registry, createOperatorLabels()),
    truIdObserver: createUpstreamMetrics(registry),
  };
}
