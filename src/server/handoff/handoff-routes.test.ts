// The hand-off over real HTTP on SQLite and PostgreSQL: a desktop and phones as cookie jars, the real
// server, the real tru.ID client and the emulator's simulated phones. Every refusal the issue names:
// expiry, reuse, a second phone, another number, a wrong match code, cancel, a desktop that went away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpBrowser, startCheck, type HttpBrowser } from '../../../test/support/http-browser.js';
import { describeOnEachDialect, startStack, type Stack } from '../../../test/support/stack.js';
import { listAuditEvents } from '../storage/audit-repository.js';

interface Problem {
  type: string;
  status: number;
  detail: string;
}

interface DesktopView {
  state: string;
  matchCode: string;
  expiresAt: string;
  message: string | null;
}

interface Started extends DesktopView {
  link: string;
  qrCode: string;
}

interface PhoneView {
  state: string;
  desktop: string;
  startedAt: string;
  numberFromDesktop: boolean;
  codeChoices: string[];
}

describeOnEachDialect('hand-off from a desktop to a phone on %s', (dialect) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ dialect });
  });
  afterAll(async () => stack?.close());

  const browser = () => createHttpBrowser(stack.appUrl);
  const call = (b: HttpBrowser, path: string, body?: unknown) =>
    b.request(stack.appUrl, path, body === undefined && path !== '/api/handoff/cancel' && path !== '/api/handoff/claim' ? {} : { method: 'POST', body: body ?? {} });

  async function start(desktop: HttpBrowser, body: Record<string, unknown> = {}): Promise<Started> {
    const response = await desktop.request(stack.appUrl, '/api/handoff', { method: 'POST', body });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as { data: Started }).data;
  }

  const linkToken = (link: string) => new URL(link).hash.replace(/^#handoff=/, '');

  async function open(phone: HttpBrowser, link: string): Promise<Response> {
    return phone.request(stack.appUrl, '/api/handoff/open', { method: 'POST', body: { link: linkToken(link) } });
  }

  /** The phone proves a number on a simulated device; returns the check id. */
  async function verify(phone: HttpBrowser, number: string, device = 'phone'): Promise<string> {
    const { checkId, redirectPath } = await startCheck(phone, stack.appUrl, number, device);
    expect((await phone.request(stack.appUrl, redirectPath)).status).toBe(303);
    return checkId;
  }

  const confirm = (phone: HttpBrowser, checkId: string, matchCode: string) =>
    phone.request(stack.appUrl, '/api/handoff/confirm', { method: 'POST', body: { checkId, matchCode } });
  const desktopState = async (desktop: HttpBrowser) => ((await (await call(desktop, '/api/handoff')).json()) as { data: DesktopView }).data;
  const problem = async (response: Response) => (await response.json()) as Problem;
  const wrongCode = (started: Started) => (started.matchCode === '99' ? '98' : '99');
  const flowConsumed = async (checkId: string) =>
    (await stack.database.db.selectFrom('verification_flows').select('consumed_at').where('check_id', '=', checkId).executeTakeFirstOrThrow()).consumed_at !== null;

  it('signs the desktop in once the phone verified its number and picked the code; the phone is not signed in', async () => {
    const desktop = browser();
    const phone = browser();
    const started = await start(desktop);
    expect(started.link).toMatch(new RegExp(`^${stack.appUrl}/#handoff=[a-z2-7]{5}(-[a-z2-7]{5}){4}-[a-z2-7]$`));
    expect(started.matchCode).toMatch(/^\d\d$/);
    expect(started.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(desktop.cookie('simpass_handoff')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const opened = await open(phone, started.link);
    expect(opened.status).toBe(200);
    const view = ((await opened.json()) as { data: PhoneView }).data;
    expect(view).toMatchObject({ state: 'opened', numberFromDesktop: false });
    expect(view.desktop).toEqual(expect.any(String));
    expect(view.codeChoices).toHaveLength(3);
    expect(view.codeChoices).toContain(started.matchCode);
    expect((await desktopState(desktop)).state).toBe('opened');

    const checkId = await verify(phone, '+447700900001');
    const confirmed = await confirm(phone, checkId, started.matchCode);
    expect(confirmed.status).toBe(200);
    expect(((await confirmed.json()) as { message: string }).message).toBe('Done — return to your computer');
    expect(confirmed.headers.getSetCookie().some((c) => c.startsWith('simpass_session='))).toBe(false);
    expect((await desktopState(desktop)).state).toBe('approved');

    const claimed = await call(desktop, '/api/handoff/claim');
    expect(claimed.status).toBe(200);
    expect(desktop.cookie('simpass_session')).toBeDefined();
    expect(desktop.cookie('simpass_handoff')).toBeUndefined();
    const me = (await (await call(desktop, '/api/me')).json()) as { data: { user: { phoneNumber: string } } };
    expect(me.data.user.phoneNumber).toBe('+44 7700 900001');
    const phoneSession = (await (await call(phone, '/api/session')).json()) as { data: { user: unknown } };
    expect(phoneSession.data.user).toBeNull();
    // The phone's part is over: its hand-off cookie went with the confirmation.
    expect(phone.cookie('simpass_handoff_phone')).toBeUndefined();
    expect(await flowConsumed(checkId)).toBe(true);

    // The link's secret and the cookies never reach the logs or the audit trail.
    const token = linkToken(started.link);
    expect(stack.logs()).not.toContain(token);
    expect(stack.logs()).not.toContain(token.replace(/-/g, ''));
    const events = await listAuditEvents(stack.database.db, { limit: 50 });
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['handoff.started', 'handoff.opened', 'handoff.approved', 'handoff.signed_in']));
    expect(JSON.stringify(events)).not.toContain(token.replace(/-/g, ''));
  });

  it('tells the desktop live, over Server-Sent Events, as the phone opens, confirms and the desktop signs in', async () => {
    const desktop = browser();
    const phone = browser();
    const started = await start(desktop);
    const stream = await fetch(`${stack.appUrl}/api/handoff/events`, { headers: { cookie: `simpass_handoff=${desktop.cookie('simpass_handoff')}`, 'accept-encoding': 'gzip, br' } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers.get('content-encoding')).toBeNull();
    const events = eventReader(stream);
    expect((await events.next()).state).toBe('waiting');

    expect((await open(phone, started.link)).status).toBe(200);
    expect((await events.next()).state).toBe('opened');
    const checkId = await verify(phone, '+447700900001');
    expect((await confirm(phone, checkId, started.matchCode)).status).toBe(200);
    expect((await events.next()).state).toBe('approved');
    expect((await call(desktop, '/api/handoff/claim')).status).toBe(200);
    expect((await events.next()).state).toBe('signed_in');
    // A final state ends the stream.
    expect(await events.ended()).toBe(true);
  });

  it('answers a stream without a hand-off with a problem, not an empty stream', async () => {
    const response = await fetch(`${stack.appUrl}/api/handoff/events`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('refuses a link opened after it expired, and the desktop sees it expired', async () => {
    const desktop = browser();
    const started = await start(desktop);
    stack.advanceClock(301_000);
    const response = await open(browser(), started.link);
    expect(response.status).toBe(410);
    expectProblem(await problem(response), '/problems/handoff-expired', /expired/);
    expectEnded(await desktopState(desktop), 'expired', /expired/);
  });

  it('refuses a confirmation that comes after the link expired, leaving the check unspent', async () => {
    const desktop = browser();
    const phone = browser();
    const started = await start(desktop);
    expect((await open(phone, started.link)).status).toBe(200);
    const checkId = await verify(phone, '+447700900001');
    stack.advanceClock(301_000);
    const response = await confirm(phone, checkId, started.matchCode);
    expect(response.status).toBe(410);
    expect((await problem(response)).type).toBe('/problems/handoff-expired');
    expect(await flowConsumed(checkId)).toBe(false);
    expect((await call(desktop, '/api/handoff/claim')).status).toBe(410);
  });

  it('refuses a link used again: a second phone, the same link after sign-in, and a second claim', async () => {
    const desktop = browser();
    const phone = browser();
    const started = await start(desktop);
    expect((await open(phone, started.link)).status).toBe(200);
    // The same phone again (a reload) is the same hand-off.
    expect((await open(phone, started.link)).status).toBe(200);
    const second = await open(browser(), started.link);
    expect(second.status).toBe(409);
    expectProblem(await problem(second), '/problems/handoff-already-opened', /another phone/);

    const checkId = await verify(phone, '+447700900001');
    expect((await confirm(phone, checkId, started.matchCode)).status).toBe(200);
    // Confirmed once: the phone's part is over, a second confirmation finds nothing.
    expect((await confirm(phone, checkId, started.matchCode)).status).toBe(404);
    const desktopCookie = desktop.cookie('simpass_handoff')!;
    expect((await call(desktop, '/api/handoff/claim')).status).toBe(200);
    // A copy of the desktop's cookie cannot claim a second session.
    const copy = browser();
    copy.setCookie('simpass_handoff', desktopCookie);
    const again = await call(copy, '/api/handoff/claim');
    expect(again.status).toBe(409);
    expect((await problem(again)).type).toBe('/problems/handoff-already-used');
    expect((await open(browser(), started.link)).status).toBe(409);
  });

  it('lets exactly one of two phones racing for the same link open it', async () => {
    const started = await start(browser());
    const answers = await Promise.all([open(browser(), started.link), open(browser(), started.link), open(browser(), started.link)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
  });

  it('refuses another number than the one typed on the desktop, and ends the hand-off', async () => {
    const desktop = browser();
    const phone = browser();
    const started = await start(desktop, { phone_number: '+44 7700 900001' });
    const opened = ((await (await open(phone, started.link)).json()) as { data: PhoneView }).data;
    expect(opened.numberFromDesktop).toBe(true);
    const checkId = await verify(phone, '+447700900002', 'other-sim');
    const response = await confirm(phone, checkId, started.matchCode);
    expect(response.status).toBe(403);
    expectProblem(await problem(response), '/problems/handoff-number-mismatch', /not the number typed on the computer/);
    expect(await flowConsumed(checkId)).toBe(false);
    expectEnded(await desktopState(desktop), 'refused', /different number/);
    expect((await call(desktop, '/api/handoff/claim')).status).toBe(409);
  });

  it('accepts the number typed on the desktop when the phone proves it', async () => {
    const desktop = browser();
    const phone = browser();
    const started = await start(desktop, { phone_number: '07700 900001' });
    await open(phone, started.link);
    const checkId = await verify(phone, '+447700900001');
    expect((await confirm(phone, checkId, started.matchCode)).status).toBe(200);
    expect((await call(desktop, '/api/handoff/claim')).status).toBe(200);
  });

  it('stops the hand-off at a wrong match code: the right one afterwards is refused too', async () => {
    const desktop = browser();
    const phone = browser();
    const started = await start(desktop);
    await open(phone, started.link);
    const checkId = await verify(phone, '+447700900001');
    const wrong = await confirm(phone, checkId, wrongCode(started));
    expect(wrong.status).toBe(403);
    expectProblem(await problem(wrong), '/problems/handoff-wrong-code', /not the code shown on your computer/);
    const right = await confirm(phone, checkId, started.matchCode);
    expect(right.status).toBe(409);
    expect((await problem(right)).type).toBe('/problems/handoff-refused');
    expect(await flowConsumed(checkId)).toBe(false);
    expectEnded(await desktopState(desktop), 'refused', /code chosen on the phone/);
    const events = await listAuditEvents(stack.database.db, { limit: 20 });
    expect(events.find((e) => e.event === 'handoff.refused')?.detail).toMatchObject({ reason: 'wrong_code' });
  });

  it('refuses a link the desktop cancelled', async () => {
    const desktop = browser();
    const started = await start(desktop);
    expect((await call(desktop, '/api/handoff/cancel')).status).toBe(204);
    expect(desktop.cookie('simpass_handoff')).toBeUndefined();
    const response = await open(browser(), started.link);
    expect(response.status).toBe(410);
    expectProblem(await problem(response), '/problems/handoff-cancelled', /cancelled on the computer/);
  });

  it('tells the phone when the desktop went away (cancelled, or started again) after the link was opened', async () => {
    const desktop = browser();
    const phone = browser();
    const first = await start(desktop);
    await open(phone, first.link);
    const checkId = await verify(phone, '+447700900001');
    // Starting again ends the first hand-off.
    const second = await start(desktop);
    expect(second.link).not.toBe(first.link);
    expect(((await (await call(phone, '/api/handoff/phone')).json()) as { data: PhoneView }).data.state).toBe('cancelled');
    const response = await confirm(phone, checkId, first.matchCode);
    expect(response.status).toBe(410);
    expect((await problem(response)).type).toBe('/problems/handoff-cancelled');
    expect(await flowConsumed(checkId)).toBe(false);
    // The new hand-off is untouched, and this phone may open it.
    expect((await desktopState(desktop)).state).toBe('waiting');
    expect((await open(phone, second.link)).status).toBe(200);
  });

  it('gives the desktop nothing before the phone confirmed', async () => {
    const desktop = browser();
    const phone = browser();
    const started = await start(desktop);
    await open(phone, started.link);
    const response = await call(desktop, '/api/handoff/claim');
    expect(response.status).toBe(409);
    expect((await problem(response)).type).toBe('/problems/handoff-not-approved');
    expect(desktop.cookie('simpass_session')).toBeUndefined();
  });

  it('applies SIM-swap protection: a recently swapped SIM cannot sign the desktop into the account', async () => {
    // An account on the swapped-sim device's number that existed before its SIM change (a day ago).
    await stack.database.db
      .insertInto('users')
      .values({ id: crypto.randomUUID(), phone_e164: '+447700900005', created_at: Date.now() - 30 * 86_400_000, last_sign_in_at: Date.now() - 20 * 86_400_000, retired_at: null })
      .execute();
    const desktop = browser();
    const phone = browser();
    const started = await start(desktop);
    await open(phone, started.link);
    const checkId = await verify(phone, '+447700900005', 'swapped-sim');
    const response = await confirm(phone, checkId, started.matchCode);
    expect(response.status).toBe(403);
    expect((await problem(response)).type).toBe('/problems/sim-changed-recently');
    expect((await desktopState(desktop)).state).toBe('opened');
    expect((await call(desktop, '/api/handoff/claim')).status).toBe(409);
  });

  it('answers a browser without a hand-off with null, not an error (the page asks on every load)', async () => {
    const response = await call(browser(), '/api/handoff/phone');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: null });
  });

  it('refuses bad input in words', async () => {
    const desktop = browser();
    const badNumber = await desktop.request(stack.appUrl, '/api/handoff', { method: 'POST', body: { phone_number: 'call me' } });
    expect(badNumber.status).toBe(400);
    expect((await problem(badNumber)).type).toBe('/problems/invalid-phone-number');
    const extra = await desktop.request(stack.appUrl, '/api/handoff', { method: 'POST', body: { phone_number: '+447700900001', redirect: 'x' } });
    expect(extra.status).toBe(400);
    for (const link of ['not-a-link', 'aaaaa-aaaaa-aaaaa-aaaaa-aaaaa-a']) {
      const response = await browser().request(stack.appUrl, '/api/handoff/open', { method: 'POST', body: { link } });
      expect(response.status).toBe(404);
      expect((await problem(response)).type).toBe('/problems/handoff-link-unknown');
    }
    const noHandoff = await browser().request(stack.appUrl, '/api/handoff/confirm', { method: 'POST', body: { checkId: 'abc', matchCode: '12' } });
    expect(noHandoff.status).toBe(404);
    const badCode = await browser().request(stack.appUrl, '/api/handoff/confirm', { method: 'POST', body: { checkId: 'abc', matchCode: '1' } });
    expect(badCode.status).toBe(400);
  });
});

describe('hand-off rate limit', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { RATE_LIMIT_HANDOFFS_PER_IP: '2/1h' } });
  });
  afterAll(async () => stack?.close());

  it('refuses a third hand-off from one address within the window, with Retry-After and words', async () => {
    const desktop = createHttpBrowser(stack.appUrl);
    const post = () => desktop.request(stack.appUrl, '/api/handoff', { method: 'POST', body: {} });
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(201);
    const third = await post();
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(3000);
    const body = (await third.json()) as Problem;
    expect(body.type).toBe('/problems/too-many-handoffs-from-address');
    expect(body.detail).toMatch(/Try again in about/);
  });
});

function expectProblem(problem: Problem, type: string, detail: RegExp): void {
  expect(problem.type).toBe(type);
  expect(problem.detail).toMatch(detail);
}

function expectEnded(view: DesktopView, state: string, message: RegExp): void {
  expect(view.state).toBe(state);
  expect(view.message).toMatch(message);
}

/** Reads `event: state` messages from an SSE response, one at a time, in order. */
function eventReader(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let done = false;
  async function nextBlock(): Promise<string | null> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return block;
      }
      if (done) return null;
      const chunk = await reader.read();
      if (chunk.done) done = true;
      else buffer += chunk.value;
    }
  }
  return {
    async next(): Promise<DesktopView> {
      for (;;) {
        const block = await nextBlock();
        if (block === null) throw new Error('the stream ended');
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (block.includes('event: state') && data) return JSON.parse(data.slice(6)) as DesktopView;
      }
    },
    async ended(): Promise<boolean> {
      for (;;) {
        const block = await nextBlock();
        if (block === null) return true;
        if (block.includes('event: state')) return false;
      }
    },
  };
}

describe('hand-off event streams and shutdown', () => {
  it('ends open event streams when the server closes, so closing does not wait for desktops', async () => {
    const stack = await startStack();
    let closed = false;
    try {
      const desktop = createHttpBrowser(stack.appUrl);
      expect((await desktop.request(stack.appUrl, '/api/handoff', { method: 'POST', body: {} })).status).toBe(201);
      const stream = await fetch(`${stack.appUrl}/api/handoff/events`, { headers: { cookie: `simpass_handoff=${desktop.cookie('simpass_handoff')}` } });
      const events = eventReader(stream);
      expect((await events.next()).state).toBe('waiting');
      await stack.close();
      closed = true;
      expect(await events.ended()).toBe(true);
    } finally {
      if (!closed) await stack.close();
    }
  });
});
