// Injected faults: an endpoint (path prefix, optional method) answers an error status, hangs, drops the
// connection or answers late, for the next `times` requests (or until cleared). Lets the client's
// timeouts, retries and error mapping be proven against real sockets.
import { randomUUID } from 'node:crypto';
import { InputError } from './input-error.js';

export type FaultKind = 'status' | 'hang' | 'reset' | 'delay';

export interface FaultSpec {
  method?: string;
  path: string;
  kind: FaultKind;
  status?: number;
  delay_ms?: number;
  times?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  /** Requests still to hit; null = until cleared. */
  remaining: number | null;
  hits: number;
}

const KINDS: readonly FaultKind[] = ['status', 'hang', 'reset', 'delay'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const MAX_DELAY_MS = 120_000;

export function parseFault(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new InputError(['fault must be an object']);
  const o = input as Record<string, unknown>;
  const issues: string[] = [];
  for (const key of Object.keys(o)) {
    if (!['method', 'path', 'kind', 'status', 'delay_ms', 'times'].includes(key)) issues.push(`unknown field "${key}"`);
  }
  const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
  if (typeof o.path !== 'string' || !o.path.startsWith('/')) issues.push('path must be a route prefix starting with "/", e.g. "/phone_check/v0.2/checks"');
  else if (o.path.startsWith('/_emulator')) issues.push('path must not be under /_emulator (the admin API stays reachable)');
  if (o.method !== undefined && (typeof o.method !== 'string' || !METHODS.includes(o.method.toUpperCase()))) {
    issues.push(`method must be one of ${METHODS.join(', ')}`);
  }
  if (!KINDS.includes(o.kind as FaultKind)) issues.push(`kind must be one of ${KINDS.join(', ')}`);
  if (o.kind === 'status' && !(isInt(o.status) && o.status >= 400 && o.status <= 599)) issues.push('status must be an integer 400-599 for kind "status"');
  if (o.kind !== 'status' && o.status !== undefined) issues.push('status only applies to kind "status"');
  if (o.kind === 'delay' && !(isInt(o.delay_ms) && o.delay_ms >= 1 && o.delay_ms <= MAX_DELAY_MS)) {
    issues.push(`delay_ms must be an integer 1-${MAX_DELAY_MS} for kind "delay"`);
  }
  if (o.kind !== 'delay' && o.delay_ms !== undefined) issues.push('delay_ms only applies to kind "delay"');
  if (o.times !== undefined && !(isInt(o.times) && o.times >= 1)) issues.push('times must be a positive integer');
  if (issues.length > 0) throw new InputError(issues);
  return {
    path: o.path as string,
    kind: o.kind as FaultKind,
    ...(typeof o.method === 'string' ? { method: o.method.toUpperCase() } : {}),
    ...(o.status !== undefined ? { status: o.status as number } : {}),
    ...(o.delay_ms !== undefined ? { delay_ms: o.delay_ms as number } : {}),
    ...(o.times !== undefined ? { times: o.times as number } : {}),
  };
}

export interface FaultStore {
  add(spec: FaultSpec): Fault;
  remove(id: string): boolean;
  clear(): void;
  list(): Fault[];
  /** The first fault matching this request, counting the hit (and retiring it when its times run out). */
  take(method: string, path: string): Fault | undefined;
}

export function createFaultStore(): FaultStore {
  const faults: Fault[] = [];
  return {
    add(spec) {
      const fault: Fault = { ...spec, id: randomUUID(), remaining: spec.times ?? null, hits: 0 };
      faults.push(fault);
      return fault;
    },
    remove(id) {
      const index = faults.findIndex((f) => f.id === id);
      if (index < 0) return false;
      faults.splice(index, 1);
      return true;
    },
    clear() {
      faults.length = 0;
    },
    list() {
      return faults.map((f) => ({ ...f }));
    },
    take(method, path) {
      const fault = faults.find((f) => (f.method === undefined || f.method === method) && path.startsWith(f.path));
      if (!fault) return undefined;
      fault.hits += 1;
      if (fault.remaining !== null) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) faults.splice(faults.indexOf(fault), 1);
      }
      return { ...fault };
    },
  };
}
