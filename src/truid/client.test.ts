// The client end to end against the emulator over real HTTP: tokens, error mapping, timeouts,
// retries, connection reuse and the check flows as a server would drive them.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../emulator/index.js';
import { createTruIdClient, type CreateTruIdClientOptions, type TruIdClient } from './client.js';
import { TruIdApiError, TruIdNetworkError, TruIdTimeoutError } from './errors.js';
import type { TokenGrantEvent, TruIdCallEvent } from './observer.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

let emulator: Emulator;
const clients: TruIdClient[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await admin('POST', '/_emulator/reset');
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

function client(options: Partial<CreateTruIdClientOptions> = {}): TruIdClient {
  const created = createTruIdClient({
    config: { baseUrl: emulator.url, ...emulator.credentials },
    retry: { baseDelayMs: 5 },
    ...options,
  });
  clients.push(created);
  return created;
}

/** The emulator's HTTP admin API (docs/architecture.md, "HTTP admin API"). */
async function admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(emulator.url + path, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

interface Stats {
  token_requests: number;
  requests: Record<string, number>;
}
const stats = () => admin<Stats>('GET', '/_emulator/stats');
const tokenRequests = async () => (await stats()).token_requests;

interface FaultSpec {
  method?: string;
  path: string;
  kind: 'status' | 'hang' | 'reset' | 'delay';
  status?: number;
  delay_ms?: number;
  times?: number;
}
const fault = (spec: FaultSpec) => admin<{ id: string }>('POST', '/_emulator/faults', spec);
const faultHits = (id: string) => emulator.control.listFaults().find((f) => f.id === id)?.hits;

/**
 * The device opens check_url (as the SDK's full-page navigation would) and we take the code from the
 * answer. products.yaml (get-phone-check-redirect-v0.2) documents a 302 whose content is
 * CheckRedirectSuccessPartial `{check_id, code}`: with a redirect_url the code rides in the Location's
 * query, without one it is in the 302's own body (shared/truid-api.md, PhoneCheck v0.2 step 2).
 */
async function openCheckUrl(checkUrl: string, device: string): Promise<{ code: string | null; location: URL | null }> {
  const response = await fetch(checkUrl, { redirect: 'manual', headers: { 'X-Emulator-Device': device } });
  expect(response.status).toBe(302);
  const header = response.headers.get('location');
  if (header) {
    const location = new URL(header, checkUrl);
    return { code: location.searchParams.get('code'), location };
  }
  const body = (await response.json()) as { check_id?: string; code?: string };
  return { code: body.code ?? null, location: null };
}

const REDIRECT_URL = 'https://app.example/verified';

const PHONE = '447700900001';
const OTHER_SIM = '447700900002';
const SWAPPED_SIM = '447700900005';

describe('access tokens', () => {
  it('shares one token among 100 parallel calls', async () => {
    const truid = client();
    const created = await Promise.all(Array.from({ length: 100 }, () => truid.phoneChecks.create({ phone_number: PHONE })));
    expect(created).toHaveLength(100);
    expect(await tokenRequests()).toBe(1);
  });

  it('reuses the token across products only per scope set', async () => {
    const truid = client();
    await truid.phoneChecks.create({ phone_number: PHONE });
    await truid.phoneChecks.create({ phone_number: PHONE });
    await truid.simChecks.create({ phone_number: PHONE });
    expect(await tokenRequests()).toBe(2);
  });

  it('renews the token a minute before it expires, without a refused call', async () => {
    let now = Date.now();
    const truid = client({ clock: () => now });
    const { check_id } = await truid.phoneChecks.create({ phone_number: PHONE });
    // 3600 s tokens: at 3541 s the client renews; the emulator still accepts the old one, so a second
    // grant can only come from the client's own schedule.
    now += 3_541_000;
    await admin('POST', '/_emulator/clock/advance', { seconds: 3_541 });
    await truid.phoneChecks.get(check_id);
    const { token_requests, requests } = await stats();
    expect(token_requests).toBe(2);
    expect(requests['GET /phone_check/v0.2/checks/:check_id']).toBe(1); // no 401 on the way
  });

  it('recovers from a token the server expired early: one refused call, one new token', async () => {
    const truid = client(); // its clock does not move: it believes the token is fresh
    await truid.phoneChecks.create({ phone_number: PHONE });
    await admin('POST', '/_emulator/clock/advance', { seconds: 3_700 });
    await expect(truid.phoneChecks.create({ phone_number: PHONE })).resolves.toMatchObject({ status: 'ACCEPTED' });
    expect(await tokenRequests()).toBe(2);
  });

  it('after every token is revoked, the next call still succeeds with exactly one extra token request', async () => {
    const truid = client();
    await truid.phoneChecks.create({ phone_number: PHONE });
    await admin('POST', '/_emulator/tokens/revoke');
    const before = await tokenRequests();
    await expect(truid.phoneChecks.create({ phone_number: PHONE })).resolves.toMatchObject({ status: 'ACCEPTED' });
    const after = await stats();
    expect(after.token_requests - before).toBe(1);
    expect(after.requests['POST /phone_check/v0.2/checks']).toBe(3); // ok, refused (401), retried once
  });

  it('reports wrong credentials as a 401 TruIdApiError from the token endpoint, without the secret', async () => {
    const secret = 'definitely-not-the-secret';
    const truid = client({ config: { baseUrl: emulator.url, clientId: emulator.credentials.clientId, clientSecret: secret } });
    const error = await truid.phoneChecks.create({ phone_number: PHONE }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TruIdApiError);
    expect(error).toMatchObject({ status: 401, request: { method: 'POST', path: '/oauth2/v1/token' } });
    expect(String((error as Error).message)).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
    // A refused grant is not cached: the next call asks again.
    await truid.phoneChecks.create({ phone_number: PHONE }).catch(() => undefined);
    expect(await tokenRequests()).toBe(2);
  });
});

describe('a hanging token endpoint', () => {
  it('bounds the grant by its own short deadline and one retry, whatever the request timeout', async () => {
    const truid = client({ timeouts: { requestMs: 60_000 }, tokenRequest: { timeoutMs: 100 } });
    const { id } = await fault({ method: 'POST', path: '/oauth2/v1/token', kind: 'hang' });
    const error = await truid.phoneChecks.create({ phone_number: PHONE }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TruIdTimeoutError);
    expect(error).toMatchObject({ phase: 'request', timeoutMs: 100, request: { method: 'POST', path: '/oauth2/v1/token' } });
    expect(faultHits(id)).toBe(2);
  });

  // (That the failed grant is not remembered is tokens.test.ts's "does not remember a failed grant".)
  it('every waiting call gets the same bounded failure from one grant', async () => {
    const truid = client({ tokenRequest: { timeoutMs: 100, attempts: 1 } });
    const { id } = await fault({ method: 'POST', path: '/oauth2/v1/token', kind: 'hang' });
    const errors = await Promise.all(Array.from({ length: 5 }, () => truid.phoneChecks.create({ phone_number: PHONE }).catch((e: unknown) => e)));
    for (const error of errors) expect(error).toBeInstanceOf(TruIdTimeoutError);
    expect(faultHits(id)).toBe(1);
  });
});

describe('errors', () => {
  it('maps an unknown check to a 404 TruIdApiError with the problem type, title and detail', async () => {
    const error = await client().phoneChecks.get('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TruIdApiError);
    const apiError = error as TruIdApiError;
    expect(apiError.status).toBe(404);
    expect(apiError.type).toMatch(/check_not_found/);
    expect(apiError.title).toBe('Not Found');
    expect(apiError.detail).toBeTruthy();
    expect(apiError.code).toBe('TRUID_API_ERROR');
  });

  it('maps an invalid phone number to a 400', async () => {
    await expect(client().phoneChecks.create({ phone_number: 'not-a-number' })).rejects.toMatchObject({ status: 400 });
  });

  // The deadline also bounds the requests that must succeed (the token, the create): room for a busy
  // machine. Only a hang reaches it, and a hang never ends by itself, so the error arriving is the proof.
  const DEADLINE_MS = 3_000;

  it('ends a hanging request with a TruIdTimeoutError', async () => {
    const truid = client({ timeouts: { requestMs: DEADLINE_MS }, retry: { attempts: 1 } });
    const { check_id } = await truid.phoneChecks.create({ phone_number: PHONE });
    await fault({ method: 'GET', path: '/phone_check/v0.2/checks', kind: 'hang' });
    const error = await truid.phoneChecks.get(check_id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TruIdTimeoutError);
    expect(error).toMatchObject({ code: 'TRUID_TIMEOUT', phase: 'request', timeoutMs: DEADLINE_MS });
  });

  it('does not retry a POST that timed out (the check may exist)', async () => {
    const truid = client({ timeouts: { requestMs: DEADLINE_MS } });
    await truid.phoneChecks.create({ phone_number: PHONE }); // token first, so only the create can hang
    const { id } = await fault({ method: 'POST', path: '/phone_check/v0.2/checks', kind: 'hang' });
    await expect(truid.phoneChecks.create({ phone_number: PHONE })).rejects.toBeInstanceOf(TruIdTimeoutError);
    expect(faultHits(id)).toBe(1);
  });
});

describe('retries', () => {
  it('retries a GET on 5xx and succeeds on the third attempt', async () => {
    const truid = client();
    const { check_id } = await truid.phoneChecks.create({ phone_number: PHONE });
    await fault({ method: 'GET', path: '/phone_check/v0.2/checks', kind: 'status', status: 503, times: 2 });
    await expect(truid.phoneChecks.get(check_id)).resolves.toMatchObject({ check_id, status: 'ACCEPTED' });
    expect(emulator.control.listFaults()).toHaveLength(0); // both faulty answers were consumed
  });

  it('retries a GET whose connection was reset', async () => {
    const truid = client();
    const { check_id } = await truid.phoneChecks.create({ phone_number: PHONE });
    await fault({ method: 'GET', path: '/phone_check/v0.2/checks', kind: 'reset', times: 1 });
    await expect(truid.phoneChecks.get(check_id)).resolves.toMatchObject({ check_id });
    expect(emulator.control.listFaults()).toHaveLength(0); // the reset happened, then the retry succeeded
  });

  it('gives up on a GET after three attempts', async () => {
    const truid = client();
    const { check_id } = await truid.phoneChecks.create({ phone_number: PHONE });
    const { id } = await fault({ method: 'GET', path: '/phone_check/v0.2/checks', kind: 'status', status: 500 });
    await expect(truid.phoneChecks.get(check_id)).rejects.toMatchObject({ status: 500 });
    expect(faultHits(id)).toBe(3);
  });

  it('never repeats a POST after a 5xx: exactly one attempt reaches the server', async () => {
    const truid = client();
    await truid.phoneChecks.create({ phone_number: PHONE });
    const { id } = await fault({ method: 'POST', path: '/phone_check/v0.2/checks', kind: 'status', status: 503 });
    await expect(truid.phoneChecks.create({ phone_number: PHONE })).rejects.toMatchObject({ status: 503 });
    expect(faultHits(id)).toBe(1);
  });

  it('surfaces a POST whose connection was reset instead of repeating it', async () => {
    const truid = client();
    await truid.phoneChecks.create({ phone_number: PHONE });
    const { id } = await fault({ method: 'POST', path: '/phone_check/v0.2/checks', kind: 'reset' });
    await expect(truid.phoneChecks.create({ phone_number: PHONE })).rejects.toBeInstanceOf(TruIdNetworkError);
    expect(faultHits(id)).toBe(1);
  });
});

describe('connections', () => {
  it('reuses kept-alive connections across many sequential calls', async () => {
    const truid = client();
    const { check_id } = await truid.phoneChecks.create({ phone_number: PHONE });
    // undici publishes every new socket on this channel (undici docs, "Diagnostics Channel"); Node's
    // built-in fetch uses its own copy of undici, which is why nothing else is fetched meanwhile.
    let connected = 0;
    const onConnected = () => (connected += 1);
    subscribe('undici:client:connected', onConnected);
    try {
      for (let i = 0; i < 30; i++) await truid.phoneChecks.get(check_id);
    } finally {
      unsubscribe('undici:client:connected', onConnected);
    }
    // The pool already holds the sockets of the create; back-to-back calls may open one more while a
    // socket is being released, never one per call.
    expect(connected).toBeLessThanOrEqual(2);
  });
});

describe('PhoneCheck v0.2', () => {
  it('create → device opens check_url → complete with the code: COMPLETED, match', async () => {
    const truid = client();
    const created = await truid.phoneChecks.create({ phone_number: `+${PHONE}`, redirect_url: REDIRECT_URL });
    expect(created).toMatchObject({ status: 'ACCEPTED', ttl: expect.any(Number) as number });
    expect(created._links.check_url.href).toContain(`/phone_check/v0.2/checks/${created.check_id}/redirect`);

    const { code, location } = await openCheckUrl(created._links.check_url.href, 'phone');
    expect(location?.searchParams.get('check_id')).toBe(created.check_id);
    expect(code).toBeTruthy();
    expect(await truid.phoneChecks.get(created.check_id)).toMatchObject({ status: 'PENDING' });

    const completed = await truid.phoneChecks.complete(created.check_id, code!);
    expect(completed).toMatchObject({ check_id: created.check_id, status: 'COMPLETED', match: true });
    expect(await truid.phoneChecks.get(created.check_id)).toMatchObject({ status: 'COMPLETED', match: true, network_id: '23410' });
  });

  it('a different SIM completes with match false', async () => {
    const truid = client();
    const created = await truid.phoneChecks.create({ phone_number: PHONE, redirect_url: REDIRECT_URL });
    const { code } = await openCheckUrl(created._links.check_url.href, 'other-sim');
    await expect(truid.phoneChecks.complete(created.check_id, code!)).resolves.toMatchObject({ status: 'COMPLETED', match: false });
  });

  it('without a redirect_url the code comes in the 302 body, and works once', async () => {
    const truid = client();
    const created = await truid.phoneChecks.create({ phone_number: PHONE });
    const { code, location } = await openCheckUrl(created._links.check_url.href, 'phone');
    expect(location).toBeNull();
    expect(code).toBeTruthy();
    await truid.phoneChecks.complete(created.check_id, code!);
    await expect(truid.phoneChecks.complete(created.check_id, code!)).rejects.toMatchObject({ status: 404 });
  });

  it('a wrong code is refused with 404 and the right one still works', async () => {
    const truid = client();
    const created = await truid.phoneChecks.create({ phone_number: PHONE, redirect_url: REDIRECT_URL });
    const code = (await openCheckUrl(created._links.check_url.href, 'phone')).code!;
    await expect(truid.phoneChecks.complete(created.check_id, 'wrong')).rejects.toMatchObject({ status: 404 });
    await expect(truid.phoneChecks.complete(created.check_id, code)).resolves.toMatchObject({ status: 'COMPLETED', match: true });
  });

  it('passes redirect_url and reference_id through', async () => {
    const truid = client();
    const created = await truid.phoneChecks.create({ phone_number: PHONE, redirect_url: 'https://app.example/callback', reference_id: 'ref-1' });
    expect(created.reference_id).toBe('ref-1');
    const { location } = await openCheckUrl(created._links.check_url.href, 'phone');
    expect(location && location.origin + location.pathname).toBe('https://app.example/callback');
  });
});

describe('PhoneCheck v0.1', () => {
  it('create → device follows check_url → get: COMPLETED, match', async () => {
    const truid = client();
    const created = await truid.phoneChecksV01.create({ phone_number: PHONE });
    expect(created._links.check_url.href).toContain('/phone_check/v0.1/checks/');
    // The device follows the whole redirect chain (the SDK loads it as an image).
    let url = created._links.check_url.href;
    for (let hop = 0; hop < 5; hop++) {
      const response = await fetch(url, { redirect: 'manual', headers: { 'X-Emulator-Device': 'phone' } });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) break;
      url = new URL(location, url).href;
      if (!url.startsWith(emulator.url)) break;
    }
    await expect(truid.phoneChecksV01.get(created.check_id)).resolves.toMatchObject({ status: 'COMPLETED', match: true });
  });
});

describe('SubscriberCheck v0.2', () => {
  it('shows no SIM change for a SIM that has not changed', async () => {
    const truid = client();
    const created = await truid.subscriberChecks.create({ phone_number: PHONE, redirect_url: REDIRECT_URL });
    const { code } = await openCheckUrl(created._links.check_url.href, 'phone');
    expect(code).toBeTruthy();
    await expect(truid.subscriberChecks.complete(created.check_id, code!)).resolves.toMatchObject({
      status: 'COMPLETED',
      match: true,
      no_sim_change: true,
    });
  });

  it('shows the SIM change on swapped-sim', async () => {
    const truid = client();
    const created = await truid.subscriberChecks.create({ phone_number: SWAPPED_SIM });
    const code = (await openCheckUrl(created._links.check_url.href, 'swapped-sim')).code!;
    const completed = await truid.subscriberChecks.complete(created.check_id, code);
    expect(completed).toMatchObject({ status: 'COMPLETED', match: true, no_sim_change: false });
    // Changed "1 day ago" in the default network: the 12h01m–24h or 1d01m–2d bucket (SimChangeWithin table).
    const check = await truid.subscriberChecks.get(created.check_id);
    expect(check.no_sim_change).toBe(false);
    expect([1440, 2880]).toContain(check.sim_change_within);
  });
});

describe('SIMCheck v0.1', () => {
  it('reports the SIM change on swapped-sim and none on phone', async () => {
    const truid = client();
    await expect(truid.simChecks.create({ phone_number: `+${SWAPPED_SIM}` })).resolves.toMatchObject({ status: 'COMPLETED', no_sim_change: false });
    await expect(truid.simChecks.create({ phone_number: OTHER_SIM })).resolves.toMatchObject({ status: 'COMPLETED', no_sim_change: true });
  });

  it('sends the period it is given, and an operator without SIM data is an ERROR answer, not a thrown error', async () => {
    const truid = client();
    await expect(truid.simChecks.create({ phone_number: SWAPPED_SIM, period: 60 })).resolves.toMatchObject({ no_sim_change: true, no_sim_change_period: 60 });
    await expect(truid.simChecks.create({ phone_number: '447700900006', period: 540000 })).resolves.toMatchObject({
      status: 'ERROR',
      error_code: 'mno_no_data_available',
    });
  });
});

describe('coverage', () => {
  it('finds the network of a device IP', async () => {
    await admin('PUT', '/_emulator/attachments/10.64.0.7', { device_id: 'other-sim' });
    await expect(client().coverage.deviceIp('10.64.0.7')).resolves.toMatchObject({
      network_id: '23415',
      network_name: 'Vodafone UK',
      country_code: 'GB',
      mobile_data_ip: '10.64.0.7',
    });
  });

  it('answers 412 for an IP that is not on a mobile network', async () => {
    await admin('PUT', '/_emulator/attachments/192.0.2.10', { device_id: 'wifi' });
    await expect(client().coverage.deviceIp('192.0.2.10')).rejects.toMatchObject({ status: 412 });
  });

  it('encodes IPv6 addresses in the path', async () => {
    await admin('PUT', `/_emulator/attachments/${encodeURIComponent('2001:db8::1')}`, { device_id: 'phone' });
    await expect(client().coverage.deviceIp('2001:db8::1')).resolves.toMatchObject({ network_id: '23410' });
  });
});

describe('the observer', () => {
  function observed() {
    const calls: TruIdCallEvent[] = [];
    const grants: TokenGrantEvent[] = [];
    const truid = client({ observer: { onResponse: (event) => calls.push(event), onTokenGrant: (event) => grants.push(event) } });
    return { truid, calls, grants };
  }

  it('hears every exchange by endpoint template (never an id), with its status and duration', async () => {
    const { truid, calls, grants } = observed();
    const created = await truid.phoneChecks.create({ phone_number: PHONE, redirect_url: REDIRECT_URL });
    const { code } = await openCheckUrl(created._links.check_url.href, 'phone');
    await truid.phoneChecks.complete(created.check_id, code!);
    expect(calls.map(({ endpoint, method, status, error }) => ({ endpoint, method, status, error }))).toEqual([
      { endpoint: 'POST /oauth2/v1/token', method: 'POST', status: 200, error: undefined },
      { endpoint: 'POST /phone_check/v0.2/checks', method: 'POST', status: 201, error: undefined },
      { endpoint: 'PATCH /phone_check/v0.2/checks/{check_id}', method: 'PATCH', status: 200, error: undefined },
    ]);
    for (const call of calls) expect(call.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(calls)).not.toContain(created.check_id);
    expect(grants).toEqual([{ reason: 'initial', ok: true }]);
  });

  it('hears each attempt of a retried call, with the error', async () => {
    const { truid, calls } = observed();
    const { check_id } = await truid.phoneChecks.create({ phone_number: PHONE });
    await fault({ method: 'GET', path: '/phone_check/v0.2/checks', kind: 'status', status: 500, times: 2 });
    await truid.phoneChecks.get(check_id);
    const gets = calls.filter((call) => call.method === 'GET');
    expect(gets.map((call) => [call.endpoint, call.status, call.error?.code])).toEqual([
      ['GET /phone_check/v0.2/checks/{check_id}', 500, 'TRUID_API_ERROR'],
      ['GET /phone_check/v0.2/checks/{check_id}', 500, 'TRUID_API_ERROR'],
      ['GET /phone_check/v0.2/checks/{check_id}', 200, undefined],
    ]);
  });

  it('hears a timeout as no status and a TruIdTimeoutError', async () => {
    const { truid, calls } = observed();
    await truid.phoneChecks.create({ phone_number: PHONE });
    await fault({ method: 'POST', path: '/phone_check/v0.2/checks', kind: 'hang' });
    const hanging = createTruIdClient({
      config: { baseUrl: emulator.url, ...emulator.credentials },
      timeouts: { requestMs: 200 },
      observer: { onResponse: (event) => calls.push(event) },
    });
    clients.push(hanging);
    await expect(hanging.phoneChecks.create({ phone_number: PHONE })).rejects.toBeInstanceOf(TruIdTimeoutError);
    const last = calls.at(-1);
    expect(last).toMatchObject({ endpoint: 'POST /phone_check/v0.2/checks', status: undefined });
    expect(last?.error).toBeInstanceOf(TruIdTimeoutError);
  });

  it('says why each token grant happened: initial, expiring, refused', async () => {
    let now = Date.now();
    const calls: TruIdCallEvent[] = [];
    const grants: TokenGrantEvent[] = [];
    const truid = client({ clock: () => now, observer: { onResponse: (event) => calls.push(event), onTokenGrant: (event) => grants.push(event) } });
    const { check_id } = await truid.phoneChecks.create({ phone_number: PHONE });
    now += 3_541_000;
    await truid.phoneChecks.get(check_id);
    await admin('POST', '/_emulator/tokens/revoke');
    await truid.phoneChecks.get(check_id);
    expect(grants).toEqual([
      { reason: 'initial', ok: true },
      { reason: 'expiring', ok: true },
      { reason: 'refused', ok: true },
    ]);
    expect(calls.filter((call) => call.status === 401).map((call) => call.endpoint)).toEqual(['GET /phone_check/v0.2/checks/{check_id}']);
  });

  it('an observer that throws does not fail the call', async () => {
    const truid = client({
      observer: {
        onResponse: () => {
          throw new Error('observer bug');
        },
        onTokenGrant: () => {
          throw new Error('observer bug');
        },
      },
    });
    await expect(truid.phoneChecks.create({ phone_number: PHONE })).resolves.toMatchObject({ status: 'ACCEPTED' });
  });
});
