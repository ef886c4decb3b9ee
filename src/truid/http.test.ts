// The request path against a real local HTTP server whose answers each test scripts: the behaviour
// a foreign server can force on us (bare 502 pages, Retry-After, stalls, resets) regardless of the emulator.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TruIdApiError, TruIdInvalidResponseError, TruIdNetworkError, TruIdTimeoutError } from './errors.js';
import { createHttp, type CreateHttpOptions, type Http } from './http.js';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

let server: Server;
let origin: string;
let handler: Handler;
let hits = 0;
let connections = 0;
const clients: Http[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits += 1;
    req.resume();
    req.on('end', () => handler(req, res, hits));
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});
afterEach(async () => {
  hits = 0;
  connections = 0;
  await Promise.all(clients.splice(0).map((client) => client.close()));
  server.closeAllConnections();
});

function http(options: Partial<CreateHttpOptions> = {}): Http {
  const client = createHttp({ baseUrl: origin, retry: { baseDelayMs: 1 }, ...options });
  clients.push(client);
  return client;
}

function json(res: ServerResponse, status: number, body: unknown, type = 'application/json', headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': type, ...headers }).end(JSON.stringify(body));
}

const problem = { type: 'https://developer.tru.id/docs/reference/api-errors#check_not_found', title: 'Not Found', detail: 'Check Not Found' };

describe('answers', () => {
  it('parses application/hal+json', async () => {
    handler = (_req, res) => json(res, 200, { check_id: 'c1' }, 'application/hal+json; charset=utf-8');
    await expect(http().send({ method: 'GET', path: '/x' })).resolves.toEqual({ check_id: 'c1' });
  });

  it('turns problem+json into a TruIdApiError with status, type, title and detail', async () => {
    handler = (_req, res) => json(res, 404, problem, 'application/problem+json');
    const error = await http().send({ method: 'GET', path: '/phone_check/v0.2/checks/nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TruIdApiError);
    expect(error).toMatchObject({ code: 'TRUID_API_ERROR', status: 404, ...problem, request: { method: 'GET', path: '/phone_check/v0.2/checks/nope' } });
    expect((error as Error).message).toBe('tru.ID GET /phone_check/v0.2/checks/nope answered 404 Not Found: Check Not Found');
  });

  it('turns a non-JSON error page into a TruIdApiError with about:blank and the status text', async () => {
    handler = (_req, res) => res.writeHead(400, { 'content-type': 'text/html' }).end('<html>\n  <h1>Bad request</h1>\n</html>');
    const error = await http().send({ method: 'POST', path: '/x', body: '{}' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, type: 'about:blank', title: 'Bad Request', detail: '<html> <h1>Bad request</h1> </html>' });
  });

  it('survives a problem+json label on a body that is not JSON', async () => {
    handler = (_req, res) => res.writeHead(400, { 'content-type': 'application/problem+json' }).end('{"type":');
    await expect(http().send({ method: 'GET', path: '/x' })).rejects.toMatchObject({ status: 400, type: 'about:blank', detail: '{"type":' });
  });

  it('refuses a success whose body is not JSON', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    await expect(http().send({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(TruIdInvalidResponseError);
  });
});

describe('retries', () => {
  it('retries a GET after 5xx answers and succeeds on the third attempt', async () => {
    handler = (_req, res, hit) => (hit < 3 ? json(res, 503, { title: 'Unavailable' }, 'application/problem+json') : json(res, 200, { ok: true }));
    await expect(http().send({ method: 'GET', path: '/x' })).resolves.toEqual({ ok: true });
    expect(hits).toBe(3);
  });

  it('gives up after the configured attempts with the last error', async () => {
    handler = (_req, res) => json(res, 500, { title: 'Internal Server Error' }, 'application/problem+json');
    await expect(http({ retry: { attempts: 2, baseDelayMs: 1 } }).send({ method: 'GET', path: '/x' })).rejects.toMatchObject({ status: 500 });
    expect(hits).toBe(2);
  });

  it('never repeats a POST after a 5xx: the check may have been created', async () => {
    handler = (_req, res) => json(res, 502, { title: 'Bad Gateway' }, 'application/problem+json');
    await expect(http().send({ method: 'POST', path: '/x', body: '{}' })).rejects.toMatchObject({ status: 502 });
    expect(hits).toBe(1);
  });

  it('does not retry 4xx other than 429', async () => {
    handler = (_req, res) => json(res, 404, problem, 'application/problem+json');
    await expect(http().send({ method: 'GET', path: '/x' })).rejects.toMatchObject({ status: 404 });
    expect(hits).toBe(1);
  });

  it('waits out a short Retry-After on 429', async () => {
    handler = (_req, res, hit) => (hit === 1 ? json(res, 429, { title: 'Too Many Requests' }, 'application/problem+json', { 'retry-after': '0' }) : json(res, 200, {}));
    const waits: number[] = [];
    await http({ sleep: (ms) => (waits.push(ms), Promise.resolve()) }).send({ method: 'GET', path: '/x' });
    expect(waits).toEqual([0]);
    expect(hits).toBe(2);
  });

  it('surfaces a 429 whose Retry-After is beyond the cap instead of waiting', async () => {
    handler = (_req, res) => json(res, 429, { title: 'Too Many Requests' }, 'application/problem+json', { 'retry-after': '3600' });
    await expect(http().send({ method: 'GET', path: '/x' })).rejects.toMatchObject({ status: 429, retryAfterMs: 3_600_000 });
    expect(hits).toBe(1);
  });

  it('backs off exponentially with jitter', async () => {
    handler = (_req, res) => json(res, 503, {}, 'application/problem+json');
    const waits: number[] = [];
    const client = http({ retry: { attempts: 4, baseDelayMs: 100 }, random: () => 1, sleep: (ms) => (waits.push(ms), Promise.resolve()) });
    await client.send({ method: 'GET', path: '/x' }).catch(() => undefined);
    expect(waits).toEqual([100, 200, 400]);
  });

  it('retries a GET whose connection was reset, but surfaces a reset POST', async () => {
    handler = (req, res, hit) => (hit === 1 || req.method === 'POST' ? req.socket.destroy() : json(res, 200, { ok: true }));
    await expect(http().send({ method: 'GET', path: '/x' })).resolves.toEqual({ ok: true });
    expect(hits).toBe(2);
    hits = 0;
    const error = await http().send({ method: 'POST', path: '/x', body: '{}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TruIdNetworkError);
    expect(error).toMatchObject({ code: 'TRUID_NETWORK_ERROR' });
    expect(hits).toBe(1);
  });

  it('reports a refused connection as a TruIdNetworkError with its errno', async () => {
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((done) => probe.close(done));
    const client = http({ baseUrl: `http://127.0.0.1:${port}` });
    await expect(client.send({ method: 'POST', path: '/x', body: '{}' })).rejects.toMatchObject({ code: 'TRUID_NETWORK_ERROR', errno: 'ECONNREFUSED' });
  });
});

describe('timeouts', () => {
  it('ends a request that gets no answer with a TruIdTimeoutError', async () => {
    handler = () => undefined; // never answers: getting the error at all proves the deadline ended it
    const error = await http({ timeouts: { requestMs: 150 }, retry: { attempts: 1 } }).send({ method: 'GET', path: '/slow' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TruIdTimeoutError);
    expect(error).toMatchObject({ code: 'TRUID_TIMEOUT', phase: 'request', timeoutMs: 150 });
  });

  it('counts a stalled body against the same deadline', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    };
    await expect(http({ timeouts: { requestMs: 150 }, retry: { attempts: 1 } }).send({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(TruIdTimeoutError);
  });

  it('retries a GET that timed out', async () => {
    handler = (_req, res, hit) => (hit === 1 ? undefined : json(res, 200, { ok: true }));
    // The retry's answer must beat the same deadline: room for a busy machine (150 ms was not).
    await expect(http({ timeouts: { requestMs: 3_000 } }).send({ method: 'GET', path: '/x' })).resolves.toEqual({ ok: true });
    expect(hits).toBe(2);
  });
});

describe('connections', () => {
  it('reuses kept-alive connections across sequential requests', async () => {
    handler = (_req, res) => json(res, 200, {});
    const client = http();
    for (let i = 0; i < 20; i++) await client.send({ method: 'GET', path: `/x/${i}` });
    // undici's pool hands a back-to-back request to a second socket while the first is still being
    // released (its body has ended, its parser not yet), then alternates between the two: reuse, not
    // one connection per request.
    expect(connections).toBeLessThanOrEqual(2);
  });

  it('close() ends the pool', async () => {
    handler = (_req, res) => json(res, 200, {});
    const client = createHttp({ baseUrl: origin });
    await client.send({ method: 'GET', path: '/x' });
    await client.close();
    await expect(client.send({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(TruIdNetworkError);
  });
});
