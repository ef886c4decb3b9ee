// Typed wrappers for the server's HTTP API (docs/architecture.md, "HTTP API of the server").
// One request path: same-origin credentials, JSON in and out, problem+json errors become ApiError.

/** RFC 9457 problem details, as the server sends for every error. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  request_id?: string;
  /** sim_changed_recently: when trying again can succeed (ISO 8601). */
  try_again_after?: string;
}

/** A request that did not succeed. `status` 0: no answer (offline, blocked, aborted). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    message: string,
    /** From Retry-After (seconds) on a 429 or 503: when asking again can succeed. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Retry-After in its seconds form, the one the server sends; an HTTP date or nonsense is ignored. */
function retryAfter(response: Response): number | undefined {
  const raw = response.headers.get('retry-after');
  return raw !== null && /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
}

export interface AppConfig {
  truIdApiBaseUrl: string;
  emulator: boolean;
  defaultCountry: string | null;
}

export interface PhoneCheckStarted {
  checkId: string;
  checkUrl: string;
}

export type PhoneCheckResult =
  | { status: 'PENDING' }
  | { status: 'COMPLETED'; match: boolean }
  | { status: 'ERROR' | 'EXPIRED'; reason: string | undefined; message: string | undefined };

/** The account behind a session. `phoneNumber` is written out for its owner by the server (e.g. +44 7700 900001). */
export interface User {
  id: string;
  phoneNumber: string;
  createdAt: string | undefined;
  lastSignInAt: string | undefined;
}

export interface SignedIn {
  user: User;
  /** true: a new account (signed up); false: a known number (signed in). */
  created: boolean;
  /** The server's words for it: "You're signed up" or "Welcome back". */
  message: string | undefined;
}

export interface SimulatedDevice {
  id: string;
  label: string;
  connection: 'mobile' | 'wifi';
  operator: string;
  operatorSupported: boolean;
  /** +E.164 */
  phoneNumber: string;
  /** As people write it, e.g. +44 7700 900001 (formatted by the server). */
  phoneNumberFormatted: string;
  /** ISO 8601: when the SIM last changed, or null. */
  simChangedAt: string | null;
}

export interface Simulation {
  activeDeviceId: string;
  devices: SimulatedDevice[];
}

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function shapeError(status: number, what: string): ApiError {
  return new ApiError(status, null, `Unexpected response from the server: ${what}`);
}

export function str(object: Json, key: string, status: number): string {
  const value = object[key];
  if (typeof value !== 'string') throw shapeError(status, `${key} is not a string`);
  return value;
}

export function optionalStr(object: Json, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

function parseProblem(body: unknown): Problem | null {
  if (!isRecord(body)) return null;
  const problem: Problem = {};
  const type = optionalStr(body, 'type');
  const title = optionalStr(body, 'title');
  const detail = optionalStr(body, 'detail');
  const requestId = optionalStr(body, 'request_id');
  if (type !== undefined) problem.type = type;
  if (title !== undefined) problem.title = title;
  if (detail !== undefined) problem.detail = detail;
  if (requestId !== undefined) problem.request_id = requestId;
  const tryAgainAfter = optionalStr(body, 'try_again_after');
  if (tryAgainAfter !== undefined) problem.try_again_after = tryAgainAfter;
  if (typeof body.status === 'number') problem.status = body.status;
  return problem;
}

export async function request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    throw new ApiError(0, null, `${method} ${path} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }

  const text = await response.text();
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }

  if (!response.ok) {
    const problem = parseProblem(parsed);
    throw new ApiError(response.status, problem, problem?.detail ?? `${method} ${path} answered ${response.status}`, retryAfter(response));
  }
  if (parsed === null && response.status !== 204) throw shapeError(response.status, `${method} ${path} sent no JSON`);
  return { status: response.status, body: parsed };
}

export async function getConfig(): Promise<AppConfig> {
  const { status, body } = await request('GET', '/api/config');
  if (!isRecord(body)) throw shapeError(status, 'config is not an object');
  return {
    truIdApiBaseUrl: str(body, 'truIdApiBaseUrl', status),
    emulator: body.emulator === true,
    defaultCountry: optionalStr(body, 'defaultCountry') ?? null,
  };
}

export function parseUser(status: number, value: unknown): User {
  if (!isRecord(value)) throw shapeError(status, 'no user');
  return {
    id: str(value, 'id', status),
    phoneNumber: str(value, 'phoneNumber', status),
    createdAt: optionalStr(value, 'createdAt'),
    lastSignInAt: optionalStr(value, 'lastSignInAt'),
  };
}

/**
 * Who is signed in: the user, or null. Asks `/api/session`, which answers 200 with `user: null` when
 * signed out — `/api/me`'s 401 would make Chromium log a console error on every signed-out visit.
 */
export async function getMe(): Promise<User | null> {
  const { status, body } = await request('GET', '/api/session');
  const data = isRecord(body) ? body.data : undefined;
  if (!isRecord(data)) throw shapeError(status, 'no data in /api/session');
  return data.user === null ? null : parseUser(status, data.user);
}
