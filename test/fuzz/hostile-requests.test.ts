// Property-based fuzzing of every route, as an attacker would try it: malformed JSON, wrong types,
// huge and odd strings, bad and forged cookies, forged check ids and codes, header tricks, Range,
// every method. Real parts behind the server (the emulator, a SQLite file), no faults injected, so
// nothing may answer 5xx. Invariants for every answer:
//   - never a 5xx, never a crash (the server still answers /healthz at the end);
//   - the security headers and a request id on everything;
//   - every error is problem+json whose status and request id match the answer's;
//   - no secret, no stack trace in a body; redirects stay on our origin;
//   - memory back near its start after the run (heap after GC).
// The seed is printed; FUZZ_SEED=<seed> replays a run, FUZZ_RUNS=<n> changes its length.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { METHODS } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpBrowser, startCheck } from '../support/http-browser.js';
import { rawRequest, type RawResponse } from '../support/raw-http.js';
import { startStack, type Stack } from '../support/stack.js';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomBytes(4).readUInt32BE() >>> 1;
const INJECT_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const RAW_RUNS = Math.max(50, Math.round(INJECT_RUNS / 25));

// A heap figure is only comparable after a full collection; --expose-gc without a custom runner.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let stack: Stack;
let webRoot: string;
let host: string;
/** Real values a hostile client may have got hold of, so forgeries reach the deep code paths. */
const known = {
  pendingCheckId: '',
  pendingCookie: '',
  completedCheckId: '',
  completedCookie: '',
  redirects: [] as { path: string; cookie: string }[],
  sessionCookie: '',
};

beforeAll(async () => {
  webRoot = await mkdtemp(join(tmpdir(), 'simpass-fuzz-web-'));
  await mkdir(join(webRoot, 'assets'));
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>Simpass</title><p>fuzz page</p>\n');
  await writeFile(join(webRoot, 'assets', 'index-abc.js'), 'console.log("asset");\n');
  // warn: the answers' own invariants are the subject; only a logged failure (level 50) is kept.
  stack = await startStack({ env: { WEB_ROOT: webRoot, LOG_LEVEL: 'warn' } });
  host = new URL(stack.appUrl).host;

  const pending = createHttpBrowser(stack.appUrl);
  const created = await pending.request(stack.appUrl, '/api/phone-check', { method: 'POST', body: { phone_number: '+447700900001' } });
  known.pendingCheckId = ((await created.json()) as { data: { checkId: string } }).data.checkId;
  known.pendingCookie = `simpass_flow=${pending.cookie('simpass_flow')!}`;

  const completed = createHttpBrowser(stack.appUrl);
  const started = await startCheck(completed, stack.appUrl, '+447700900001');
  await completed.request(stack.appUrl, started.redirectPath);
  known.completedCheckId = started.checkId;
  known.completedCookie = `simpass_flow=${completed.cookie('simpass_flow')!}`;

  for (let i = 0; i < 5; i++) {
    const browser = createHttpBrowser(stack.appUrl);
    const open = await startCheck(browser, stack.appUrl, i % 2 ? '+447700900002' : '+447700900001', i % 2 ? 'other-sim' : 'phone');
    known.redirects.push({ path: open.redirectPath, cookie: `simpass_flow=${browser.cookie('simpass_flow')!}` });
  }

  const signer = createHttpBrowser(stack.appUrl);
  const toSignIn = await startCheck(signer, stack.appUrl, '+447700900001');
  await signer.request(stack.appUrl, toSignIn.redirectPath);
  await signer.request(stack.appUrl, '/api/sign-in', { method: 'POST', body: { checkId: toSignIn.checkId } });
  known.sessionCookie = `simpass_session=${signer.cookie('simpass_session')!}`;
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await rm(webRoot, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

const SPECIALS = [
  '', ' ', '..', '../../etc/passwd', '%', '%%', '%00', '%E0%A4%A', '%C0%AE%C0%AE', '%2e%2e%2f', '%252e', '%FF%FE',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' OR 1=1 --", '; DROP TABLE users; --', '${7*7}', '{{7*7}}',
  '__proto__', 'constructor', 'prototype', 'null', 'undefined', 'NaN', '-1', '0', '1e999', 'true', '[]', '{}',
  'javascript:alert(1)', '//evil.example', 'http://evil.example/', '\\\\evil.example', 'ÿ', '\u00a0',
  '00000000-0000-4000-8000-000000000000', 'a'.repeat(65), 'a'.repeat(300), 'A'.repeat(43),
];

/** Characters a URL may carry as they are, plus percent-encodings of arbitrary (often invalid UTF-8) bytes. */
const urlSafeText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'abcXYZ019-._~!$&\'()*+,;=:@/?#'.split('')),
    fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`),
  ),
  maxLength: 40,
});

const hostileSegment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIALS).map((s) => encodeURIComponent(s)) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIALS) .filter((s) => /^[\x21-\x7e]*$/.test(s) && !s.includes('#')) },
  { weight: 3, arbitrary: urlSafeText },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: fc.constant('KNOWN_PENDING') },
  { weight: 2, arbitrary: fc.constant('KNOWN_COMPLETED') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => encodeURIComponent(s)) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 3000 }).map((n) => 'x'.repeat(n)) },
);

const queryValue = fc.oneof(hostileSegment, fc.string({ unit: 'binary-ascii', maxLength: 30 }).map((s) => encodeURIComponent(s)));

const redirectQuery = fc
  .record(
    {
      check_id: fc.oneof(hostileSegment, fc.array(hostileSegment, { minLength: 2, maxLength: 3 })),
      code: fc.oneof(queryValue, fc.array(queryValue, { minLength: 2, maxLength: 3 })),
      error: queryValue,
      error_description: queryValue,
      extra: queryValue,
    },
    { requiredKeys: [] },
  )
  .map((params) =>
    Object.entries(params)
      .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${name}=${v}`))
      .join('&'),
  );

interface Route {
  method: string;
  path: fc.Arbitrary<string>;
}

const ROUTES: fc.Arbitrary<Route> = fc.oneof(
  fc.constant({ method: 'POST', path: fc.constant('/api/phone-check') }),
  fc.constant({ method: 'GET', path: redirectQuery.map((q) => `/api/phone-check/redirect?${q}`) }),
  fc.constant({ method: 'GET', path: fc.constantFrom(...[0, 1, 2, 3, 4]).map((i) => `KNOWN_REDIRECT_${i}`) }),
  fc.constant({ method: 'GET', path: hostileSegment.map((id) => `/api/phone-check/${id}`) }),
  fc.constant({ method: 'POST', path: fc.constant('/api/sign-in') }),
  fc.constant({ method: 'POST', path: fc.constant('/api/sign-out') }),
  // Server to server, exempt from the Origin check only by its signature: every hostile request is refused in words.
  fc.constant({ method: 'POST', path: fc.constant('/api/truid/callback') }),
  fc.constant({ method: 'GET', path: fc.constantFrom('/api/me', '/api/session', '/api/config', '/api/simulation', '/healthz') }),
  fc.constant({ method: 'PUT', path: fc.constant('/api/simulation/active-device') }),
  fc.constant({ method: 'GET', path: fc.constantFrom('/', '/index.html', '/assets/index-abc.js', '/assets/', '/assets/../index.html', '/favicon.svg') }),
  // Our OpenID Connect interaction and consent API (the provider's own endpoints answer OAuth errors, not problems).
  fc.constant({ method: 'GET', path: hostileSegment.map((uid) => `/api/oidc/interaction/${uid}`) }),
  fc.constant({ method: 'POST', path: fc.tuple(hostileSegment, fc.constantFrom('login', 'consent', 'abort')).map(([uid, step]) => `/api/oidc/interaction/${uid}/${step}`) }),
  fc.constant({ method: 'GET', path: fc.constant('/api/oidc/consents') }),
  fc.constant({ method: 'DELETE', path: hostileSegment.map((clientId) => `/api/oidc/consents/${clientId}`) }),
  fc.constant({ method: 'GET', path: fc.tuple(fc.constantFrom('/', '/api/', '/assets/', '/api/phone-check/'), urlSafeText, fc.option(queryValue)).map(([base, rest, q]) => `${base}${rest.replace(/#/g, '')}${q === null ? '' : `?q=${q}`}`) }),
);

// Every method Node knows, but CONNECT (not an inject-able request; the raw portion sends it).
const ANY_METHOD = fc.constantFrom(...METHODS.filter((m) => m !== 'CONNECT'));

/** Header values as a client can send them: printable latin1, no CR/LF (the raw portion breaks those rules). */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 60 });

const cookieHeader = fc.oneof(
  fc.constant('KNOWN_PENDING_COOKIE'),
  fc.constant('KNOWN_COMPLETED_COOKIE'),
  fc.constant('KNOWN_SESSION_COOKIE'),
  fc.constant('KNOWN_BOTH_COOKIES'),
  fc.constantFrom(...SPECIALS).map((s) => `simpass_flow=${s}; simpass_session=${s}`),
  fc.constantFrom('simpass_flow=%E0%A4%A', 'simpass_session="unterminated', '=; =; ;;', 'simpass_flow=a; simpass_flow=b', '__Host-simpass_session=x', 'simpass_session=' + 'A'.repeat(43)),
  headerText.map((t) => `simpass_flow=${t.replace(/;/g, '')}`),
  headerText,
  fc.integer({ min: 1000, max: 8000 }).map((n) => `simpass_session=${'z'.repeat(n)}`),
  fc.array(fc.tuple(urlSafeText, urlSafeText), { maxLength: 30 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('; ')),
);

const headers = fc.record(
  {
    host: fc.oneof({ weight: 8, arbitrary: fc.constant('OWN') }, fc.constant('ABSENT'), fc.constantFrom('127.0.0.1', 'evil.example', 'localhost:99999', '[::1]', 'a b', 'localhost:0', '..', 'xn--e1afmkfd.example'), headerText),
    // Weighted towards what our own page sends, so that enough requests get past the Origin and
    // content-type checks to reach the flows, the tru.ID client and the database.
    origin: fc.oneof({ weight: 6, arbitrary: fc.constant('OWN') }, { weight: 3, arbitrary: fc.constant('ABSENT') }, fc.constantFrom('https://evil.example', 'null', 'http://localhost', 'http://localhost:1', 'file://'), headerText),
    'content-type': fc.oneof(
      { weight: 6, arbitrary: fc.constant('application/json') },
      { weight: 3, arbitrary: fc.constant('ABSENT') },
      fc.constantFrom(
        'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; charset=latin1',
        'text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
        'application/json-patch+json', 'application/problem+json', 'application/json; boundary=', 'json', '*/*', '',
      ),
      headerText,
    ),
    cookie: cookieHeader,
    accept: fc.oneof(fc.constantFrom('text/html,application/xhtml+xml,*/*;q=0.8', 'application/json', 'image/avif,image/*', '*/*', ''), headerText),
    'sec-fetch-mode': fc.constantFrom('navigate', 'cors', 'no-cors', 'same-origin', 'websocket', ''),
    'sec-fetch-dest': fc.constantFrom('document', 'image', 'empty', 'iframe'),
    range: fc.oneof(
      fc.constantFrom('bytes=x', 'bytes=999999-', 'bytes=5-2', 'bytes=0-0,1-1', 'bytes=-0', 'bytes=-999999', 'bytes=0-', 'bytes=', 'lines=1-2', 'bytes=0-1,0-1,0-1', 'bytes=1-0,,,', 'bytes=99999999999999999999-'),
      headerText,
    ),
    'if-range': headerText,
    'if-none-match': fc.oneof(fc.constantFrom('*', 'W/"x"', '"'), headerText),
    'if-modified-since': fc.oneof(fc.constantFrom('Thu, 01 Jan 1970 00:00:00 GMT', 'not a date', '9999'), headerText),
    'x-forwarded-for': fc.oneof(fc.ipV4(), fc.ipV6(), headerText),
    'x-forwarded-proto': fc.constantFrom('https', 'http', 'gopher', ''),
    'x-forwarded-host': fc.constantFrom('evil.example', ''),
    authorization: headerText,
    'accept-encoding': fc.constantFrom('gzip', 'br', 'identity;q=0', '*;q=0', 'x'),
    'x-http-method-override': ANY_METHOD,
  },
  { requiredKeys: ['host', 'origin', 'content-type'] },
);

const phoneNumberValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('+447700900001', '07700 900001', '+447700900002', '+14155550100', '+91 98765 43210') },
  fc.constantFrom('+44 7700 900001 ext. 5', '٠٧٧٠٠٩٠٠٠٠١', '+1', '+'.repeat(64)),
  fc.constantFrom(...SPECIALS),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.integer({ min: 65, max: 20_000 }).map((n) => '7'.repeat(n)),
);

const checkIdValue = fc.oneof(
  fc.constant('KNOWN_PENDING'),
  fc.constant('KNOWN_COMPLETED'),
  fc.uuid(),
  fc.constantFrom(...SPECIALS),
  fc.string({ maxLength: 80 }),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.uuid(), { maxLength: 2 }),
);

const jsonBody = fc.oneof(
  fc.record({ phone_number: phoneNumberValue }, { requiredKeys: [] }),
  fc.record({ phone_number: phoneNumberValue, redirect_url: fc.constantFrom('https://evil.example'), extra: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: ['phone_number'] }),
  fc.record({ checkId: checkIdValue }, { requiredKeys: [] }),
  fc.record({ checkId: checkIdValue, phone_number: phoneNumberValue }),
  fc.record({ deviceId: fc.oneof(fc.constantFrom('phone', 'other-sim', 'wifi', 'unsupported', 'swapped-sim', 'nokia'), fc.string({ maxLength: 70 }), fc.integer()) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom(...SPECIALS, 'phone_number', 'checkId', 'deviceId'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
).map((value) => JSON.stringify(value) ?? 'null');

const rawBody = fc.oneof(
  fc.constantFrom(
    '{', '{"phone_number":', '{"phone_number":"+447700900001"', 'nul', '\u0000', '\ufeff{"phone_number":"+447700900001"}', '1e999',
    '{"__proto__":{"polluted":true},"phone_number":"+447700900001"}', '{"constructor":{"prototype":{"polluted":true}},"checkId":"a"}',
    '{"phone_number":"+447700900001","phone_number":"+447700900002"}', '[' .repeat(5000), '{"a":'.repeat(3000), '"string"', 'phone_number=07700900001',
  ),
  fc.integer({ min: 16 * 1024 - 50, max: 40 * 1024 }).map((n) => JSON.stringify({ phone_number: 'x'.repeat(n) })),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);

interface HostileRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

const hostileRequest: fc.Arbitrary<HostileRequest> = ROUTES.chain((route) =>
  fc.record({
    method: fc.oneof({ weight: 3, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: ANY_METHOD }),
    url: route.path,
    headers,
    body: fc.option(fc.oneof({ weight: 3, arbitrary: jsonBody }, { weight: 2, arbitrary: rawBody }), { nil: undefined, freq: 3 }),
  }),
);

/** What our own page sends, with one hostile detail at most: these get past the Origin and content-type
 *  checks and reach the flows, the tru.ID client (creates and completions on the emulator) and the database. */
const pageHeaders = (extra: Record<string, string> = {}) => ({ host: 'OWN', origin: 'OWN', 'content-type': 'application/json', ...extra });
const wellFormedRequest: fc.Arbitrary<HostileRequest> = fc.oneof(
  { weight: 3, arbitrary: phoneNumberValue.map((phone) => ({ method: 'POST', url: '/api/phone-check', headers: pageHeaders(), body: JSON.stringify({ phone_number: phone }) })) },
  fc.tuple(checkIdValue, cookieHeader).map(([checkId, cookie]) => ({ method: 'POST', url: '/api/sign-in', headers: pageHeaders({ cookie }), body: JSON.stringify({ checkId }) })),
  fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom<Record<string, string>>({}, { 'sec-fetch-mode': 'navigate', accept: 'text/html' }, { 'sec-fetch-dest': 'image' })).map(([i, extra]) => ({
    method: 'GET',
    url: `KNOWN_REDIRECT_${i}`,
    headers: { host: 'OWN', ...extra },
    body: undefined,
  })),
  fc.tuple(hostileSegment, cookieHeader).map(([id, cookie]) => ({ method: 'GET', url: `/api/phone-check/${id}`, headers: { host: 'OWN', cookie }, body: undefined })),
  cookieHeader.map((cookie) => ({ method: 'POST', url: '/api/sign-out', headers: pageHeaders({ cookie }), body: undefined })),
  fc.constantFrom('phone', 'other-sim', 'wifi', 'nokia').map((deviceId) => ({ method: 'PUT', url: '/api/simulation/active-device', headers: pageHeaders(), body: JSON.stringify({ deviceId }) })),
);

const anyRequest = fc.oneof({ weight: 3, arbitrary: hostileRequest }, { weight: 1, arbitrary: wellFormedRequest });

/** Puts the real values (checks, cookies, redirects with their codes) where the generators asked for them. */
function materialise(request: HostileRequest): HostileRequest {
  const fill = (text: string): string =>
    text
      .replaceAll('KNOWN_PENDING_COOKIE', known.pendingCookie)
      .replaceAll('KNOWN_COMPLETED_COOKIE', known.completedCookie)
      .replaceAll('KNOWN_SESSION_COOKIE', known.sessionCookie)
      .replaceAll('KNOWN_BOTH_COOKIES', `${known.completedCookie}; ${known.sessionCookie}`)
      .replaceAll('KNOWN_PENDING', known.pendingCheckId)
      .replaceAll('KNOWN_COMPLETED', known.completedCheckId);
  let url = fill(request.url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = fill(value);
  const redirect = /^KNOWN_REDIRECT_(\d)$/.exec(url);
  if (redirect) {
    const known_ = known.redirects[Number(redirect[1])]!;
    url = known_.path;
    headers.cookie ??= known_.cookie;
  }
  if (headers.host === 'OWN') headers.host = host;
  if (headers.origin === 'OWN') headers.origin = stack.appUrl;
  for (const [name, value] of Object.entries(headers)) if (value === 'ABSENT') delete headers[name];
  const body = typeof request.body === 'string' ? fill(request.body) : request.body;
  return { method: request.method, url, headers, body };
}

// ---------------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------------

const SECURITY_HEADERS = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'x-request-id'];

function checkAnswer(
  request: { method: string; url: string },
  status: number,
  responseHeaders: Record<string, string | string[] | number | undefined>,
  body: string,
): void {
  const what = `${request.method} ${request.url.slice(0, 200)} → ${status}: ${body.slice(0, 300)}`;
  expect(status, what).toBeGreaterThanOrEqual(200);
  expect(status, what).toBeLessThan(500);
  for (const name of SECURITY_HEADERS) expect(responseHeaders[name], `${name} on ${what}`).toBeDefined();
  // The page's policy, or the API's, which allows nothing at all (security-headers.ts).
  const csp = String(responseHeaders['content-security-policy']);
  expect(csp, what).toMatch(/^default-src 'self'; script-src 'self';|^default-src 'none'; frame-ancestors 'none'$/);
  expect(csp, what).not.toContain('unsafe');
  expect(body, what).not.toContain(stack.emulator.credentials.clientSecret);
  expect(body, what).not.toMatch(/\n\s+at .+:\d+:\d+/);
  if (status >= 300 && status < 400 && responseHeaders.location !== undefined) {
    expect(new URL(String(responseHeaders.location), stack.appUrl).origin, what).toBe(stack.appUrl);
  }
  if (status >= 400) {
    expect(String(responseHeaders['content-type']), what).toMatch(/^application\/problem\+json/);
    if (request.method === 'HEAD') return;
    const problem = JSON.parse(body) as Record<string, unknown>;
    expect(problem, what).toMatchObject({ status, type: expect.stringMatching(/^\/problems\/[a-z0-9-]+$/) as unknown });
    expect(typeof problem.title, what).toBe('string');
    expect(typeof problem.detail, what).toBe('string');
    expect(problem.request_id, what).toBe(responseHeaders['x-request-id']);
  }
}

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const statuses = new Map<number, number>();

describe('hostile requests against every route', () => {
  it(`${INJECT_RUNS} generated requests in process: no 5xx, problem+json errors with the security headers, memory back near its start`, async () => {
    console.log(`fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED} npx vitest run test/fuzz/hostile-requests.test.ts)`);
    const send = async (generated: HostileRequest) => {
      const request = materialise(generated);
      const response = await stack.app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers: request.headers,
        ...(request.body === undefined ? {} : { payload: request.body }),
      });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      checkAnswer(request, response.statusCode, response.headers, response.body);
    };

    // Warm up (JIT, pools, statement caches) before the baseline, with the same generator.
    await fc.assert(fc.asyncProperty(anyRequest, send), { seed: SEED + 1, numRuns: 300 });
    stack.emulator.control.reset(); // the emulator (a stand-in for tru.ID) keeps every check it made
    const before = heapAfterGc();

    const started = Date.now();
    await fc.assert(fc.asyncProperty(anyRequest, send), { seed: SEED, numRuns: INJECT_RUNS });
    const seconds = (Date.now() - started) / 1000;

    stack.emulator.control.reset();
    const after = heapAfterGc();
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    console.log(
      `fuzz: ${INJECT_RUNS} requests in ${seconds.toFixed(1)} s; heap ${mb(before)} MB → ${mb(after)} MB; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
    );
    // Generous: V8 and the pools settle at slightly different sizes; a leak per request would be megabytes.
    expect(after - before, `heap grew from ${mb(before)} MB to ${mb(after)} MB`).toBeLessThan(24 * 1024 * 1024);
    expect(stack.logs(), 'a request was logged as failed').not.toMatch(/"level":50/);
    expect((await stack.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  }, 180_000);
});

// ---------------------------------------------------------------------------------------------
// Parser-level garbage over real sockets
// ---------------------------------------------------------------------------------------------

const token = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcz-_!#$%&*+.^`|~'.split('')), minLength: 1, maxLength: 12 });
const anyByteText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength });

const rawRequestText = fc
  .record({
    method: fc.oneof(fc.constantFrom(...METHODS), token, fc.constantFrom('get', 'G ET', '', 'PRI', '\u0000')),
    target: fc.oneof(
      fc.constantFrom('/', '/api/config', '*', 'http://evil.example/x', '//evil.example', '/api/phone-check/' + 'a'.repeat(200), '/%E0%A4%A', '/api/%00', `/${'a'.repeat(20_000)}`),
      anyByteText(40).map((t) => `/${t.replace(/[\r\n ]/g, '')}`),
    ),
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'http/1.1', 'HTTP/1.1 x', ''),
    headerLines: fc.array(
      fc.oneof(
        fc.tuple(token, anyByteText(30)).map(([name, value]) => `${name}: ${value.replace(/[\r\n]/g, '')}`),
        fc.constantFrom('no colon here', ' leading-space: x', 'Host: a\u0000b', 'X: y\r\n folded', 'Content-Length: -1', 'Content-Length: abc', 'Content-Length: 1, 2', 'Transfer-Encoding: gzip', 'Expect: 100-continue', 'Upgrade: websocket', 'Host: one', 'Host: two'),
        fc.integer({ min: 1, max: 20_000 }).map((n) => `X-Big: ${'b'.repeat(n)}`),
      ),
      { maxLength: 6 },
    ),
  })
  .map(({ method, target, version, headerLines }) => {
    // Never an incomplete request (the server would rightly wait for the rest): no declared body, the
    // header block always ends, and the server is asked to close once it has answered.
    const lines = headerLines.filter((line) => !/^(content-length|transfer-encoding|connection)\s*:/i.test(line));
    return `${[method, target, version].filter((part) => part !== '').join(' ')}\r\n${lines.map((l) => `${l}\r\n`).join('')}Connection: close\r\n\r\n`;
  });

describe('parser-level garbage over real sockets', () => {
  it(`${RAW_RUNS} malformed requests: an answer for each, never a 5xx, problem+json errors with the security headers`, async () => {
    await fc.assert(
      fc.asyncProperty(rawRequestText, async (text) => {
        let response: RawResponse;
        try {
          response = await rawRequest(stack.appUrl, Buffer.from(text, 'latin1'));
        } catch (error) {
          throw new Error(`no answer to ${JSON.stringify(text.slice(0, 200))}: ${String(error)}`);
        }
        checkAnswer({ method: text.split(' ')[0] ?? '', url: text.slice(0, 200) }, response.status, response.headers, response.body);
      }),
      { seed: SEED, numRuns: RAW_RUNS },
    );
    expect((await stack.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  }, 120_000);
});
