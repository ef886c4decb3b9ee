// /readyz over real HTTP: ready when the database (and Redis, when used) answer; a 503 problem naming
// the part that is down when one does not — taken away for real through a TCP proxy the test cuts.
// /healthz stays process-only throughout.
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, startStack, type Stack } from '../../../test/support/stack.js';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy.js';
import { deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../rate-limits/test-counter-stores.js';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
if (process.env.CI && (!TEST_REDIS_URL || !TEST_DATABASE_URL)) {
  throw new Error('TEST_REDIS_URL and TEST_DATABASE_URL must be set in CI: /readyz is proven against both going down.');
}

async function get(stack: Stack, path: string): Promise<{ status: number; type: string | null; body: Record<string, unknown> }> {
  // 127.0.0.1, not PUBLIC_URL's localhost: an orchestrator probes the instance's own address.
  const port = new URL(stack.appUrl).port;
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual' });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
}

describe('/readyz with SQLite and no Redis', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.close());

  it('is ready, on any host, and says Redis is not used', async () => {
    expect(await get(stack, '/readyz')).toMatchObject({ status: 200, body: { status: 'ready', checks: { database: 'ok', redis: 'not used' } } });
  });
});

describe.skipIf(!TEST_REDIS_URL)('/readyz when Redis goes away', () => {
  let proxy: TcpProxy;
  let stack: Stack;
  const prefix = uniqueRedisPrefix();
  beforeAll(async () => {
    proxy = await startTcpProxy(TEST_REDIS_URL!);
    stack = await startStack({ env: { REDIS_URL: proxy.url, REDIS_KEY_PREFIX: prefix } });
  });
  afterAll(async () => {
    await stack?.close();
    await proxy?.close();
    await deleteRedisKeys(TEST_REDIS_URL!, prefix);
  });

  it('is ready while Redis answers, a 503 naming Redis while it does not, and ready again after', async () => {
    expect(await get(stack, '/readyz')).toMatchObject({ status: 200, body: { checks: { database: 'ok', redis: 'ok' } } });

    const closed = once(stack.redis!, 'close');
    await proxy.cut();
    await closed;
    const down = await get(stack, '/readyz');
    expect(down.status).toBe(503);
    expect(down.type).toMatch(/^application\/problem\+json/);
    expect(down.body).toMatchObject({ type: '/problems/not-ready', status: 503 });
    expect(down.body.detail).toBe('Not ready: Redis (the shared rate-limit counters) cannot be reached.');
    expect(await get(stack, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });

    const ready = once(stack.redis!, 'ready');
    await proxy.restore();
    await ready;
    expect((await get(stack, '/readyz')).status).toBe(200);
  });
});

describe.skipIf(!TEST_DATABASE_URL)('/readyz when PostgreSQL goes away', () => {
  let proxy: TcpProxy;
  let stack: Stack;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const database = await freshDatabase('postgres');
    dispose = database.dispose;
    proxy = await startTcpProxy(database.options.databaseUrl!);
    const throughProxy = new URL(database.options.databaseUrl!);
    throughProxy.port = String(proxy.port);
    throughProxy.hostname = '127.0.0.1';
    stack = await startStack({ database: { ...database.options, databaseUrl: throughProxy.toString() } });
  });
  afterAll(async () => {
    await stack?.close();
    await proxy?.close();
    await dispose?.();
  });

  it('is a 503 naming the database while it cannot be reached, and ready again after', async () => {
    expect((await get(stack, '/readyz')).status).toBe(200);
    await proxy.cut();
    const down = await get(stack, '/readyz');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ type: '/problems/not-ready', detail: 'Not ready: the database cannot be reached.' });
    expect(await get(stack, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    await proxy.restore();
    expect((await get(stack, '/readyz')).status).toBe(200);
  });
});
