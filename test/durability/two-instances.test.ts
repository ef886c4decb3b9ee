// Two server processes on one PostgreSQL database, as behind a load balancer: both serve the same
// users and sessions, and a check started through one completes through the other.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createHttpBrowser, startCheck } from '../support/http-browser.js';
import { describeWhenAvailable } from '../support/requirements.js';
import { spawnServerProcess, type ServerProcess } from '../support/server-process.js';
import { freshDatabase, freePort, NO_RATE_LIMITS } from '../support/stack.js';

const postgres = {
  missing: process.env.TEST_DATABASE_URL ? undefined : 'TEST_DATABASE_URL is not set',
  fix: 'set TEST_DATABASE_URL=postgres://user@host:5432/db so two instances can share one PostgreSQL database',
};

describeWhenAvailable('two server processes on one PostgreSQL database', postgres, () => {
  let emulator: RunningEmulator;
  let a: ServerProcess;
  let b: ServerProcess;
  let dispose: () => Promise<void>;
  let publicUrl: string;

  beforeAll(async () => {
    emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
    const database = await freshDatabase('postgres');
    dispose = database.dispose;
    const [portA, portB] = [await freePort(), await freePort()];
    // One public origin for both, as behind a load balancer; tests talk to each instance directly.
    publicUrl = `http://localhost:${portA}`;
    const env = {
      ...NO_RATE_LIMITS,
      PUBLIC_URL: publicUrl,
      DATABASE_URL: database.options.databaseUrl!,
      DATABASE_SCHEMA: database.options.schema!,
      TRU_ID_BASE_URL: emulator.url,
      TRU_ID_CLIENT_ID: emulator.credentials.clientId,
      TRU_ID_CLIENT_SECRET: emulator.credentials.clientSecret,
    };
    // Started together: both run the migrations at once against an empty schema. Both are held
    // before they are ready, so afterAll stops them even if one never is.
    a = spawnServerProcess(env, portA);
    b = spawnServerProcess(env, portB);
    await Promise.all([a.ready, b.ready]);
  }, 180_000); // two server start-ups on a busy machine: a hang guard, not a speed requirement
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await emulator?.close();
    await dispose?.();
  });

  it('a check started through one instance completes, reads and signs in through the other', async () => {
    const browser = createHttpBrowser(publicUrl);
    const { checkId, redirectPath } = await startCheck(browser, a.url, '+447700900001', 'phone');
    expect((await browser.request(b.url, redirectPath)).status).toBe(303);
    expect(await (await browser.request(a.url, `/api/phone-check/${checkId}`)).json()).toEqual({
      data: { match: true, status: 'COMPLETED' },
    });
    const signedIn = await browser.request(b.url, '/api/sign-in', { method: 'POST', body: { checkId } });
    expect(signedIn.status).toBe(200);

    expect((await browser.request(a.url, '/api/me')).status).toBe(200);
    expect((await browser.request(b.url, '/api/me')).status).toBe(200);
    // The same check cannot sign in again through the other instance.
    expect((await browser.request(a.url, '/api/sign-in', { method: 'POST', body: { checkId } })).status).toBe(404);

    expect((await browser.request(a.url, '/api/sign-out', { method: 'POST' })).status).toBe(204);
    expect((await browser.request(b.url, '/api/me')).status).toBe(401);
  });

  it('the same new number signing up through both instances at once gets one account', async () => {
    const browsers = [createHttpBrowser(publicUrl), createHttpBrowser(publicUrl)];
    const checks = await Promise.all(browsers.map((browser, i) => startCheck(browser, i === 0 ? a.url : b.url, '+447700900002', 'other-sim')));
    await Promise.all(browsers.map((browser, i) => browser.request(i === 0 ? b.url : a.url, checks[i]!.redirectPath)));
    const answers = await Promise.all(
      browsers.map((browser, i) =>
        browser.request(i === 0 ? a.url : b.url, '/api/sign-in', { method: 'POST', body: { checkId: checks[i]!.checkId } }),
      ),
    );
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { data: { user: { id: string }; created: boolean } }[];
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(bodies[0]!.data.user.id).toBe(bodies[1]!.data.user.id);
    expect(bodies.filter((body) => body.data.created)).toHaveLength(1);
  });
});
