// Requests refused before any route runs — by Node's HTTP parser or by Fastify's router — still get
// a problem+json answer with the security headers, over a real socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, type RawResponse } from '../../test/support/raw-http.js';
import { startStack, type Stack } from '../../test/support/stack.js';

let stack: Stack;
let host: string;
beforeAll(async () => {
  stack = await startStack();
  host = new URL(stack.appUrl).host;
});
afterAll(async () => stack?.close());

function expectProblem(response: RawResponse, status: number): { type: string; status: number; detail: string; request_id: string } {
  expect(response.status, response.raw.slice(0, 400)).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  // The page's policy, or on an API path the API's, which allows nothing (security-headers.ts).
  expect(response.headers['content-security-policy']).toMatch(/^default-src 'self'; |^default-src 'none'; /);
  expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  expect(response.headers['cache-control']).toBe('no-store');
  const problem = JSON.parse(response.body) as { type: string; status: number; detail: string; request_id: string };
  expect(problem.status).toBe(status);
  expect(problem.type).toMatch(/^\/problems\/[a-z0-9-]+$/);
  expect(problem.request_id).toBe(response.headers['x-request-id']);
  return problem;
}

const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`;

describe('errors raised by Fastify itself', () => {
  it.each(['/api/%E0%A4%A', '/api/phone-check/%E0%A4%A', '/%E0%A4%A'])('bad URL encoding %s → 400 problem', async (target) => {
    const problem = expectProblem(await rawRequest(stack.appUrl, get(target)), 400);
    expect(problem.type).toBe('/problems/bad-url');
  });

  it('a path parameter longer than the router keeps → 414 problem', async () => {
    const problem = expectProblem(await rawRequest(stack.appUrl, get(`/api/phone-check/${'a'.repeat(500)}`)), 414);
    expect(problem.type).toBe('/problems/uri-too-long');
  });

  it('an unknown route under /api → 404 problem', async () => {
    expectProblem(await rawRequest(stack.appUrl, get('/api/nothing-here')), 404);
  });

  it.each(['PROPFIND', 'MKCOL', 'PURGE', 'TRACE', 'CONNECT'])('method %s → a problem, never a bare answer', async (method) => {
    const target = method === 'CONNECT' ? host : '/api/config';
    const response = await rawRequest(
      stack.appUrl,
      `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${stack.appUrl}\r\nConnection: close\r\n\r\n`,
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expectProblem(response, response.status);
  });
});

describe("errors raised by Node's HTTP parser, before Fastify sees a request", () => {
  it('a header block larger than Node accepts → 431 problem', async () => {
    const problem = expectProblem(await rawRequest(stack.appUrl, get('/api/config', `X-Big: ${'a'.repeat(20_000)}\r\n`)), 431);
    expect(problem.type).toBe('/problems/request-header-fields-too-large');
  });

  it('a request line longer than Node accepts → 431 or 414 problem', async () => {
    const response = await rawRequest(stack.appUrl, get(`/api/config?${'q'.repeat(20_000)}`));
    expect([414, 431]).toContain(response.status);
    expectProblem(response, response.status);
  });

  it.each([
    ['a method Node does not know', `FOO /api/config HTTP/1.1\r\nHost: x\r\n\r\n`],
    ['garbage instead of a request line', '\u0000\u0001\u0002 garbage\r\n\r\n'],
    ['a lowercase method', `get /api/config HTTP/1.1\r\nHost: x\r\n\r\n`],
    ['a bad HTTP version', `GET /api/config HTTP/9.9\r\nHost: x\r\n\r\n`],
    ['a header without a colon', `GET /api/config HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n`],
    ['both Content-Length and Transfer-Encoding', `POST /api/sign-in HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`],
    ['a non-numeric Content-Length', `POST /api/sign-in HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n`],
  ])('%s → 400 problem', async (_name, request) => {
    const problem = expectProblem(await rawRequest(stack.appUrl, request), 400);
    expect(problem.type).toBe('/problems/bad-request');
  });

  it('an HTTP/1.1 request without Host → 400 problem (HTTP/1.0 may omit it)', async () => {
    const problem = expectProblem(await rawRequest(stack.appUrl, 'GET /api/config HTTP/1.1\r\nConnection: close\r\n\r\n'), 400);
    expect(problem.type).toBe('/problems/host-required');
    expect((await rawRequest(stack.appUrl, 'GET /api/config HTTP/1.0\r\n\r\n')).status).toBe(200);
  });

  it('the server keeps serving afterwards', async () => {
    const response = await rawRequest(stack.appUrl, get('/api/config'));
    expect(response.status).toBe(200);
  });
});
