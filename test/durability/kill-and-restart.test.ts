// Kill the server with SIGKILL at any moment and start it again on the same SQLite file: every
// account and session it acknowledged is still there, and a flow in progress completes afterwards.
// The emulator runs in the test process (standing in for tru.ID, which does not restart with us).
// Every test owns its emulator, database file and server processes, so one that fails leaves its
// neighbours nothing broken to start from; and nothing here waits on the clock: the kill is triggered
// by acknowledgements counted, start-up by the server answering.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createHttpBrowser, signUpOrIn, startCheck, type HttpBrowser } from '../support/http-browser.js';
import { spawnServerProcess, type ServerProcess } from '../support/server-process.js';
import { freePort, NO_RATE_LIMITS } from '../support/stack.js';

const WORKER_DEVICES = [1, 2, 3, 4].map((n) => ({
  id: `worker-${n}`,
  label: `Worker ${n}`,
  connection: 'mobile' as const,
  network_id: '23410',
  phone_number: `4477009100${n}0`,
  sim_changed_at: null,
}));

/** One test's world: an emulator, a database file, a port, and every server process started on them. */
interface Rig {
  readonly emulator: RunningEmulator;
  readonly publicUrl: string;
  /** Starts the server on this rig's database and port; waits until it answers. */
  start(): Promise<ServerProcess>;
  close(): Promise<void>;
}

async function openRig(): Promise<Rig> {
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
  for (const device of WORKER_DEVICES) emulator.control.putDevice(device.id, device);
  const dir = await mkdtemp(join(tmpdir(), 'simpass-kill-'));
  const port = await freePort();
  const env = {
    ...NO_RATE_LIMITS,
    PUBLIC_URL: `http://localhost:${port}`,
    DATABASE_FILE: join(dir, 'simpass.db'),
    TRU_ID_BASE_URL: emulator.url,
    TRU_ID_CLIENT_ID: emulator.credentials.clientId,
    TRU_ID_CLIENT_SECRET: emulator.credentials.clientSecret,
  };
  const servers: ServerProcess[] = [];
  return {
    emulator,
    publicUrl: env.PUBLIC_URL,
    async start() {
      const server = spawnServerProcess(env, port);
      servers.push(server); // held before it is ready, so close() kills it even if it never is
      await server.ready;
      return server;
    },
    async close() {
      await Promise.all(servers.map((server) => server.kill()));
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function me(browser: HttpBrowser, server: ServerProcess): Promise<number> {
  return (await browser.request(server.url, '/api/me')).status;
}

// Each test starts real server processes, up to four times; one start took ~30 s on a loaded two-core
// machine (the first test then ran 130 s). A hang guard only, not a speed requirement.
describe('SIGKILL and restart on SQLite', { timeout: 600_000 }, () => {
  it('keeps every acknowledged account and session, whenever the kill lands', async () => {
    rig = await openRig();
    const acknowledged: HttpBrowser[] = [];
    // Three rounds, each killed after a different number of acknowledged sign-ins: the kill lands
    // the moment one sign-in was answered, while the other workers are somewhere in their own.
    const KILL_AFTER = [3, 7, 12];
    for (const killAfter of KILL_AFTER) {
      const server = await rig.start();
      let stopping = false;
      let inThisRound = 0;
      let enough!: () => void;
      const enoughAcknowledged = new Promise<void>((resolve) => (enough = resolve));
      // Four people, each with their own simulated phone: the first sign-in creates the account,
      // later ones add sessions. Only answers the server acknowledged (200) are remembered.
      const workers = WORKER_DEVICES.map(async (device) => {
        while (!stopping) {
          const browser = createHttpBrowser(rig!.publicUrl);
          try {
            const response = await signUpOrIn(browser, server.url, device.phone_number, device.id);
            if (response.status !== 200) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
            acknowledged.push(browser);
            if (++inThisRound >= killAfter) enough();
          } catch (error) {
            if (stopping) return; // the server died mid-request: not acknowledged, nothing to check
            throw error;
          }
        }
      });
      try {
        // A worker that fails ends the round at once rather than leaving it waiting for acknowledgements.
        await Promise.race([enoughAcknowledged, Promise.all(workers)]);
      } finally {
        stopping = true;
        await server.kill();
      }
      await Promise.all(workers);
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER.reduce((sum, n) => sum + n, 0));

    const restarted = await rig.start();
    for (const browser of acknowledged) expect(await me(browser, restarted)).toBe(200);
  });

  it('a flow in progress when the server dies completes after the restart', async () => {
    rig = await openRig();
    const first = await rig.start();
    const browser = createHttpBrowser(rig.publicUrl);
    const { checkId, redirectPath } = await startCheck(browser, first.url, '+447700900001', 'phone');
    await first.kill();

    const server = await rig.start();
    expect((await browser.request(server.url, redirectPath)).status).toBe(303);
    expect(await (await browser.request(server.url, `/api/phone-check/${checkId}`)).json()).toEqual({
      data: { match: true, status: 'COMPLETED' },
    });
    const signedIn = await browser.request(server.url, '/api/sign-in', { method: 'POST', body: { checkId } });
    expect(signedIn.status).toBe(200);
    expect(await me(browser, server)).toBe(200);
  });

  it('a flow whose check expired while the server was down fails with a clear message', async () => {
    rig = await openRig();
    const first = await rig.start();
    const browser = createHttpBrowser(rig.publicUrl);
    const { checkId, redirectPath } = await startCheck(browser, first.url, '+447700900001', 'phone');
    await first.kill();
    rig.emulator.control.advanceClock(10 * 60);

    const server = await rig.start();
    expect((await browser.request(server.url, redirectPath)).status).toBe(303);
    const body = (await (await browser.request(server.url, `/api/phone-check/${checkId}`)).json()) as {
      data: { status: string; message: string };
    };
    expect(body.data.status).toMatch(/EXPIRED|ERROR/);
    expect(body.data.message).toMatch(/expired|try again/i);
  });
});
