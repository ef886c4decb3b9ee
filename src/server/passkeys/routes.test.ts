// Passkeys over real HTTP on each database, with a software authenticator that can be made to answer
// wrongly: added after a SIM sign-in, listed, renamed, removed (the last one only when confirmed), and
// signed in with — and every refusal the issue names: wrong origin, a replayed assertion, a deleted
// passkey, a counter that went backwards, an expired challenge. Each refusal is in the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assert, createCredential, type CreationOptions, type RequestOptions, type SoftwareCredential } from '../../../test/support/software-authenticator.js';
import { describeOnEachDialect, startStack, type Stack } from '../../../test/support/stack.js';
import { listAuditEvents } from '../storage/audit-repository.js';
import { retireUser } from '../storage/user-repository.js';
import { CHALLENGE_TTL_SECONDS } from './challenges.js';
import { FRESH_SIGN_IN_SECONDS } from './routes.js';

interface Problem {
  type: string;
  detail: string;
  reason?: string;
}
interface PublicPasskey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
  deviceType: string;
}

function client(stack: Stack) {
  function api(path: string, init: { method?: string; body?: unknown; cookie?: string; origin?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (init.cookie) headers.cookie = init.cookie;
    if (init.method && init.method !== 'GET') headers.origin = init.origin ?? stack.appUrl;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${stack.appUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
      redirect: 'manual',
    });
  }
  const cookieFrom = (response: Response, name: string) => response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))?.split(';')[0];

  /** Signs in by SIM (the emulator's simulated phone) and returns the session cookie and account id. */
  async function simSignIn(phoneNumber: string, deviceId: string): Promise<{ cookie: string; userId: string }> {
    const created = await api('/api/phone-check', { method: 'POST', body: { phone_number: phoneNumber } });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { checkId: string; checkUrl: string } };
    const flow = cookieFrom(created, 'simpass_flow')!;
    const network = await fetch(data.checkUrl, { redirect: 'manual', headers: { 'X-Emulator-Device': deviceId } });
    const redirect = new URL(network.headers.get('location')!);
    expect((await api(`${redirect.pathname}${redirect.search}`, { cookie: flow })).status).toBe(303);
    const signedIn = await api('/api/sign-in', { method: 'POST', body: { checkId: data.checkId }, cookie: flow });
    expect(signedIn.status).toBe(200);
    const body = (await signedIn.json()) as { data: { user: { id: string } } };
    return { cookie: cookieFrom(signedIn, 'simpass_session')!, userId: body.data.user.id };
  }

  async function addPasskey(cookie: string, name?: string): Promise<{ credential: SoftwareCredential; passkey: PublicPasskey }> {
    const options = await api('/api/passkeys/registration/options', { method: 'POST', cookie });
    expect(options.status).toBe(200);
    const { data } = (await options.json()) as { data: { options: CreationOptions & { authenticatorSelection: Record<string, unknown> } } };
    const { credential, response } = createCredential(data.options, stack.appUrl);
    const added = await api('/api/passkeys', { method: 'POST', cookie, body: { credential: response, ...(name ? { name } : {}) } });
    expect(added.status).toBe(201);
    return { credential, passkey: ((await added.json()) as { data: { passkey: PublicPasskey } }).data.passkey };
  }

  async function signInOptions(): Promise<RequestOptions> {
    const response = await api('/api/passkeys/sign-in/options', { method: 'POST' });
    expect(response.status).toBe(200);
    return ((await response.json()) as { data: { options: RequestOptions } }).data.options;
  }

  const passkeySignIn = (credential: unknown) => api('/api/passkeys/sign-in', { method: 'POST', body: { credential } });

  async function list(cookie: string): Promise<{ passkeys: PublicPasskey[]; offer: boolean }> {
    const response = await api('/api/passkeys', { cookie });
    expect(response.status).toBe(200);
    return ((await response.json()) as { data: { passkeys: PublicPasskey[]; offer: boolean } }).data;
  }

  return { api, cookieFrom, simSignIn, addPasskey, signInOptions, passkeySignIn, list };
}

describeOnEachDialect('passkeys on %s', (dialect) => {
  let stack: Stack;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    stack = await startStack({ dialect });
    c = client(stack);
  });
  afterAll(async () => stack?.close());

  async function refusals(userId: string | null) {
    const events = await listAuditEvents(stack.database.db, { limit: 1000 });
    // Oldest first (listAuditEvents answers newest first).
    return events
      .filter((event) => event.event === 'passkey.refused' && (userId === null || event.userId === userId))
      .map((event) => event.detail)
      .reverse();
  }

  async function expectRefused(response: Response, reason: string): Promise<Problem> {
    expect(response.status).toBe(403);
    const problem = (await response.json()) as Problem;
    expect(problem).toMatchObject({ type: '/problems/passkey-refused', reason });
    expect(problem.detail.length).toBeGreaterThan(20);
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('simpass_session='))).toBe(false);
    return problem;
  }

  it('after a SIM sign-in: offers a passkey, adds one (discoverable, UV preferred), lists it; "not now" is remembered', async () => {
    const { cookie, userId } = await c.simSignIn('+447700900001', 'phone');
    expect(await c.list(cookie)).toEqual({ passkeys: [], offer: true });

    const options = await c.api('/api/passkeys/registration/options', { method: 'POST', cookie });
    const { data } = (await options.json()) as { data: { options: Record<string, unknown> } };
    expect(data.options).toMatchObject({
      rp: { id: 'localhost', name: 'Simpass' },
      user: { name: '+44 7700 900001' },
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      attestation: 'none',
    });

    const { passkey } = await c.addPasskey(cookie);
    expect(passkey).toMatchObject({ name: 'Passkey 1', lastUsedAt: null, backedUp: false, deviceType: 'singleDevice' });
    expect((await c.list(cookie)).passkeys).toEqual([passkey]);
    const added = (await listAuditEvents(stack.database.db, { limit: 1000 })).filter((e) => e.event === 'passkey.added' && e.userId === userId);
    expect(added.map((e) => e.detail?.passkey)).toEqual([passkey.id]);

    expect((await c.api('/api/passkeys/offer/dismiss', { method: 'POST', cookie })).status).toBe(204);
    expect((await c.list(cookie)).offer).toBe(false);
    // Asked again only after the quiet period.
    stack.advanceClock(31 * 24 * 3600 * 1000);
    const again = await c.simSignIn('+447700900001', 'phone');
    expect((await c.list(again.cookie)).offer).toBe(true);
  });

  it('signs in with the passkey: a session marked amr=passkey, the counter and last use recorded, the SIM sign-in time untouched', async () => {
    const { cookie, userId } = await c.simSignIn('+447700900002', 'other-sim');
    const { credential, passkey } = await c.addPasskey(cookie, 'My phone');
    const before = await stack.database.db.selectFrom('users').select('last_sign_in_at').where('id', '=', userId).executeTakeFirstOrThrow();

    const response = await c.passkeySignIn(assert(credential, await c.signInOptions(), stack.appUrl));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { user: { id: string; phoneNumber: string } }; message: string };
    expect(body).toMatchObject({ data: { user: { id: userId, phoneNumber: '+44 7700 900002' } }, message: 'Welcome back' });
    const session = c.cookieFrom(response, 'simpass_session')!;
    // Neither the session nor the assertion reaches the logs.
    expect(stack.logs()).not.toContain(session.split('=')[1]!);
    expect(stack.logs()).not.toContain(credential.id);
    const me = (await (await c.api('/api/session', { cookie: session })).json()) as { data: { user: { id: string }; session: { amr: string[] } } };
    expect(me.data).toMatchObject({ user: { id: userId }, session: { amr: ['passkey'] } });

    const [listed] = (await c.list(session)).passkeys;
    expect(listed).toMatchObject({ id: passkey.id, name: 'My phone' });
    expect(listed?.lastUsedAt).not.toBeNull();
    // Signed in with a passkey: nothing to offer.
    expect((await c.list(session)).offer).toBe(false);
    const stored = await stack.database.db.selectFrom('passkey_credentials').select('sign_count').where('id', '=', passkey.id).executeTakeFirstOrThrow();
    expect(Number(stored.sign_count)).toBe(credential.counter);
    const after = await stack.database.db.selectFrom('users').select('last_sign_in_at').where('id', '=', userId).executeTakeFirstOrThrow();
    expect(after.last_sign_in_at).toEqual(before.last_sign_in_at);
    const used = (await listAuditEvents(stack.database.db, { limit: 1000 })).filter((e) => e.event === 'passkey.used' && e.userId === userId);
    expect(used.map((e) => e.detail?.passkey)).toEqual([passkey.id]);
  });

  it('refuses an assertion made for another origin', async () => {
    const { cookie, userId } = await c.simSignIn('+447700900001', 'phone');
    const { credential } = await c.addPasskey(cookie);
    const phished = assert(credential, await c.signInOptions(), 'https://simpass.example.evil');
    await expectRefused(await c.passkeySignIn(phished), 'verification_failed');
    expect((await refusals(userId)).at(-1)).toMatchObject({ ceremony: 'authentication', reason: 'verification_failed' });
    expect(String((await refusals(userId)).at(-1)?.error)).toMatch(/origin/);
  });

  it('refuses a replayed assertion: the same challenge answers once', async () => {
    const { cookie } = await c.simSignIn('+447700900001', 'phone');
    const { credential } = await c.addPasskey(cookie);
    const assertion = assert(credential, await c.signInOptions(), stack.appUrl);
    expect((await c.passkeySignIn(assertion)).status).toBe(200);
    await expectRefused(await c.passkeySignIn(assertion), 'unknown_challenge');
    expect((await refusals(null)).at(-1)).toMatchObject({ reason: 'unknown_challenge' });
  });

  it('refuses a deleted passkey; the last one goes only when confirmed', async () => {
    const { cookie, userId } = await c.simSignIn('+447700900002', 'other-sim');
    // Earlier tests gave this account passkeys: start from none.
    for (const earlier of (await c.list(cookie)).passkeys) {
      expect((await c.api(`/api/passkeys/${earlier.id}?confirmLast=true`, { method: 'DELETE', cookie })).status).toBe(204);
    }
    const { credential, passkey } = await c.addPasskey(cookie);
    const lastOne = await c.api(`/api/passkeys/${passkey.id}`, { method: 'DELETE', cookie });
    expect(lastOne.status).toBe(409);
    expect(((await lastOne.json()) as Problem).type).toBe('/problems/last-passkey');
    expect((await c.list(cookie)).passkeys).toHaveLength(1);

    expect((await c.api(`/api/passkeys/${passkey.id}?confirmLast=true`, { method: 'DELETE', cookie })).status).toBe(204);
    expect((await c.list(cookie)).passkeys).toEqual([]);
    await expectRefused(await c.passkeySignIn(assert(credential, await c.signInOptions(), stack.appUrl)), 'unknown_passkey');
    const events = await listAuditEvents(stack.database.db, { limit: 1000 });
    expect(events.some((e) => e.event === 'passkey.removed' && e.userId === userId && e.detail?.passkey === passkey.id)).toBe(true);
  });

  it('refuses a counter that did not advance (a cloned authenticator), and audits both counters', async () => {
    const { cookie, userId } = await c.simSignIn('+447700900001', 'phone');
    const { credential, passkey } = await c.addPasskey(cookie);
    expect((await c.passkeySignIn(assert(credential, await c.signInOptions(), stack.appUrl))).status).toBe(200);
    expect((await c.passkeySignIn(assert(credential, await c.signInOptions(), stack.appUrl))).status).toBe(200);
    // The clone still says 1; the original is at 2.
    const clone = assert(credential, await c.signInOptions(), stack.appUrl, { counter: 1 });
    await expectRefused(await c.passkeySignIn(clone), 'counter_regression');
    const same = assert(credential, await c.signInOptions(), stack.appUrl, { counter: 2 });
    await expectRefused(await c.passkeySignIn(same), 'counter_regression');
    expect((await refusals(userId)).slice(-2)).toEqual([
      expect.objectContaining({ reason: 'counter_regression', passkey: passkey.id, stored_counter: 2, presented_counter: 1 }),
      expect.objectContaining({ reason: 'counter_regression', passkey: passkey.id, stored_counter: 2, presented_counter: 2 }),
    ]);
    // The original goes on.
    expect((await c.passkeySignIn(assert(credential, await c.signInOptions(), stack.appUrl))).status).toBe(200);
  });

  it('refuses an answer to an expired challenge', async () => {
    const { cookie } = await c.simSignIn('+447700900001', 'phone');
    const { credential } = await c.addPasskey(cookie);
    const options = await c.signInOptions();
    stack.advanceClock((CHALLENGE_TTL_SECONDS + 1) * 1000);
    await expectRefused(await c.passkeySignIn(assert(credential, options, stack.appUrl)), 'expired_challenge');
  });

  it('refuses a passkey whose answer names another account, and any passkey of a retired account', async () => {
    const { cookie, userId } = await c.simSignIn('+447700900001', 'phone');
    const { credential } = await c.addPasskey(cookie);
    const impostor = { ...credential, userHandle: Buffer.from('someone-else', 'utf8').toString('base64url') };
    await expectRefused(await c.passkeySignIn(assert(impostor, await c.signInOptions(), stack.appUrl)), 'user_handle_mismatch');

    // Retired (a new account took the number, sim-swap/): nobody reaches it, not with a passkey either.
    await retireUser(stack.database.db, userId, new Date());
    await expectRefused(await c.passkeySignIn(assert(credential, await c.signInOptions(), stack.appUrl)), 'account_retired');
  });

  it('adds a passkey only from a recent sign-in, to the account the challenge was for', async () => {
    const first = await c.simSignIn('+447700900001', 'phone');
    const second = await c.simSignIn('+447700900002', 'other-sim');
    // A challenge issued to the first account, answered from the second's session.
    const options = await c.api('/api/passkeys/registration/options', { method: 'POST', cookie: first.cookie });
    const { data } = (await options.json()) as { data: { options: CreationOptions } };
    const { response } = createCredential(data.options, stack.appUrl);
    await expectRefused(await c.api('/api/passkeys', { method: 'POST', cookie: second.cookie, body: { credential: response } }), 'wrong_account');

    stack.advanceClock((FRESH_SIGN_IN_SECONDS + 60) * 1000);
    const stale = await c.api('/api/passkeys/registration/options', { method: 'POST', cookie: second.cookie });
    expect(stale.status).toBe(403);
    expect(((await stale.json()) as Problem).type).toBe('/problems/fresh-sign-in-required');
  });

  it('renames a passkey; another account\'s passkey, a bad name and bad input get clear errors', async () => {
    const owner = await c.simSignIn('+447700900001', 'phone');
    const other = await c.simSignIn('+447700900002', 'other-sim');
    const { passkey } = await c.addPasskey(owner.cookie);
    const renamed = await c.api(`/api/passkeys/${passkey.id}`, { method: 'PATCH', cookie: owner.cookie, body: { name: '  Work laptop ' } });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { data: { passkey: PublicPasskey } }).data.passkey.name).toBe('Work laptop');
    expect((await c.api(`/api/passkeys/${passkey.id}`, { method: 'PATCH', cookie: other.cookie, body: { name: 'Mine now' } })).status).toBe(404);
    expect((await c.api(`/api/passkeys/${passkey.id}?confirmLast=true`, { method: 'DELETE', cookie: other.cookie })).status).toBe(404);
    expect((await c.api(`/api/passkeys/${passkey.id}`, { method: 'PATCH', cookie: owner.cookie, body: { name: '   ' } })).status).toBe(400);
    expect((await c.api(`/api/passkeys/${passkey.id}`, { method: 'PATCH', cookie: owner.cookie, body: { name: 'x'.repeat(65) } })).status).toBe(400);
    expect((await c.api('/api/passkeys/not-an-id', { method: 'PATCH', cookie: owner.cookie, body: { name: 'x' } })).status).toBe(400);
    expect((await c.api('/api/passkeys/sign-in', { method: 'POST', body: { credential: { id: 'x' } } })).status).toBe(400);
    expect((await c.api('/api/passkeys', {})).status).toBe(401);
    // A cross-site page cannot drive any of it.
    expect((await c.api('/api/passkeys/sign-in/options', { method: 'POST', origin: 'https://evil.example' })).status).toBe(403);
  });
});

describe('passkey sign-in rate limit', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { RATE_LIMIT_PASSKEY_SIGN_INS_PER_IP: '2/10m' } });
  });
  afterAll(async () => stack?.close());

  it('limits passkey sign-in requests per address, with Retry-After and words', async () => {
    const c = client(stack);
    await c.signInOptions();
    await c.signInOptions();
    const third = await c.api('/api/passkeys/sign-in/options', { method: 'POST' });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await third.json()) as Problem).type).toBe('/problems/too-many-sign-in-attempts');
  });
});
