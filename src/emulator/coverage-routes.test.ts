import { get as httpGet } from 'node:http';
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

describe('a device of its own per window, by host name', () => {
  /** GET with a Host header of our choosing (fetch does not let a caller set Host). */
  function getAs(host: string, path: string): Promise<number> {
    const url = new URL(h.url);
    return new Promise((resolve, reject) => {
      const request = httpGet({ host: url.hostname, port: url.port, path, headers: { host } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
    });
  }

  it('answers for the device <id>.localhost names, whatever the active device', async () => {
    const port = new URL(h.url).port;
    expect(await getAs(`wifi.localhost:${port}`, '/public/coverage/v0.1/device_ip')).toBe(412);
    expect(await getAs(`unsupported.localhost:${port}`, '/public/coverage/v0.1/device_ip')).toBe(400);
    expect(await getAs(`phone.localhost:${port}`, '/public/coverage/v0.1/device_ip')).toBe(200);
    expect(await getAs(`localhost:${port}`, '/public/coverage/v0.1/device_ip')).toBe(200);
  });

  it('refuses a host naming no device rather than guessing', async () => {
    expect(await getAs(`nobody.localhost:${new URL(h.url).port}`, '/public/coverage/v0.1/device_ip')).not.toBe(200);
  });
});

describe('GET /coverage/v0.1/device_ip (a browser holding a coverage-only token)', () => {
  it('answers the CORS preflight for the Authorization header', async () => {
    const response = await fetch(`${h.url}/coverage/v0.1/device_ip`, {
      method: 'OPTIONS',
      headers: { origin: 'http://page.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('names the caller’s operator, readable cross-origin, and refuses a missing token or another scope', async () => {
    const ok = await fetch(`${h.url}/coverage/v0.1/device_ip`, { headers: { origin: 'http://page.example', authorization: `Bearer ${await h.token('coverage')}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(await ok.json()).toMatchObject({ network_id: '23410', country_code: 'GB' });
    expect((await fetch(`${h.url}/coverage/v0.1/device_ip`)).status).toBe(401);
    expect((await h.api('GET', '/coverage/v0.1/device_ip', { token: await h.token('sim_check') })).status).toBe(403);
  });
});
