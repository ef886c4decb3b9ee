// Kill the server with SIGKILL at any moment and start it again on the same SQLite file: every
// account and session it acknowledged is still there, and a flow in progress completes afterwards.
// The emulator runs in the test process (standing in for tru.ID, which does not restart with us).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createHttpBrowser, signUpOrIn, startCheck, type HttpBrowser } from '../support/http-browser.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { freePort, NO_RATE_LIMITS } from '../support/stack.js';

let emulator: RunningEmulator;
let dir: string;
let port: number;
let env: Record<string, string>;
let server: ServerProcess | undefined;

const WORKER_DEVICES = [1, 2, 3, 4].map((n) => ({
  id: `worker-${n}`,
  label: `Worker ${n}`,
  connection: 'mobile' as const,
  network_id: '23410',
  phone_number: `4477009100${n}0`,
  sim_changed_at: null,
}));

beforeAll(async () => {
  emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
  for (const device of WORKER_DEVICES) emulator.control.putDevice(device.id, device);
  dir = await mkdtemp(join(tmpdir(), 'simpass-kill-'));
  port = await freePort();
  env = {
    ...NO_RATE_LIMITS,
    PUBLIC_URL: `http://localhost:${port}`,
    DATABASE_FILE: join(dir, 'simpass.db'),
    TRU_ID_BASE_URL: emulator.url,
    TRU_ID_CLIENT_ID: emulator.credentials.clientId,
    TRU_ID_CLIENT_SECRET: emulator.credentials.clientSecret,
  };
});
afterAll(async () => {
  await server?.stop();
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

async function me(browser: HttpBrowser): Promise<number> {
  return (await browser.request(server!.url, '/api/me')).status;
}

describe('SIGKILL and restart on SQLite', () => {
  it('keeps every acknowledged account and session, whenever the kill lands', async () => {
    const acknowledged: HttpBrowser[] = [];
    // Three rounds: sign-ups race a SIGKILL that lands at a different moment each time.
    for (const killAfterMs of [150, 400, 900]) {
      server = await startServerProcess(env, port);
      let stopping = false;
      // Four people, each with their own simulated phone: the first sign-in creates the account,
      // later ones add sessions. Only answers the server acknowledged (200) are remembered.
      const workers = WORKER_DEVICES.map(async (device) => {
        while (!stopping) {
          const browser = createHttpBrowser(env.PUBLIC_URL!);
          try {
            const response = await signUpOrIn(browser, server!.url, device.phone_number, device.id);
            if (response.status === 200) acknowledged.push(browser);
            else throw new Error(`sign-in answered ${response.status}`);
          } catch (error) {
            if (stopping) return; // the server died mid-request: not acknowledged, nothing to check
            throw error;
          }
        }
      });
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      stopping = true;
      await server.kill();
      await Promise.all(workers);
    }
    // Dozens per run here; a handful is enough for the proof to mean something.
    expect(acknowledged.length).toBeGreaterThan(10);

    server = await startServerProcess(env, port);
    for (const browser of acknowledged) expect(await me(browser)).toBe(200);
  });

  it('a flow in progress when the server dies completes after the restart', async () => {
    server ??= await startServerProcess(env, port);
    const browser = createHttpBrowser(env.PUBLIC_URL!);
    const { checkId, redirectPath } = await startCheck(browser, server.url, '+447700900001', 'phone');
    await server.kill();

    server = await startServerProcess(env, port);
    expect((await browser.request(server.url, redirectPath)).status).toBe(303);
    expect(await (await browser.request(server.url, `/api/phone-check/${checkId}`)).json()).toEqual({
      data: { match: true, status: 'COMPLETED' },
    });
    const signedIn = await browser.request(server.url, '/api/sign-in', { method: 'POST', body: { checkId } });
    expect(signedIn.status).toBe(200);
    expect(await me(browser)).toBe(200);
  });

  it('a flow whose check expired while the server was down fails with a clear message', async () => {
    const browser = createHttpBrowser(env.PUBLIC_URL!);
    const { checkId, redirectPath } = await startCheck(browser, server!.url, '+447700900001', 'phone');
    await server!.kill();
    emulator.control.advanceClock(10 * 60);
    server = await startServerProcess(env, port);
    expect((await browser.request(server.url, redirectPath)).status).toBe(303);
    const body = (await (await browser.request(server.url, `/api/phone-check/${checkId}`)).json()) as {
      data: { status: string; message: string };
    };
    expect(body.data.status).toMatch(/EXPIRED|ERROR/);
    expect(body.data.message).toMatch(/expired|try again/i);
  });
});
