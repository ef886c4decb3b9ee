import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTruIdConfig } from './config.js';
import { TruIdConfigError, TruIdError } from './errors.js';

const SECRET = 's3cr3t-do-not-print';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'truid-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeTruJson(content: unknown, name = 'tru.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const project = (credential: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  project_id: 'c69bc0e6-a429-11ea-bb37-0242ac130002',
  name: 'simpass',
  created_at: '2020-06-01T16:43:30+00:00',
  credentials: [credential],
  ...extra,
});

function configError(run: () => unknown): TruIdConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TruIdConfigError);
    expect(error).toBeInstanceOf(TruIdError);
    const configError = error as TruIdConfigError;
    expect(configError.code).toBe('TRUID_CONFIG_INVALID');
    expect(configError.message).not.toContain(SECRET);
    return configError;
  }
  throw new Error('expected a TruIdConfigError');
}

describe('loadTruIdConfig: nothing configured', () => {
  it('is null with no credentials in the environment and no tru.json (emulator mode)', () => {
    expect(loadTruIdConfig({ env: {}, cwd: dir })).toBeNull();
  });

  it('is null when only the host settings are given', () => {
    expect(loadTruIdConfig({ env: { TRU_ID_DATA_RESIDENCY: 'us', TRU_ID_BASE_URL: 'http://127.0.0.1:1' }, cwd: dir })).toBeNull();
  });

  it('treats empty variables as unset', () => {
    expect(loadTruIdConfig({ env: { TRU_ID_CLIENT_ID: '', TRU_ID_CLIENT_SECRET: '  ' }, cwd: dir })).toBeNull();
  });
});

describe('loadTruIdConfig: the environment', () => {
  it('reads client id and secret, defaulting to the EU tru.ID host', () => {
    const config = loadTruIdConfig({ env: { TRU_ID_CLIENT_ID: 'id', TRU_ID_CLIENT_SECRET: SECRET }, cwd: dir });
    expect(config).toEqual({ clientId: 'id', clientSecret: SECRET, baseUrl: 'https://eu.api.tru.id', source: 'environment' });
  });

  it('wins over tru.json when both are present', () => {
    writeTruJson(project({ client_id: 'file-id', client_secret: 'file-secret' }, { data_residency: 'us' }));
    const config = loadTruIdConfig({ env: { TRU_ID_CLIENT_ID: 'env-id', TRU_ID_CLIENT_SECRET: SECRET }, cwd: dir });
    expect(config).toMatchObject({ clientId: 'env-id', clientSecret: SECRET, source: 'environment', baseUrl: 'https://eu.api.tru.id' });
  });

  it('builds the origin from TRU_ID_DATA_RESIDENCY and TRU_ID_API_DOMAIN (IDlayr)', () => {
    const env = { TRU_ID_CLIENT_ID: 'id', TRU_ID_CLIENT_SECRET: SECRET, TRU_ID_DATA_RESIDENCY: 'IN', TRU_ID_API_DOMAIN: 'api.idlayr.com' };
    expect(loadTruIdConfig({ env, cwd: dir })?.baseUrl).toBe('https://in.api.idlayr.com');
  });

  it('takes TRU_ID_BASE_URL as the origin, without a trailing slash', () => {
    const env = { TRU_ID_CLIENT_ID: 'id', TRU_ID_CLIENT_SECRET: SECRET, TRU_ID_BASE_URL: 'http://127.0.0.1:4010/', TRU_ID_DATA_RESIDENCY: 'us' };
    expect(loadTruIdConfig({ env, cwd: dir })?.baseUrl).toBe('http://127.0.0.1:4010');
  });

  it('names the missing secret when only the client id is set', () => {
    const error = configError(() => loadTruIdConfig({ env: { TRU_ID_CLIENT_ID: 'id' }, cwd: dir }));
    expect(error.field).toBe('TRU_ID_CLIENT_SECRET');
    expect(error.message).toMatch(/^environment: TRU_ID_CLIENT_SECRET is not set but TRU_ID_CLIENT_ID is — set both/);
  });

  it('names the missing client id when only the secret is set', () => {
    const error = configError(() => loadTruIdConfig({ env: { TRU_ID_CLIENT_SECRET: SECRET }, cwd: dir }));
    expect(error.field).toBe('TRU_ID_CLIENT_ID');
    expect(error.message).toContain('TRU_ID_CLIENT_ID is not set but TRU_ID_CLIENT_SECRET is');
  });

  it('refuses a residency other than eu | in | us', () => {
    const error = configError(() =>
      loadTruIdConfig({ env: { TRU_ID_CLIENT_ID: 'id', TRU_ID_CLIENT_SECRET: SECRET, TRU_ID_DATA_RESIDENCY: 'uk' }, cwd: dir }),
    );
    expect(error.field).toBe('TRU_ID_DATA_RESIDENCY');
    expect(error.message).toContain('TRU_ID_DATA_RESIDENCY must be one of eu | in | us');
  });

  it('refuses an unknown API domain and points at TRU_ID_BASE_URL', () => {
    const error = configError(() =>
      loadTruIdConfig({ env: { TRU_ID_CLIENT_ID: 'id', TRU_ID_CLIENT_SECRET: SECRET, TRU_ID_API_DOMAIN: 'api.tru.io' }, cwd: dir }),
    );
    expect(error.message).toContain('TRU_ID_API_DOMAIN must be one of api.tru.id | api.idlayr.com');
    expect(error.message).toContain('TRU_ID_BASE_URL');
  });

  it.each([
    ['not a URL', 'is not a URL'],
    ['ftp://example.com', 'must use http or https'],
    ['https://example.com/api', 'must be an origin only'],
    ['https://example.com/?x=1', 'must be an origin only'],
    [`https://user:${SECRET}@example.com`, 'must not contain credentials'],
  ])('refuses TRU_ID_BASE_URL=%s', (value, problem) => {
    const error = configError(() =>
      loadTruIdConfig({ env: { TRU_ID_CLIENT_ID: 'id', TRU_ID_CLIENT_SECRET: SECRET, TRU_ID_BASE_URL: value }, cwd: dir }),
    );
    expect(error.field).toBe('TRU_ID_BASE_URL');
    expect(error.message).toContain(`TRU_ID_BASE_URL ${problem}`);
  });
});

describe('loadTruIdConfig: tru.json', () => {
  it('reads credentials[0] from tru.json in the working directory', () => {
    writeTruJson(project({ client_id: 'file-id', client_secret: SECRET, scopes: ['phone_check'] }));
    const config = loadTruIdConfig({ env: {}, cwd: dir });
    expect(config).toEqual({ clientId: 'file-id', clientSecret: SECRET, baseUrl: 'https://eu.api.tru.id', source: 'tru.json' });
  });

  it('uses data_residency from tru.json, unless TRU_ID_DATA_RESIDENCY overrides it', () => {
    writeTruJson(project({ client_id: 'id', client_secret: SECRET }, { data_residency: 'us' }));
    expect(loadTruIdConfig({ env: {}, cwd: dir })?.baseUrl).toBe('https://us.api.tru.id');
    expect(loadTruIdConfig({ env: { TRU_ID_DATA_RESIDENCY: 'in' }, cwd: dir })?.baseUrl).toBe('https://in.api.tru.id');
    expect(loadTruIdConfig({ env: { TRU_ID_API_DOMAIN: 'api.idlayr.com' }, cwd: dir })?.baseUrl).toBe('https://us.api.idlayr.com');
  });

  it('reads the file named by TRU_ID_CONFIG_FILE, relative to the working directory', () => {
    mkdirSync(join(dir, 'conf'));
    writeTruJson(project({ client_id: 'other-id', client_secret: SECRET }), 'conf/project.json');
    const config = loadTruIdConfig({ env: { TRU_ID_CONFIG_FILE: 'conf/project.json' }, cwd: dir });
    expect(config).toMatchObject({ clientId: 'other-id', source: 'conf/project.json' });
  });

  it('is frozen', () => {
    writeTruJson(project({ client_id: 'id', client_secret: SECRET }));
    const config = loadTruIdConfig({ env: {}, cwd: dir });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('fails when TRU_ID_CONFIG_FILE names a file that does not exist', () => {
    const error = configError(() => loadTruIdConfig({ env: { TRU_ID_CONFIG_FILE: 'missing.json' }, cwd: dir }));
    expect(error.source).toBe('missing.json');
    expect(error.message).toMatch(/^missing\.json: file does not exist \(TRU_ID_CONFIG_FILE, resolved to .*missing\.json\) — point TRU_ID_CONFIG_FILE/);
  });

  it('fails on a file that is not JSON', () => {
    writeTruJson('{ "credentials": [ ');
    const error = configError(() => loadTruIdConfig({ env: {}, cwd: dir }));
    expect(error.message).toMatch(/^tru\.json: the file is not valid JSON \(.+\) — fix the syntax/);
  });

  it('fails on JSON that is not an object', () => {
    writeTruJson('[]');
    expect(configError(() => loadTruIdConfig({ env: {}, cwd: dir })).message).toContain('tru.json: the file is not a JSON object');
  });

  it('fails when credentials are missing', () => {
    writeTruJson({ project_id: 'p', name: 'simpass' });
    const error = configError(() => loadTruIdConfig({ env: {}, cwd: dir }));
    expect(error.field).toBe('credentials[0]');
    expect(error.message).toBe(
      'tru.json: credentials[0] is missing — run "tru projects:create NAME --project-dir ." or copy it from the console (Projects → your project → credentials)',
    );
  });

  it('fails when credentials is an empty list', () => {
    writeTruJson({ credentials: [] });
    expect(configError(() => loadTruIdConfig({ env: {}, cwd: dir })).message).toContain(
      'tru.json: credentials[0] is not an object with client_id and client_secret',
    );
  });

  it('names credentials[0].client_secret when it is missing', () => {
    writeTruJson(project({ client_id: 'id' }));
    const error = configError(() => loadTruIdConfig({ env: {}, cwd: dir }));
    expect(error.field).toBe('credentials[0].client_secret');
    expect(error.message).toMatch(
      /^tru\.json: credentials\[0\]\.client_secret is missing — run "tru projects:create NAME --project-dir \." or copy it from the console/,
    );
  });

  it('names credentials[0].client_id when it is missing', () => {
    writeTruJson(project({ client_secret: SECRET }));
    expect(configError(() => loadTruIdConfig({ env: {}, cwd: dir })).message).toContain('tru.json: credentials[0].client_id is missing');
  });

  it('refuses an empty or non-string client_id', () => {
    writeTruJson(project({ client_id: 42, client_secret: SECRET }));
    expect(configError(() => loadTruIdConfig({ env: {}, cwd: dir })).message).toContain(
      'tru.json: credentials[0].client_id must be a non-empty string',
    );
  });

  it('refuses a data_residency other than eu | in | us, naming the file', () => {
    writeTruJson(project({ client_id: 'id', client_secret: SECRET }, { data_residency: 'ap' }));
    const error = configError(() => loadTruIdConfig({ env: {}, cwd: dir }));
    expect(error.field).toBe('data_residency');
    expect(error.message).toContain('tru.json: data_residency must be one of eu | in | us');
  });

  it('names the file given in TRU_ID_CONFIG_FILE in its errors', () => {
    writeTruJson(project({ client_id: 'id' }), 'staging.json');
    expect(configError(() => loadTruIdConfig({ env: { TRU_ID_CONFIG_FILE: 'staging.json' }, cwd: dir })).message).toMatch(
      /^staging\.json: credentials\[0\]\.client_secret is missing/,
    );
  });

  it('is not consulted when TRU_ID_CONFIG_FILE is set but the environment has credentials', () => {
    const config = loadTruIdConfig({
      env: { TRU_ID_CLIENT_ID: 'id', TRU_ID_CLIENT_SECRET: SECRET, TRU_ID_CONFIG_FILE: 'missing.json' },
      cwd: dir,
    });
    expect(config?.source).toBe('environment');
  });
});
