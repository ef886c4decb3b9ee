// `npm start`'s process: on SIGTERM it finishes what it can and exits; a request that does not end
// cannot keep it alive past SHUTDOWN_TIMEOUT_SECONDS.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { readMetrics } from '../../test/support/metrics-scrape.js';
import { spawnServerProcess, type ServerProcess } from '../../test/support/server-process.js';
import { freePort } from '../../test/support/stack.js';

let emulator: RunningEmulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'simpass-shutdown-'));
});
afterAll(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.kill()));
});

/** Spawned and held (so the teardown kills it even if it never starts), then awaited until it answers. */
async function startServer(env: Record<string, string>, port: number): Promise<ServerProcess> {
  const server = spawnServerProcess(env, port);
  servers.push(server);
  await server.ready;
  return server;
}

async function serverEnv(name: string, shutdownTimeoutSeconds: number): Promise<{ env: Record<string, string>; port: number }> {
  const port = await freePort();
  return {
    port,
    env: {
      PUBLIC_URL: `http://localhost:${port}`,
      DATABASE_FILE: join(dir, `${name}.db`),
      TRU_ID_BASE_URL: emulator.url,
      TRU_ID_CLIENT_ID: emulator.credentials.clientId,
      TRU_ID_CLIENT_SECRET: emulator.credentials.clientSecret,
      SHUTDOWN_TIMEOUT_SECONDS: String(shutdownTimeoutSeconds),
      // The default product; the hang below is injected on its create.
      SIM_SWAP_CHECK: 'subscriber_check',
    },
  };
}

describe('shutting down', () => {
  it('with nothing in flight, exits 0', async () => {
    // A deadline far beyond a normal shutdown, so a slow machine cannot turn this into the other case.
    const { env, port } = await serverEnv('idle', 60);
    const server = await startServer(env, port);
    await server.stop();
    expect(server.child.exitCode, server.output()).toBe(0);
  }, 60_000);

  it('a request that never ends cannot hold it: past the deadline it exits non-zero, saying so', async () => {
    const { env, port } = await serverEnv('stuck', 1);
    const server = await startServer(env, port);
    try {
      // tru.ID stops answering creates: this request is in flight until the client's 10 s timeout.
      emulator.control.addFault({ method: 'POST', path: '/subscriber_check/v0.2/checks', kind: 'hang' });
      const stuck = fetch(`${server.url}/api/phone-check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: env.PUBLIC_URL! },
        body: JSON.stringify({ phone_number: '+447700900001' }),
      }).catch(() => undefined);
      await expect.poll(() => emulator.control.listFaults()[0]?.hits ?? 0, { timeout: 10_000, interval: 20 }).toBe(1);

      await server.stop();
      expect(server.child.exitCode, server.output()).toBe(1);
      expect(server.output()).toMatch(/shutdown did not finish within 1 s/);
      await stuck;
    } finally {
      emulator.control.clearFaults();
      if (server.child.exitCode === null) await server.kill();
    }
  }, 60_000);
});

describe('metrics', () => {
  it('METRICS_PORT and METRICS_TOKEN: the tru.ID client reports into the same registry, served on both, with Node\'s process metrics', async () => {
    const { env, port } = await serverEnv('metrics', 60);
    const token = 't'.repeat(40);
    const metricsPort = await freePort();
    const server = await startServer({ ...env, METRICS_PORT: String(metricsPort), METRICS_TOKEN: token }, port);
    const created = await fetch(`${server.url}/api/phone-check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: env.PUBLIC_URL! },
      body: JSON.stringify({ phone_number: '+447700900001' }),
    });
    expect(created.status, server.output()).toBe(201);

    const onItsOwn = readMetrics(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
    expect(onItsOwn.value('simpass_checks_started_total')).toBe(1);
    expect(onItsOwn.value('simpass_truid_request_duration_seconds', { endpoint: 'POST /subscriber_check/v0.2/checks' })).toBe(1);
    expect(onItsOwn.value('simpass_truid_token_grants_total', { reason: 'initial', outcome: 'ok' })).toBe(1);
    expect(onItsOwn.text).toContain('process_resident_memory_bytes');
    expect(onItsOwn.text).toContain('nodejs_eventloop_lag_seconds');

    const onTheMainPort = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(onTheMainPort.status).toBe(200);
    expect(readMetrics(await onTheMainPort.text()).value('simpass_checks_started_total')).toBe(1);

    await server.stop();
    expect(server.child.exitCode, server.output()).toBe(0);
  }, 60_000);
});
