// SIM-swap and recycled-number protection over real HTTP, on SQLite and PostgreSQL: the real server,
// the real tru.ID client and the emulator's simulated SIMs. Each test gets its own simulated phone (a
// fresh number), and arranges "an account last used N days ago" directly in the database.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeOnEachDialect, startStack, type Stack } from '../../../test/support/stack.js';
import { startSession } from '../sessions.js';
import { listAuditEvents } from '../storage/audit-repository.js';

const DAY_MS = 86_400_000;
const DAY_MIN = 1440;
const WINDOW_MIN = 10080;

interface Problem {
  type: string;
  status: number;
  detail: string;
  try_again_after?: string;
  new_account_available?: boolean;
}

describeOnEachDialect('SIM-swap protection at sign-in on %s', (dialect) => {
  let stack: Stack;
  let nextNumber = 0;
  beforeAll(async () => {
    stack = await startStack({ dialect });
  });
  afterAll(async () => stack?.close());
  afterEach(async () => {
    await emulator('DELETE', '/_emulator/faults');
  });

  const t = () => ({ stack, nextPhone: () => `4477009002${String(nextNumber++).padStart(2, '0')}` });
  const { emulator, newPhone, verify, signIn, accountUsed, simChecks, flowConsumed, sessionCookie } = helpers(t);

  it('refuses the swapped-sim device the account that existed before its SIM change, in words, without spending the check', async () => {
    const { device, phone } = await newPhone({ simChangedMinutesAgo: DAY_MIN });
    const account = await accountUsed(phone, 30);
    const before = await simChecks();
    const { checkId, flow } = await verify(phone, device);
    const response = await signIn(checkId, flow);
    expect(response.status).toBe(403);
    expect(sessionCookie(response)).toBeUndefined();
    const problem = (await response.json()) as Problem;
    expect(problem.type).toBe('/problems/sim-changed-recently');
    expect(problem.detail).toMatch(/SIM card was changed recently/);
    expect(problem.detail).toMatch(/try again after \w+day \d{1,2} \w+ \d{4}, \d\d:\d\d UTC/);
    // Changed 12h01m–24h ago (bucket 1440): the window is over within 7 days minus 12 hours, plus a minute.
    const tryAgain = Date.parse(problem.try_again_after!);
    expect(tryAgain).toBeGreaterThan(Date.now() + (WINDOW_MIN - DAY_MIN) * 60_000);
    expect(tryAgain).toBeLessThanOrEqual(Date.now() + (WINDOW_MIN - 720 + 1) * 60_000);
    // Last used 30 days ago, so the change within the window is after it: no SIMCheck needed.
    expect(await simChecks()).toBe(before);
    expect(await flowConsumed(checkId)).toBe(false);
    const [event] = await listAuditEvents(stack.database.db, { checkId, limit: 1 });
    expect(event).toMatchObject({ event: 'sign_in.refused', userId: account, detail: { reason: 'sim_changed_recently', account: 'existing', sim_change_within: 1440 } });
  });

  it('the built-in swapped-sim device (SIM changed a day ago) cannot sign into its number\'s earlier account', async () => {
    await accountUsed('+447700900005', 3);
    const { checkId, flow } = await verify('447700900005', 'swapped-sim');
    const response = await signIn(checkId, flow);
    expect(response.status).toBe(403);
    expect(((await response.json()) as Problem).type).toBe('/problems/sim-changed-recently');
  });

  it('signs in a SIM that changed recently but before the account\'s last sign-in (a new phone, then sign-up)', async () => {
    const { device, phone } = await newPhone({ simChangedMinutesAgo: 2 * DAY_MIN });
    const first = await verify(phone, device);
    const signedUp = await signIn(first.checkId, first.flow);
    expect(((await signedUp.json()) as { data: { created: boolean } }).data.created).toBe(true);
    const before = await simChecks();
    const { checkId, flow } = await verify(phone, device);
    const again = await signIn(checkId, flow);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { message: string }).message).toBe('Welcome back');
    // One SIMCheck: "changed since the last sign-in?" — no.
    expect(await simChecks()).toBe(before + 1);
  });

  it('signs in an unchanged SIM on an account used last week without any SIMCheck', async () => {
    const { device, phone } = await newPhone({ simChangedMinutesAgo: 30 * DAY_MIN });
    await accountUsed(phone, 6);
    const before = await simChecks();
    const { checkId, flow } = await verify(phone, device);
    expect((await signIn(checkId, flow)).status).toBe(200);
    expect(await simChecks()).toBe(before);
  });

  it('at the window\'s edge: a change exactly 7 days ago is refused, one minute older is not', async () => {
    const atEdge = await newPhone({ simChangedMinutesAgo: WINDOW_MIN });
    await accountUsed(atEdge.phone, 8);
    const refused = await verify(atEdge.phone, atEdge.device);
    expect((await signIn(refused.checkId, refused.flow)).status).toBe(403);

    const past = await newPhone({ simChangedMinutesAgo: WINDOW_MIN + 1 });
    await accountUsed(past.phone, 8);
    const allowed = await verify(past.phone, past.device);
    expect((await signIn(allowed.checkId, allowed.flow)).status).toBe(200);
  });

  it('refuses sign-in to an existing account when the operator shares no SIM data, and still signs up a new number there', async () => {
    const { device, phone } = await newPhone({ networkId: '23499' });
    const signUp = await verify(phone, device);
    expect((await signIn(signUp.checkId, signUp.flow)).status).toBe(200);
    const { checkId, flow } = await verify(phone, device);
    const response = await signIn(checkId, flow);
    expect(response.status).toBe(403);
    const problem = (await response.json()) as Problem;
    expect(problem.type).toBe('/problems/sim-change-unknown');
    expect(problem.detail).toMatch(/didn't tell us whether this number's SIM card changed/);
    expect(await flowConsumed(checkId)).toBe(false);
  });

  it('a SIMCheck failing upstream is a retryable 503: nothing spent, no session; the same check then signs in', async () => {
    const { device, phone } = await newPhone({ simChangedMinutesAgo: 300 * DAY_MIN });
    const account = await accountUsed(phone, 30); // dormant: needs "changed since it went dormant?"
    const { checkId, flow } = await verify(phone, device);
    await emulator('POST', '/_emulator/faults', { method: 'POST', path: '/sim_check/v0.1/checks', kind: 'status', status: 503 });
    const failed = await signIn(checkId, flow);
    expect(failed.status).toBe(503);
    expect(sessionCookie(failed)).toBeUndefined();
    const problem = (await failed.json()) as Problem;
    expect(problem.type).toBe('/problems/sim-check-unavailable');
    expect(problem.detail).toMatch(/please try again in a moment/);
    expect(await flowConsumed(checkId)).toBe(false);
    expect(await stack.database.db.selectFrom('sessions').select('token_hash').where('user_id', '=', account).execute()).toEqual([]);

    await emulator('DELETE', '/_emulator/faults');
    const retried = await signIn(checkId, flow);
    expect(retried.status).toBe(200);
    expect(sessionCookie(retried)).toBeDefined();
  });

  it('an operator that times out on the SIMCheck is the same retryable 503', async () => {
    const { device, phone } = await newPhone({});
    await accountUsed(phone, 30);
    const { checkId, flow } = await verify(phone, device);
    await emulator('PATCH', '/_emulator/operators/23410', { mno_error: 'mno_timeout' });
    try {
      const response = await signIn(checkId, flow);
      expect(response.status).toBe(503);
      expect(await flowConsumed(checkId)).toBe(false);
    } finally {
      await emulator('PATCH', '/_emulator/operators/23410', { mno_error: null });
    }
  });

  describe('a possibly recycled number', () => {
    it('is not handed the old account; an explicit choice retires it (untouched) and starts a new one', async () => {
      const { device, phone } = await newPhone({ simChangedMinutesAgo: 60 * DAY_MIN });
      const oldId = await accountUsed(phone, 365);
      const oldSession = await startSession(stack.database.db, {
        userId: oldId,
        now: new Date(),
        ip: null,
        userAgent: null,
        policy: { idleTimeoutSeconds: 3600, absoluteLifetimeSeconds: 3600 },
        amr: ['sim'],
      });
      const { checkId, flow } = await verify(phone, device);

      const refused = await signIn(checkId, flow);
      expect(refused.status).toBe(409);
      const problem = (await refused.json()) as Problem;
      expect(problem).toMatchObject({ type: '/problems/possibly-recycled-number', new_account_available: true });
      expect(problem.detail).toMatch(/start a new account/);
      expect(await flowConsumed(checkId)).toBe(false);

      const before = await simChecks();
      const chosen = await signIn(checkId, flow, { startNewAccount: true });
      expect(chosen.status).toBe(200);
      const body = (await chosen.json()) as { data: { created: boolean; user: { id: string } } };
      expect(body.data.created).toBe(true);
      expect(body.data.user.id).not.toBe(oldId);
      // The verdict recorded on the refusal stood: no second SIMCheck.
      expect(await simChecks()).toBe(before);

      const oldRow = await stack.database.db.selectFrom('users').selectAll().where('id', '=', oldId).executeTakeFirstOrThrow();
      expect(oldRow).toMatchObject({ phone_e164: `+${phone}`, retired_at: expect.any(Number) as number });
      expect((await fetch(`${stack.appUrl}/api/me`, { headers: { cookie: `simpass_session=${oldSession.token}` } })).status).toBe(401);
      const events = await listAuditEvents(stack.database.db, { checkId, limit: 10 });
      expect(events.map((e) => e.event)).toEqual(['account.signed_up', 'account.retired', 'sign_in.refused', 'phone_check.completed', 'phone_check.started']);
      expect(events[1]).toMatchObject({ userId: oldId, detail: { reason: 'possibly_recycled_number', replaced_by: body.data.user.id, sessions_ended: 1 } });
      expect(events[2]).toMatchObject({ userId: oldId, detail: { reason: 'possibly_recycled_number' } });

      // Next time, the new account is simply the number's account.
      const next = await verify(phone, device);
      const welcome = await signIn(next.checkId, next.flow);
      expect(((await welcome.json()) as { data: { user: { id: string } } }).data.user.id).toBe(body.data.user.id);
    });

    it('a SIM that changed soon after the last sign-in is not a recycled number once the window has passed', async () => {
      const { device, phone } = await newPhone({ simChangedMinutesAgo: 20 * DAY_MIN });
      await accountUsed(phone, 22);
      const { checkId, flow } = await verify(phone, device);
      expect((await signIn(checkId, flow)).status).toBe(200);
    });
  });

  it('will not retire an account that was not found possibly recycled', async () => {
    const ordinary = await newPhone({});
    await accountUsed(ordinary.phone, 1);
    const check = await verify(ordinary.phone, ordinary.device);
    const response = await signIn(check.checkId, check.flow, { startNewAccount: true });
    expect(response.status).toBe(409);
    expect(((await response.json()) as Problem).type).toBe('/problems/new-account-not-offered');
    expect((await signIn(check.checkId, check.flow)).status).toBe(200);

    const swapped = await newPhone({ simChangedMinutesAgo: 60 });
    await accountUsed(swapped.phone, 30);
    const attack = await verify(swapped.phone, swapped.device);
    const refused = await signIn(attack.checkId, attack.flow, { startNewAccount: true });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Problem).type).toBe('/problems/sim-changed-recently');
    expect(await stack.database.db.selectFrom('users').select('id').where('phone_e164', '=', `+${swapped.phone}`).execute()).toHaveLength(1);
  });

  it('two sign-ups of one new number at once: one account, and the later one becomes a sign-in', async () => {
    const { device, phone } = await newPhone({});
    const checks = await Promise.all([verify(phone, device), verify(phone, device)]);
    const answers = await Promise.all(checks.map(({ checkId, flow }) => signIn(checkId, flow)));
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { data: { created: boolean; user: { id: string } } }[];
    expect(bodies.filter((b) => b.data.created)).toHaveLength(1);
    expect(bodies[0]!.data.user.id).toBe(bodies[1]!.data.user.id);
  });

  it('answers POST /api/phone-check alike for a number with and without an account', async () => {
    const registered = await newPhone({});
    await accountUsed(registered.phone, 1);
    const unregistered = await newPhone({});
    const shapes = [];
    for (const phone of [registered.phone, unregistered.phone]) {
      const response = await fetch(`${stack.appUrl}/api/phone-check`, {
        method: 'POST',
        headers: { origin: stack.appUrl, 'content-type': 'application/json' },
        body: JSON.stringify({ phone_number: `+${phone}` }),
      });
      const body = (await response.json()) as { data: { checkId: string; checkUrl: string }; message: string };
      shapes.push({
        status: response.status,
        message: body.message,
        keys: Object.keys(body.data).sort(),
        checkUrl: body.data.checkUrl.replace(body.data.checkId, '<id>'),
        cookies: response.headers.getSetCookie().map((c) => c.replace(/=[^;]*/, '=<value>')),
      });
    }
    expect(shapes[0]).toEqual(shapes[1]);
    expect(shapes[0]!.checkUrl).toBe(`${stack.emulator.url}/subscriber_check/v0.2/checks/<id>/redirect`);
  });
});

describeOnEachDialect('SIM-swap protection with PhoneCheck + SIMCheck, sign-up refused after a recent change, missing data allowed, on %s', (dialect) => {
  let stack: Stack;
  let nextNumber = 0;
  beforeAll(async () => {
    stack = await startStack({
      dialect,
      env: { SIM_SWAP_CHECK: 'phone_check+sim_check', SIM_SWAP_SIGN_UP: 'refuse', SIM_SWAP_NO_DATA: 'allow', SIM_SWAP_WINDOW_MINUTES: '2880' },
    });
  });
  afterAll(async () => stack?.close());

  const t = () => ({ stack, nextPhone: () => `4477009003${String(nextNumber++).padStart(2, '0')}` });
  const { newPhone, verify, signIn, accountUsed, simChecks } = helpers(t);

  it('creates PhoneChecks for everyone and asks SIMCheck at sign-in: one question when the SIM is unchanged', async () => {
    const { device, phone } = await newPhone({});
    await accountUsed(phone, 1);
    const before = await simChecks();
    const { checkId, flow, checkUrl } = await verify(phone, device);
    expect(checkUrl).toContain('/phone_check/v0.2/checks/');
    expect((await signIn(checkId, flow)).status).toBe(200);
    expect(await simChecks()).toBe(before + 1);
  });

  it('refuses a change within the (2-day) window after the last sign-in', async () => {
    const { device, phone } = await newPhone({ simChangedMinutesAgo: DAY_MIN });
    await accountUsed(phone, 1.5);
    const { checkId, flow } = await verify(phone, device);
    const response = await signIn(checkId, flow);
    expect(response.status).toBe(403);
    expect(((await response.json()) as Problem).type).toBe('/problems/sim-changed-recently');
  });

  it('refuses a sign-up on a recently changed SIM, in words for a sign-up', async () => {
    const { device, phone } = await newPhone({ simChangedMinutesAgo: 60 });
    const { checkId, flow } = await verify(phone, device);
    const response = await signIn(checkId, flow);
    expect(response.status).toBe(403);
    const problem = (await response.json()) as Problem;
    expect(problem.detail).toMatch(/can't open an account with it yet/);
    expect(await stack.database.db.selectFrom('users').select('id').where('phone_e164', '=', `+${phone}`).execute()).toEqual([]);
  });

  it('signs in on an operator without SIM data when told to allow it', async () => {
    const { device, phone } = await newPhone({ networkId: '23499' });
    await accountUsed(phone, 30);
    const { checkId, flow } = await verify(phone, device);
    expect((await signIn(checkId, flow)).status).toBe(200);
  });

  it('finds a possibly recycled number with SIMChecks alone', async () => {
    const { device, phone } = await newPhone({ simChangedMinutesAgo: 90 * DAY_MIN });
    await accountUsed(phone, 400);
    const { checkId, flow } = await verify(phone, device);
    const response = await signIn(checkId, flow);
    expect(response.status).toBe(409);
    expect(((await response.json()) as Problem).type).toBe('/problems/possibly-recycled-number');
  });
});

/** What the tests do, over HTTP, against the stack `current()` returns at call time. */
function helpers(current: () => { stack: Stack; nextPhone: () => string }) {
  const stack = () => current().stack;

  async function emulator(method: string, path: string, body?: unknown): Promise<void> {
    const response = await fetch(`${stack().emulator.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
  }

  /** A simulated phone with a number of its own, its SIM changed that long ago (or never). */
  async function newPhone(options: { simChangedMinutesAgo?: number; networkId?: string }): Promise<{ device: string; phone: string }> {
    const phone = current().nextPhone();
    const device = `t-${phone}`;
    await emulator('PUT', `/_emulator/devices/${device}`, {
      label: 'test phone',
      connection: 'mobile',
      network_id: options.networkId ?? '23410',
      phone_number: phone,
      sim_changed_at: null,
    });
    if (options.simChangedMinutesAgo !== undefined) {
      await emulator('PUT', `/_emulator/devices/${device}/sim-change`, { minutes_ago: options.simChangedMinutesAgo });
    }
    return { device, phone };
  }

  /** An account on the number, created and last signed in `daysAgo` days ago by the server's clock. */
  async function accountUsed(phone: string, daysAgo: number): Promise<string> {
    const id = randomUUID();
    const at = Date.now() - daysAgo * DAY_MS;
    await stack().database.db.insertInto('users').values({ id, phone_e164: `+${phone.replace(/^\+/, '')}`, created_at: at - DAY_MS, last_sign_in_at: at, retired_at: null }).execute();
    return id;
  }

  /** A browser verifying the number on the device: its check id and flow cookie. */
  async function verify(phone: string, device: string): Promise<{ checkId: string; flow: string; checkUrl: string }> {
    const created = await fetch(`${stack().appUrl}/api/phone-check`, {
      method: 'POST',
      headers: { origin: stack().appUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: `+${phone.replace(/^\+/, '')}` }),
    });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { checkId: string; checkUrl: string } };
    const flow = created.headers.getSetCookie().find((c) => c.startsWith('simpass_flow='))!.split(';')[0]!;
    const network = await fetch(data.checkUrl, { redirect: 'manual', headers: { 'X-Emulator-Device': device } });
    const redirect = new URL(network.headers.get('location')!);
    const back = await fetch(`${stack().appUrl}${redirect.pathname}${redirect.search}`, { redirect: 'manual', headers: { cookie: flow } });
    expect(back.status).toBe(303);
    return { checkId: data.checkId, flow, checkUrl: data.checkUrl };
  }

  function signIn(checkId: string, flow: string, extra: { startNewAccount?: boolean } = {}): Promise<Response> {
    return fetch(`${stack().appUrl}/api/sign-in`, {
      method: 'POST',
      headers: { origin: stack().appUrl, 'content-type': 'application/json', cookie: flow },
      body: JSON.stringify({ checkId, ...extra }),
    });
  }

  async function simChecks(): Promise<number> {
    const stats = (await (await fetch(`${stack().emulator.url}/_emulator/stats`)).json()) as { requests: Record<string, number> };
    return stats.requests['POST /sim_check/v0.1/checks'] ?? 0;
  }

  async function flowConsumed(checkId: string): Promise<boolean> {
    const row = await stack().database.db.selectFrom('verification_flows').select('consumed_at').where('check_id', '=', checkId).executeTakeFirstOrThrow();
    return row.consumed_at !== null;
  }

  function sessionCookie(response: Response): string | undefined {
    return response.headers.getSetCookie().find((c) => c.startsWith('simpass_session='));
  }

  return { emulator, newPhone, accountUsed, verify, signIn, simChecks, flowConsumed, sessionCookie };
}
