// Two server processes sharing one Redis, as behind a load balancer: a script spreading its requests
// over both gets the configured limit in total, not once per instance. Each process keeps its own
// SQLite file — only the counters are shared here, which is what is under test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { deleteRedisKeys, uniqueRedisPrefix } from '../../src/server/rate-limits/test-counter-stores.js';
import { spawnServerProcess, type ServerProcess } from '../support/server-process.js';
import { freePort } from '../support/stack.js';

const REDIS = process.env.TEST_REDIS_URL;
if (!REDIS && process.env.CI) throw new Error('TEST_REDIS_URL is not set in CI: the shared rate-limit test needs Redis.');

const PER_ADDRESS = 50;
const PER_NUMBER = 5;

describe.skipIf(!REDIS)('two server processes sharing rate limits in Redis', () => {
  let emulator: RunningEmulator;
  let a: ServerProcess;
  let b: ServerProcess;
  let dir: string;
  let publicUrl: string;
  const prefix = uniqueRedisPrefix();

  beforeAll(async () => {
    emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
    dir = await mkdtemp(join(tmpdir(), 'simpass-limits-'));
    const [portA, portB] = [await freePort(), await freePort()];
    publicUrl = `http://localhost:${portA}`;
    const env = (name: string) => ({
      PUBLIC_URL: publicUrl,
      DATABASE_FILE: join(dir, `${name}.db`),
      TRU_ID_BASE_URL: emulator.url,
      TRU_ID_CLIENT_ID: emulator.credentials.clientId,
      TRU_ID_CLIENT_SECRET: emulator.credentials.clientSecret,
      REDIS_URL: REDIS!,
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_CHECKS_PER_IP: `${PER_ADDRESS}/1h`,
      RATE_LIMIT_CHECKS_PER_NUMBER: `${PER_NUMBER}/1h`,
      SPEND_CAP_CHECKS_PER_DAY: 'off',
    });
    // Held before they are ready, so the teardown stops them even if one never starts.
    a = spawnServerProcess(env('a'), portA);
    b = spawnServerProcess(env('b'), portB);
    await Promise.all([a.ready, b.ready]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await emulator?.close();
    await rm(dir, { recursive: true, force: true });
    await deleteRedisKeys(REDIS!, prefix);
  });

  const create = (server: ServerProcess, phoneNumber: string) =>
    fetch(`${server.url}/api/phone-check`, {
      method: 'POST',
      headers: { origin: publicUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: phoneNumber }),
    });

  async function problemType(response: Response): Promise<string> {
    return ((await response.json()) as { type: string }).type;
  }

  it('one number, alternating between the instances: the per-number limit holds in total', async () => {
    const answers: { server: string; status: number; type?: string }[] = [];
    for (let i = 0; i < 2 * PER_NUMBER; i++) {
      const server = i % 2 === 0 ? a : b;
      const response = await create(server, '+447700900001');
      answers.push({ server: server === a ? 'a' : 'b', status: response.status, ...(response.status === 429 ? { type: await problemType(response) } : {}) });
    }
    expect(answers.map((answer) => answer.status)).toEqual([...Array<number>(PER_NUMBER).fill(201), ...Array<number>(PER_NUMBER).fill(429)]);
    expect(new Set(answers.filter((answer) => answer.status === 201).map((answer) => answer.server))).toEqual(new Set(['a', 'b']));
    expect(new Set(answers.filter((answer) => answer.status === 429).map((answer) => answer.type))).toEqual(
      new Set(['/problems/too-many-checks-for-number']),
    );
  });

  it('1,000 creates from one address spread over both get 429 after the configured limit, counted once for both', async () => {
    // The test before spent 2 × PER_NUMBER of this address's allowance (refusals by number count too:
    // the address is asked first).
    const left = PER_ADDRESS - 2 * PER_NUMBER;
    const numbers = Array.from({ length: 1000 }, (_, i) => `+4477009${String(10_000 + i).padStart(5, '0')}`);
    const results: { server: 'a' | 'b'; status: number; retryAfter: string | null; type: string }[] = [];
    // Sixteen at a time, each request to the instance after the last one's.
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < numbers.length) {
          const i = next++;
          const server = i % 2 === 0 ? a : b;
          const response = await create(server, numbers[i]!);
          const type = response.status === 201 ? '' : await problemType(response);
          if (response.status === 201) await response.arrayBuffer();
          results.push({ server: server === a ? 'a' : 'b', status: response.status, retryAfter: response.headers.get('retry-after'), type });
        }
      }),
    );

    expect(results).toHaveLength(1000);
    const created = results.filter((result) => result.status === 201);
    const refused = results.filter((result) => result.status === 429);
    expect(created).toHaveLength(left);
    expect(refused).toHaveLength(1000 - left);
    expect(new Set(created.map((result) => result.server))).toEqual(new Set(['a', 'b']));
    expect(new Set(refused.map((result) => result.type))).toEqual(new Set(['/problems/too-many-checks-from-address']));
    for (const { retryAfter } of refused) {
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(3600);
    }
  }, 120_000);
});
