import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from './index.js';
import { useHarness, type Harness } from './test-harness.js';

const harness = useHarness();
let h: Harness;
beforeEach(() => {
  h = harness();
});

/** Waits for something the emulator does (checked every few milliseconds); the test's timeout guards a hang. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(5);
}

const coverage = (signal?: AbortSignal) => fetch(`${h.url}/public/coverage/v0.1/device_ip`, signal ? { signal } : {});

describe('fault injection', () => {
  it('answers the chosen status as problem+json, `times` times', async () => {
    const { body } = await h.admin('POST', '/_emulator/faults', { method: 'GET', path: '/public/coverage', kind: 'status', status: 503, times: 2 });
    expect(body).toEqual({ id: expect.any(String) as string });
    const first = await coverage();
    expect(first.status).toBe(503);
    expect(first.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await coverage()).status).toBe(503);
    expect((await coverage()).status).toBe(200);
  });

  it('only hits the chosen method', async () => {
    await h.admin('POST', '/_emulator/faults', { method: 'POST', path: '/public/coverage', kind: 'status', status: 500 });
    expect((await coverage()).status).toBe(200);
  });

  it('hangs until the client gives up', async () => {
    await h.admin('POST', '/_emulator/faults', { path: '/public/coverage', kind: 'hang', times: 1 });
    const giveUp = new AbortController();
    const hanging = coverage(giveUp.signal);
    // Give up once the request is hanging in the emulator (its one-time fault is spent), not after a
    // delay: a timer could fire before the request arrived, and leave the fault for the next one.
    await until(() => h.emulator.control.listFaults().length === 0);
    giveUp.abort();
    await expect(hanging).rejects.toThrow();
    expect((await coverage()).status).toBe(200);
  });

  it('resets the connection', async () => {
    await h.admin('POST', '/_emulator/faults', { path: '/public/coverage', kind: 'reset', times: 1 });
    await expect(coverage()).rejects.toThrow(TypeError);
  });

  it('answers late, then normally', async () => {
    await h.admin('POST', '/_emulator/faults', { path: '/public/coverage', kind: 'delay', delay_ms: 300, times: 1 });
    const started = Date.now();
    expect((await coverage()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('clears one fault or all', async () => {
    const { body } = await h.admin('POST', '/_emulator/faults', { path: '/public/coverage', kind: 'status', status: 500 });
    expect((await h.admin('DELETE', `/_emulator/faults/${(body as { id: string }).id}`)).status).toBe(204);
    expect((await coverage()).status).toBe(200);
    await h.admin('POST', '/_emulator/faults', { path: '/public/coverage', kind: 'status', status: 500 });
    expect((await h.admin('DELETE', '/_emulator/faults')).status).toBe(204);
    expect((await coverage()).status).toBe(200);
    expect((await h.admin('DELETE', '/_emulator/faults/unknown')).status).toBe(404);
  });

  it('closes even with a request hanging', async () => {
    const emulator = await startEmulator();
    emulator.control.addFault({ path: '/', kind: 'hang' });
    const hanging = fetch(`${emulator.url}/public/coverage/v0.1/device_ip`).catch((error: unknown) => error);
    await until(() => emulator.control.listFaults()[0]!.hits === 1);
    // The hang never ends by itself: close() returning at all is the proof (else the test times out).
    await emulator.close();
    expect(await hanging).toBeInstanceOf(Error);
  });
});
