import { beforeEach, describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './test-harness.js';

const harness = useHarness();
let h: Harness;
beforeEach(() => {
  h = harness();
});

const reach = (device?: string) =>
  fetch(`${h.url}/public/coverage/v0.1/device_ip`, { headers: { origin: 'http://page.example', ...(device ? { 'x-emulator-device': device } : {}) } });

describe('GET /public/coverage/v0.1/device_ip (browser-facing, no auth)', () => {
  it('names the operator of a covered mobile device, readable cross-origin', async () => {
    const response = await reach();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/hal\+json/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual({
      network_id: '23410',
      network_name: 'O2 UK',
      country_code: 'GB',
      products: expect.arrayContaining([{ product_id: 'pck', product_name: 'PhoneCheck' }]) as unknown,
    });
  });

  it('answers 412 NotMobileIp for a device on WiFi', async () => {
    const response = await reach('wifi');
    expect(response.status).toBe(412);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toMatchObject({ title: 'Precondition Failed', detail: 'Not a mobile IP' });
  });

  it('answers 400 for an operator tru.ID does not cover', async () => {
    const response = await reach('unsupported');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: expect.stringContaining('mno_not_supported') as string });
  });

  it('follows the active device when no header says otherwise', async () => {
    await h.admin('PUT', '/_emulator/active-device', { device_id: 'other-sim' });
    expect(await (await reach()).json()).toMatchObject({ network_id: '23415' });
  });

  it('follows an attachment of the source IP over the active device', async () => {
    await h.admin('PUT', '/_emulator/attachments/127.0.0.1', { device_id: 'wifi' });
    expect((await reach()).status).toBe(412);
  });

  it('answers CORS preflights', async () => {
    const response = await fetch(`${h.url}/public/coverage/v0.1/device_ip`, {
      method: 'OPTIONS',
      headers: { origin: 'http://page.example', 'access-control-request-method': 'GET' },
    });
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('GET /coverage/v0.1/device_ips/{ip} (server-side)', () => {
  it('resolves an attached IP with a coverage token', async () => {
    await h.admin('PUT', '/_emulator/attachments/10.64.0.7', { device_id: 'other-sim' });
    const sent = await h.api('GET', '/coverage/v0.1/device_ips/10.64.0.7', { token: await h.token('coverage') });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ network_id: '23415', mobile_data_ip: '10.64.0.7' });
  });

  it('needs the coverage scope and a valid IP', async () => {
    expect((await h.api('GET', '/coverage/v0.1/device_ips/10.0.0.1', { token: await h.token('phone_check') })).status).toBe(403);
    expect((await h.api('GET', '/coverage/v0.1/device_ips/not-an-ip', { token: await h.token('coverage') })).status).toBe(400);
  });
});
