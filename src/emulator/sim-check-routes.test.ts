import { beforeEach, describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './test-harness.js';

const harness = useHarness();
let h: Harness;
beforeEach(() => {
  h = harness();
});

describe('SIMCheck v0.1', () => {
  it('answers synchronously: COMPLETED with the SIM-change facts of the number', async () => {
    const sent = await h.api('POST', '/sim_check/v0.1/checks', { body: { phone_number: '+447700900005' } });
    expect(sent.status).toBe(201);
    expect(sent.headers.get('content-type')).toMatch(/^application\/hal\+json/);
    const body = sent.body as { check_id: string; _links: { self: { href: string } } };
    expect(body).toMatchObject({ status: 'COMPLETED', no_sim_change: false, sim_change_within: 1440, network_id: '23410', charge_amount: 1 });
    expect((await h.api('GET', body._links.self.href)).body).toMatchObject({ check_id: body.check_id, status: 'COMPLETED' });
  });

  it('reports no change for an unchanged SIM', async () => {
    expect((await h.api('POST', '/sim_check/v0.1/checks', { body: { phone_number: '447700900001' } })).body).toMatchObject({ status: 'COMPLETED', no_sim_change: true });
  });

  it('ends in ERROR mno_user_not_found for a number no SIM holds, and with the forced MNO error', async () => {
    expect((await h.api('POST', '/sim_check/v0.1/checks', { body: { phone_number: '447700900099' } })).body).toMatchObject({ status: 'ERROR', error_code: 'mno_user_not_found', charge_amount: 0 });
    await h.admin('PATCH', '/_emulator/operators/23410', { mno_error: 'mno_timeout' });
    expect((await h.api('POST', '/sim_check/v0.1/checks', { body: { phone_number: '447700900001' } })).body).toMatchObject({ status: 'ERROR', error_code: 'mno_timeout' });
  });

  it('ends in ERROR mno_no_data_available on an operator that shares no SIM-change data', async () => {
    expect((await h.api('POST', '/sim_check/v0.1/checks', { body: { phone_number: '447700900006' } })).body).toMatchObject({
      status: 'ERROR',
      error_code: 'mno_no_data_available',
      charge_amount: 0,
    });
  });

  it('looks back `period` minutes: a change a month ago is outside 7 days and inside 60 days', async () => {
    await h.admin('PUT', '/_emulator/devices/phone/sim-change', { minutes_ago: 30 * 1440 });
    expect((await h.api('POST', '/sim_check/v0.1/checks', { body: { phone_number: '447700900001' } })).body).toMatchObject({ no_sim_change: true, sim_change_within: 43200 });
    expect((await h.api('POST', '/sim_check/v0.1/checks', { body: { phone_number: '447700900001', period: 60 * 1440 } })).body).toMatchObject({
      no_sim_change: false,
      no_sim_change_period: 86400,
    });
    expect((await h.api('POST', '/sim_check/v0.1/checks', { body: { phone_number: '447700900001', period: 540001 } })).status).toBe(400);
  });

  it('answers 400 for an uncovered operator and an invalid number, 403 without the scope', async () => {
    expect((await h.api('POST', '/sim_check/v0.1/checks', { body: { phone_number: '447700900004' } })).status).toBe(400);
    expect((await h.api('POST', '/sim_check/v0.1/checks', { body: { phone_number: 'x' } })).status).toBe(400);
    expect((await h.api('POST', '/sim_check/v0.1/checks', { token: await h.token('phone_check'), body: { phone_number: '447700900001' } })).status).toBe(403);
  });
});
