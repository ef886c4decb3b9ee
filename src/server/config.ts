// Server configuration: read once from the environment at start, validated, frozen. A bad value
// stops the start with a message naming the variable and the fix.
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';

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
  readonly databaseFile: string;
  /** A session ends after this long without a request… */
  readonly sessionIdleTimeoutSeconds: number;
  /** …and in any case this long after sign-in. */
  readonly sessionLifetimeSeconds: number;
  /** On SIGTERM/SIGINT, open requests get this long to finish before the process exits anyway. */
  readonly shutdownTimeoutSeconds: number;
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
    databaseFile: env.DATABASE_FILE?.trim() || defaults.databaseFile,
    sessionIdleTimeoutSeconds: integer(env, 'SESSION_IDLE_TIMEOUT_SECONDS', 7 * 24 * 3600, 60, 365 * 24 * 3600),
    sessionLifetimeSeconds: integer(env, 'SESSION_LIFETIME_SECONDS', 30 * 24 * 3600, 60, 365 * 24 * 3600),
    shutdownTimeoutSeconds: integer(env, 'SHUTDOWN_TIMEOUT_SECONDS', 10, 1, 300),
  });
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
