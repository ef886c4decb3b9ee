// API answers over real HTTP: compressed when big enough to gain from it, as sent otherwise, and
// still carrying no-store and the security headers either way.
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../test/support/stack.js';
import { API_COMPRESSION_THRESHOLD } from './api-compression.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  // A simulated network with more phones than the default six, so /api/simulation outgrows the threshold.
  for (let i = 10; i < 16; i++) {
    stack.emulator.control.putDevice(`lab-phone-${i}`, {
      label: `Lab phone ${i} on Vodafone (SIM unchanged)`,
      connection: 'mobile',
      network_id: '23415',
      phone_number: `4477009000${i}`,
      sim_changed_at: null,
    });
  }
});
afterAll(async () => stack?.close());

/** Over real HTTP without decoding: the bytes as they cross the wire. */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`${stack.appUrl}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function expectApiHeaders(response: RawResponse): void {
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
}

describe('an API answer over the threshold (/api/simulation)', () => {
  let plain: RawResponse;
  beforeAll(async () => {
    plain = await send('GET', '/api/simulation');
  });

  it('is over the threshold, and sent uncompressed to a client that asks for nothing', () => {
    expect(plain.status).toBe(200);
    expect(plain.body.length).toBeGreaterThan(API_COMPRESSION_THRESHOLD);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expectApiHeaders(plain);
    expect((JSON.parse(plain.body.toString('utf8')) as { devices: unknown[] }).devices).toHaveLength(12); // the six built-in devices and the six added above
  });

  it.each([
    ['br', 'br', brotliDecompressSync],
    ['gzip', 'gzip', gunzipSync],
    ['gzip, deflate, br, zstd', 'br', brotliDecompressSync],
  ] as const)('Accept-Encoding: %s → Content-Encoding: %s, decoding to the same JSON, still no-store', async (acceptEncoding, encoding, decode) => {
    const response = await send('GET', '/api/simulation', { 'accept-encoding': acceptEncoding });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe(encoding);
    expect(response.headers.vary).toBe('accept-encoding');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expectApiHeaders(response);
    expect(response.body.length).toBeLessThan(plain.body.length);
    expect(decode(response.body).equals(plain.body)).toBe(true);
  });

  it.each(['identity', 'deflate'])('Accept-Encoding: %s → as it is', async (acceptEncoding) => {
    const response = await send('GET', '/api/simulation', { 'accept-encoding': acceptEncoding });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body.equals(plain.body)).toBe(true);
  });
});

describe('answers under the threshold are sent as they are', () => {
  it('a small JSON answer (/api/config)', async () => {
    const response = await send('GET', '/api/config', { 'accept-encoding': 'gzip, deflate, br' });
    expect(response.status).toBe(200);
    expect(response.body.length).toBeLessThan(API_COMPRESSION_THRESHOLD);
    expect(response.headers['content-encoding']).toBeUndefined();
    expectApiHeaders(response);
    expect(JSON.parse(response.body.toString('utf8'))).toMatchObject({ emulator: true });
  });

  it('a problem+json answer', async () => {
    const response = await send(
      'PUT',
      '/api/simulation/active-device',
      { 'accept-encoding': 'gzip, deflate, br', origin: stack.appUrl, 'content-type': 'application/json' },
      JSON.stringify({ deviceId: 'no-such-phone' }),
    );
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.headers['content-encoding']).toBeUndefined();
    expectApiHeaders(response);
    expect(JSON.parse(response.body.toString('utf8'))).toMatchObject({ status: 400, invalid_params: [{ name: 'deviceId' }] });
  });
});

describe('request bodies', () => {
  it('are not decompressed: a gzip-encoded body is refused with problem+json, not inflated', async () => {
    const response = await send(
      'POST',
      '/api/phone-check',
      { origin: stack.appUrl, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      gzipSync(JSON.stringify({ phone_number: '+447700900001' })),
    );
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });
});
