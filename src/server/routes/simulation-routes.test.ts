// The simulation panel's "SIM changed … ago" over real HTTP, against the emulator's admin API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../../test/support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack.close());

function setSimChange(deviceId: string, body: unknown): Promise<Response> {
  return fetch(`${stack.appUrl}/api/simulation/devices/${deviceId}/sim-change`, {
    method: 'PUT',
    headers: { origin: stack.appUrl, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

type View = { devices: { id: string; simChangedAt: string | null }[] };

describe('PUT /api/simulation/devices/:deviceId/sim-change', () => {
  it('sets when the simulated phone\'s SIM changed, and clears it, answering the simulation view', async () => {
    const before = stack.emulator.control.now();
    const response = await setSimChange('phone', { minutesAgo: 1440 });
    const after = stack.emulator.control.now();
    expect(response.status).toBe(200);
    const changedAt = Date.parse(((await response.json()) as View).devices.find((d) => d.id === 'phone')!.simChangedAt!);
    expect(changedAt).toBeGreaterThanOrEqual(before - 1440 * 60_000);
    expect(changedAt).toBeLessThanOrEqual(after - 1440 * 60_000);

    // The network now says so: a SIMCheck for the phone's number sees the change.
    await expect(stack.truid.simChecks.create({ phone_number: '447700900001' })).resolves.toMatchObject({ no_sim_change: false, sim_change_within: 1440 });

    const cleared = await setSimChange('phone', { minutesAgo: null });
    expect(((await cleared.json()) as View).devices.find((d) => d.id === 'phone')!.simChangedAt).toBeNull();
  });

  it.each([
    ['ghost', { minutesAgo: 5 }],
    ['phone', { minutesAgo: -1 }],
    ['phone', { minutesAgo: 'yesterday' }],
    ['phone', {}],
  ])('answers 400 in words for %s %j', async (deviceId, body) => {
    const response = await setSimChange(deviceId, body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers 404 outside emulator mode', async () => {
    const live = await startStack({ emulatorMode: false });
    try {
      const response = await fetch(`${live.appUrl}/api/simulation/devices/phone/sim-change`, {
        method: 'PUT',
        headers: { origin: live.appUrl, 'content-type': 'application/json' },
        body: JSON.stringify({ minutesAgo: 5 }),
      });
      expect(response.status).toBe(404);
    } finally {
      await live.close();
    }
  });
});
