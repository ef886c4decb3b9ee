// Server configuration: read once from the environment at start, validated, frozen. A bad value
// stops the start with a message naming the variable and the fix.
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { DEFAULT_SIM_SWAP_SETTINGS, MAX_PERIOD_MINUTES, MIN_PERIOD_MINUTES, SIM_SWAP_CHECKS, type SimSwapSettings } from './sim-swap/settings.js';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** The origin browsers use to reach us: redirect_url, Origin checks and cookie security derive from it. */
  readonly publicUrl: string;
  readonly defaultCountry: CountryCode;
  /** Port of the embedded emulator when no tru.ID credentials are configured. */
  readonly emulatorPort: number;
  readonly logLevel: string;
  /** Directory holding the built browser client (index.html + assets). */
  readonly webRoot: string;
  /** How long a started verification may take before we refuse it, in seconds (tru.ID's ttl is 120). */
  readonly flowTtlSeconds: number;
  /** Trust X-Forwarded-* from a reverse proxy or tunnel in front of us. */
  readonly trustProxy: boolean;
  /** PostgreSQL when set; otherwise the SQLite file below. */
  readonly databaseUrl: string | undefined;
  /** PostgreSQL only: keep Simpass's tables in this schema (created if missing). */
  readonly databaseSchema: string | undefined;
  /** PostgreSQL only: connections in this instance's pool. */
  readonly databasePoolSize: number;
  /**
   * PostgreSQL only: run the hot statements as named prepared statements (storage/prepared-statements.ts).
   * Off for a connection pooler that cannot keep them, e.g. PgBouncer in transaction mode before 1.21.
   */
  readonly databasePreparedStatements: boolean;
  readonly databaseFile: string;
  /** A session ends after this long without a request… */
  readonly sessionIdleTimeoutSeconds: number;
  /** …and in any case this long after sign-in. */
  readonly sessionLifetimeSeconds: number;
  /** Rate-limit counters live here when set (shared by every instance); unset: in this process. */
  readonly redisUrl: string | undefined;
  /** Prepended to every Redis key, so several deployments (or test runs) can share one Redis. */
  readonly redisKeyPrefix: string;
  readonly rateLimits: RateLimitConfig;
  /** Audit events older than this are deleted by housekeeping. */
  readonly auditRetentionDays: number;
  /** SIM-swap and recycled-number protection at sign-in (SIM_SWAP_*). */
  readonly simSwap: SimSwapSettings;
  /** On SIGTERM/SIGINT, open requests get this long to finish before the process exits anyway. */
  readonly shutdownTimeoutSeconds: number;
  /** Where Prometheus may read /metrics (METRICS_*); neither set: nowhere, and nothing is measured. */
  readonly metrics: MetricsConfig;
  /** The OpenID Connect provider (oidc/). */
  readonly oidc: OidcConfig;
}

export interface MetricsConfig {
  /** A listener of its own serving only /metrics; null: none. */
  readonly port: number | null;
  /** Its interface: loopback unless said otherwise. */
  readonly host: string;
  /** /metrics on the main port for `Authorization: Bearer <token>`; null: not on the main port. */
  readonly token: string | null;
}

/** Metrics are collected only when something can read them. */
export function metricsEnabled(metrics: MetricsConfig): boolean {
  return metrics.port !== null || metrics.token !== null;
}

export interface OidcConfig {
  /** The issuer identifier (OIDC_ISSUER, else PUBLIC_URL): an origin, where discovery is served. */
  readonly issuer: string;
  /** OIDC_CLIENTS_FILE: the registered relying parties (read and checked at start, oidc/clients-file.ts). */
  readonly clientsFile: string | undefined;
  /** OIDC_DEMO_REDIRECT_URI: where the emulator-mode demo client returns to, if not http://localhost:4001/callback. */
  readonly demoRedirectUri: string | undefined;
}

/** At most `points` in any fixed window of `windowSeconds`; null: this limit is off. */
export interface LimitSpec {
  readonly points: number;
  readonly windowSeconds: number;
}

export interface RateLimitConfig {
  /** Checks created per client address (IPv4 address, IPv6 /64). */
  readonly checksPerIp: LimitSpec | null;
  /** Checks created per phone number (E.164). */
  readonly checksPerNumber: LimitSpec | null;
  /** Checks created by this deployment per UTC day: the spend cap. */
  readonly checksPerDay: number | null;
  /** POST /api/sign-in per client address. */
  readonly signInsPerIp: LimitSpec | null;
  /** POST /api/handoff (a desktop starting "Use your phone") per client address. */
  readonly handoffsPerIp: LimitSpec | null;
  /** Passkey sign-in requests (options and answers) per client address. */
  readonly passkeySignInsPerIp: LimitSpec | null;
}

export class ServerConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ServerConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

// Measured with the bench's 50 concurrent check journeys on 2 cores: with 10 connections statements queued
// for one 5–12 % of the time (up to 40 waiting), with 20 2–6 %, and checks/s rose by about a third. Each
// instance holds this many: mind PostgreSQL's max_connections (100 by default) across instances.
const DEFAULT_POOL_SIZE = 20;

export function loadServerConfig(env: Env, defaults: { webRoot: string; databaseFile: string }): ServerConfig {
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const host = env.HOST?.trim() || '0.0.0.0';
  const publicUrl = origin(env, 'PUBLIC_URL', `http://localhost:${port}`);
  const country = (env.DEFAULT_COUNTRY?.trim() || 'GB').toUpperCase();
  if (!isSupportedCountry(country)) {
    throw new ServerConfigError('DEFAULT_COUNTRY', `"${country}" is not a country code we know; use ISO 3166 alpha-2, e.g. GB, US, IN.`);
  }
  return Object.freeze({
    port,
    host,
    publicUrl,
    defaultCountry: country,
    emulatorPort: integer(env, 'EMULATOR_PORT', 4010, 0, 65535),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    webRoot: env.WEB_ROOT?.trim() || defaults.webRoot,
    flowTtlSeconds: integer(env, 'FLOW_TTL_SECONDS', 300, 30, 3600),
    trustProxy: boolean(env, 'TRUST_PROXY', false),
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    databaseSchema: env.DATABASE_SCHEMA?.trim() || undefined,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', DEFAULT_POOL_SIZE, 1, 1000),
    databasePreparedStatements: boolean(env, 'DATABASE_PREPARED_STATEMENTS', true),
    databaseFile: env.DATABASE_FILE?.trim() || defaults.databaseFile,
    sessionIdleTimeoutSeconds: integer(env, 'SESSION_IDLE_TIMEOUT_SECONDS', 7 * 24 * 3600, 60, 365 * 24 * 3600),
    sessionLifetimeSeconds: integer(env, 'SESSION_LIFETIME_SECONDS', 30 * 24 * 3600, 60, 365 * 24 * 3600),
    redisUrl: redisUrl(env, 'REDIS_URL'),
    redisKeyPrefix: keyPrefix(env, 'REDIS_KEY_PREFIX', 'simpass:'),
    rateLimits: Object.freeze({
      // Mobile operators put many phones behind one IPv4 address (carrier-grade NAT), so the
      // per-address limits leave room for a crowd; the per-number limit is the tight one.
      checksPerIp: limit(env, 'RATE_LIMIT_CHECKS_PER_IP', '30/1h'),
      checksPerNumber: limit(env, 'RATE_LIMIT_CHECKS_PER_NUMBER', '5/1h'),
      checksPerDay: cap(env, 'SPEND_CAP_CHECKS_PER_DAY', 2000),
      signInsPerIp: limit(env, 'RATE_LIMIT_SIGN_INS_PER_IP', '30/10m'),
      // An office shares one address too; a person restarts a hand-off a few times at most.
      handoffsPerIp: limit(env, 'RATE_LIMIT_HANDOFFS_PER_IP', '20/10m'),
      // Each passkey sign-in is two requests (a challenge, then the answer), and the page asks for a
      // challenge on every visit for the browser's autofill: twice the room of the SIM sign-in.
      passkeySignInsPerIp: limit(env, 'RATE_LIMIT_PASSKEY_SIGN_INS_PER_IP', '60/10m'),
    }),
    auditRetentionDays: integer(env, 'AUDIT_RETENTION_DAYS', 90, 1, 100 * 365),
    simSwap: Object.freeze({
      check: oneOf(env, 'SIM_SWAP_CHECK', SIM_SWAP_CHECKS, DEFAULT_SIM_SWAP_SETTINGS.check),
      // tru.ID's `period` range, since the window is sent as one.
      windowMinutes: integer(env, 'SIM_SWAP_WINDOW_MINUTES', DEFAULT_SIM_SWAP_SETTINGS.windowMinutes, MIN_PERIOD_MINUTES, MAX_PERIOD_MINUTES),
      signUpAfterRecentChange: oneOf(env, 'SIM_SWAP_SIGN_UP', ['allow', 'refuse'], DEFAULT_SIM_SWAP_SETTINGS.signUpAfterRecentChange),
      whenOperatorHasNoData: oneOf(env, 'SIM_SWAP_NO_DATA', ['refuse', 'allow'], DEFAULT_SIM_SWAP_SETTINGS.whenOperatorHasNoData),
    }),
    shutdownTimeoutSeconds: integer(env, 'SHUTDOWN_TIMEOUT_SECONDS', 10, 1, 300),
    metrics: Object.freeze({
      port: metricsPort(env, port),
      host: env.METRICS_HOST?.trim() || '127.0.0.1',
      token: metricsToken(env, 'METRICS_TOKEN'),
    }),
    oidc: Object.freeze({
      issuer: issuer(env, 'OIDC_ISSUER', publicUrl),
      clientsFile: env.OIDC_CLIENTS_FILE?.trim() || undefined,
      demoRedirectUri: absoluteUrl(env, 'OIDC_DEMO_REDIRECT_URI'),
    }),
  });
}

function metricsPort(env: Env, appPort: number): number | null {
  if (!env.METRICS_PORT?.trim()) return null;
  const port = integer(env, 'METRICS_PORT', 0, 1, 65535);
  if (port === appPort) throw new ServerConfigError('METRICS_PORT', `is PORT (${port}); the metrics need a port of their own, e.g. 9464.`);
  return port;
}

function metricsToken(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  // Never echo the value: it is a credential. RFC 6750 §2.1's b64token characters, so any client can send it.
  if (!/^[A-Za-z0-9\-._~+/]{32,512}=*$/.test(raw)) {
    throw new ServerConfigError(name, 'must be 32 to 512 letters, digits or - . _ ~ + / (a bearer token); make one with `openssl rand -hex 32`.');
  }
  return raw;
}

/**
 * The issuer is an origin because discovery lives at /.well-known/openid-configuration, and on
 * PUBLIC_URL's host because the sign-in page, its session cookie and the provider's own cookies must
 * all be one site's: a person signed in on one host is a stranger on another.
 */
function issuer(env: Env, name: string, publicUrl: string): string {
  if (!env[name]?.trim()) return publicUrl;
  const value = origin(env, name, publicUrl);
  if (new URL(value).hostname !== new URL(publicUrl).hostname) {
    throw new ServerConfigError(
      name,
      `"${value}" is not on PUBLIC_URL's host (${new URL(publicUrl).hostname}); the sign-in page and its cookies live there, so the issuer must too. Unset it to use PUBLIC_URL.`,
    );
  }
  if (new URL(value).protocol === 'http:' && !isLocalPlainHttp(value)) {
    throw new ServerConfigError(name, `"${value}" must be https (plain http only on localhost): relying parties send secrets and receive tokens there.`);
  }
  return value;
}

function absoluteUrl(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hash) {
    throw new ServerConfigError(name, `"${raw}" is not an http(s) URL without a fragment, e.g. http://localhost:4001/callback.`);
  }
  return url.href;
}

function oneOf<const T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = allowed.find((option) => option === raw.toLowerCase());
  if (value === undefined) throw new ServerConfigError(name, `"${raw}" is not one of ${allowed.join(', ')}.`);
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ServerConfigError(name, `"${raw}" is not a whole number from ${min} to ${max}.`);
  }
  return value;
}

const WINDOW_UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "30/1h": at most 30 per hour; "off": no limit. Windows take s, m, h or d. */
function limit(env: Env, name: string, fallback: string): LimitSpec | null {
  const raw = env[name]?.trim().toLowerCase() || fallback;
  if (raw === 'off') return null;
  const match = /^(\d{1,9})\/(\d{1,6})([smhd])$/.exec(raw);
  const points = Number(match?.[1]);
  const windowSeconds = Number(match?.[2]) * (WINDOW_UNIT_SECONDS[match?.[3] ?? ''] ?? NaN);
  if (!match || points < 1 || !(windowSeconds >= 1 && windowSeconds <= 7 * 86400)) {
    throw new ServerConfigError(
      name,
      `"${raw}" is not a limit; write how many per window, e.g. ${fallback} (windows in s, m, h or d, up to 7d), or off.`,
    );
  }
  return Object.freeze({ points, windowSeconds });
}

/** A whole number from 1, or "off". */
function cap(env: Env, name: string, fallback: number): number | null {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === 'off') return null;
  return integer(env, name, fallback, 1, 1_000_000_000);
}

function redisUrl(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let protocol: string | undefined;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    protocol = undefined;
  }
  // Never echo the value: it may carry a password.
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new ServerConfigError(name, 'is not a redis:// or rediss:// URL; set it like redis://:password@host:6379/0, or unset it to keep rate limits in this process.');
  }
  return raw;
}

function keyPrefix(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(raw)) {
    throw new ServerConfigError(name, `"${raw}" may hold only letters, digits and : _ . - (at most 64), e.g. ${fallback}`);
  }
  return raw;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ServerConfigError(name, `"${raw}" is not true or false.`);
}

function origin(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ServerConfigError(name, `"${raw}" is not a URL; give the origin browsers use, e.g. https://simpass.example.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ServerConfigError(name, `must be http or https, not ${url.protocol}`);
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new ServerConfigError(name, `must be an origin only (no path, query or fragment), e.g. ${url.origin}.`);
  }
  return url.origin;
}

/** Plain-http localhost may relax the cookie's Secure flag; everywhere else cookies are Secure. */
export function isLocalPlainHttp(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
