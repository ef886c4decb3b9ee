// `npm run bench`: what Simpass costs on top of the verification API it wraps, as ratios against a
// baseline measured in the same run (machines here are shared and noisy, so absolute numbers mean
// little). Everything runs on loopback: the emulator stands in for tru.ID, SQLite in a temp file.
//
//   baseline   POST /subscriber_check/v0.2/checks straight to the emulator (bearer token already held):
//              the product Simpass creates with the default SIM_SWAP_CHECK
//   create     POST /api/phone-check through Simpass (validation, tru.ID client, flow row, audit)
//   journey    create → device opens check_url → redirect back → sign-in (two more DB transactions)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmulator } from '../src/emulator/index.js';
import { buildApp } from '../src/server/app.js';
import { loadServerConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/storage/database.js';
import { createTruIdClient } from '../src/truid/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
// Only a name for the Origin header and redirect_url; the server itself listens on a free port.
const PORT = 4900;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'simpass-bench-'));
  const emulator = await startEmulator({ host: '127.0.0.1', publicHost: 'localhost' });
  const truid = createTruIdClient({
    config: { clientId: emulator.credentials.clientId, clientSecret: emulator.credentials.clientSecret, baseUrl: emulator.url },
  });
  const database = await openDatabase({ sqliteFile: join(dir, 'bench.db') });
  // Limits so high they never refuse, but counted: their cost is part of what Simpass adds.
  const limits = { RATE_LIMIT_CHECKS_PER_IP: '1000000/1h', RATE_LIMIT_CHECKS_PER_NUMBER: '1000000/1h', RATE_LIMIT_SIGN_INS_PER_IP: '1000000/1h', SPEND_CAP_CHECKS_PER_DAY: '1000000' };
  const config = loadServerConfig({ PORT: String(PORT), PUBLIC_URL: `http://localhost:${PORT}`, LOG_LEVEL: 'warn', ...limits }, {
    webRoot: join(dir, 'no-web'),
    databaseFile: join(dir, 'bench.db'),
  });
  const app = await buildApp({ config, truid, truIdApiBaseUrl: emulator.url, db: database.db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const appUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : PORT}`;

  const basic = Buffer.from(`${emulator.credentials.clientId}:${emulator.credentials.clientSecret}`).toString('base64');
  const tokenResponse = await fetch(`${emulator.url}/oauth2/v1/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=subscriber_check',
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };

  const baseline = async () => {
    const response = await fetch(`${emulator.url}/subscriber_check/v0.2/checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: '447700900001', redirect_url: `${config.publicUrl}/api/phone-check/redirect`, period: 10080 }),
    });
    if (response.status !== 201) throw new Error(`baseline answered ${response.status}`);
    await response.arrayBuffer();
  };

  const create = async (): Promise<{ checkId: string; checkUrl: string; flow: string }> => {
    const response = await fetch(`${appUrl}/api/phone-check`, {
      method: 'POST',
      headers: { origin: config.publicUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: '07700 900001' }),
    });
    if (response.status !== 201) throw new Error(`create answered ${response.status}`);
    const { data } = (await response.json()) as { data: { checkId: string; checkUrl: string } };
    return { ...data, flow: response.headers.getSetCookie()[0]!.split(';')[0]! };
  };

  const journey = async () => {
    const { checkId, checkUrl, flow } = await create();
    const network = await fetch(checkUrl, { redirect: 'manual', headers: { 'X-Emulator-Device': 'phone' } });
    const redirect = new URL(network.headers.get('location')!);
    const back = await fetch(`${appUrl}${redirect.pathname}${redirect.search}`, { redirect: 'manual', headers: { cookie: flow } });
    if (back.status !== 303) throw new Error(`redirect answered ${back.status}`);
    const signIn = await fetch(`${appUrl}/api/sign-in`, {
      method: 'POST',
      headers: { origin: config.publicUrl, cookie: flow, 'content-type': 'application/json' },
      body: JSON.stringify({ checkId }),
    });
    if (signIn.status !== 200) throw new Error(`sign-in answered ${signIn.status}`);
    await signIn.arrayBuffer();
  };

  try {
    // Interleaved rounds so drift in machine load hits every case alike; medians resist outliers.
    const samples: Record<'baseline' | 'create' | 'journey', number[]> = { baseline: [], create: [], journey: [] };
    const cases = { baseline, create: () => create().then(() => undefined), journey };
    for (const run of Object.values(cases)) for (let i = 0; i < 20; i++) await run(); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(cases) as [keyof typeof samples, () => Promise<void>][]) {
        const start = performance.now();
        await run();
        samples[name].push(performance.now() - start);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const base = median(samples.baseline);
    console.log(`simpass bench: ${ROUNDS} interleaved rounds on loopback (emulator as tru.ID, SQLite)`);
    console.log('case       median ms   × baseline');
    for (const [name, values] of Object.entries(samples)) {
      const m = median(values);
      console.log(`${name.padEnd(10)} ${m.toFixed(3).padStart(9)}   ${(m / base).toFixed(2).padStart(10)}`);
    }
  } finally {
    await app.close();
    await truid.close();
    await database.close();
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
