// Redis going away mid-run, for real: the server reaches Redis through a TCP proxy this test starts
// and then cuts (connections closed, new ones refused) or stalls (connected, but no answer).
// The policy under test (README, "Rate limits"): creating checks fails closed with a 503 in words;
// sign-in keeps working, still limited, counted per instance; the outage is logged once, without
// secrets; everything is back to shared counters when Redis is.
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../../test/support/stack.js';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy.js';
import { deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from './test-counter-stores.js';

/** Creating a check, of whichever product SIM_SWAP_CHECK makes Simpass create: what tru.ID bills. */
const BILLED_CREATE = /^POST \/(phone|subscriber)_check\/v0\.2\/checks$/;

if (!TEST_REDIS_URL && process.env.CI) throw new Error('TEST_REDIS_URL is not set in CI: the Redis outage test needs Redis.');

// Redis here has no password; ioredis sends this one anyway and carries on when Redis says it needs none.
const PASSWORD = 'pw-that-must-never-be-logged';

describe.skipIf(!TEST_REDIS_URL)('a Redis outage', () => {
  let proxy: TcpProxy;
  let stack: Stack;
  const prefix = uniqueRedisPrefix();

  beforeAll(async () => {
    proxy = await startTcpProxy(TEST_REDIS_URL!);
    const url = new URL(proxy.url);
    url.username = 'default';
    url.password = PASSWORD;
    stack = await startStack({
      env: {
        REDIS_URL: url.toString(),
        REDIS_KEY_PREFIX: prefix,
        TRUST_PROXY: 'true',
        RATE_LIMIT_CHECKS_PER_IP: '100/1h',
        RATE_LIMIT_SIGN_INS_PER_IP: '3/10m',
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await proxy?.close();
    await deleteRedisKeys(TEST_REDIS_URL!, prefix);
  });
  afterEach(async () => {
    if (stack.redis!.status !== 'ready') {
      const ready = once(stack.redis!, 'ready');
      await proxy.restore();
      await ready;
    }
  });

  const create = (ip = '203.0.113.1') =>
    fetch(`${stack.appUrl}/api/phone-check`, {
      method: 'POST',
      headers: { origin: stack.appUrl, 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ phone_number: '+447700900001' }),
    });
  const signIn = (ip: string) =>
    fetch(`${stack.appUrl}/api/sign-in`, {
      method: 'POST',
      headers: { origin: stack.appUrl, 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ checkId: 'no-such-check' }),
    });
  const emulatorChecks = () =>
    Object.entries(stack.emulator.control.stats().requests)
      .filter(([route]) => BILLED_CREATE.test(route))
      .reduce((sum, [, n]) => sum + n, 0);
  const outageLines = () => stack.logs().split('\n').filter((line) => line.includes('Redis unreachable'));
  const recoveryLines = () => stack.logs().split('\n').filter((line) => line.includes('Redis reachable again'));

  async function cutRedis(): Promise<void> {
    const closed = once(stack.redis!, 'close');
    await proxy.cut();
    await closed;
  }

  it('refuses to create checks with a 503 in words, bills nothing, and logs the outage once', async () => {
    expect((await create()).status).toBe(201);
    await cutRedis();

    const before = emulatorChecks();
    expect(before).toBeGreaterThan(0); // the create above was counted, so "unchanged" below means something
    for (let i = 0; i < 5; i++) {
      const response = await create();
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('retry-after')).toBe('60');
      const problem = (await response.json()) as { type: string; detail: string };
      expect(problem.type).toBe('/problems/rate-limits-unavailable');
      expect(problem.detail).toBe('Verification is unavailable for a moment on our side. Please try again in a minute.');
    }
    expect(emulatorChecks()).toBe(before);
    expect(outageLines()).toHaveLength(1);
    expect(outageLines()[0]).toMatch(/new verifications are refused \(503\)/);
    expect(stack.logs()).not.toContain(PASSWORD);
    // Refusals we chose are not logged as failures with a stack, one per request.
    expect(stack.logs()).not.toMatch(/"level":50[^\n]*request failed/);
  });

  it('keeps sign-in working and still limited, counted in this process', async () => {
    await cutRedis();
    const ip = '198.51.100.20';
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await signIn(ip)).status);
    expect(answers).toEqual([404, 404, 404, 429]);
    expect((await signIn('198.51.100.21')).status).toBe(404);
  });

  it('shares the counters again once Redis is back, and says so once', async () => {
    await cutRedis();
    expect((await create()).status).toBe(503);
    const linesBefore = recoveryLines().length;
    const ready = once(stack.redis!, 'ready');
    await proxy.restore();
    await ready;
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(201);
    expect(recoveryLines()).toHaveLength(linesBefore + 1);
  });

  it('refuses promptly when Redis is connected but stops answering (command timeout), and logs it once', async () => {
    const outagesBefore = outageLines().length;
    proxy.stall();
    for (let i = 0; i < 3; i++) expect((await create('203.0.113.99')).status).toBe(503);
    expect(outageLines()).toHaveLength(outagesBefore + 1);
    // Connected all along: the outage was noticed from the commands, not from the connection.
    expect(stack.redis!.status).toBe('ready');
    await cutRedis();
  });
});
