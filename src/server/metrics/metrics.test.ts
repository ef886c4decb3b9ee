// /metrics over real HTTP, on the real server with the real tru.ID client and the emulator: where it
// is served (nowhere by default, a bearer token on the main port, or a listener of its own), what the
// funnel and the upstream histograms count after real sign-ups, and that nothing secret is in it.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moved, scrapeMetrics, type Scrape } from '../../../test/support/metrics-scrape.js';
import { freePort, startStack, type Stack } from '../../../test/support/stack.js';

const TOKEN = randomBytes(32).toString('hex');
const DAY_MS = 86_400_000;

/** A browser starting a check for `phone` on simulated `device`, the network sending it back: check id, flow cookie, code. */
async function verify(stack: Stack, phone: string, device: string): Promise<{ checkId: string; flow: string; code: string }> {
  const created = await fetch(`${stack.appUrl}/api/phone-check`, {
    method: 'POST',
    headers: { origin: stack.appUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ phone_number: phone }),
  });
  expect(created.status).toBe(201);
  const { data } = (await created.json()) as { data: { checkId: string; checkUrl: string } };
  const flow = created.headers.getSetCookie().find((c) => c.startsWith('simpass_flow='))!.split(';')[0]!;
  const network = await fetch(data.checkUrl, { redirect: 'manual', headers: { 'X-Emulator-Device': device } });
  const redirect = new URL(network.headers.get('location')!);
  const back = await fetch(`${stack.appUrl}${redirect.pathname}${redirect.search}`, { redirect: 'manual', headers: { cookie: flow } });
  expect(back.status).toBe(303);
  return { checkId: data.checkId, flow, code: redirect.searchParams.get('code')! };
}

function signIn(stack: Stack, checkId: string, flow: string): Promise<Response> {
  return fetch(`${stack.appUrl}/api/sign-in`, {
    method: 'POST',
    headers: { origin: stack.appUrl, 'content-type': 'application/json', cookie: flow },
    body: JSON.stringify({ checkId }),
  });
}

describe('where /metrics is served', () => {
  it('nowhere by default: the main port answers 404, and nothing is collected', async () => {
    const stack = await startStack();
    try {
      const response = await fetch(`${stack.appUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(stack.metrics).toBeNull();
    } finally {
      await stack.close();
    }
  });

  describe('with METRICS_TOKEN, on the main port for the bearer token only', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ env: { METRICS_TOKEN: TOKEN } });
    });
    afterAll(async () => stack?.close());

    it('refuses a request without the token, or with a wrong one, with a 401 problem', async () => {
      for (const authorization of [undefined, `Bearer ${TOKEN.slice(0, -1)}x`, `Bearer ${TOKEN}${TOKEN}`, `Basic ${TOKEN}`, TOKEN]) {
        const response = await fetch(`${stack.appUrl}/metrics`, authorization ? { headers: { authorization } } : {});
        expect(response.status, String(authorization)).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
        const problem = (await response.json()) as { type: string };
        expect(problem.type).toBe('/problems/metrics-unauthorized');
      }
    });

    it('serves the Prometheus text format for the token, on any host name (a scraper uses the address)', async () => {
      const response = await fetch(`${stack.appUrl.replace('localhost', '127.0.0.1')}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` }, redirect: 'manual' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      expect(text).toContain('# TYPE simpass_http_request_duration_seconds histogram');
      expect(text).toContain('# TYPE simpass_checks_started_total counter');
    });
  });

  describe('with METRICS_PORT, on a listener of its own', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ env: { METRICS_PORT: String(await freePort()) } });
    });
    afterAll(async () => stack?.close());

    it('bound to 127.0.0.1 by default, serving /metrics there and nowhere on the main port', async () => {
      expect(stack.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const scrape = await scrapeMetrics(`${stack.metricsUrl}/metrics`);
      expect(scrape.text).toContain('# TYPE simpass_truid_request_duration_seconds histogram');
      expect((await fetch(`${stack.appUrl}/metrics`)).status).toBe(404);
      expect((await fetch(`${stack.metricsUrl}/api/me`)).status).toBe(404);
    });
  });
});

describe('what /metrics counts', () => {
  let stack: Stack;
  const scrape = () => scrapeMetrics(`${stack.appUrl}/metrics`, TOKEN);
  beforeAll(async () => {
    stack = await startStack({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => stack?.close());

  it('a sign-up moves the funnel and the upstream histograms by exactly one step each, labelled by operator and endpoint', async () => {
    const before = await scrape();
    const { checkId, flow } = await verify(stack, '+447700900001', 'phone');
    const response = await signIn(stack, checkId, flow);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { created: boolean } }).data.created).toBe(true);
    const after = await scrape();
    const step = (name: string, labels?: Record<string, string>) => moved(before, after, name, labels);

    // The default policy creates SubscriberChecks; O2 UK is network 23410 in the emulator.
    expect(step('simpass_checks_started_total')).toBe(1);
    expect(step('simpass_checks_started_total', { product: 'subscriber_check' })).toBe(1);
    expect(step('simpass_check_redirects_total', { carries: 'code' })).toBe(1);
    expect(step('simpass_check_redirects_total')).toBe(1);
    expect(step('simpass_checks_completed_total', { operator: '23410', result: 'match', reason: 'none' })).toBe(1);
    expect(step('simpass_checks_completed_total')).toBe(1);
    expect(step('simpass_sign_ups_total', { operator: '23410' })).toBe(1);
    expect(step('simpass_sign_ins_total')).toBe(0);
    expect(step('simpass_sign_ins_refused_by_policy_total')).toBe(0);

    // tru.ID: the first token of this server, one create, one PATCH with the code; a new account needs no SIMCheck.
    expect(step('simpass_truid_token_grants_total', { reason: 'initial', outcome: 'ok' })).toBe(1);
    expect(step('simpass_truid_request_duration_seconds', { endpoint: 'POST /oauth2/v1/token', status_class: '2xx' })).toBe(1);
    expect(step('simpass_truid_request_duration_seconds', { endpoint: 'POST /subscriber_check/v0.2/checks', status_class: '2xx' })).toBe(1);
    expect(step('simpass_truid_request_duration_seconds', { endpoint: 'PATCH /subscriber_check/v0.2/checks/{check_id}', status_class: '2xx' })).toBe(1);
    expect(step('simpass_truid_request_duration_seconds')).toBe(3);
    expect(step('simpass_truid_request_errors_total')).toBe(0);

    // Our own routes, by pattern.
    expect(step('simpass_http_request_duration_seconds', { route: '/api/phone-check', method: 'POST', status_class: '2xx' })).toBe(1);
    expect(step('simpass_http_request_duration_seconds', { route: '/api/phone-check/redirect', method: 'GET', status_class: '3xx' })).toBe(1);
    expect(step('simpass_http_request_duration_seconds', { route: '/api/sign-in', method: 'POST', status_class: '2xx' })).toBe(1);
    expect(after.series('simpass_http_request_duration_seconds').some((labels) => (labels.route ?? '').includes(checkId))).toBe(false);
  });

  it('signing in again counts a sign-in, not a sign-up; a number of another SIM completes as no_match', async () => {
    const before = await scrape();
    const again = await verify(stack, '+447700900001', 'phone');
    expect((await signIn(stack, again.checkId, again.flow)).status).toBe(200);
    const mismatch = await verify(stack, '+447700900001', 'other-sim');
    expect((await signIn(stack, mismatch.checkId, mismatch.flow)).status).toBe(403);
    const after = await scrape();
    expect(moved(before, after, 'simpass_sign_ins_total', { operator: '23410' })).toBe(1);
    expect(moved(before, after, 'simpass_sign_ups_total')).toBe(0);
    // The other SIM is on Vodafone UK (23415): the operator that answered.
    expect(moved(before, after, 'simpass_checks_completed_total', { result: 'no_match', reason: 'none' })).toBe(1);
    expect(moved(before, after, 'simpass_checks_completed_total', { result: 'match', operator: '23410' })).toBe(1);
  });

  it('a redirect carrying the network\'s error counts as an error by reason; an unknown reason is "other"', async () => {
    const before = await scrape();
    for (const error of ['mno_redirect_unsupported', `made-up-${randomUUID()}`]) {
      const created = await fetch(`${stack.appUrl}/api/phone-check`, {
        method: 'POST',
        headers: { origin: stack.appUrl, 'content-type': 'application/json' },
        body: JSON.stringify({ phone_number: '+447700900001' }),
      });
      const { data } = (await created.json()) as { data: { checkId: string } };
      const flow = created.headers.getSetCookie().find((c) => c.startsWith('simpass_flow='))!.split(';')[0]!;
      const back = await fetch(`${stack.appUrl}/api/phone-check/redirect?check_id=${data.checkId}&error=${error}`, { redirect: 'manual', headers: { cookie: flow } });
      expect(back.status).toBe(303);
    }
    const after = await scrape();
    expect(moved(before, after, 'simpass_check_redirects_total', { carries: 'error' })).toBe(2);
    expect(moved(before, after, 'simpass_checks_completed_total', { operator: 'unknown', result: 'error', reason: 'mno_redirect_unsupported' })).toBe(1);
    expect(moved(before, after, 'simpass_checks_completed_total', { operator: 'unknown', result: 'error', reason: 'other' })).toBe(1);
    expect(after.text).not.toContain('made-up-');
  });

  it('a SIM-swap refusal moves refused-by-policy, with its reason and operator, and nothing else at the end of the funnel', async () => {
    // An account on the swapped-sim device's number, last used before its SIM changed (a day ago).
    const at = Date.now() - 3 * DAY_MS;
    await stack.database.db.insertInto('users').values({ id: randomUUID(), phone_e164: '+447700900005', created_at: at - DAY_MS, last_sign_in_at: at, retired_at: null }).execute();
    const before = await scrape();
    const { checkId, flow } = await verify(stack, '+447700900005', 'swapped-sim');
    const response = await signIn(stack, checkId, flow);
    expect(response.status).toBe(403);
    const after = await scrape();
    expect(moved(before, after, 'simpass_sign_ins_refused_by_policy_total', { operator: '23410', reason: 'sim_changed_recently' })).toBe(1);
    expect(moved(before, after, 'simpass_sign_ins_refused_by_policy_total')).toBe(1);
    expect(moved(before, after, 'simpass_sign_ins_total') + moved(before, after, 'simpass_sign_ups_total')).toBe(0);
  });

  it('an upstream failure is counted by endpoint and kind', async () => {
    const faults = `${stack.emulator.url}/_emulator/faults`;
    const fault = { method: 'POST', path: '/subscriber_check/v0.2/checks', kind: 'status', status: 503 };
    expect((await fetch(faults, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) })).status).toBeLessThan(300);
    try {
      const before = await scrape();
      const created = await fetch(`${stack.appUrl}/api/phone-check`, {
        method: 'POST',
        headers: { origin: stack.appUrl, 'content-type': 'application/json' },
        body: JSON.stringify({ phone_number: '+447700900001' }),
      });
      expect(created.status).toBe(503);
      const after = await scrape();
      expect(moved(before, after, 'simpass_truid_request_errors_total', { endpoint: 'POST /subscriber_check/v0.2/checks', kind: 'status_503' })).toBe(1);
      expect(moved(before, after, 'simpass_truid_request_duration_seconds', { endpoint: 'POST /subscriber_check/v0.2/checks', status_class: '5xx' })).toBe(1);
      expect(moved(before, after, 'simpass_checks_started_total')).toBe(0);
    } finally {
      await fetch(faults, { method: 'DELETE' });
    }
  });

  it('a request no route takes is one "unmatched" series, whatever its path', async () => {
    const before = await scrape();
    const secretPath = `/no-such-page-${randomUUID()}`;
    expect((await fetch(`${stack.appUrl}${secretPath}?phone=447700900001`)).status).toBe(404);
    expect((await fetch(`${stack.appUrl}/api/phone-check/not!an!id`)).status).toBe(400);
    const after = await scrape();
    expect(moved(before, after, 'simpass_http_request_duration_seconds', { route: 'unmatched', method: 'GET', status_class: '4xx' })).toBe(1);
    expect(moved(before, after, 'simpass_http_request_duration_seconds', { route: '/api/phone-check/:checkId', status_class: '4xx' })).toBe(1);
    expect(after.text).not.toContain(secretPath);
    expect(after.text).not.toContain('not!an!id');
  });

  it('holds no phone number, check id, code, cookie or credential after sign-ups and sign-ins', async () => {
    const { checkId, flow, code } = await verify(stack, '+447700900002', 'other-sim');
    const response = await signIn(stack, checkId, flow);
    expect(response.status).toBe(200);
    const session = response.headers.getSetCookie().find((c) => c.startsWith('simpass_session='))!.split(';')[0]!.split('=')[1]!;
    const { text } = await scrape();
    const secrets = [
      '447700900001',
      '447700900002',
      '7700 900002',
      '7700900002',
      '900002',
      checkId,
      code,
      flow.split('=')[1]!,
      session,
      stack.emulator.credentials.clientSecret,
      stack.emulator.credentials.clientId,
      TOKEN,
    ];
    for (const secret of secrets) expect(text, secret).not.toContain(secret);
  });
});

describe('rate limits in /metrics', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { METRICS_TOKEN: TOKEN, RATE_LIMIT_CHECKS_PER_NUMBER: '1/1h' } });
  });
  afterAll(async () => stack?.close());

  it('a request refused by a limit moves the rate-limited counter by its limit and route', async () => {
    const scrape = (): Promise<Scrape> => scrapeMetrics(`${stack.appUrl}/metrics`, TOKEN);
    const start = () =>
      fetch(`${stack.appUrl}/api/phone-check`, {
        method: 'POST',
        headers: { origin: stack.appUrl, 'content-type': 'application/json' },
        body: JSON.stringify({ phone_number: '+447700900001' }),
      });
    const before = await scrape();
    expect((await start()).status).toBe(201);
    expect((await start()).status).toBe(429);
    const after = await scrape();
    expect(moved(before, after, 'simpass_rate_limited_total', { limit: 'too_many_checks_for_number', route: '/api/phone-check' })).toBe(1);
    expect(moved(before, after, 'simpass_rate_limited_total')).toBe(1);
    expect(moved(before, after, 'simpass_checks_started_total')).toBe(1);
    expect(moved(before, after, 'simpass_http_request_duration_seconds', { route: '/api/phone-check', status_class: '4xx' })).toBe(1);
  });
});
