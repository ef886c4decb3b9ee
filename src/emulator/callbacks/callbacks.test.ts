// Check callbacks as tru.ID sends them, checked the way tru.ID's own dev-server checks them: the
// `http-signature` library parses the request it received and verifies it with the key that
// `/.well-known/jwks.json` publishes for the signature's keyId.
import { createHash, createPublicKey, type JsonWebKey } from 'node:crypto';
import { createServer, type ClientRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import httpSignature from 'http-signature';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JSON_PATCH, patchBody, redirectParams, useHarness, type Harness } from '../test-harness.js';
import { RETRY_DELAYS_SECONDS, type CallbackDeliveryView } from './dispatcher.js';

interface Received {
  request: IncomingMessage;
  body: string;
}

/** A callback_url that records what arrives and answers the next scripted status (then 200). */
function startReceiver(): Promise<{ url: string; received: Received[]; answers: number[]; server: Server }> {
  const received: Received[] = [];
  const answers: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ request, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = answers.shift() ?? 200;
      response.end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/truid/callback?tenant=a`, received, answers, server });
    });
  });
}

const harness = useHarness();
let h: Harness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => new Promise<void>((resolve) => receiver.server.close(() => resolve())));
beforeEach(() => {
  h = harness();
  receiver.received.length = 0;
  receiver.answers.length = 0;
});

const V2 = '/phone_check/v0.2/checks';
const REDIRECT = 'https://app.example/back';

async function publicKeyPem(keyId: string): Promise<string> {
  const jwks = (await h.api('GET', '/.well-known/jwks.json')).body as { keys: (JsonWebKey & { kid: string })[] };
  const jwk = jwks.keys.find((key) => key.kid === keyId);
  if (!jwk) throw new Error(`keyId ${keyId} is not in the JWKS`);
  return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
}

/** What tru.ID's dev-server does (routes.js phoneCheckCallback), plus the Digest over the body. */
async function verified(received: Received): Promise<boolean> {
  // @types/http-signature names the wrong request type and leaves out what parseRequest returns.
  const parsed = httpSignature.parseRequest(received.request as unknown as ClientRequest, {
    headers: ['(request-target)', 'host', 'date', 'x-tru-callback', 'digest'],
  }) as ReturnType<typeof httpSignature.parseRequest> & { algorithm: string; keyId: string };
  const digest = `SHA-256=${createHash('sha256').update(received.body).digest('base64')}`;
  return parsed.algorithm === 'RSA-SHA256' && received.request.headers.digest === digest && httpSignature.verifySignature(parsed, await publicKeyPem(parsed.keyId));
}

const callbacks = async (): Promise<CallbackDeliveryView[]> => ((await h.admin('GET', '/_emulator/callbacks')).body as { callbacks: CallbackDeliveryView[] }).callbacks;

async function completedCheck(product = 'phone_check'): Promise<string> {
  const base = `/${product}/v0.2/checks`;
  const check = await h.create(base, { phone_number: '447700900001', redirect_url: REDIRECT, callback_url: receiver.url });
  const code = redirectParams(await h.open(check._links.check_url.href, 'phone')).get('code')!;
  expect((await h.api('PATCH', check._links.self.href, { body: patchBody(code), contentType: JSON_PATCH })).status).toBe(200);
  await h.emulator.control.callbacksSettled();
  return check.check_id;
}

describe('the JWKS', () => {
  it('publishes one RSA signing key by kid, and nothing private', async () => {
    const sent = await h.api('GET', '/.well-known/jwks.json');
    expect(sent.status).toBe(200);
    expect(sent.headers.get('content-type')).toMatch(/^application\/json/);
    const { keys } = sent.body as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual({ kty: 'RSA', use: 'sig', alg: 'RS256', kid: expect.any(String) as string, n: expect.any(String) as string, e: 'AQAB' });
  });
});

describe('check callbacks', () => {
  it('POSTs a COMPLETED check to its callback_url, signed over (request-target) host date x-tru-callback digest', async () => {
    const checkId = await completedCheck();
    expect(receiver.received).toHaveLength(1);
    const [callback] = receiver.received;
    expect(callback!.request.method).toBe('POST');
    expect(callback!.request.url).toBe('/truid/callback?tenant=a');
    expect(callback!.request.headers['x-tru-callback']).toBe('phone_check');
    expect(callback!.request.headers['content-type']).toBe('application/json');
    expect(callback!.request.headers.authorization).toMatch(
      /^Signature keyId="[^"]+",algorithm="rsa-sha256",headers="\(request-target\) host date x-tru-callback digest",signature="[A-Za-z0-9+/=]+"$/,
    );
    expect(await verified(callback!)).toBe(true);
    expect(JSON.parse(callback!.body)).toMatchObject({ check_id: checkId, status: 'COMPLETED', match: true, network_id: '23410', charge_amount: 1 });
  });

  it('fails verification when the body is not the one signed', async () => {
    await completedCheck();
    const [callback] = receiver.received;
    expect(await verified({ ...callback!, body: callback!.body.replace('"match":true', '"match":false') })).toBe(false);
  });

  it('sends SubscriberCheck callbacks with x-tru-callback: subscriber_check and the SIM facts', async () => {
    await completedCheck('subscriber_check');
    const [callback] = receiver.received;
    expect(callback!.request.headers['x-tru-callback']).toBe('subscriber_check');
    expect(await verified(callback!)).toBe(true);
    expect(JSON.parse(callback!.body)).toMatchObject({ status: 'COMPLETED', match: true, no_sim_change: true, no_sim_change_period: 10080 });
  });

  it('sends EXPIRED when the ttl passes with nobody reading the check (the tab was closed)', async () => {
    const check = await h.create(V2, { phone_number: '447700900001', redirect_url: REDIRECT, callback_url: receiver.url });
    await h.open(check._links.check_url.href, 'phone');
    h.emulator.control.advanceClock(121);
    await h.emulator.control.callbacksSettled();
    expect(receiver.received).toHaveLength(1);
    expect(await verified(receiver.received[0]!)).toBe(true);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ check_id: check.check_id, status: 'EXPIRED', charge_amount: 0 });
  });

  it('sends ERROR with the error_code when the network fails the check', async () => {
    const check = await h.create(V2, { phone_number: '447700900001', redirect_url: REDIRECT, callback_url: receiver.url });
    await h.open(check._links.check_url.href, 'wifi');
    await h.emulator.control.callbacksSettled();
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ check_id: check.check_id, status: 'ERROR', error_code: 'not_mobile_ip' });
  });

  it('sends nothing for a check without a callback_url', async () => {
    const check = await h.create(V2, { phone_number: '447700900001', redirect_url: REDIRECT });
    await h.open(check._links.check_url.href, 'phone');
    h.emulator.control.advanceClock(121);
    await h.emulator.control.callbacksSettled();
    expect(receiver.received).toHaveLength(0);
    expect(await callbacks()).toEqual([]);
  });

  it('retries after a 500, 10 seconds later by the emulator clock, and lists each attempt', async () => {
    receiver.answers.push(500);
    const checkId = await completedCheck();
    expect(await callbacks()).toEqual([
      expect.objectContaining({ check_id: checkId, url: receiver.url, state: 'COMPLETED', delivery: 'pending', attempts: 1, last_status: 500 }),
    ]);
    h.emulator.control.advanceClock(9);
    await h.emulator.control.callbacksSettled();
    expect(receiver.received).toHaveLength(1);
    h.emulator.control.advanceClock(1);
    await h.emulator.control.callbacksSettled();
    expect(receiver.received).toHaveLength(2);
    // Signed afresh: the retry has its own Date, so its signature differs and still verifies.
    expect(receiver.received[1]!.request.headers.date).not.toBe(receiver.received[0]!.request.headers.date);
    expect(await verified(receiver.received[1]!)).toBe(true);
    expect(await callbacks()).toEqual([expect.objectContaining({ delivery: 'delivered', attempts: 2, last_status: 200, next_attempt_at: null })]);
  });

  it('treats anything but 200 as a failure and gives up after the last retry (one minute)', async () => {
    receiver.answers.push(204, 503, 503, 503, 503, 503, 503, 503);
    await completedCheck();
    for (const delay of RETRY_DELAYS_SECONDS) {
      h.emulator.control.advanceClock(delay);
      await h.emulator.control.callbacksSettled();
    }
    h.emulator.control.advanceClock(600);
    await h.emulator.control.callbacksSettled();
    expect(receiver.received).toHaveLength(1 + RETRY_DELAYS_SECONDS.length);
    expect(await callbacks()).toEqual([expect.objectContaining({ delivery: 'gave_up', attempts: 7, last_status: 503, next_attempt_at: null })]);
  });

  it('retries when the callback_url does not answer at all, and says why', async () => {
    const closed = await startReceiver();
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    const check = await h.create(V2, { phone_number: '447700900001', redirect_url: REDIRECT, callback_url: closed.url });
    await h.open(check._links.check_url.href, 'wifi');
    await h.emulator.control.callbacksSettled();
    expect(await callbacks()).toEqual([expect.objectContaining({ delivery: 'pending', attempts: 1, last_status: null, last_error: expect.stringMatching(/ECONNREFUSED/) as string })]);
  });
});

describe("the project's callback URL (what tru.ID's dev-server relies on)", () => {
  it('is used for checks created without a callback_url, and a check\'s own callback_url overrides it', async () => {
    const set = await h.admin('PUT', '/_emulator/project/configuration', { phone_check: { callback_url: receiver.url } });
    expect(set.body).toEqual({ phone_check: { callback_url: receiver.url } });
    const plain = await h.create(V2, { phone_number: '447700900001', redirect_url: REDIRECT });
    await h.open(plain._links.check_url.href, 'wifi');
    const other = await startReceiver();
    const own = await h.create(V2, { phone_number: '447700900001', redirect_url: REDIRECT, callback_url: other.url });
    await h.open(own._links.check_url.href, 'wifi');
    await h.emulator.control.callbacksSettled();
    await new Promise<void>((resolve) => other.server.close(() => resolve()));
    expect(receiver.received.map((r) => (JSON.parse(r.body) as { check_id: string }).check_id)).toEqual([plain.check_id]);
    expect(other.received).toHaveLength(1);
    expect(await verified(receiver.received[0]!)).toBe(true);
    // A SubscriberCheck has its own setting: none here, so none is sent.
    const subscriber = await h.create('/subscriber_check/v0.2/checks', { phone_number: '447700900001', redirect_url: REDIRECT });
    await h.open(subscriber._links.check_url.href, 'wifi');
    await h.emulator.control.callbacksSettled();
    expect(receiver.received).toHaveLength(1);
  });

  it('refuses what is not a product with callbacks or not an http(s) URL, and reset forgets it', async () => {
    const bad = await h.admin('PUT', '/_emulator/project/configuration', { sim_check: { callback_url: receiver.url }, phone_check: { callback_url: 'ftp://x' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    await h.admin('PUT', '/_emulator/project/configuration', { subscriber_check: { callback_url: receiver.url } });
    await h.admin('POST', '/_emulator/reset');
    expect((await h.admin('GET', '/_emulator/project/configuration')).body).toEqual({});
  });
});

