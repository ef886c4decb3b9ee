// Configuration in one place (style.md §10): read the environment and the tru CLI's project file once,
// fail fast with one message that names the file or variable, the field and the fix, and hand back a
// frozen object. `null` means nothing is configured: the server then runs against the emulator.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TruIdConfigError } from './errors.js';

export interface TruIdConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Origin of the API, no trailing slash, e.g. `https://eu.api.tru.id`. */
  readonly baseUrl: string;
  /** Where the credentials came from: `environment`, `tru.json`, or the path in TRU_ID_CONFIG_FILE. */
  readonly source: string;
}

export interface LoadTruIdConfigOptions {
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

// servers[0] of every tru.ID definition: https://{data_residency}.api.tru.id, enum eu | in | us.
export const DATA_RESIDENCIES = ['eu', 'in', 'us'] as const;
export type DataResidency = (typeof DATA_RESIDENCIES)[number];

// tru.ID is now IDlayr; its documentation shows the same API at {residency}.api.idlayr.com
// (shared/truid-api.md, "Hosts and credentials"). Anything else goes through TRU_ID_BASE_URL.
export const API_DOMAINS = ['api.tru.id', 'api.idlayr.com'] as const;

const CREATE_PROJECT_FIX =
  'run "tru projects:create NAME --project-dir ." or copy it from the console (Projects → your project → credentials)';

export function loadTruIdConfig(options: LoadTruIdConfigOptions = {}): TruIdConfig | null {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const setting = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  const credentials = readCredentials(setting, cwd);
  if (!credentials) return null;

  const baseUrl = resolveBaseUrl(setting, credentials);
  return Object.freeze({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    baseUrl,
    source: credentials.source,
  });
}

interface Credentials {
  clientId: string;
  clientSecret: string;
  source: string;
  /** `data_residency` from tru.json, when the file had one. */
  residency?: string;
}

type Setting = (name: string) => string | undefined;

function readCredentials(setting: Setting, cwd: string): Credentials | null {
  const clientId = setting('TRU_ID_CLIENT_ID');
  const clientSecret = setting('TRU_ID_CLIENT_SECRET');
  if (clientId && clientSecret) return { clientId, clientSecret, source: 'environment' };
  if (clientId || clientSecret) {
    const [given, missing] = clientId
      ? ['TRU_ID_CLIENT_ID', 'TRU_ID_CLIENT_SECRET']
      : ['TRU_ID_CLIENT_SECRET', 'TRU_ID_CLIENT_ID'];
    throw new TruIdConfigError(
      'environment',
      missing,
      `is not set but ${given} is`,
      `set both (from the project's credentials in the console or tru.json), or neither to read tru.json`,
    );
  }

  const named = setting('TRU_ID_CONFIG_FILE');
  const display = named ?? 'tru.json';
  const path = resolve(cwd, display);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    // No tru.json and nothing in the environment: nothing is configured (emulator mode).
    if (!named && errno === 'ENOENT') return null;
    throw new TruIdConfigError(
      display,
      'file',
      errno === 'ENOENT' ? `does not exist (TRU_ID_CONFIG_FILE, resolved to ${path})` : `cannot be read (${errno ?? 'unknown error'})`,
      `point TRU_ID_CONFIG_FILE at the tru.json written by "tru projects:create", or unset it`,
    );
  }
  return parseProjectFile(display, text);
}

// The file the tru CLI writes: { "project_id", "name", "credentials": [{ "client_id", "client_secret", … }], … }.
function parseProjectFile(file: string, text: string): Credentials {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TruIdConfigError(
      file,
      'the file',
      `is not valid JSON (${(error as Error).message})`,
      `fix the syntax, or write it again with "tru projects:create NAME --project-dir ."`,
    );
  }
  if (!isRecord(json)) {
    throw new TruIdConfigError(file, 'the file', 'is not a JSON object', `it should look like {"credentials":[{"client_id":"…","client_secret":"…"}]}`);
  }
  const list = json.credentials;
  if (!Array.isArray(list) || list.length === 0 || !isRecord(list[0])) {
    throw new TruIdConfigError(
      file,
      'credentials[0]',
      list === undefined ? 'is missing' : 'is not an object with client_id and client_secret',
      CREATE_PROJECT_FIX,
    );
  }
  const first = list[0];
  const field = (name: 'client_id' | 'client_secret'): string => {
    const value = first[name];
    if (value === undefined || value === null) {
      throw new TruIdConfigError(file, `credentials[0].${name}`, 'is missing', CREATE_PROJECT_FIX);
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw new TruIdConfigError(file, `credentials[0].${name}`, 'must be a non-empty string', CREATE_PROJECT_FIX);
    }
    return value.trim();
  };
  const credentials: Credentials = { clientId: field('client_id'), clientSecret: field('client_secret'), source: file };

  const residency = json.data_residency;
  if (residency !== undefined && residency !== null) {
    if (typeof residency !== 'string' || !isResidency(residency.trim().toLowerCase())) {
      throw new TruIdConfigError(
        file,
        'data_residency',
        `must be one of ${DATA_RESIDENCIES.join(' | ')}`,
        "use your workspace's data residency (shown by \"tru workspaces\" or in the console), or remove the field for eu",
      );
    }
    credentials.residency = residency.trim().toLowerCase();
  }
  return credentials;
}

function resolveBaseUrl(setting: Setting, credentials: Credentials): string {
  const explicit = setting('TRU_ID_BASE_URL');
  if (explicit) return parseOrigin(explicit);

  const residency = setting('TRU_ID_DATA_RESIDENCY')?.toLowerCase() ?? credentials.residency ?? 'eu';
  if (!isResidency(residency)) {
    throw new TruIdConfigError(
      'environment',
      'TRU_ID_DATA_RESIDENCY',
      `must be one of ${DATA_RESIDENCIES.join(' | ')}`,
      "set it to your workspace's data residency, or unset it for eu",
    );
  }
  const domain = setting('TRU_ID_API_DOMAIN')?.toLowerCase() ?? API_DOMAINS[0];
  if (!(API_DOMAINS as readonly string[]).includes(domain)) {
    throw new TruIdConfigError(
      'environment',
      'TRU_ID_API_DOMAIN',
      `must be one of ${API_DOMAINS.join(' | ')}`,
      'unset it for api.tru.id, or set TRU_ID_BASE_URL to use any other origin',
    );
  }
  return `https://${residency}.${domain}`;
}

function parseOrigin(value: string): string {
  const invalid = (problem: string): TruIdConfigError =>
    new TruIdConfigError(
      'environment',
      'TRU_ID_BASE_URL',
      problem,
      'set an http(s) origin such as https://eu.api.tru.id or http://127.0.0.1:4010, or unset it',
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`must use http or https, not ${url.protocol}`);
  // Not echoed: a URL with user:password@ would put a secret in the message.
  if (url.username || url.password) throw invalid('must not contain credentials');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw invalid('must be an origin only (no path, query or fragment): every API path starts at the root');
  }
  return url.origin;
}

function isResidency(value: string): value is DataResidency {
  return (DATA_RESIDENCIES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
