// The emulator's check callbacks as tru.ID's OpenAPI definitions describe them (products.yaml `callbacks`
// of each create operation): a POST whose body validates against the product's CallbackPayload, with the
// documented headers (Authorization in the x-tru-security format, x-tru-callback from its enum, digest,
// date, host), answered 200 by a receiver that accepts it (WebHookExpectedResponse).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { JSON_PATCH, patchBody, redirectParams, startHarness, type Harness } from '../../src/emulator/test-harness.js';
import { ajv, loadSpec, oneOfAsAnyOf, specsAvailable, type Spec } from '../support/openapi-definitions.js';
import { describeWhenAvailable } from '../support/requirements.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: unknown;
}

let products: Spec;
let h: Harness;
let receiver: Server;
let callbackUrl: string;
const received: Received[] = [];

interface CallbackOperation {
  parameters: { name: string; in: string; schema: { enum?: string[] } }[];
  requestBody: { content: Record<string, { schema: unknown }> };
  responses: Record<string, unknown>;
}

function callbackOperation(createPath: string): CallbackOperation {
  const callbacks = products.paths[createPath]?.post?.callbacks;
  expect(callbacks, `POST ${createPath} documents no callbacks`).toBeDefined();
  const [expression] = Object.values(callbacks!);
  return (expression!['{$request.body#/callback_url}'] as unknown as { post: CallbackOperation }).post;
}

/** Asserts the one callback received is a documented callback of `createPath`. */
function conforms(createPath: string, callback: Received): void {
  const operation = callbackOperation(createPath);
  for (const parameter of operation.parameters) {
    expect(parameter.in).toBe('header');
    const value = callback.headers[parameter.name.toLowerCase()];
    expect(value, `header ${parameter.name}`).toEqual(expect.any(String));
    if (parameter.schema.enum) expect(parameter.schema.enum).toContain(value);
  }
  // Headers.v1.yaml x-tru-security: `Signature keyId="{key_id}",algorithm="{algorithm_value}",headers="{headers_value}",signature="{signature_value}"`.
  expect(callback.headers.authorization).toMatch(/^Signature keyId="[^"]+",algorithm="rsa-sha256",headers="\(request-target\) host date x-tru-callback digest",signature="[^"]+"$/);
  expect(callback.headers['content-type']).toBe('application/json');
  const schema = operation.requestBody.content['application/json']!.schema;
  expect(ajv.validate(oneOfAsAnyOf(schema) as object, callback.body) ? [] : ajv.errors, JSON.stringify(callback.body)).toEqual([]);
  // WebHookExpectedResponse: 200 is the answer that ends tru.ID's retries (the receiver answered it: delivered()).
  expect(operation.responses).toHaveProperty('200');
}

describeWhenAvailable("the emulator's callbacks against tru.ID's OpenAPI definitions", specsAvailable, () => {
  beforeAll(async () => {
    products = await loadSpec('products.yaml');
    h = await startHarness();
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/callback`;
  });
  afterAll(async () => {
    await h?.close();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });
  beforeEach(async () => {
    received.length = 0;
    await h.admin('POST', '/_emulator/reset');
  });

  const delivered = async (): Promise<Received> => {
    await h.emulator.control.callbacksSettled();
    expect(received).toHaveLength(1);
    expect(h.emulator.control.listCallbacks()).toEqual([expect.objectContaining({ delivery: 'delivered', last_status: 200 })]);
    return received[0]!;
  };

  it.each(['/phone_check/v0.2/checks', '/subscriber_check/v0.2/checks'])('%s: COMPLETED', async (base) => {
    const check = await h.create(base, { phone_number: '447700900001', redirect_url: 'https://app.example/back', callback_url: callbackUrl });
    const code = redirectParams(await h.open(check._links.check_url.href)).get('code')!;
    await h.api('PATCH', check._links.self.href, { body: patchBody(code), contentType: JSON_PATCH });
    conforms(base, await delivered());
  });

  it.each(['/phone_check/v0.2/checks', '/subscriber_check/v0.2/checks'])('%s: EXPIRED', async (base) => {
    await h.create(base, { phone_number: '447700900001', redirect_url: 'https://app.example/back', callback_url: callbackUrl });
    h.emulator.control.advanceClock(121);
    conforms(base, await delivered());
  });

  it.each(['/phone_check/v0.2/checks', '/subscriber_check/v0.2/checks'])('%s: ERROR', async (base) => {
    const check = await h.create(base, { phone_number: '447700900001', redirect_url: 'https://app.example/back', callback_url: callbackUrl });
    await h.open(check._links.check_url.href, 'wifi');
    const callback = await delivered();
    conforms(base, callback);
    expect(callback.body).toMatchObject({ status: 'ERROR', error_code: 'not_mobile_ip' });
  });

  it('/phone_check/v0.1/checks: COMPLETED through the operator hop', async () => {
    const base = '/phone_check/v0.1/checks';
    const check = await h.create(base, { phone_number: '447700900001', callback_url: callbackUrl });
    const hop = (await h.open(check._links.check_url.href)).headers.get('location')!;
    await fetch(hop);
    conforms(base, await delivered());
  });
});
