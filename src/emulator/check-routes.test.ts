import { beforeEach, describe, expect, it } from 'vitest';
import { MNO_ERROR_CODES } from './network.js';
import { JSON_PATCH, patchBody, redirectParams, useHarness, type Harness } from './test-harness.js';

const harness = useHarness();
let h: Harness;
beforeEach(() => {
  h = harness();
});

const PHONE = '447700900001';
const SWAPPED = '447700900005';
const REDIRECT = 'https://app.example/callback';
const V2 = '/phone_check/v0.2/checks';

const complete = (self: string, code: string) => h.api('PATCH', self, { body: patchBody(code), contentType: JSON_PATCH });

describe('PhoneCheck v0.2', () => {
  it('creates ACCEPTED with ttl, charge and HAL links on the emulator origin', async () => {
    const sent = await h.api('POST', V2, { body: { phone_number: `+${PHONE}`, redirect_url: REDIRECT, reference_id: 'r1' } });
    expect(sent.status).toBe(201);
    expect(sent.headers.get('content-type')).toMatch(/^application\/hal\+json/);
    expect(sent.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    const body = sent.body as { check_id: string };
    expect(sent.body).toMatchObject({
      status: 'ACCEPTED',
      ttl: 120,
      reference_id: 'r1',
      charge_amount: 1,
      charge_currency: 'API',
      snapshot_balance: expect.any(Number) as number,
      _links: { self: { href: `${h.url}${V2}/${body.check_id}` }, check_url: { href: `${h.url}${V2}/${body.check_id}/redirect` } },
    });
  });

  it('matches when the SIM behind check_url holds the number', async () => {
    const check = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT });
    const opened = await h.open(check._links.check_url.href, 'phone');
    expect(opened.status).toBe(302);
    const params = redirectParams(opened);
    expect(params.get('check_id')).toBe(check.check_id);
    expect((await h.api('GET', check._links.self.href)).body).toMatchObject({ status: 'PENDING' });
    const patched = await complete(check._links.self.href, params.get('code')!);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: 'COMPLETED', match: true, network_id: '23410' });
    expect((await h.api('GET', check._links.self.href)).body).toMatchObject({ status: 'COMPLETED', match: true, network_id: '23410' });
  });

  it('does not match when another SIM opens check_url', async () => {
    const check = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT });
    const code = redirectParams(await h.open(check._links.check_url.href, 'other-sim')).get('code')!;
    expect((await complete(check._links.self.href, code)).body).toMatchObject({ status: 'COMPLETED', match: false, network_id: '23415' });
  });

  it('answers the code itself when there is no redirect_url', async () => {
    const check = await h.create(V2, { phone_number: PHONE });
    const opened = await h.open(check._links.check_url.href);
    expect(opened.status).toBe(302);
    expect(opened.body).toEqual({ check_id: check.check_id, code: expect.any(String) as string });
  });

  it('answers 412 for a device on WiFi and the check ends in ERROR not_mobile_ip', async () => {
    const check = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT });
    const opened = await h.open(check._links.check_url.href, 'wifi');
    expect(opened.status).toBe(412);
    expect(opened.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await h.api('GET', check._links.self.href)).body).toMatchObject({ status: 'ERROR', error_code: 'not_mobile_ip' });
  });

  it('answers 400 on an operator tru.ID does not cover', async () => {
    const check = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT });
    expect((await h.open(check._links.check_url.href, 'unsupported')).status).toBe(400);
    expect((await h.api('GET', check._links.self.href)).body).toMatchObject({ status: 'ERROR', error_code: 'mno_not_supported' });
  });

  it('sends the browser back with error=mno_redirect_unsupported, or 501 without a redirect_url', async () => {
    await h.admin('PATCH', '/_emulator/operators/23410', { redirect_supported: false });
    const withRedirect = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT });
    expect(redirectParams(await h.open(withRedirect._links.check_url.href)).get('error')).toBe('mno_redirect_unsupported');
    const without = await h.create(V2, { phone_number: PHONE });
    expect((await h.open(without._links.check_url.href)).status).toBe(501);
  });

  it.each(MNO_ERROR_CODES)('ends in ERROR %s when the operator fails that way', async (code) => {
    await h.admin('PATCH', '/_emulator/operators/23410', { mno_error: code });
    const check = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT });
    const params = redirectParams(await h.open(check._links.check_url.href));
    expect(params.get('error')).toBe(code);
    expect(params.get('error_description')).toBeTruthy();
    expect(params.get('code')).toBeNull();
    const body = (await h.api('GET', check._links.self.href)).body as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ERROR', error_code: code, charge_amount: 0 });
    expect(body).not.toHaveProperty('match');
  });

  it('ends in ERROR ip_mismatch when phone_ip is not the IP that opened check_url', async () => {
    const check = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT, phone_ip: '203.0.113.9' });
    expect(redirectParams(await h.open(check._links.check_url.href)).get('error')).toBe('ip_mismatch');
    expect((await h.api('GET', check._links.self.href)).body).toMatchObject({ status: 'ERROR', error_code: 'ip_mismatch' });
  });

  it('answers 409 ip_msisdn_mismatch when phone_ip and the number are on different operators', async () => {
    const check = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT, phone_ip: '127.0.0.1' });
    expect((await h.open(check._links.check_url.href, 'other-sim')).status).toBe(409);
    expect((await h.api('GET', check._links.self.href)).body).toMatchObject({ status: 'ERROR', error_code: 'ip_msisdn_mismatch' });
    await h.admin('PUT', '/_emulator/attachments/10.64.0.7', { device_id: 'other-sim' });
    expect((await h.api('POST', V2, { body: { phone_number: PHONE, phone_ip: '10.64.0.7' } })).status).toBe(409);
  });

  it('expires a check not finished within its ttl', async () => {
    const check = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT });
    const code = redirectParams(await h.open(check._links.check_url.href)).get('code')!;
    await h.admin('POST', '/_emulator/clock/advance', { seconds: 121 });
    expect((await h.api('GET', check._links.self.href)).body).toMatchObject({ status: 'EXPIRED' });
    const patched = await complete(check._links.self.href, code);
    expect(patched.body).toMatchObject({ status: 'EXPIRED' });
    expect(patched.body).not.toHaveProperty('match');
    const late = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT });
    await h.admin('POST', '/_emulator/clock/advance', { seconds: 121 });
    expect((await h.open(late._links.check_url.href)).status).toBe(404);
  });

  it('redeems a code once: the second PATCH is 404', async () => {
    const check = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT });
    const code = redirectParams(await h.open(check._links.check_url.href)).get('code')!;
    expect((await complete(check._links.self.href, code)).status).toBe(200);
    const again = await complete(check._links.self.href, code);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ title: 'Not Found' });
  });

  it('refuses a wrong code with 404 and still takes the right one', async () => {
    const check = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT });
    const code = redirectParams(await h.open(check._links.check_url.href)).get('code')!;
    expect((await complete(check._links.self.href, 'not-the-code')).status).toBe(404);
    expect((await complete(check._links.self.href, code)).body).toMatchObject({ status: 'COMPLETED', match: true });
  });

  it('answers 404 to a PATCH before the device visited check_url', async () => {
    const check = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT });
    expect((await complete(check._links.self.href, 'anything')).status).toBe(404);
    expect((await h.api('GET', check._links.self.href)).body).toMatchObject({ status: 'ACCEPTED' });
  });

  it('spends check_url on the first visit', async () => {
    const check = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT });
    await h.open(check._links.check_url.href);
    expect((await h.open(check._links.check_url.href)).status).toBe(404);
  });

  it('takes the PATCH only as application/json-patch+json with a /code operation', async () => {
    const check = await h.create(V2, { phone_number: PHONE, redirect_url: REDIRECT });
    expect((await h.api('PATCH', check._links.self.href, { body: patchBody('x') })).status).toBe(415);
    expect((await h.api('PATCH', check._links.self.href, { body: { code: 'x' }, contentType: JSON_PATCH })).status).toBe(400);
    expect((await h.api('PATCH', check._links.self.href, { body: '[not json', contentType: JSON_PATCH })).status).toBe(400);
  });

  it.each(['', '123', 'abc', '0447700900001', '+44 7700 900001', '4477009000011234567'])('answers 400 InvalidPhoneNumberFormat for %j', async (phone) => {
    const sent = await h.api('POST', V2, { body: { phone_number: phone } });
    expect(sent.status).toBe(400);
    expect(sent.body).toMatchObject({ type: expect.stringContaining('phone_format_invalid') as string, title: 'Bad Request' });
  });

  it('answers 400 for a missing phone number and a malformed redirect_url', async () => {
    expect((await h.api('POST', V2, { body: {} })).status).toBe(400);
    expect((await h.api('POST', V2, { body: { phone_number: PHONE, redirect_url: 'not a url' } })).status).toBe(400);
  });

  it('answers 404 CheckNotFound for an unknown check', async () => {
    const sent = await h.api('GET', `${V2}/00000000-0000-4000-8000-000000000000`);
    expect(sent.status).toBe(404);
    expect(sent.body).toMatchObject({ type: expect.stringContaining('check_not_found') as string, detail: 'Check Not Found' });
  });
});

describe('PhoneCheck v0.1', () => {
  it('check_url ends in an image on the operator hop; the result is then readable with GET', async () => {
    const check = await h.create('/phone_check/v0.1/checks', { phone_number: PHONE });
    expect(check._links.check_url.href).toBe(`${h.url}/phone_check/v0.1/checks/${check.check_id}/redirect`);
    const first = await h.open(check._links.check_url.href);
    expect(first.status).toBe(302);
    expect((await h.api('GET', check._links.self.href)).body).toMatchObject({ status: 'PENDING' });
    const hop = await fetch(first.headers.get('location')!, { redirect: 'manual' });
    expect(hop.status).toBe(200);
    expect(hop.headers.get('content-type')).toMatch(/^image\//);
    expect((await h.api('GET', check._links.self.href)).body).toMatchObject({ status: 'COMPLETED', match: true, network_id: '23410' });
  });

  it('has no PATCH', async () => {
    const check = await h.create('/phone_check/v0.1/checks', { phone_number: PHONE });
    expect((await complete(check._links.self.href, 'x')).status).toBe(404);
  });
});

describe('SubscriberCheck v0.2', () => {
  it('reports no SIM change for an unchanged SIM', async () => {
    const check = await h.create('/subscriber_check/v0.2/checks', { phone_number: PHONE, redirect_url: REDIRECT });
    const code = redirectParams(await h.open(check._links.check_url.href)).get('code')!;
    const body = (await complete(check._links.self.href, code)).body;
    expect(body).toMatchObject({ status: 'COMPLETED', match: true, no_sim_change: true, no_sim_change_period: 10080 });
    expect(body).not.toHaveProperty('sim_change_within');
  });

  it('reports a SIM changed a day ago, and honours period', async () => {
    const check = await h.create('/subscriber_check/v0.2/checks', { phone_number: SWAPPED, redirect_url: REDIRECT });
    const code = redirectParams(await h.open(check._links.check_url.href, 'swapped-sim')).get('code')!;
    expect((await complete(check._links.self.href, code)).body).toMatchObject({ status: 'COMPLETED', match: true, no_sim_change: false, sim_change_within: 1440 });
    expect((await h.api('GET', check._links.self.href)).body).toMatchObject({ no_sim_change: false, sim_change_within: 1440, no_sim_change_period: 10080 });

    const shortWindow = await h.create('/subscriber_check/v0.2/checks', { phone_number: SWAPPED, redirect_url: REDIRECT, period: 60 });
    const code2 = redirectParams(await h.open(shortWindow._links.check_url.href, 'swapped-sim')).get('code')!;
    expect((await complete(shortWindow._links.self.href, code2)).body).toMatchObject({ no_sim_change: true, no_sim_change_period: 60 });
  });

  it('completes without SIM-change facts when the number\'s operator shares none', async () => {
    const check = await h.create('/subscriber_check/v0.2/checks', { phone_number: '447700900006', redirect_url: REDIRECT });
    const code = redirectParams(await h.open(check._links.check_url.href, 'no-sim-data')).get('code')!;
    const body = (await complete(check._links.self.href, code)).body;
    expect(body).toMatchObject({ status: 'COMPLETED', match: true });
    for (const field of ['no_sim_change', 'sim_change_within', 'no_sim_change_period']) expect(body).not.toHaveProperty(field);
    expect((await h.api('GET', check._links.self.href)).body).not.toHaveProperty('no_sim_change');
  });

  it('reports a change exactly `period` minutes ago as within the period, one minute more as outside', async () => {
    await h.admin('PUT', '/_emulator/devices/phone/sim-change', { minutes_ago: 10080 });
    const atEdge = await h.create('/subscriber_check/v0.2/checks', { phone_number: PHONE, redirect_url: REDIRECT });
    const code = redirectParams(await h.open(atEdge._links.check_url.href)).get('code')!;
    expect((await complete(atEdge._links.self.href, code)).body).toMatchObject({ no_sim_change: false, sim_change_within: 10080 });

    await h.admin('PUT', '/_emulator/devices/phone/sim-change', { minutes_ago: 10081 });
    const past = await h.create('/subscriber_check/v0.2/checks', { phone_number: PHONE, redirect_url: REDIRECT });
    const code2 = redirectParams(await h.open(past._links.check_url.href)).get('code')!;
    expect((await complete(past._links.self.href, code2)).body).toMatchObject({ no_sim_change: true, sim_change_within: 43200 });
  });

  it('needs the subscriber_check scope', async () => {
    const sent = await h.api('POST', '/subscriber_check/v0.2/checks', { token: await h.token('phone_check'), body: { phone_number: PHONE } });
    expect(sent.status).toBe(403);
  });
});
