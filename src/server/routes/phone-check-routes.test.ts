// The phone-check API over real HTTP, against the real tru.ID client and the emulator.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../../test/support/stack.js';

// SubscriberCheck v0.2 for every number by default (SIM_SWAP_CHECK=subscriber_check).
const CHECKS_PATH = '/subscriber_check/v0.2/checks';

let stack: Stack;
beforeAll(async () => {
  // Every call to the emulator runs under this deadline, so it leaves room for a busy machine (1.5 s
  // did not); only the injected hang below reaches it.
  stack = await startStack({ truidOptions: { timeouts: { requestMs: 3_000 }, retry: { attempts: 2, baseDelayMs: 10 } } });
});
afterAll(async () => stack.close());
afterEach(async () => {
  await fetch(`${stack.emulator.url}/_emulator/faults`, { method: 'DELETE' });
  await setDevice('phone');
});

async function setDevice(deviceId: string): Promise<void> {
  const response = await fetch(`${stack.emulator.url}/_emulator/active-device`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ device_id: deviceId }),
  });
  expect(response.status).toBeLessThan(300);
}

function api(path: string, init: RequestInit & { cookie?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.method && init.method !== 'GET') headers.set('origin', stack.appUrl);
  return fetch(`${stack.appUrl}${path}`, { ...init, headers, redirect: 'manual' });
}

async function createCheck(phoneNumber: string): Promise<{ checkId: string; checkUrl: string; cookie: string }> {
  const response = await api('/api/phone-check', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone_number: phoneNumber }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { data: { checkId: string; checkUrl: string }; message: string };
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { ...body.data, cookie: setCookie.split(';')[0]! };
}

/** What the phone does: open check_url over "mobile data" and follow the network to our redirect_url. */
async function openCheckUrlOn(deviceId: string, checkUrl: string): Promise<URL> {
  const response = await fetch(checkUrl, { redirect: 'manual', headers: { 'X-Emulator-Device': deviceId } });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

async function result(checkId: string, cookie?: string): Promise<{ status: number; body: unknown }> {
  const response = await api(`/api/phone-check/${checkId}`, cookie ? { cookie } : {});
  return { status: response.status, body: await response.json() };
}

async function followRedirect(redirect: URL, cookie?: string): Promise<Response> {
  return api(`${redirect.pathname}${redirect.search}`, cookie ? { cookie } : {});
}

describe('POST /api/phone-check', () => {
  it('creates a check and answers in the seed shape with an HttpOnly, SameSite=Lax flow cookie', async () => {
    const before = await emulatorCheckCount();
    const response = await api('/api/phone-check', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: '07700 900001' }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { data: { checkId: string; checkUrl: string }; message: string };
    expect(body.message).toBe('PhoneCheck created');
    expect(body.data.checkId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.data.checkUrl).toBe(`${stack.emulator.url}${CHECKS_PATH}/${body.data.checkId}/redirect`);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^simpass_flow=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain-http localhost only
    expect(await emulatorCheckCount()).toBe(before + 1);
  });

  it.each([
    ['abc', /does not look like a phone number/],
    ['123', /too short/],
    ['', /Enter your mobile phone number/],
  ])('refuses %j with a 400 problem saying what is wrong, and creates no check', async (phoneNumber, words) => {
    const before = await emulatorCheckCount();
    const response = await api('/api/phone-check', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: phoneNumber }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { type: string; detail: string; request_id: string; invalid_params: unknown[] };
    expect(problem.type).toBe('/problems/invalid-phone-number');
    expect(problem.detail).toMatch(words);
    expect(problem.invalid_params).toEqual([{ name: 'phone_number', reason: problem.detail }]);
    expect(problem.request_id).toBe(response.headers.get('x-request-id'));
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await emulatorCheckCount()).toBe(before);
  });

  it.each([
    ['no body field', JSON.stringify({}), 'application/json', 400],
    ['a number that is not a string', JSON.stringify({ phone_number: 447700900001 }), 'application/json', 400],
    ['malformed JSON', '{"phone_number":', 'application/json', 400],
    ['a form body', 'phone_number=07700900001', 'application/x-www-form-urlencoded', 415],
  ])('answers %s with a problem, never a 500', async (_name, body, contentType, status) => {
    const response = await api('/api/phone-check', { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('refuses a property it does not know (redirect_url) with a 400 naming it, and creates no check', async () => {
    const before = await emulatorCheckCount();
    const response = await api('/api/phone-check', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: '+447700900001', redirect_url: 'https://evil.example/steal' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { type: string; detail: string; invalid_params: { name: string; reason: string }[] };
    expect(problem.type).toBe('/problems/invalid-request');
    expect(problem.detail).toMatch(/"redirect_url"/);
    expect(problem.invalid_params).toEqual([{ name: 'redirect_url', reason: expect.stringMatching(/not a property/) as unknown }]);
    expect(await emulatorCheckCount()).toBe(before);
  });

  it('refuses a request from another origin (CSRF) and one with no Origin', async () => {
    for (const origin of ['https://evil.example', undefined]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (origin) headers.origin = origin;
      const response = await fetch(`${stack.appUrl}/api/phone-check`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ phone_number: '07700 900001' }),
      });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { type: string }).type).toBe('/problems/origin-forbidden');
    }
  });
});

describe('the redirect back from the network, and reading the result', () => {
  it('signs off a match: check_url on the phone with that SIM → redirect → match true', async () => {
    const check = await createCheck('+447700900001');
    expect(await result(check.checkId, check.cookie)).toEqual({ status: 202, body: { data: { status: 'PENDING' } } });

    const redirect = await openCheckUrlOn('phone', check.checkUrl);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(`${stack.appUrl}/api/phone-check/redirect`);
    expect(redirect.searchParams.get('check_id')).toBe(check.checkId);
    const back = await followRedirect(redirect, check.cookie);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/?check=${check.checkId}`);

    expect(await result(check.checkId, check.cookie)).toEqual({ status: 200, body: { data: { match: true, status: 'COMPLETED' } } });
  });

  it('says no match when the phone that opened check_url has another SIM', async () => {
    const check = await createCheck('+447700900001');
    const back = await followRedirect(await openCheckUrlOn('other-sim', check.checkUrl), check.cookie);
    expect(back.status).toBe(303);
    expect(await result(check.checkId, check.cookie)).toEqual({ status: 200, body: { data: { match: false, status: 'COMPLETED' } } });
  });

  it('a second browser asking for the first one’s check gets 404, with or without a cookie of its own', async () => {
    const first = await createCheck('+447700900001');
    const second = await createCheck('+447700900002');
    await followRedirect(await openCheckUrlOn('phone', first.checkUrl), first.cookie);
    expect((await result(first.checkId)).status).toBe(404);
    expect((await result(first.checkId, second.cookie)).status).toBe(404);
    expect((await result(first.checkId, 'simpass_flow=forged')).status).toBe(404);
    expect((await result('00000000-0000-4000-8000-000000000000', first.cookie)).status).toBe(404);
  });

  it('refuses a redirect arriving in another browser, and leaves the code unspent for the right one', async () => {
    const victim = await createCheck('+447700900001');
    const attacker = await createCheck('+447700900002');
    const redirect = await openCheckUrlOn('phone', victim.checkUrl);

    const elsewhere = await followRedirect(redirect, attacker.cookie);
    expect(elsewhere.status).toBe(403);
    expect(((await elsewhere.json()) as { type: string }).type).toBe('/problems/flow-mismatch');
    expect((await followRedirect(redirect)).status).toBe(403);

    expect((await followRedirect(redirect, victim.cookie)).status).toBe(303);
    expect((await result(victim.checkId, victim.cookie)).body).toEqual({ data: { match: true, status: 'COMPLETED' } });
  });

  it('a replayed redirect changes nothing: the owner is sent back to the result, nobody else gets in', async () => {
    const check = await createCheck('+447700900001');
    const redirect = await openCheckUrlOn('other-sim', check.checkUrl);
    expect((await followRedirect(redirect, check.cookie)).status).toBe(303);

    const replay = await followRedirect(redirect, check.cookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe(`/?check=${check.checkId}`);
    const other = await createCheck('+447700900001');
    expect((await followRedirect(redirect, other.cookie)).status).toBe(403);
    expect((await result(check.checkId, check.cookie)).body).toEqual({ data: { match: false, status: 'COMPLETED' } });
  });

  it('refuses forged redirects: an unknown check, a missing code, a code tru.ID rejects', async () => {
    const check = await createCheck('+447700900001');
    const unknown = await api(`/api/phone-check/redirect?check_id=00000000-0000-4000-8000-000000000000&code=abc`, {
      cookie: check.cookie,
    });
    expect(unknown.status).toBe(404);
    expect((await api(`/api/phone-check/redirect?check_id=${check.checkId}`, { cookie: check.cookie })).status).toBe(400);
    expect((await api(`/api/phone-check/redirect?code=abc`, { cookie: check.cookie })).status).toBe(400);

    await openCheckUrlOn('phone', check.checkUrl);
    const forged = await api(`/api/phone-check/redirect?check_id=${check.checkId}&code=not-the-code`, { cookie: check.cookie });
    expect(forged.status).toBe(303);
    const body = (await result(check.checkId, check.cookie)).body as { data: { status: string; match: boolean; message: string } };
    expect(body.data).toMatchObject({ status: 'ERROR', match: false });
    expect(body.data.message).toMatch(/could not be confirmed/);
  });

  it('reports an error the network sends back instead of a code, in words', async () => {
    const check = await createCheck('+447700900001');
    const response = await api(
      `/api/phone-check/redirect?check_id=${check.checkId}&error=mno_redirect_unsupported&error_description=MNO+redirect+unsupported`,
      { cookie: check.cookie },
    );
    expect(response.status).toBe(303);
    expect((await result(check.checkId, check.cookie)).body).toEqual({
      data: {
        match: false,
        status: 'ERROR',
        reason: 'mno_redirect_unsupported',
        message: 'Your mobile network does not support this kind of check yet.',
      },
    });
  });

  it('answers with an image when the SDK loads the redirect as one', async () => {
    const check = await createCheck('+447700900001');
    const redirect = await openCheckUrlOn('phone', check.checkUrl);
    const image = await api(`${redirect.pathname}${redirect.search}`, {
      cookie: check.cookie,
      headers: { 'sec-fetch-dest': 'image', accept: 'image/avif,image/webp,image/*,*/*;q=0.8' },
    });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/gif');
    expect((await result(check.checkId, check.cookie)).body).toEqual({ data: { match: true, status: 'COMPLETED' } });
  });

  it('expires a flow that is not finished in time', async () => {
    const check = await createCheck('+447700900001');
    stack.advanceClock(10 * 60 * 1000);
    try {
      expect((await result(check.checkId, check.cookie)).body).toMatchObject({ data: { status: 'EXPIRED', match: false } });
      const late = await followRedirect(await openCheckUrlOn('phone', check.checkUrl), check.cookie);
      expect(late.status).toBe(303); // back to the page, which shows the expiry
    } finally {
      stack.advanceClock(-10 * 60 * 1000);
    }
  });
});

describe('tru.ID failures become clear problems', () => {
  async function injectFault(fault: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${stack.emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault),
    });
    expect(response.status).toBeLessThan(300);
  }

  async function tryCreate(): Promise<{ status: number; problem: { type: string; detail: string; request_id: string } }> {
    const response = await api('/api/phone-check', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: '+447700900001' }),
    });
    return { status: response.status, problem: (await response.json()) as { type: string; detail: string; request_id: string } };
  }

  it.each([
    [{ kind: 'status', status: 500 }, 502, '/problems/verification-service-error'],
    [{ kind: 'status', status: 503 }, 503, '/problems/verification-service-unavailable'],
    [{ kind: 'reset' }, 503, '/problems/verification-service-unavailable'],
    [{ kind: 'hang' }, 504, '/problems/verification-service-timeout'],
  ])('fault %j → %i', async (fault, status, type) => {
    await injectFault({ method: 'POST', path: CHECKS_PATH, ...fault });
    const { status: actual, problem } = await tryCreate();
    expect(actual).toBe(status);
    expect(problem.type).toBe(type);
    expect(problem.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(problem)).not.toMatch(/secret|token|stack|at .*\.ts/i);
  });
});

describe('a hanging token endpoint', () => {
  it('new checks get a prompt 503 saying to try again, not a stall', async () => {
    // Its own stack: a client that already holds a token would never ask the token endpoint.
    const fresh = await startStack({ truidOptions: { tokenRequest: { timeoutMs: 100 } } });
    try {
      await fetch(`${fresh.emulator.url}/_emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'POST', path: '/oauth2/v1/token', kind: 'hang' }),
      });
      const response = await fetch(`${fresh.appUrl}/api/phone-check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: fresh.appUrl },
        body: JSON.stringify({ phone_number: '+447700900001' }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      const problem = (await response.json()) as { type: string; detail: string };
      expect(problem.type).toBe('/problems/verification-service-unavailable');
      expect(problem.detail).toMatch(/try again/i);
    } finally {
      await fresh.close();
    }
  });
});

describe('completing a check while tru.ID is failing', () => {
  async function injectFault(fault: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${stack.emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'PATCH', path: CHECKS_PATH, ...fault }),
    });
    expect(response.status).toBeLessThan(300);
  }

  // Only tru.ID's 404 ("this code is not accepted") decides anything; every other failure is tru.ID's
  // trouble, not the person's, so the code must stay usable for when it is back.
  it.each([
    ['a 429', { kind: 'status', status: 429 }],
    ['a 401 that survives a token refresh', { kind: 'status', status: 401 }],
    ['a 403', { kind: 'status', status: 403 }],
    ['a 500', { kind: 'status', status: 500 }],
    ['a 503', { kind: 'status', status: 503 }],
    ['a dropped connection', { kind: 'reset' }],
    ['no answer', { kind: 'hang' }],
  ])('%s leaves the flow pending, says it can be retried, and a retry completes it', async (_name, fault) => {
    const check = await createCheck('+447700900001');
    const redirect = await openCheckUrlOn('phone', check.checkUrl);
    await injectFault(fault);

    const failed = await followRedirect(redirect, check.cookie);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await failed.json()) as { type: string; detail: string };
    expect(problem.type).toBe('/problems/verification-interrupted');
    expect(problem.detail).toMatch(/try again/i);
    expect(failed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await result(check.checkId, check.cookie)).toEqual({ status: 202, body: { data: { status: 'PENDING' } } });

    await fetch(`${stack.emulator.url}/_emulator/faults`, { method: 'DELETE' });
    const retried = await followRedirect(redirect, check.cookie);
    expect(retried.status).toBe(303);
    expect(await result(check.checkId, check.cookie)).toEqual({ status: 200, body: { data: { match: true, status: 'COMPLETED' } } });
  });

  it('a revoked token is renewed on the way, and the check completes at once', async () => {
    const check = await createCheck('+447700900001');
    const redirect = await openCheckUrlOn('phone', check.checkUrl);
    expect((await fetch(`${stack.emulator.url}/_emulator/tokens/revoke`, { method: 'POST' })).status).toBe(204);
    expect((await followRedirect(redirect, check.cookie)).status).toBe(303);
    expect(await result(check.checkId, check.cookie)).toEqual({ status: 200, body: { data: { match: true, status: 'COMPLETED' } } });
  });
});

describe('the redirect opened by a person (a top-level navigation) never shows a JSON document', () => {
  const NAVIGATION = { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
  const OLD_BROWSER = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

  // Through inject: fetch() would overwrite Sec-Fetch-Mode with its own "cors".
  async function navigate(path: string, cookie: string | undefined, headers: Record<string, string> = NAVIGATION) {
    const response = await stack.app.inject({ method: 'GET', url: path, headers: { ...headers, ...(cookie ? { cookie } : {}) } });
    return { status: response.statusCode, headers: new Headers(response.headers as Record<string, string>) };
  }

  it.each([
    ['with Sec-Fetch-Mode', NAVIGATION],
    ['from a browser without Sec-Fetch headers', OLD_BROWSER],
  ])('another browser’s redirect (%s) goes back to the page with a message code, not a 403 JSON', async (_name, headers) => {
    const victim = await createCheck('+447700900001');
    const attacker = await createCheck('+447700900002');
    const redirect = await openCheckUrlOn('phone', victim.checkUrl);
    const response = await navigate(`${redirect.pathname}${redirect.search}`, attacker.cookie, headers);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/?check_error=flow-mismatch');
    // Still usable by its own browser.
    expect((await navigate(`${redirect.pathname}${redirect.search}`, victim.cookie)).headers.get('location')).toBe(`/?check=${victim.checkId}`);
  });

  it('tru.ID failing while the check completes → back to the page saying so (and the check stays open)', async () => {
    const check = await createCheck('+447700900001');
    const redirect = await openCheckUrlOn('phone', check.checkUrl);
    await fetch(`${stack.emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'PATCH', path: CHECKS_PATH, kind: 'status', status: 503 }),
    });
    const response = await navigate(`${redirect.pathname}${redirect.search}`, check.cookie);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/?check_error=verification-interrupted');
    expect((await result(check.checkId, check.cookie)).status).toBe(202);
  });

  it('a forged redirect (no code, unknown check) → back to the page; no attacker text travels along', async () => {
    const check = await createCheck('+447700900001');
    const missing = await navigate(`/api/phone-check/redirect?check_id=${check.checkId}&error_description=%3Cscript%3E`, check.cookie);
    expect(missing.headers.get('location')).toBe('/?check_error=invalid-request');
    const unknown = await navigate('/api/phone-check/redirect?check_id=00000000-0000-4000-8000-000000000000&code=%3Cb%3E', check.cookie);
    expect(unknown.status).toBe(303);
    expect(unknown.headers.get('location')).toBe('/?check_error=check-not-found');
  });

  it('fetch callers still get the problem as JSON', async () => {
    const check = await createCheck('+447700900001');
    const response = await api(`/api/phone-check/redirect?check_id=${check.checkId}`, {
      cookie: check.cookie,
      headers: { 'sec-fetch-mode': 'cors', accept: 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('secrets stay out of the logs', () => {
  it('logs neither the one-time code, the flow cookie, the phone number nor the client secret', async () => {
    const check = await createCheck('+447700900001');
    const redirect = await openCheckUrlOn('phone', check.checkUrl);
    await followRedirect(redirect, check.cookie);
    const logs = stack.logs();
    expect(logs).toContain('/api/phone-check/redirect');
    expect(logs).not.toContain(redirect.searchParams.get('code')!);
    expect(logs).not.toContain(check.cookie.split('=')[1]!);
    expect(logs).not.toContain('447700900001');
    expect(logs).not.toContain(stack.emulator.credentials.clientSecret);
  });
});

describe('configuration and the simulated phone', () => {
  it('tells the page where reachability is answered and that this is a simulation', async () => {
    const response = await api('/api/config');
    expect(await response.json()).toEqual({ truIdApiBaseUrl: stack.emulator.url, emulator: true, defaultCountry: 'GB' });
  });

  it('lists the simulated devices and switches the active one', async () => {
    const view = (await (await api('/api/simulation')).json()) as {
      activeDeviceId: string;
      devices: { id: string; phoneNumber: string; phoneNumberFormatted: string }[];
    };
    expect(view.activeDeviceId).toBe('phone');
    expect(view.devices.find((d) => d.id === 'phone')).toMatchObject({ phoneNumber: '+447700900001', phoneNumberFormatted: '+44 7700 900001' });

    const switched = await api('/api/simulation/active-device', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'wifi' }),
    });
    expect(switched.status).toBe(200);
    expect(((await switched.json()) as { activeDeviceId: string }).activeDeviceId).toBe('wifi');

    const extra = await api('/api/simulation/active-device', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'phone', device_id: 'wifi' }),
    });
    expect(extra.status).toBe(400);
    expect(((await extra.json()) as { detail: string }).detail).toMatch(/"device_id"/);

    const unknown = await api('/api/simulation/active-device', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'nokia-3310' }),
    });
    expect(unknown.status).toBe(400);
  });

  it('sends a page request on another host to the public origin, where the cookies and the redirect live', async () => {
    const other = stack.appUrl.replace('localhost', '127.0.0.1');
    const response = await fetch(`${other}/?check=abc`, { redirect: 'manual' });
    expect(response.status).toBe(308);
    expect(response.headers.get('location')).toBe(`${stack.appUrl}/?check=abc`);
    expect((await fetch(`${other}/healthz`)).status).toBe(200);
    expect((await fetch(`${other}/api/config`)).status).toBe(200);
  });

  it('serves the page with a strict Content-Security-Policy, and API answers with one that allows nothing', async () => {
    const page = await fetch(`${stack.appUrl}/`);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`connect-src 'self' ${stack.emulator.url}`);
    expect(csp).toContain("frame-src 'none'");
    expect(page.headers.get('permissions-policy')).toContain('camera=()');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');

    const response = await api('/api/config');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

async function emulatorCheckCount(): Promise<number> {
  const stats = (await (await fetch(`${stack.emulator.url}/_emulator/stats`)).json()) as { requests: Record<string, number> };
  return Object.entries(stats.requests)
    .filter(([route]) => route.startsWith(`POST ${CHECKS_PATH}`))
    .reduce((sum, [, n]) => sum + n, 0);
}

describe('the simulation panel when the emulator is not answering, or absent', () => {
  it('answers 503 in words when the emulator admin API is unreachable', async () => {
    const broken = await startStack({ simulationUrl: 'http://127.0.0.1:9' });
    try {
      const response = await fetch(`${broken.appUrl}/api/simulation`);
      expect(response.status).toBe(503);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/not answering/);
    } finally {
      await broken.close();
    }
  });

  it('answers 404 outside emulator mode', async () => {
    const live = await startStack({ emulatorMode: false });
    try {
      expect((await fetch(`${live.appUrl}/api/simulation`)).status).toBe(404);
      expect(((await (await fetch(`${live.appUrl}/api/config`)).json()) as { emulator: boolean }).emulator).toBe(false);
    } finally {
      await live.close();
    }
  });
});
