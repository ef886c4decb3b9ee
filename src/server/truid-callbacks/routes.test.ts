// tru.ID's signed callbacks reaching Simpass, over real HTTP: the emulator sends them (signed with a key
// this test also holds, so it can sign forgeries of every kind), the real server verifies and records them.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCallback } from '../../emulator/callbacks/signed-request.js';
import { callbackSigningKey, type CallbackSigningKey } from '../../emulator/callbacks/signing-key.js';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { listAuditEvents } from '../storage/audit-repository.js';
import { createDbFlowStore } from '../storage/flow-repository.js';
import { CALLBACK_PATH } from './routes.js';

const PHONE = '+447700900001';
const truIdKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** The emulator's own signing key (what tru.ID holds), and one it never published. */
const truIdKey: CallbackSigningKey = callbackSigningKey(truIdKeyPem);
const strangerKey: CallbackSigningKey = callbackSigningKey();

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ emulator: { callbackKeyPem: truIdKeyPem } });
});
afterAll(async () => stack.close());

function api(path: string, init: RequestInit & { cookie?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.method && init.method !== 'GET') headers.set('origin', stack.appUrl);
  return fetch(`${stack.appUrl}${path}`, { ...init, headers, redirect: 'manual' });
}

/** A browser starts a verification; the phone opens check_url (and gets its code) but the tab is closed. */
async function startedFlow(): Promise<{ checkId: string; cookie: string; redirect: URL }> {
  const created = await api('/api/phone-check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone_number: PHONE }) });
  expect(created.status).toBe(201);
  const { data } = (await created.json()) as { data: { checkId: string; checkUrl: string } };
  const network = await fetch(data.checkUrl, { redirect: 'manual', headers: { 'X-Emulator-Device': 'phone' } });
  return { checkId: data.checkId, cookie: (created.headers.get('set-cookie') ?? '').split(';')[0]!, redirect: new URL(network.headers.get('location')!) };
}

const flowOf = (checkId: string) => createDbFlowStore(stack.database.db).findByCheckId(checkId);
const auditOf = async (checkId: string) => (await listAuditEvents(stack.database.db, { checkId, limit: 50 })).reverse();
const sessionCount = async () => (await stack.database.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

/** POSTs a callback signed as the test says, to our callback route. */
function sendCallback(
  payload: unknown,
  options: { key?: CallbackSigningKey; at?: number; product?: 'phone_check' | 'subscriber_check'; tamper?: (signed: { headers: Record<string, string>; body: string }) => void } = {},
): Promise<Response> {
  const url = `${stack.appUrl}${CALLBACK_PATH}`;
  const signed = signCallback(options.key ?? truIdKey, url, options.product ?? 'subscriber_check', payload, options.at ?? Date.now());
  options.tamper?.(signed);
  return fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
}

const expired = (checkId: string) => ({ check_id: checkId, status: 'EXPIRED', charge_amount: 0, charge_currency: 'API', created_at: new Date().toISOString() });

async function expectRefused(response: Response, status: number, type: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(((await response.json()) as { type: string }).type).toBe(`/problems/${type}`);
}

describe('a flow whose browser never came back', () => {
  it('ends as expired with its audit trail when tru.ID reports EXPIRED, and the same browser later reads that', async () => {
    const { checkId, cookie, redirect } = await startedFlow();
    // Nobody asks Simpass anything: the emulator's clock passes the check's ttl and tru.ID calls back.
    stack.emulator.control.advanceClock(121);
    await stack.emulator.control.callbacksSettled();
    expect(stack.emulator.control.listCallbacks().find((c) => c.check_id === checkId)).toMatchObject({ state: 'EXPIRED', delivery: 'delivered', last_status: 200 });

    expect(await flowOf(checkId)).toMatchObject({ status: 'failed', failureReason: 'expired', consumedAt: null });
    expect((await auditOf(checkId)).map((e) => [e.event, e.detail])).toEqual([
      ['phone_check.started', null],
      ['phone_check.failed', { reason: 'expired', via: 'truid_callback' }],
    ]);
    // The browser coming back later with its code is told how the check ended; its code is not spent.
    const back = await api(`${redirect.pathname}${redirect.search}`, { cookie });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/?check=${checkId}`);
    expect(await (await api(`/api/phone-check/${checkId}`, { cookie })).json()).toMatchObject({ data: { status: 'EXPIRED', match: false } });
  });

  it('ends with the error_code when tru.ID reports ERROR', async () => {
    const created = await api('/api/phone-check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone_number: PHONE }) });
    const { data } = (await created.json()) as { data: { checkId: string; checkUrl: string } };
    await fetch(data.checkUrl, { redirect: 'manual', headers: { 'X-Emulator-Device': 'wifi' } });
    await stack.emulator.control.callbacksSettled();
    expect(await flowOf(data.checkId)).toMatchObject({ status: 'failed', failureReason: 'not_mobile_ip' });
    expect((await auditOf(data.checkId)).at(-1)).toMatchObject({ event: 'phone_check.failed', detail: { reason: 'not_mobile_ip', via: 'truid_callback' } });
  });
});

describe('a callback never signs anyone in', () => {
  it('records nothing over a flow the browser already finished, and starts no session', async () => {
    const { checkId, cookie, redirect } = await startedFlow();
    expect((await api(`${redirect.pathname}${redirect.search}`, { cookie })).status).toBe(303);
    await stack.emulator.control.callbacksSettled();
    expect(stack.emulator.control.listCallbacks().find((c) => c.check_id === checkId)).toMatchObject({ state: 'COMPLETED', delivery: 'delivered' });
    expect((await auditOf(checkId)).map((e) => e.event)).toEqual(['phone_check.started', 'phone_check.completed']);
    expect(await flowOf(checkId)).toMatchObject({ status: 'completed', match: true, consumedAt: null });
    expect(await sessionCount()).toBe(0);
  });

  it('answers a valid COMPLETED callback with no cookie and no session, the flow left for its browser', async () => {
    const { checkId } = await startedFlow();
    const response = await sendCallback({ check_id: checkId, status: 'COMPLETED', match: true, no_sim_change: true, charge_amount: 1, charge_currency: 'API', created_at: new Date().toISOString() });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await flowOf(checkId)).toMatchObject({ status: 'completed', match: true, consumedAt: null });
    expect(await sessionCount()).toBe(0);
    // Someone without the flow cookie still cannot use the check.
    expect((await api('/api/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ checkId }) })).status).toBe(404);
  });
});

describe('forged and replayed callbacks are refused, and change nothing', () => {
  const cases: [string, (checkId: string) => Promise<Response>, number, string][] = [
    ['a signature that does not verify', (id) => sendCallback(expired(id), { tamper: (s) => (s.headers.authorization = s.headers.authorization!.replace(/signature="[A-Za-z0-9+/]{8}/, 'signature="AAAAAAAA')) }), 401, 'callback-signature-invalid'],
    ['a key tru.ID does not publish', (id) => sendCallback(expired(id), { key: strangerKey }), 401, 'callback-key-unknown'],
    ['a body other than the one signed (Digest)', (id) => sendCallback(expired(id), { tamper: (s) => (s.body = s.body.replace('EXPIRED', 'EXPIRED ')) }), 401, 'callback-digest-mismatch'],
    ['a Date ten minutes old', (id) => sendCallback(expired(id), { at: Date.now() - 10 * 60_000 }), 401, 'callback-stale'],
    ['a signature over Date alone', (id) => sendCallback(expired(id), { tamper: (s) => (s.headers.authorization = s.headers.authorization!.replace(/headers="[^"]+"/, 'headers="date"')) }), 401, 'callback-signature-invalid'],
    ['hmac-sha256 instead of rsa-sha256', (id) => sendCallback(expired(id), { tamper: (s) => (s.headers.authorization = s.headers.authorization!.replace('rsa-sha256', 'hmac-sha256')) }), 401, 'callback-signature-invalid'],
    [
      'no signature, from a web page',
      (id) => fetch(`${stack.appUrl}${CALLBACK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify(expired(id)) }),
      401,
      'callback-signature-invalid',
    ],
  ];

  it.each(cases)('%s', async (_name, send, status, type) => {
    const { checkId } = await startedFlow();
    await expectRefused(await send(checkId), status, type);
    expect(await flowOf(checkId)).toMatchObject({ status: 'pending' });
    expect((await auditOf(checkId)).map((e) => e.event)).toEqual(['phone_check.started']);
  });

  it('a replay: the second arrival of the same signed message is refused', async () => {
    const { checkId } = await startedFlow();
    const url = `${stack.appUrl}${CALLBACK_PATH}`;
    const signed = signCallback(truIdKey, url, 'subscriber_check', expired(checkId), Date.now());
    const first = await fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ data: { effect: 'recorded' } });
    const audit = await auditOf(checkId);
    await expectRefused(await fetch(url, { method: 'POST', headers: signed.headers, body: signed.body }), 409, 'callback-replayed');
    expect(await auditOf(checkId)).toEqual(audit);
  });

  it('refuses a body over 8 KB before reading it, and nothing secret reaches the log', async () => {
    const { checkId } = await startedFlow();
    await expectRefused(await sendCallback({ ...expired(checkId), padding: 'x'.repeat(9000) }), 413, 'fst-err-ctp-body-too-large');
    const response = await sendCallback(expired(checkId));
    expect(response.status).toBe(200);
    const signature = /signature="([^"]+)"/.exec(signCallback(truIdKey, `${stack.appUrl}${CALLBACK_PATH}`, 'subscriber_check', {}, Date.now()).headers.authorization!)![1]!;
    expect(stack.logs()).not.toContain(signature.slice(0, 40));
    expect(stack.logs()).toContain('tru.ID callback received');
  });
});

describe('a COMPLETED callback when our PATCH reached tru.ID but its answer did not reach us', () => {
  it('lets the same browser, retrying its redirect, read the match and sign in with its flow cookie', async () => {
    const { checkId, cookie, redirect } = await startedFlow();
    // Our own tru.ID client redeems the code, and the answer is lost on the way back (a timeout):
    // only tru.ID's callback tells Simpass how the check ended.
    await stack.truid.subscriberChecks.complete(checkId, redirect.searchParams.get('code')!);
    await stack.emulator.control.callbacksSettled();
    expect(await flowOf(checkId)).toMatchObject({ status: 'completed', match: true, consumedAt: null });
    expect((await auditOf(checkId)).at(-1)).toMatchObject({ event: 'phone_check.completed', detail: { match: true, via: 'truid_callback' } });
    expect(await sessionCount()).toBe(0);

    // The browser retries its redirect (a second PATCH would be refused: the code is used) and reads its result.
    const back = await api(`${redirect.pathname}${redirect.search}`, { cookie });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/?check=${checkId}`);
    expect(await (await api(`/api/phone-check/${checkId}`, { cookie })).json()).toEqual({ data: { match: true, status: 'COMPLETED' } });
    const signedIn = await api('/api/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ checkId }), cookie });
    expect(signedIn.status).toBe(200);
    expect(await sessionCount()).toBe(1);
  });
});
