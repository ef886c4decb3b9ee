import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { answerLivenessFirst } from './liveness-fast-path.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function start(): Promise<string> {
  // As Fastify's server is made (protocol-errors.ts): Node's own Host check off, ours in a hook.
  server = createServer({ requireHostHeader: false }, (_request, response) => {
    response.writeHead(299, { 'content-type': 'text/plain' });
    response.end('framework');
  });
  answerLivenessFirst(server, { 'Content-Security-Policy': "default-src 'self'", 'X-Frame-Options': 'DENY' });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

it('answers GET and HEAD /healthz itself, with the security headers and a request id of its own each time', async () => {
  const url = await start();
  const first = await fetch(`${url}/healthz`);
  expect(first.status).toBe(200);
  expect(await first.json()).toEqual({ status: 'ok' });
  expect(first.headers.get('content-security-policy')).toBe("default-src 'self'");
  expect(first.headers.get('x-frame-options')).toBe('DENY');
  expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const second = await fetch(`${url}/healthz`, { method: 'HEAD' });
  expect(second.status).toBe(200);
  expect(await second.text()).toBe('');
  expect(second.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
});

it('leaves everything else to the framework: another path, a query, another method, HTTP/1.1 without Host', async () => {
  const url = await start();
  for (const path of ['/healthz?verbose', '/healthz/', '/readyz']) expect((await fetch(`${url}${path}`)).status).toBe(299);
  expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(299);
  const status = await new Promise<number>((resolve, reject) => {
    const request = httpRequest(`${url}/healthz`, { setHost: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
  expect(status).toBe(299);
});
