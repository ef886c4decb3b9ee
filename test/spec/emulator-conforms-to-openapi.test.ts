// The emulator answers as tru.ID's own OpenAPI definitions say: for every endpoint and outcome we
// emulate, the status is one the operation documents, the media type is the documented one, the body
// validates against the documented schema and the required headers are there. The definitions are
// read from ../shared (never copied into this repo); without them the file is skipped visibly, and
// fails in CI.
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JSON_PATCH, patchBody, redirectParams, startHarness, type Harness, type Sent } from '../../src/emulator/test-harness.js';
import { ajv, loadSpec, oneOfAsAnyOf, specsAvailable, type Json, type Spec } from '../support/openapi-definitions.js';
import { describeWhenAvailable } from '../support/requirements.js';

let specs: { products: Spec; utils: Spec; basics: Spec; problems: Json; coverage: Json };

let h: Harness;

/** Asserts `sent` is a documented answer of `method specPath` in `spec`. */
function conforms(spec: Spec, specPath: string, method: string, sent: Sent): void {
  const operation = spec.paths[specPath]?.[method];
  expect(operation, `${method.toUpperCase()} ${specPath} is not in the definitions`).toBeDefined();
  const response = operation!.responses[String(sent.status)] as { headers?: Record<string, Json>; content?: Record<string, { schema: unknown }> } | undefined;
  expect(response, `${method.toUpperCase()} ${specPath} documents no ${sent.status}: ${sent.text}`).toBeDefined();
  for (const [name, header] of Object.entries(response!.headers ?? {})) {
    if (header.required === true || name === 'Location') expect(sent.headers.get(name), `header ${name}`).not.toBeNull();
  }
  if (sent.text === '') return;
  const mediaType = (sent.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const content = response!.content?.[mediaType];
  expect(content, `${sent.status} of ${method.toUpperCase()} ${specPath} is not documented as ${mediaType}`).toBeDefined();
  const valid = ajv.validate(oneOfAsAnyOf(content!.schema) as object, sent.body);
  expect(valid ? [] : ajv.errors, JSON.stringify(sent.body)).toEqual([]);
}

const PHONE = '447700900001';
const REDIRECT = 'https://app.example/callback';
const P1 = '/phone_check/v0.1/checks';
const S1 = '/subscriber_check/v0.1/checks';
const SIM = '/sim_check/v0.1/checks';
const P2 = '/phone_check/v0.2/checks';
const S2 = '/subscriber_check/v0.2/checks';
const ITEM = (base: string) => `${base}/{check_id}`;
const REDIRECT_OF = (base: string) => `${base}/{check_id}/redirect`;


describeWhenAvailable("the emulator against tru.ID's OpenAPI definitions", specsAvailable, () => {
  beforeAll(async () => {
    const [products, utils, basics, problemTypes, coverage] = await Promise.all([
      loadSpec('products.yaml'),
      loadSpec('utils.yaml'),
      loadSpec('basics.yaml'),
      loadSpec(path.join('models', 'common', 'HTTPProblemDetailTypes.v1.yaml')) as unknown as Promise<Json>,
      loadSpec(path.join('models', 'coverage', 'CoverageResourceModels.v1.yaml')) as unknown as Promise<Json>,
    ]);
    specs = { products, utils, basics, problems: problemTypes, coverage };
    h = await startHarness();
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.admin('POST', '/_emulator/reset');
  });

  describe('OAuth2', () => {
    it.each([
      ['phone_check', 'phone_check'],
      // tru.ID's dev-server asks for these; the emulator serves all but mo_check and still grants it.
      ['phone_check+subscriber_check+sim_check+mo_check+coverage', 'phone_check subscriber_check sim_check mo_check coverage'],
    ])('POST /oauth2/v1/token 200 for scope=%s', async (asked, granted) => {
      const basic = Buffer.from(`${h.emulator.credentials.clientId}:${h.emulator.credentials.clientSecret}`).toString('base64');
      const response = await fetch(`${h.url}/oauth2/v1/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&scope=${asked}`,
      });
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ scope: granted });
      conforms(specs.basics, '/oauth2/v1/token', 'post', { status: response.status, headers: response.headers, text, body: JSON.parse(text) as unknown });
    });
  });

  describe('coverage', () => {
    const publicReach = async (device: string): Promise<Sent> => {
      const response = await fetch(`${h.url}/public/coverage/v0.1/device_ip`, { headers: { 'x-emulator-device': device } });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as unknown };
    };
    it.each([
      ['phone', 200],
      ['unsupported', 400],
      ['wifi', 412],
    ])('GET /public/coverage/v0.1/device_ip from %s → %i', async (device, status) => {
      const sent = await publicReach(device);
      expect(sent.status).toBe(status);
      conforms(specs.utils, '/public/coverage/v0.1/device_ip', 'get', sent);
    });

    it.each([
      ['phone', 200],
      ['unsupported', 400],
      ['wifi', 412],
    ])('GET /coverage/v0.1/device_ip (bearer, coverage-only token) from %s → %i', async (device, status) => {
      const sent = await h.api('GET', '/coverage/v0.1/device_ip', { token: await h.token('coverage'), device });
      expect(sent.status).toBe(status);
      conforms(specs.utils, '/coverage/v0.1/device_ip', 'get', sent);
    });

    it('GET /coverage/v0.1/countries/{code} 200 is a CountryCoverage, by country and by dialing code', async () => {
      const schema = (specs.coverage.components as { schemas: Record<string, object> }).schemas.CountryCoverage!;
      for (const code of ['GB', '44']) {
        const sent = await h.api('GET', `/coverage/v0.1/countries/${code}`, { token: await h.token('coverage') });
        expect(sent.status).toBe(200);
        expect(sent.headers.get('content-type')).toMatch(/^application\/hal\+json/);
        expect(ajv.validate(oneOfAsAnyOf(schema) as object, sent.body) ? [] : ajv.errors).toEqual([]);
        expect(sent.body).toMatchObject({ country_code: 'GB', dialing_code: 44 });
      }
    });

    it.each([
      ['phone', 200],
      ['unsupported', 400],
      ['wifi', 412],
    ])('GET /coverage/v0.1/device_ips/{ip} for %s → %i', async (device, status) => {
      await h.admin('PUT', '/_emulator/attachments/10.64.0.7', { device_id: device });
      const sent = await h.api('GET', '/coverage/v0.1/device_ips/10.64.0.7');
      expect(sent.status).toBe(status);
      conforms(specs.utils, '/coverage/v0.1/device_ips/{ip}', 'get', sent);
    });
  });

  describe.each([
    ['PhoneCheck v0.2', P2],
    ['SubscriberCheck v0.2', S2],
  ])('%s', (_name, base) => {
    const product = () => specs.products;

    it('create 201, GET ACCEPTED/PENDING/COMPLETED, redirect 302, PATCH 200', async () => {
      const created = await h.api('POST', base, { body: { phone_number: PHONE, redirect_url: REDIRECT, reference_id: 'r' } });
      conforms(product(), base, 'post', created);
      const check = created.body as { _links: { self: { href: string }; check_url: { href: string } } };
      conforms(product(), ITEM(base), 'get', await h.api('GET', check._links.self.href));
      const opened = await h.open(check._links.check_url.href);
      conforms(product(), REDIRECT_OF(base), 'get', opened);
      conforms(product(), ITEM(base), 'get', await h.api('GET', check._links.self.href));
      const patched = await h.api('PATCH', check._links.self.href, { body: patchBody(redirectParams(opened).get('code')!), contentType: JSON_PATCH });
      expect(patched.status).toBe(200);
      conforms(product(), ITEM(base), 'patch', patched);
      const completed = await h.api('GET', check._links.self.href);
      expect(completed.body).toMatchObject({ status: 'COMPLETED' });
      conforms(product(), ITEM(base), 'get', completed);
    });

    it('redirect 302 answering the code, or the error, when there is no redirect_url', async () => {
      const check = await h.create(base, { phone_number: PHONE });
      conforms(product(), REDIRECT_OF(base), 'get', await h.open(check._links.check_url.href));
      await h.admin('PATCH', '/_emulator/operators/23410', { mno_error: 'mno_server_error' });
      const failing = await h.create(base, { phone_number: PHONE });
      const opened = await h.open(failing._links.check_url.href);
      expect(opened.body).toMatchObject({ error: 'mno_server_error' });
      conforms(product(), REDIRECT_OF(base), 'get', opened);
      const errored = await h.api('GET', failing._links.self.href);
      expect(errored.body).toMatchObject({ status: 'ERROR' });
      conforms(product(), ITEM(base), 'get', errored);
    });

    it.each([
      ['wifi', 412],
      ['unsupported', 400],
    ])('redirect from %s → %i', async (device, status) => {
      const check = await h.create(base, { phone_number: PHONE, redirect_url: REDIRECT });
      const sent = await h.open(check._links.check_url.href, device);
      expect(sent.status).toBe(status);
      conforms(product(), REDIRECT_OF(base), 'get', sent);
    });

    it('redirect 501 when the operator cannot redirect, 404 once spent', async () => {
      await h.admin('PATCH', '/_emulator/operators/23410', { redirect_supported: false });
      const check = await h.create(base, { phone_number: PHONE });
      const sent = await h.open(check._links.check_url.href);
      expect(sent.status).toBe(501);
      conforms(product(), REDIRECT_OF(base), 'get', sent);
      const spent = await h.open(check._links.check_url.href);
      expect(spent.status).toBe(404);
      conforms(product(), REDIRECT_OF(base), 'get', spent);
    });

    it('GET 404, PATCH 404 (before the visit, wrong code), GET EXPIRED, PATCH EXPIRED', async () => {
      conforms(product(), ITEM(base), 'get', await h.api('GET', `${base}/00000000-0000-4000-8000-000000000000`));
      const check = await h.create(base, { phone_number: PHONE, redirect_url: REDIRECT });
      conforms(product(), ITEM(base), 'patch', await h.api('PATCH', check._links.self.href, { body: patchBody('x'), contentType: JSON_PATCH }));
      const code = redirectParams(await h.open(check._links.check_url.href)).get('code')!;
      const wrong = await h.api('PATCH', check._links.self.href, { body: patchBody('wrong'), contentType: JSON_PATCH });
      expect(wrong.status).toBe(404);
      conforms(product(), ITEM(base), 'patch', wrong);
      await h.admin('POST', '/_emulator/clock/advance', { seconds: 121 });
      conforms(product(), ITEM(base), 'get', await h.api('GET', check._links.self.href));
      const expired = await h.api('PATCH', check._links.self.href, { body: patchBody(code), contentType: JSON_PATCH });
      expect(expired.body).toMatchObject({ status: 'EXPIRED' });
      conforms(product(), ITEM(base), 'patch', expired);
    });

    it('create 400 InvalidPhoneNumberFormat', async () => {
      const sent = await h.api('POST', base, { body: { phone_number: 'not a number' } });
      expect(sent.status).toBe(400);
      conforms(product(), base, 'post', sent);
    });
  });

  describe('SubscriberCheck v0.2 only', () => {
    it('PATCH 200 and GET 200 with and without SIM-change facts (an operator that shares none)', async () => {
      for (const [phone, device] of [['447700900005', 'swapped-sim'], ['447700900006', 'no-sim-data']] as const) {
        const check = await h.create(S2, { phone_number: phone, redirect_url: REDIRECT, period: 10080 });
        const code = redirectParams(await h.open(check._links.check_url.href, device)).get('code')!;
        const patched = await h.api('PATCH', check._links.self.href, { body: patchBody(code), contentType: JSON_PATCH });
        expect(patched.body).toMatchObject({ status: 'COMPLETED', match: true });
        conforms(specs.products, ITEM(S2), 'patch', patched);
        conforms(specs.products, ITEM(S2), 'get', await h.api('GET', check._links.self.href));
      }
    });
  });

  describe('PhoneCheck v0.2 only', () => {
    it('create 409 and redirect 409 IPMSISDNMismatch', async () => {
      await h.admin('PUT', '/_emulator/attachments/10.64.0.7', { device_id: 'other-sim' });
      conforms(specs.products, P2, 'post', await h.api('POST', P2, { body: { phone_number: PHONE, phone_ip: '10.64.0.7' } }));
      const check = await h.create(P2, { phone_number: PHONE, phone_ip: '127.0.0.1' });
      const sent = await h.open(check._links.check_url.href, 'other-sim');
      expect(sent.status).toBe(409);
      conforms(specs.products, REDIRECT_OF(P2), 'get', sent);
    });
  });

  describe('PhoneCheck v0.1', () => {
    it('create 201, redirect 302 with Location, GET PENDING/COMPLETED, GET 404, create 400', async () => {
      const created = await h.api('POST', P1, { body: { phone_number: PHONE } });
      conforms(specs.products, P1, 'post', created);
      const check = created.body as { _links: { self: { href: string }; check_url: { href: string } } };
      const opened = await h.open(check._links.check_url.href);
      conforms(specs.products, REDIRECT_OF(P1), 'get', opened);
      conforms(specs.products, ITEM(P1), 'get', await h.api('GET', check._links.self.href));
      await fetch(opened.headers.get('location')!);
      const completed = await h.api('GET', check._links.self.href);
      expect(completed.body).toMatchObject({ status: 'COMPLETED', match: true });
      conforms(specs.products, ITEM(P1), 'get', completed);
      conforms(specs.products, ITEM(P1), 'get', await h.api('GET', `${P1}/00000000-0000-4000-8000-000000000000`));
      conforms(specs.products, P1, 'post', await h.api('POST', P1, { body: { phone_number: '12' } }));
    });

    it.each([
      ['wifi', 412],
      ['unsupported', 400],
    ])('redirect from %s → %i', async (device, status) => {
      const check = await h.create(P1, { phone_number: PHONE });
      const sent = await h.open(check._links.check_url.href, device);
      expect(sent.status).toBe(status);
      conforms(specs.products, REDIRECT_OF(P1), 'get', sent);
    });

    it('redirect 501 when the operator cannot redirect', async () => {
      await h.admin('PATCH', '/_emulator/operators/23410', { redirect_supported: false });
      const check = await h.create(P1, { phone_number: PHONE });
      conforms(specs.products, REDIRECT_OF(P1), 'get', await h.open(check._links.check_url.href));
    });
  });

  describe('SIMCheck v0.1', () => {
    it('create 201 COMPLETED and ERROR, GET 200 and 404, create 400', async () => {
      const completed = await h.api('POST', '/sim_check/v0.1/checks', { body: { phone_number: '447700900005' } });
      expect(completed.body).toMatchObject({ status: 'COMPLETED' });
      conforms(specs.products, '/sim_check/v0.1/checks', 'post', completed);
      const errored = await h.api('POST', '/sim_check/v0.1/checks', { body: { phone_number: '447700900099' } });
      expect(errored.body).toMatchObject({ status: 'ERROR' });
      conforms(specs.products, '/sim_check/v0.1/checks', 'post', errored);
      const self = (completed.body as { _links: { self: { href: string } } })._links.self.href;
      conforms(specs.products, '/sim_check/v0.1/checks/{check_id}', 'get', await h.api('GET', self));
      conforms(specs.products, '/sim_check/v0.1/checks/{check_id}', 'get', await h.api('GET', '/sim_check/v0.1/checks/00000000-0000-4000-8000-000000000000'));
      conforms(specs.products, '/sim_check/v0.1/checks', 'post', await h.api('POST', '/sim_check/v0.1/checks', { body: { phone_number: '447700900004' } }));
      const noData = await h.api('POST', '/sim_check/v0.1/checks', { body: { phone_number: '447700900006', period: 540000 } });
      expect(noData.body).toMatchObject({ status: 'ERROR', error_code: 'mno_no_data_available' });
      conforms(specs.products, '/sim_check/v0.1/checks', 'post', noData);
    });
  });

  describe('SubscriberCheck v0.1', () => {
    it('create 201, redirect 302 with Location, GET PENDING/COMPLETED with SIM facts, GET 404, create 400', async () => {
      const created = await h.api('POST', S1, { body: { phone_number: '447700900005', period: 10080 } });
      expect(created.status).toBe(201);
      conforms(specs.products, S1, 'post', created);
      const check = created.body as { _links: { self: { href: string }; check_url: { href: string } } };
      conforms(specs.products, ITEM(S1), 'get', await h.api('GET', check._links.self.href));
      const opened = await h.open(check._links.check_url.href, 'swapped-sim');
      expect(opened.status).toBe(302);
      conforms(specs.products, REDIRECT_OF(S1), 'get', opened);
      conforms(specs.products, ITEM(S1), 'get', await h.api('GET', check._links.self.href));
      await fetch(opened.headers.get('location')!);
      const completed = await h.api('GET', check._links.self.href);
      expect(completed.body).toMatchObject({ status: 'COMPLETED', match: true, no_sim_change: false });
      conforms(specs.products, ITEM(S1), 'get', completed);
      conforms(specs.products, ITEM(S1), 'get', await h.api('GET', `${S1}/00000000-0000-4000-8000-000000000000`));
      const invalid = await h.api('POST', S1, { body: { phone_number: '12' } });
      expect(invalid.status).toBe(400);
      conforms(specs.products, S1, 'post', invalid);
    });

    it.each([
      ['wifi', 412],
      ['unsupported', 400],
    ])('redirect from %s → %i', async (device, status) => {
      const check = await h.create(S1, { phone_number: PHONE });
      const sent = await h.open(check._links.check_url.href, device);
      expect(sent.status).toBe(status);
      conforms(specs.products, REDIRECT_OF(S1), 'get', sent);
    });
  });

  describe('collections', () => {
    it.each([P1, P2, S1, S2])('GET %s 200 pages, sorts and searches as PageBasedPagination', async (base) => {
      const empty = await h.api('GET', base);
      expect(empty.body).toMatchObject({ page: { total_elements: 0 } });
      conforms(specs.products, base, 'get', empty);
      for (const reference of ['a', 'b', 'c']) await h.create(base, { phone_number: PHONE, reference_id: reference });
      const first = await h.api('GET', `${base}?page=1&size=2&sort=reference_id,asc`);
      expect(first.body).toMatchObject({ page: { size: 2, number: 1, total_pages: 2, total_elements: 3 } });
      conforms(specs.products, base, 'get', first);
      const second = await h.api('GET', (first.body as { _links: { next: { href: string } } })._links.next.href);
      expect((second.body as { _embedded: { checks: { reference_id: string }[] } })._embedded.checks.map((c) => c.reference_id)).toEqual(['c']);
      conforms(specs.products, base, 'get', second);
      const searched = await h.api('GET', `${base}?search=${encodeURIComponent('reference_id=in=(a,c);status==ACCEPTED')}`);
      expect(searched.body).toMatchObject({ page: { total_elements: 2 } });
      conforms(specs.products, base, 'get', searched);
    });

    it('GET /sim_check/v0.1/checks 200 with COMPLETED and ERROR checks', async () => {
      await h.create(SIM, { phone_number: '447700900005' });
      await h.create(SIM, { phone_number: '447700900099' });
      const sent = await h.api('GET', `${SIM}?sort=status,asc`);
      expect((sent.body as { _embedded: { checks: { status: string }[] } })._embedded.checks.map((c) => c.status)).toEqual(['COMPLETED', 'ERROR']);
      conforms(specs.products, SIM, 'get', sent);
    });
  });

  describe('traces', () => {
    it.each([P1, P2, S1, S2])('%s: traces 200 (accepted, completed), trace 200, 404 CheckNotFound / TraceNotFound', async (base) => {
      const check = await h.create(base, { phone_number: PHONE, ...(base === P2 || base === S2 ? { redirect_url: REDIRECT } : {}) });
      const tracesPath = `${base}/{check_id}/traces`;
      const tracePath = `${base}/{check_id}/traces/{trace_id}`;
      const accepted = await h.api('GET', `${check._links.self.href}/traces`);
      expect((accepted.body as { _embedded: { traces: unknown[] } })._embedded.traces).toHaveLength(1);
      conforms(specs.products, tracesPath, 'get', accepted);
      const opened = await h.open(check._links.check_url.href);
      if (base === P1 || base === S1) await fetch(opened.headers.get('location')!);
      else await h.api('PATCH', check._links.self.href, { body: patchBody(redirectParams(opened).get('code')!), contentType: JSON_PATCH });
      const done = await h.api('GET', `${check._links.self.href}/traces`);
      const traces = (done.body as { _embedded: { traces: { trace_id: string; _links: { self: { href: string } } }[] } })._embedded.traces;
      expect(traces).toHaveLength(2);
      conforms(specs.products, tracesPath, 'get', done);
      const one = await h.api('GET', traces[1]!._links.self.href);
      expect(one.body).toMatchObject({ trace_id: traces[1]!.trace_id });
      conforms(specs.products, tracePath, 'get', one);
      const noTrace = await h.api('GET', `${check._links.self.href}/traces/0000000000000000`);
      expect(noTrace.body).toMatchObject({ status: 404, type: expect.stringContaining('trace_not_found') as string });
      conforms(specs.products, tracePath, 'get', noTrace);
      const noCheck = await h.api('GET', `${base}/00000000-0000-4000-8000-000000000000/traces`);
      expect(noCheck.status).toBe(404);
      conforms(specs.products, tracesPath, 'get', noCheck);
    });

    it('410 TraceGone seven days after the check was created', async () => {
      // Its own emulator: tokens that outlive the week the clock moves on (the shared one's would expire).
      const week = await startHarness({ tokenTtlSeconds: 8 * 24 * 3600 });
      try {
        const check = await week.create(P2, { phone_number: PHONE });
        const traces = await week.api('GET', `${check._links.self.href}/traces`);
        const first = (traces.body as { _embedded: { traces: { _links: { self: { href: string } } }[] } })._embedded.traces[0]!;
        await week.admin('POST', '/_emulator/clock/advance', { seconds: 7 * 24 * 3600 });
        const gone = await week.api('GET', `${check._links.self.href}/traces`);
        expect(gone.status).toBe(410);
        conforms(specs.products, `${P2}/{check_id}/traces`, 'get', gone);
        conforms(specs.products, `${P2}/{check_id}/traces/{trace_id}`, 'get', await week.api('GET', first._links.self.href));
      } finally {
        await week.close();
      }
    });
  });

  describe('products the emulator does not emulate', () => {
    it('MOCheck answers 404 NotFound problem+json to a token holding mo_check, 403 without it', async () => {
      const notFound = (specs.problems.components as { responses: Record<string, object> }).responses.NotFound!;
      const sent = await h.api('POST', '/mo_check/v0.1/checks', { token: await h.token('mo_check'), body: { phone_number: PHONE } });
      expect(sent.status).toBe(404);
      expect(sent.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(ajv.validate(notFound, sent.body) ? [] : ajv.errors).toEqual([]);
      expect(sent.body).toMatchObject({ detail: expect.stringContaining('MOCheck') as string });
      expect((await h.api('GET', '/mo_check/v0.1/checks', { token: await h.token('phone_check') })).status).toBe(403);
    });
  });

  describe('answers the definitions do not list (401, 403, 415)', () => {
    it('are still problem+json ProblemDetailsBase', async () => {
      const base = (specs.problems.components as { responses: Record<string, object> }).responses.ProblemDetailsBase!;
      const answers = [
        await h.api('POST', P2, { token: 'bogus', body: { phone_number: PHONE } }),
        await h.api('POST', P2, { token: await h.token('coverage'), body: { phone_number: PHONE } }),
        await h.api('PATCH', `${P2}/x`, { body: patchBody('x') }),
      ];
      expect(answers.map((a) => a.status)).toEqual([401, 403, 415]);
      for (const answer of answers) {
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(ajv.validate(base, answer.body) ? [] : ajv.errors).toEqual([]);
        expect(answer.body).toMatchObject({ type: expect.any(String) as string, title: expect.any(String) as string, detail: expect.any(String) as string });
      }
    });
  });

  describe('the validator itself', () => {
    it('rejects what the definitions forbid, so a pass means something', () => {
      const headers = new Headers({ 'content-type': 'application/hal+json', 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '1' });
      const bogus = { check_id: 'x', status: 'BOGUS', charge_amount: 1, charge_currency: 'API', created_at: 'now', _links: { self: { href: 'x' } } };
      expect(() => conforms(specs.products, ITEM(P2), 'get', { status: 200, headers, text: '{}', body: bogus })).toThrow();
      expect(() => conforms(specs.products, ITEM(P2), 'get', { status: 418, headers, text: '{}', body: {} })).toThrow();
    });
  });
});
