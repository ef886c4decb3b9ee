import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from './index.js';
import { defaultNetwork } from './network.js';
import { useHarness, type Harness } from './test-harness.js';

const harness = useHarness();
let h: Harness;
beforeEach(() => {
  h = harness();
});

const expectProblem400 = (sent: { status: number; headers: Headers; body: unknown }) => {
  expect(sent.status).toBe(400);
  expect(sent.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(sent.body).toMatchObject({ type: expect.any(String) as string, title: 'Bad Request', detail: expect.any(String) as string });
};

describe('admin API: the network', () => {
  it('shows the default network', async () => {
    const sent = await h.admin('GET', '/_emulator/network');
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ active_device: 'phone', attachments: {} });
    expect((sent.body as { devices: { id: string }[] }).devices.map((d) => d.id)).toEqual(['phone', 'other-sim', 'wifi', 'unsupported', 'swapped-sim', 'no-sim-data']);
  });

  it('replaces the network and refuses an inconsistent one, naming each issue', async () => {
    const network = defaultNetwork();
    network.active_device = 'other-sim';
    expect((await h.admin('PUT', '/_emulator/network', network)).status).toBe(200);
    const broken = { ...network, active_device: 'ghost', devices: [...network.devices, { ...network.devices[0]!, id: 'clone' }] };
    const sent = await h.admin('PUT', '/_emulator/network', broken);
    expectProblem400(sent);
    expect((sent.body as { issues: string[] }).issues).toEqual(
      expect.arrayContaining([expect.stringContaining('ghost'), expect.stringContaining('share phone number')]) as unknown,
    );
  });

  it('adds, changes and removes a device', async () => {
    const device = { label: 'Tablet', connection: 'mobile', network_id: '23415', phone_number: '+447700900010', sim_changed_at: null };
    expect((await h.admin('PUT', '/_emulator/devices/tablet', device)).body).toMatchObject({ id: 'tablet', phone_number: '447700900010' });
    expect((await h.admin('PATCH', '/_emulator/devices/tablet', { connection: 'wifi' })).body).toMatchObject({ connection: 'wifi' });
    expect((await h.admin('DELETE', '/_emulator/devices/tablet')).status).toBe(204);
    expect((await h.admin('GET', '/_emulator/network')).text).not.toContain('tablet');
  });

  it('sets when a device\'s SIM changed, relative to the emulator\'s clock', async () => {
    await h.admin('POST', '/_emulator/clock/advance', { seconds: 3600 });
    const before = h.emulator.control.now();
    const sent = await h.admin('PUT', '/_emulator/devices/phone/sim-change', { minutes_ago: 90 });
    const after = h.emulator.control.now();
    expect(sent.status).toBe(200);
    const changedAt = Date.parse((sent.body as { sim_changed_at: string }).sim_changed_at);
    // Between the two readings of the emulator's (advanced) clock, 90 minutes back.
    expect(changedAt).toBeGreaterThanOrEqual(before - 90 * 60_000);
    expect(changedAt).toBeLessThanOrEqual(after - 90 * 60_000);
    expect((await h.admin('PUT', '/_emulator/devices/phone/sim-change', { minutes_ago: null })).body).toMatchObject({ sim_changed_at: null });
  });

  it('changes an operator, e.g. forcing an MNO error', async () => {
    expect((await h.admin('PATCH', '/_emulator/operators/23415', { mno_error: 'mno_server_error' })).body).toMatchObject({ mno_error: 'mno_server_error' });
    expect((await h.admin('PUT', '/_emulator/operators/20801', { name: 'Orange FR', country_code: 'FR', supported: true })).status).toBe(200);
  });

  it.each([
    ['PUT', '/_emulator/active-device', { device_id: 'ghost' }],
    ['PUT', '/_emulator/active-device', {}],
    ['PUT', '/_emulator/active-device', '[1,'],
    ['PUT', '/_emulator/devices/x', { label: 'X', connection: 'satellite', network_id: '23410', phone_number: '447700900011', sim_changed_at: null }],
    ['PUT', '/_emulator/devices/x', { label: 'X', connection: 'mobile', network_id: '99999', phone_number: '447700900011', sim_changed_at: null }],
    ['PUT', '/_emulator/devices/x', { label: 'X', connection: 'mobile', network_id: '23410', phone_number: '447700900001', sim_changed_at: null }],
    ['PUT', '/_emulator/devices/x', { label: 'X', connection: 'mobile', network_id: '23410', phone_number: '12', sim_changed_at: 'yesterday' }],
    ['PUT', '/_emulator/devices/x', 'null'],
    ['PATCH', '/_emulator/devices/ghost', { label: 'Y' }],
    ['PATCH', '/_emulator/devices/phone', { id: 'renamed' }],
    ['PATCH', '/_emulator/devices/phone', { extra: true }],
    ['DELETE', '/_emulator/devices/phone', undefined],
    ['DELETE', '/_emulator/devices/ghost', undefined],
    ['PATCH', '/_emulator/operators/23410', { mno_error: 'mno_on_fire' }],
    ['PATCH', '/_emulator/operators/23410', { supported: 'yes' }],
    ['PATCH', '/_emulator/operators/23410', { sim_change_data: 'no' }],
    ['PUT', '/_emulator/devices/phone/sim-change', { minutes_ago: -5 }],
    ['PUT', '/_emulator/devices/phone/sim-change', {}],
    ['PUT', '/_emulator/devices/ghost/sim-change', { minutes_ago: 5 }],
    ['PATCH', '/_emulator/operators/99999', { supported: true }],
    ['PUT', '/_emulator/operators/abc', { name: 'X', country_code: 'GB', supported: true }],
    ['PUT', '/_emulator/attachments/not-an-ip', { device_id: 'phone' }],
    ['PUT', '/_emulator/attachments/10.0.0.1', { device_id: 'ghost' }],
    ['DELETE', '/_emulator/attachments/10.9.9.9', undefined],
    ['POST', '/_emulator/clock/advance', { seconds: -1 }],
    ['POST', '/_emulator/clock/advance', { seconds: 'soon' }],
    ['POST', '/_emulator/faults', { path: 'phone_check', kind: 'status', status: 503 }],
    ['POST', '/_emulator/faults', { path: '/phone_check', kind: 'status', status: 200 }],
    ['POST', '/_emulator/faults', { path: '/phone_check', kind: 'explode' }],
    ['POST', '/_emulator/faults', { path: '/phone_check', kind: 'delay' }],
    ['POST', '/_emulator/faults', { path: '/phone_check', kind: 'hang', times: 0 }],
    ['POST', '/_emulator/faults', { path: '/_emulator/network', kind: 'hang' }],
    ['POST', '/_emulator/faults', undefined],
  ])('%s %s %j → 400 problem+json', async (method, path, body) => {
    expectProblem400(await h.admin(method, path, body));
  });

  it('inspects a check (device and code), 404 for an unknown one', async () => {
    const check = await h.create('/phone_check/v0.2/checks', { phone_number: '447700900001', redirect_url: 'https://app.example/cb' });
    await h.open(check._links.check_url.href, 'other-sim');
    expect((await h.admin('GET', `/_emulator/checks/${check.check_id}`)).body).toMatchObject({ status: 'PENDING', device_id: 'other-sim', code: expect.any(String) as string, match: false });
    expect((await h.admin('GET', '/_emulator/checks/nope')).status).toBe(404);
  });

  it('counts token requests and requests per route; reset zeroes them', async () => {
    await h.create('/phone_check/v0.2/checks', { phone_number: '447700900001' });
    const stats = (await h.admin('GET', '/_emulator/stats')).body as { requests: Record<string, number> };
    expect(stats.requests['POST /phone_check/v0.2/checks']).toBe(1);
    await h.admin('POST', '/_emulator/reset');
    expect((await h.admin('GET', '/_emulator/stats')).body).toEqual({ token_requests: 0, requests: { 'POST /_emulator/reset': 1 } });
  });
});

describe('credentials file', () => {
  it('writes a tru.json-shaped file, mode 0600, creating the directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-'));
    const path = join(dir, 'nested', 'tru.json');
    const emulator = await startEmulator({ credentialsFile: path, credentials: { clientId: 'id-1', clientSecret: 'secret-1' } });
    try {
      const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
      expect(file).toMatchObject({
        project_id: expect.any(String) as string,
        name: expect.any(String) as string,
        data_residency: 'eu',
        credentials: [{ client_id: 'id-1', client_secret: 'secret-1', scopes: ['phone_check', 'subscriber_check', 'sim_check', 'coverage'] }],
      });
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await emulator.close();
    }
  });
});

describe('admin API: web pages of other sites cannot drive it', () => {
  const post = (path: string, headers: Record<string, string>, body?: string) =>
    fetch(h.url + path, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });

  it.each([
    ['text/plain', '{"path":"/oauth2/v1/token","kind":"hang"}'],
    ['application/x-www-form-urlencoded', 'path=/oauth2/v1/token&kind=hang'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="path"\r\n\r\n/oauth2\r\n--x--\r\n'],
  ])('refuses a %s body with 415, and changes nothing', async (contentType, body) => {
    const response = await post('/_emulator/faults', { 'content-type': contentType }, body);
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(h.emulator.control.listFaults()).toEqual([]);
  });

  it.each(['https://evil.example', 'null', 'http://localhost:1'])('refuses Origin %s with 403, even for a request with no body', async (origin) => {
    await h.admin('PUT', '/_emulator/active-device', { device_id: 'wifi' });
    for (const path of ['/_emulator/reset', '/_emulator/tokens/revoke']) {
      const response = await post(path, { origin });
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const json = await post('/_emulator/faults', { origin, 'content-type': 'application/json' }, '{"path":"/x","kind":"hang"}');
    expect(json.status).toBe(403);
    expect(h.emulator.control.listFaults()).toEqual([]);
    expect(h.emulator.control.getNetwork().active_device).toBe('wifi'); // not reset
  });

  it('accepts Node callers (no Origin, as the Simpass server sends) and its own origin', async () => {
    expect((await post('/_emulator/reset', {})).status).toBe(204);
    expect((await post('/_emulator/reset', { origin: h.url })).status).toBe(204);
    expect((await post('/_emulator/faults', { 'content-type': 'application/json; charset=utf-8' }, '{"path":"/x","kind":"hang"}')).status).toBe(201);
  });

  it('leaves the tru.ID API itself alone (browsers call coverage cross-origin)', async () => {
    const response = await fetch(`${h.url}/public/coverage/v0.1/device_ip`, { headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(200);
  });
});
