// Traces of a check (models/trace/TraceResourceModels.v1.yaml; products.yaml .../traces): what the
// platform logged while running it, grouped by the request that caused it. The emulator derives them
// from the check's own record — one trace for the create request, one for what happened after
// (the device's visit and the result, or the expiry) — so they never disagree with the check.
// The record keeps when it was created and when it last changed, so the second trace's logs carry
// the time of the last change.
import { createHash } from 'node:crypto';
import type { CheckRecord } from './checks.js';

/** TraceGone: "After seven days, the traces for the check expires resulting in a Gone response." */
export const TRACE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export interface Log {
  timestamp: string;
  message: string;
  attributes?: Record<string, unknown>;
}

export interface Trace {
  trace_id: string;
  logs: Log[];
}

const CHARGE = { amount: 1, currency: 'API' } as const;

/** 16 hex characters like the definitions' examples, stable for a check and its phase. */
function traceId(check: CheckRecord, phase: 'create' | 'result'): string {
  return createHash('sha256').update(`${check.check_id}:${phase}`).digest('hex').slice(0, 16);
}

function resultLogs(check: CheckRecord, at: string): Log[] {
  const visited: Log[] = check.device_id !== undefined ? [{ timestamp: at, message: 'Check redirect: check_url opened by the device' }] : [];
  switch (check.status) {
    case 'PENDING':
      return [...visited, { timestamp: at, message: 'Check redirect: mobile network identified the subscriber', attributes: { network_id: check.network_id } }];
    case 'COMPLETED':
      return [
        ...visited,
        { timestamp: at, message: 'Check result: completed', attributes: { status: 'COMPLETED', match: check.match ?? false, network_id: check.network_id } },
        { timestamp: at, message: 'Check balance: confirmed', attributes: { ...CHARGE } },
      ];
    case 'ERROR':
      return [
        ...visited,
        { timestamp: at, message: `Check result: error ${check.error_code ?? ''}`.trim(), attributes: { status: 'ERROR', error_code: check.error_code } },
        { timestamp: at, message: 'Check balance: released', attributes: { ...CHARGE } },
      ];
    case 'EXPIRED':
      return [
        ...visited,
        { timestamp: at, message: 'Check result: expired before completion', attributes: { status: 'EXPIRED' } },
        { timestamp: at, message: 'Check balance: released', attributes: { ...CHARGE } },
      ];
    case 'ACCEPTED':
      return [];
  }
}

/** The check's traces, oldest first ("ordered by oldest to latest"). */
export function tracesOf(check: CheckRecord): Trace[] {
  const created = new Date(check.created_at).toISOString();
  const traces: Trace[] = [
    {
      trace_id: traceId(check, 'create'),
      logs: [
        { timestamp: created, message: 'Check create: request accepted' },
        { timestamp: created, message: 'Check balance: authorized', attributes: { ...CHARGE } },
        { timestamp: created, message: 'Check create: accepted', attributes: { status: 'ACCEPTED' } },
      ],
    },
  ];
  const result = resultLogs(check, new Date(check.updated_at).toISOString());
  if (result.length > 0) traces.push({ trace_id: traceId(check, 'result'), logs: result });
  return traces;
}

export const tracesGone = (check: CheckRecord, now: number): boolean => now >= check.created_at + TRACE_RETENTION_MS;
