import { describe, expect, it } from 'vitest';
import { isLocalPlainHttp, loadServerConfig, metricsEnabled, ServerConfigError } from './config.js';

const defaults = { webRoot: '/srv/web', databaseFile: '/srv/data/simpass.db' };

describe('loadServerConfig', () => {
  it('runs on http://localhost:4000 with nothing set', () => {
    const config = loadServerConfig({}, defaults);
    expect(config).toMatchObject({
      port: 4000,
      publicUrl: 'http://localhost:4000',
      defaultCountry: 'GB',
      webRoot: '/srv/web',
      databaseUrl: undefined,
      databaseSchema: undefined,
      databasePoolSize: 20,
      databasePreparedStatements: true,
      databaseFile: '/srv/data/simpass.db',
      sessionIdleTimeoutSeconds: 7 * 24 * 3600,
      sessionLifetimeSeconds: 30 * 24 * 3600,
      simSwap: { check: 'subscriber_check', windowMinutes: 10080, signUpAfterRecentChange: 'allow', whenOperatorHasNoData: 'refuse' },
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.simSwap)).toBe(true);
  });

  it('reads the PostgreSQL pool size, and refuses one that is not a positive whole number', () => {
    expect(loadServerConfig({ DATABASE_POOL_SIZE: '35' }, defaults).databasePoolSize).toBe(35);
    expect(() => loadServerConfig({ DATABASE_POOL_SIZE: '0' }, defaults)).toThrow(ServerConfigError);
    expect(() => loadServerConfig({ DATABASE_POOL_SIZE: 'many' }, defaults)).toThrow(ServerConfigError);
  });

  it('turns PostgreSQL prepared statements off for a pooler that cannot keep them', () => {
    expect(loadServerConfig({ DATABASE_PREPARED_STATEMENTS: 'false' }, defaults).databasePreparedStatements).toBe(false);
    expect(() => loadServerConfig({ DATABASE_PREPARED_STATEMENTS: 'sometimes' }, defaults)).toThrow(ServerConfigError);
  });

  it('reads the SIM-swap settings', () => {
    const env = { SIM_SWAP_CHECK: 'phone_check+sim_check', SIM_SWAP_WINDOW_MINUTES: '540000', SIM_SWAP_SIGN_UP: 'Refuse', SIM_SWAP_NO_DATA: 'allow' };
    expect(loadServerConfig(env, defaults).simSwap).toEqual({
      check: 'phone_check+sim_check',
      windowMinutes: 540000,
      signUpAfterRecentChange: 'refuse',
      whenOperatorHasNoData: 'allow',
    });
  });

  it('follows PORT in the default public URL, and PUBLIC_URL when given', () => {
    expect(loadServerConfig({ PORT: '5000' }, defaults).publicUrl).toBe('http://localhost:5000');
    expect(loadServerConfig({ PUBLIC_URL: 'https://simpass.example/' }, defaults).publicUrl).toBe('https://simpass.example');
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT: "eighty" is not a whole number/],
    [{ PORT: '70000' }, /PORT: "70000" is not a whole number from 0 to 65535/],
    [{ PUBLIC_URL: 'simpass.example' }, /PUBLIC_URL: "simpass.example" is not a URL/],
    [{ PUBLIC_URL: 'https://simpass.example/app' }, /PUBLIC_URL: must be an origin only/],
    [{ PUBLIC_URL: 'ftp://simpass.example' }, /PUBLIC_URL: must be http or https/],
    [{ DEFAULT_COUNTRY: 'XX' }, /DEFAULT_COUNTRY: "XX" is not a country code/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY: "maybe" is not true or false/],
    [{ SESSION_IDLE_TIMEOUT_SECONDS: '10' }, /SESSION_IDLE_TIMEOUT_SECONDS: "10" is not a whole number from 60/],
    [{ RATE_LIMIT_CHECKS_PER_IP: '30' }, /RATE_LIMIT_CHECKS_PER_IP: "30" is not a limit; write how many per window, e\.g\. 30\/1h/],
    [{ RATE_LIMIT_CHECKS_PER_NUMBER: '0/1h' }, /RATE_LIMIT_CHECKS_PER_NUMBER: "0\/1h" is not a limit/],
    [{ RATE_LIMIT_SIGN_INS_PER_IP: '5/8d' }, /RATE_LIMIT_SIGN_INS_PER_IP: "5\/8d" is not a limit.*up to 7d/],
    [{ SPEND_CAP_CHECKS_PER_DAY: '0' }, /SPEND_CAP_CHECKS_PER_DAY: "0" is not a whole number from 1/],
    [{ AUDIT_RETENTION_DAYS: '0' }, /AUDIT_RETENTION_DAYS: "0" is not a whole number from 1/],
    [{ REDIS_KEY_PREFIX: 'has space' }, /REDIS_KEY_PREFIX: "has space" may hold only/],
    [{ REDIS_URL: 'http://cache:6379' }, /REDIS_URL: is not a redis:\/\/ or rediss:\/\/ URL/],
    [{ SIM_SWAP_CHECK: 'sms' }, /SIM_SWAP_CHECK: "sms" is not one of subscriber_check, phone_check\+sim_check/],
    [{ SIM_SWAP_WINDOW_MINUTES: '540001' }, /SIM_SWAP_WINDOW_MINUTES: "540001" is not a whole number from 60 to 540000/],
    [{ SIM_SWAP_WINDOW_MINUTES: '59' }, /SIM_SWAP_WINDOW_MINUTES/],
    [{ SIM_SWAP_SIGN_UP: 'maybe' }, /SIM_SWAP_SIGN_UP: "maybe" is not one of allow, refuse/],
    [{ SIM_SWAP_NO_DATA: 'yes' }, /SIM_SWAP_NO_DATA/],
    [{ OIDC_ISSUER: 'login.example' }, /OIDC_ISSUER: "login.example" is not a URL/],
    [{ OIDC_ISSUER: 'http://localhost:4000/oidc' }, /OIDC_ISSUER: must be an origin only/],
    [{ PUBLIC_URL: 'https://simpass.example', OIDC_ISSUER: 'https://login.example' }, /OIDC_ISSUER: "https:\/\/login\.example" is not on PUBLIC_URL's host/],
    [{ PUBLIC_URL: 'http://simpass.example', OIDC_ISSUER: 'http://simpass.example:8080' }, /OIDC_ISSUER: .* must be https/],
    [{ OIDC_DEMO_REDIRECT_URI: 'localhost:4001/callback' }, /OIDC_DEMO_REDIRECT_URI: "localhost:4001\/callback" is not an http\(s\) URL/],
  ])('refuses %j, naming the variable and the fix', (env, message) => {
    expect(() => loadServerConfig(env, defaults)).toThrow(ServerConfigError);
    expect(() => loadServerConfig(env, defaults)).toThrow(message);
  });
});

describe('the OpenID Connect provider', () => {
  it('issues as PUBLIC_URL unless OIDC_ISSUER says otherwise, on the same host', () => {
    expect(loadServerConfig({ PUBLIC_URL: 'https://simpass.example' }, defaults).oidc).toEqual({
      issuer: 'https://simpass.example',
      clientsFile: undefined,
      demoRedirectUri: undefined,
    });
    // E.g. behind a proxy that terminates TLS on another port of the same host.
    const env = { PUBLIC_URL: 'https://simpass.example', OIDC_ISSUER: 'https://simpass.example:8443/', OIDC_CLIENTS_FILE: ' /etc/simpass/clients.json ' };
    expect(loadServerConfig(env, defaults).oidc).toMatchObject({ issuer: 'https://simpass.example:8443', clientsFile: '/etc/simpass/clients.json' });
    // A PUBLIC_URL on plain http elsewhere than localhost does not stop a start that never asked for the provider.
    expect(loadServerConfig({ PUBLIC_URL: 'http://192.168.1.20:4000' }, defaults).oidc.issuer).toBe('http://192.168.1.20:4000');
  });
});

describe('rate limits, Redis and retention', () => {
  it('has defaults that leave room for people and stop scripts', () => {
    const config = loadServerConfig({}, defaults);
    expect(config.rateLimits).toEqual({
      checksPerIp: { points: 30, windowSeconds: 3600 },
      checksPerNumber: { points: 5, windowSeconds: 3600 },
      checksPerDay: 2000,
      signInsPerIp: { points: 30, windowSeconds: 600 },
      handoffsPerIp: { points: 20, windowSeconds: 600 },
      passkeySignInsPerIp: { points: 60, windowSeconds: 600 },
    });
    expect(config).toMatchObject({ redisUrl: undefined, redisKeyPrefix: 'simpass:', auditRetentionDays: 90 });
  });

  it('reads count/window in seconds, minutes, hours or days, and off', () => {
    const config = loadServerConfig(
      {
        RATE_LIMIT_CHECKS_PER_IP: '100/90s',
        RATE_LIMIT_CHECKS_PER_NUMBER: '3/15m',
        RATE_LIMIT_SIGN_INS_PER_IP: 'OFF',
        RATE_LIMIT_PASSKEY_SIGN_INS_PER_IP: '20/5m',
        SPEND_CAP_CHECKS_PER_DAY: 'off',
        RATE_LIMIT_HANDOFFS_PER_IP: '5/1m',
      },
      defaults,
    );
    expect(config.rateLimits).toEqual({
      checksPerIp: { points: 100, windowSeconds: 90 },
      checksPerNumber: { points: 3, windowSeconds: 900 },
      checksPerDay: null,
      signInsPerIp: null,
      handoffsPerIp: { points: 5, windowSeconds: 60 },
      passkeySignInsPerIp: { points: 20, windowSeconds: 300 },
    });
    expect(loadServerConfig({ RATE_LIMIT_CHECKS_PER_IP: '1/7d' }, defaults).rateLimits.checksPerIp).toEqual({ points: 1, windowSeconds: 604800 });
  });

  it('never repeats a REDIS_URL it refuses: it may carry a password', () => {
    expect(() => loadServerConfig({ REDIS_URL: 'http://:hunter2@cache:6379' }, defaults)).toThrow(ServerConfigError);
    try {
      loadServerConfig({ REDIS_URL: 'http://:hunter2@cache:6379' }, defaults);
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
    expect(loadServerConfig({ REDIS_URL: 'rediss://:pw@cache.example:6380/2' }, defaults).redisUrl).toBe('rediss://:pw@cache.example:6380/2');
  });
});

describe('isLocalPlainHttp', () => {
  it('is true only for plain-http loopback origins', () => {
    expect(isLocalPlainHttp('http://localhost:4000')).toBe(true);
    expect(isLocalPlainHttp('http://127.0.0.1:4000')).toBe(true);
    expect(isLocalPlainHttp('https://localhost:4000')).toBe(false);
    expect(isLocalPlainHttp('http://simpass.example')).toBe(false);
  });
});

describe('metrics', () => {
  const token = 'a'.repeat(64);

  it('are served nowhere unless METRICS_PORT or METRICS_TOKEN says where', () => {
    const config = loadServerConfig({}, defaults);
    expect(config.metrics).toEqual({ port: null, host: '127.0.0.1', token: null });
    expect(metricsEnabled(config.metrics)).toBe(false);
    expect(metricsEnabled(loadServerConfig({ METRICS_PORT: '9464' }, defaults).metrics)).toBe(true);
    expect(metricsEnabled(loadServerConfig({ METRICS_TOKEN: token }, defaults).metrics)).toBe(true);
  });

  it('reads a port of their own (loopback unless METRICS_HOST says otherwise) and a bearer token', () => {
    expect(loadServerConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: token }, defaults).metrics).toEqual({
      port: 9464,
      host: '0.0.0.0',
      token,
    });
  });

  it('refuses the app\'s own port, and a short or odd token without repeating it', () => {
    expect(() => loadServerConfig({ PORT: '4000', METRICS_PORT: '4000' }, defaults)).toThrow(/METRICS_PORT: is PORT/);
    for (const bad of ['short-token', `${'b'.repeat(40)} with spaces`, `${'c'.repeat(40)}"`]) {
      let error: unknown;
      try {
        loadServerConfig({ METRICS_TOKEN: bad }, defaults);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ServerConfigError);
      expect((error as Error).message).toMatch(/^METRICS_TOKEN: must be 32 to 512/);
      expect((error as Error).message).not.toContain(bad);
    }
  });
});
