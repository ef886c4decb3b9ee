// Accounts and sessions over real HTTP on each database: a verified check becomes a sign-up or a
// sign-in exactly once, in the browser that started it; sessions rotate, expire and end on sign-out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOnEachDialect, startStack, type Stack } from '../../../test/support/stack.js';

describeOnEachDialect('accounts and sessions on %s', (dialect) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ dialect, env: { SESSION_IDLE_TIMEOUT_SECONDS: '3600', SESSION_LIFETIME_SECONDS: '86400' } });
  });
  afterAll(async () => stack?.close());

  function api(path: string, init: { method?: string; body?: unknown; cookie?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (init.cookie) headers.cookie = init.cookie;
    if (init.method && init.method !== 'GET') headers.origin = stack.appUrl;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${stack.appUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
      redirect: 'manual',
    });
  }

  function cookieFrom(response: Response, name: string): string | undefined {
    const header = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
    return header?.split(';')[0];
  }

  /** A browser verifying `phoneNumber` on simulated device `deviceId`; returns its flow cookie and check id. */
  async function verify(phoneNumber: string, deviceId = 'phone'): Promise<{ checkId: string; flow: string }> {
    const created = await api('/api/phone-check', { method: 'POST', body: { phone_number: phoneNumber } });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { checkId: string; checkUrl: string } };
    const flow = cookieFrom(created, 'simpass_flow')!;
    const network = await fetch(data.checkUrl, { redirect: 'manual', headers: { 'X-Emulator-Device': deviceId } });
    const redirect = new URL(network.headers.get('location')!);
    const back = await api(`${redirect.pathname}${redirect.search}`, { cookie: flow });
    expect(back.status).toBe(303);
    return { checkId: data.checkId, flow };
  }

  async function signIn(checkId: string, cookie: string): Promise<Response> {
    return api('/api/sign-in', { method: 'POST', body: { checkId }, cookie });
  }

  it('signs up a verified number with no account: "You\'re signed up", a session cookie, and /api/me', async () => {
    const { checkId, flow } = await verify('+447700900001');
    const response = await signIn(checkId, flow);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { user: { id: string; phoneNumber: string }; created: boolean }; message: string };
    expect(body).toMatchObject({ data: { created: true, user: { phoneNumber: '+44 7700 900001' } }, message: "You're signed up" });
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('simpass_session='))!;
    expect(setCookie).toMatch(/^simpass_session=[A-Za-z0-9_-]{43}; Max-Age=86400; Path=\/; HttpOnly; SameSite=Lax$/);
    // The flow cookie has done its job.
    expect(response.headers.getSetCookie().some((c) => /^simpass_flow=;/.test(c))).toBe(true);

    const me = await api('/api/me', { cookie: cookieFrom(response, 'simpass_session')! });
    expect(me.status).toBe(200);
    const { data } = (await me.json()) as { data: { user: Record<string, unknown> } };
    expect(Object.keys(data.user).sort()).toEqual(['createdAt', 'id', 'lastSignInAt', 'phoneNumber']);
    expect(data.user).toMatchObject({ id: body.data.user.id, phoneNumber: '+44 7700 900001' });
    expect(new Date(String(data.user.lastSignInAt)).getTime()).toBeGreaterThan(0);
  });

  it('stores only the hash of the session token', async () => {
    const { checkId, flow } = await verify('+447700900001');
    const token = cookieFrom(await signIn(checkId, flow), 'simpass_session')!.split('=')[1]!;
    const rows = await stack.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => row.token_hash.includes(token))).toBe(false);
  });

  it('signs in a known number: "Welcome back", same user, a new session (no fixation), the old one ended', async () => {
    const first = await verify('+447700900002', 'other-sim');
    const firstSignIn = await signIn(first.checkId, first.flow);
    const firstUser = ((await firstSignIn.json()) as { data: { user: { id: string } } }).data.user.id;
    const oldSession = cookieFrom(firstSignIn, 'simpass_session')!;

    const second = await verify('07700 900002', 'other-sim');
    const response = await signIn(second.checkId, `${second.flow}; ${oldSession}`);
    const body = (await response.json()) as { data: { user: { id: string }; created: boolean }; message: string };
    expect(body).toMatchObject({ data: { created: false, user: { id: firstUser } }, message: 'Welcome back' });
    const newSession = cookieFrom(response, 'simpass_session')!;
    expect(newSession).not.toBe(oldSession);
    expect((await api('/api/me', { cookie: oldSession })).status).toBe(401);
    expect((await api('/api/me', { cookie: newSession })).status).toBe(200);
  });

  it('starting a check says nothing about whether the number has an account', async () => {
    const { checkId, flow } = await verify('+447700900001');
    expect((await signIn(checkId, flow)).status).toBe(200); // +447700900001 has an account now
    const answers = [];
    for (const phoneNumber of ['+447700900001', '+447700900004']) {
      const response = await api('/api/phone-check', { method: 'POST', body: { phone_number: phoneNumber } });
      const body = (await response.json()) as { data: Record<string, string>; message: string };
      const setCookie = response.headers.getSetCookie().map((c) => c.replace(/=[^;]*/, '=…'));
      answers.push({ status: response.status, keys: Object.keys(body.data).sort(), message: body.message, setCookie });
    }
    expect(answers[0]).toEqual(answers[1]);
  });

  it('a check signs in at most once', async () => {
    const { checkId, flow } = await verify('+447700900001');
    expect((await signIn(checkId, flow)).status).toBe(200);
    const again = await signIn(checkId, flow);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { detail: string }).detail).toMatch(/already been used/);
  });

  it('two simultaneous sign-ins with one check: exactly one wins', async () => {
    const { checkId, flow } = await verify('+447700900001');
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => signIn(checkId, flow)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(4);
  });

  it('a check from another browser flow never signs anyone in', async () => {
    const victim = await verify('+447700900001');
    const attacker = await api('/api/phone-check', { method: 'POST', body: { phone_number: '+447700900002' } });
    const attackerFlow = cookieFrom(attacker, 'simpass_flow')!;
    expect((await signIn(victim.checkId, attackerFlow)).status).toBe(404);
    expect((await api('/api/sign-in', { method: 'POST', body: { checkId: victim.checkId } })).status).toBe(404);
    // Still usable by its own browser.
    expect((await signIn(victim.checkId, victim.flow)).status).toBe(200);
  });

  it('refuses, with words, a check that did not match, failed, is still pending or expired', async () => {
    const noMatch = await verify('+447700900001', 'other-sim');
    const refusedNoMatch = await signIn(noMatch.checkId, noMatch.flow);
    expect(refusedNoMatch.status).toBe(403);
    expect(((await refusedNoMatch.json()) as { detail: string }).detail).toMatch(/does not match the SIM/);

    const pending = await api('/api/phone-check', { method: 'POST', body: { phone_number: '+447700900001' } });
    const pendingFlow = cookieFrom(pending, 'simpass_flow')!;
    const pendingId = ((await pending.json()) as { data: { checkId: string } }).data.checkId;
    expect((await signIn(pendingId, pendingFlow)).status).toBe(409);

    const failed = await api(`/api/phone-check/redirect?check_id=${pendingId}&error=mno_timeout`, { cookie: pendingFlow });
    expect(failed.status).toBe(303);
    const refusedFailed = await signIn(pendingId, pendingFlow);
    expect(refusedFailed.status).toBe(403);
    expect(((await refusedFailed.json()) as { detail: string }).detail).toMatch(/took too long to answer/);

    const late = await verify('+447700900001');
    stack.advanceClock(10 * 60 * 1000);
    try {
      const refusedLate = await signIn(late.checkId, late.flow);
      expect(refusedLate.status).toBe(410);
      expect(((await refusedLate.json()) as { detail: string }).detail).toMatch(/too old/);
    } finally {
      stack.advanceClock(-10 * 60 * 1000);
    }
  });

  it('rejects malformed sign-in requests with a problem, never a 500', async () => {
    for (const body of [{}, { checkId: '' }, { checkId: 'x'.repeat(65) }, { checkId: "'; drop table users; --" }, { checkId: 42 }]) {
      const response = await api('/api/sign-in', { method: 'POST', body });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    // A property the route does not know is refused by name, not silently ignored.
    const extra = await api('/api/sign-in', { method: 'POST', body: { checkId: 'abc', phone_number: '+447700900001' } });
    expect(extra.status).toBe(400);
    const problem = (await extra.json()) as { detail: string; invalid_params: { name: string }[] };
    expect(problem.detail).toMatch(/"phone_number"/);
    expect(problem.invalid_params.map((p) => p.name)).toEqual(['phone_number']);
    const noOrigin = await fetch(`${stack.appUrl}/api/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ checkId: 'abc' }),
    });
    expect(noOrigin.status).toBe(403);
  });

  it('/api/session answers who is signed in, or null, never an error', async () => {
    expect(await (await api('/api/session')).json()).toEqual({ data: { user: null, session: null } });
    expect(await (await api('/api/session', { cookie: 'simpass_session=' + 'A'.repeat(43) })).json()).toEqual({ data: { user: null, session: null } });
    const { checkId, flow } = await verify('+447700900001');
    const session = cookieFrom(await signIn(checkId, flow), 'simpass_session')!;
    const signedIn = (await (await api('/api/session', { cookie: session })).json()) as {
      data: { user: { phoneNumber: string }; session: { amr: string[]; authenticatedAt: string } };
    };
    expect(signedIn.data.user.phoneNumber).toBe('+44 7700 900001');
    // A SIM check proved this session: OIDC's amr later reads it from here.
    expect(signedIn.data.session.amr).toEqual(['sim']);
    expect(Number.isNaN(Date.parse(signedIn.data.session.authenticatedAt))).toBe(false);
  });

  it('/api/me is 401 without a session, with a forged one, or with garbage', async () => {
    for (const cookie of [undefined, 'simpass_session=' + 'A'.repeat(43), 'simpass_session=../../etc/passwd', 'simpass_session=']) {
      const response = await api('/api/me', cookie ? { cookie } : {});
      expect(response.status).toBe(401);
      expect(((await response.json()) as { type: string }).type).toBe('/problems/not-signed-in');
    }
  });

  it('sign-out ends the session on the server and clears the cookie; signing out twice is harmless', async () => {
    const { checkId, flow } = await verify('+447700900001');
    const session = cookieFrom(await signIn(checkId, flow), 'simpass_session')!;
    const out = await api('/api/sign-out', { method: 'POST', cookie: session });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().some((c) => /^simpass_session=;/.test(c))).toBe(true);
    expect((await api('/api/me', { cookie: session })).status).toBe(401);
    expect((await api('/api/sign-out', { method: 'POST', cookie: session })).status).toBe(204);
    expect((await fetch(`${stack.appUrl}/api/sign-out`, { method: 'POST', headers: { cookie: session } })).status).toBe(403);
  });

  it('a session ends after the idle timeout, and at its absolute lifetime even when used', async () => {
    const idle = await verify('+447700900001');
    const idleSession = cookieFrom(await signIn(idle.checkId, idle.flow), 'simpass_session')!;
    const busy = await verify('+447700900001');
    const busySession = cookieFrom(await signIn(busy.checkId, busy.flow), 'simpass_session')!;
    let elapsedMinutes = 0;
    const wait = (minutes: number) => {
      stack.advanceClock(minutes * 60 * 1000);
      elapsedMinutes += minutes;
    };
    try {
      // Activity every 50 minutes keeps the busy one alive past the idle one's 60-minute timeout.
      wait(50);
      expect((await api('/api/me', { cookie: busySession })).status).toBe(200);
      wait(50);
      expect((await api('/api/me', { cookie: busySession })).status).toBe(200);
      expect((await api('/api/me', { cookie: idleSession })).status).toBe(401);
      // Used every 50 minutes, it still ends at its 24-hour lifetime.
      while (elapsedMinutes + 50 < 24 * 60) {
        wait(50);
        expect((await api('/api/me', { cookie: busySession })).status).toBe(200);
      }
      wait(50);
      expect((await api('/api/me', { cookie: busySession })).status).toBe(401);
    } finally {
      stack.advanceClock(-elapsedMinutes * 60 * 1000);
    }
  });

  it('writes an audit trail and logs with masked numbers and no secrets', async () => {
    const { checkId, flow } = await verify('+447700900001');
    const session = cookieFrom(await signIn(checkId, flow), 'simpass_session')!;
    await api('/api/sign-out', { method: 'POST', cookie: session });
    const events = await stack.database.db.selectFrom('audit_events').selectAll().where('check_id', '=', checkId).execute();
    expect(events.map((e) => e.event)).toEqual(['phone_check.started', 'phone_check.completed', 'account.signed_in']);
    const everything = JSON.stringify(await stack.database.db.selectFrom('audit_events').selectAll().execute());
    expect(everything).not.toContain('447700900001');
    expect(everything).not.toContain(session.split('=')[1]!);
    expect(everything).not.toContain(flow.split('=')[1]!);
    expect(everything).toContain('account.signed_out');
    // The owner sees the number written out (above); the logs, like the audit trail, never do.
    await api('/api/session', { cookie: session });
    expect(stack.logs()).not.toMatch(/447700900001|7700 900001/);
  });
});

describe('served over https', () => {
  let stack: Stack;
  const origin = 'https://simpass.example';
  beforeAll(async () => {
    stack = await startStack({ env: { PUBLIC_URL: origin } });
  });
  afterAll(async () => stack?.close());

  it('uses __Host- cookies with Secure and Path=/ on every Set-Cookie, clearing included, and HSTS', async () => {
    const created = await stack.app.inject({
      method: 'POST',
      url: '/api/phone-check',
      headers: { origin, 'content-type': 'application/json' },
      payload: { phone_number: '+447700900001' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const flowSetCookie = String(created.headers['set-cookie']);
    expect(flowSetCookie).toMatch(/^__Host-simpass_flow=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const flow = flowSetCookie.split(';')[0]!;
    const { checkId, checkUrl } = (created.json<{ data: { checkId: string; checkUrl: string } }>()).data;

    const network = await fetch(checkUrl, { redirect: 'manual', headers: { 'X-Emulator-Device': 'phone' } });
    const redirect = new URL(network.headers.get('location')!);
    expect(redirect.origin).toBe(origin);
    const back = await stack.app.inject({ method: 'GET', url: `${redirect.pathname}${redirect.search}`, headers: { cookie: flow } });
    expect(back.statusCode).toBe(303);

    const signedIn = await stack.app.inject({
      method: 'POST',
      url: '/api/sign-in',
      headers: { origin, cookie: flow, 'content-type': 'application/json' },
      payload: { checkId },
    });
    expect(signedIn.statusCode).toBe(200);
    const cookies = ([] as string[]).concat(signedIn.headers['set-cookie'] ?? []);
    expect(cookies.find((c) => c.startsWith('__Host-simpass_session='))).toMatch(
      /^__Host-simpass_session=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    // Browsers ignore a __Host- cookie without Secure and Path=/ — clearing included, or it lingers.
    const clearedFlow = cookies.find((c) => c.startsWith('__Host-simpass_flow='));
    expect(clearedFlow).toMatch(/^__Host-simpass_flow=;/);
    expectHostCookie(clearedFlow!);
    const session = cookies.find((c) => c.startsWith('__Host-simpass_session='))!.split(';')[0]!;

    const signedOut = await stack.app.inject({ method: 'POST', url: '/api/sign-out', headers: { origin, cookie: session } });
    expect(signedOut.statusCode).toBe(204);
    const cleared = ([] as string[]).concat(signedOut.headers['set-cookie'] ?? []);
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toMatch(/^__Host-simpass_session=;/);
    for (const cookie of [...cookies, ...cleared, flowSetCookie]) expectHostCookie(cookie);
  });
});

/** What browsers demand of a __Host- cookie (RFC 6265bis §4.1.3.2): Secure, Path=/, no Domain. */
function expectHostCookie(setCookie: string): void {
  const attributes = setCookie.split(';').slice(1).map((a) => a.trim().toLowerCase());
  expect(attributes).toContain('secure');
  expect(attributes).toContain('path=/');
  expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
  expect(attributes).toContain('httponly');
  expect(attributes).toContain('samesite=lax');
}
