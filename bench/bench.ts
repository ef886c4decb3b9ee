// The machinery of `npm run bench` (run.ts writes its report): one emulator process as tru.ID for every
// server, Simpass (SQLite, and PostgreSQL when a URL is given) and the tutorial-style reference server
// (reference/), each in its own process, driven in interleaved rounds so drift in this shared machine's
// load hits every server alike; medians over the rounds.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { request } from 'undici';
import { cpuBetween, machineBusyMs, ownCpuMs, processesNamedCpuMs } from './cpu-accounting.js';
import { addBenchDevices, runJourneys, type ServerKind } from './journey.js';
import { measurePageWeight, type PageWeight } from './page-weight.js';
import { freePort, repoRoot, spawnBenchProcess, type BenchProcess } from './processes.js';

export interface BenchOptions {
  rounds: number;
  /** Virtual-user counts, each driven for journeyMs per server per round. */
  vus: number[];
  journeyMs: number;
  /** Duration of each single-route measurement (autocannon) per round. */
  routeMs: number;
  routeConnections: number;
  /** A PostgreSQL server URL; the bench creates a fresh database on it and drops it afterwards. */
  postgresUrl?: string;
  /** The page's build (npm run build:web); page weight is measured from it. */
  webRoot: string;
  /** Profile the Simpass processes (--cpu-prof) into this directory. */
  cpuProfileDir?: string;
  log: (line: string) => void;
}

export interface JourneyStats {
  checksPerSecond: number;
  /** The server under test's own CPU per check. */
  cpuMsPerCheck: number;
  /** What shares the cores, per check: the emulator, PostgreSQL's processes, this load generator, and the whole machine (all of those, the server, and anything else running). */
  budget: { emulator: number; database: number; loadGenerator: number; machine: number };
  upstreamPerCheck: number;
  rssMiB: number;
  failures: number;
  firstFailure?: string;
  /** p50 and p99 in milliseconds, by step. */
  steps: Record<string, { p50: number; p99: number }>;
}

export interface RouteStats {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

export interface BenchResults {
  date: string;
  node: string;
  cores: number;
  cpuModel: string;
  options: Omit<BenchOptions, 'log' | 'postgresUrl' | 'webRoot' | 'cpuProfileDir'>;
  /** server name → VUs → medians over the rounds. */
  journeys: Record<string, Record<number, JourneyStats>>;
  routes: Record<string, RouteStats>;
  idleRssMiB: Record<string, number>;
  pageWeight: PageWeight;
}

interface ServerUnderTest {
  name: string;
  kind: ServerKind;
  process: BenchProcess;
}

const MiB = 1024 * 1024;
export const SIMPASS_SQLITE = 'Simpass (SQLite)';
export const SIMPASS_METRICS = 'Simpass (SQLite, metrics on)';
export const METRICS_SESSION_ROUTE = 'Simpass, metrics on /api/session (signed in)';
/** Bare Fastify sending /api/session's signed-in answer and headers, doing nothing else (bare-fastify.ts). */
export const SAME_ANSWER_ROUTE = 'bare Fastify, the signed-in answer with its headers, no work';
/** Rate limits far above what the bench reaches: nothing is refused, everything is still counted. */
const HIGH_LIMITS = {
  RATE_LIMIT_CHECKS_PER_IP: '100000000/1h',
  RATE_LIMIT_CHECKS_PER_NUMBER: '100000000/1h',
  RATE_LIMIT_SIGN_INS_PER_IP: '100000000/1h',
  SPEND_CAP_CHECKS_PER_DAY: '100000000',
};

export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const dir = await mkdtemp(join(tmpdir(), 'simpass-bench-'));
  const processes: BenchProcess[] = [];
  let dropDatabase: (() => Promise<void>) | undefined;
  const start = async (spawnOptions: Parameters<typeof spawnBenchProcess>[0]) => {
    const started = await spawnBenchProcess(spawnOptions);
    processes.push(started);
    return started;
  };
  // Stopped half-way (Ctrl-C, a CI timeout's SIGTERM): the servers must not outlive the bench, or they
  // would sit on the cores and skew the next run; its PostgreSQL database and files go too. Then the
  // signal is raised again, so the bench ends as a stopped process does.
  const interrupted = (signal: NodeJS.Signals) => {
    for (const p of processes) p.kill();
    void Promise.allSettled([dropDatabase?.(), rm(dir, { recursive: true, force: true })]).then(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const clientId = `bench-${randomBytes(4).toString('hex')}`;
    const clientSecret = randomBytes(16).toString('hex');
    const emulatorPort = await freePort();
    const emulator = await start({
      name: 'emulator',
      script: 'src/emulator/main.ts',
      args: ['--port', String(emulatorPort), '--credentials-file', join(dir, 'tru.json'), '--client-id', clientId, '--client-secret', clientSecret],
      env: {},
      port: emulatorPort,
      readyPath: '/_emulator/stats',
    });
    await addBenchDevices(emulator.url, Math.max(...options.vus));
    const truId = { TRU_ID_BASE_URL: emulator.url, TRU_ID_CLIENT_ID: clientId, TRU_ID_CLIENT_SECRET: clientSecret };

    const startSimpass = async (name: string, database: Record<string, string>) => {
      const port = await freePort();
      const server = await start({
        name,
        script: 'src/server/main.ts',
        // Logs at info, as in production: their cost is part of what is measured.
        env: { ...truId, ...HIGH_LIMITS, ...database, PUBLIC_URL: `http://127.0.0.1:${port}`, WEB_ROOT: options.webRoot, LOG_LEVEL: 'info' },
        port,
        readyPath: '/readyz',
        ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
      });
      return { name, kind: 'simpass' as const, process: server };
    };
    const servers: ServerUnderTest[] = [await startSimpass(SIMPASS_SQLITE, { DATABASE_FILE: join(dir, 'simpass.db') })];
    // The metrics' cost (issue 18: "Its cost is measured by the bench"): the same server with /metrics on,
    // every request timed and every step of the funnel counted, at the largest VU count and on /api/session.
    const withMetrics = await startSimpass(SIMPASS_METRICS, { DATABASE_FILE: join(dir, 'simpass-metrics.db'), METRICS_TOKEN: randomBytes(24).toString('hex') });
    servers.push(withMetrics);
    if (options.postgresUrl) {
      const fresh = await freshPostgresDatabase(options.postgresUrl);
      dropDatabase = fresh.drop;
      servers.push(await startSimpass('Simpass (PostgreSQL)', { DATABASE_URL: fresh.url }));
    }
    const referencePort = await freePort();
    servers.push({
      name: 'reference',
      kind: 'reference',
      process: await start({ name: 'reference', script: 'bench/reference/server.ts', env: truId, port: referencePort, readyPath: '/healthz' }),
    });
    const idleRssMiB: Record<string, number> = {};
    for (const server of servers) idleRssMiB[server.name] = (await server.process.rssBytes()) / MiB;

    const simpass = servers[0]!.process;
    const sessionCookie = await signIn(simpass.url);
    const signedInAnswer = await comparableAnswer(`${simpass.url}/api/session`, { cookie: sessionCookie });
    const barePort = await freePort();
    const bare = await start({
      name: 'bare Fastify',
      script: 'bench/bare-fastify.ts',
      env: { SIGNED_IN_ANSWER: signedInAnswer.body },
      port: barePort,
      readyPath: '/healthz',
    });
    idleRssMiB[bare.name] = (await bare.rssBytes()) / MiB;
    // The ceiling route must send what Simpass sends, byte for byte, with the same headers.
    const sameAnswer = await comparableAnswer(`${bare.url}/signed-in-answer`, {});
    if (JSON.stringify(sameAnswer) !== JSON.stringify(signedInAnswer)) {
      throw new Error(`the bare route's answer differs from Simpass's:\n${JSON.stringify(signedInAnswer)}\n${JSON.stringify(sameAnswer)}`);
    }
    const metricsSessionCookie = await signIn(withMetrics.process.url);
    const pageWeight = await measurePageWeight(simpass.url);

    // Warm-up: JIT, connection pools, the token cache; not counted.
    for (const server of servers) await runJourneys(server.kind, server.process.url, Math.min(...options.vus), Math.min(1000, options.journeyMs));

    const journeySamples: Record<string, Record<number, JourneyStats[]>> = {};
    const routes = {
      'bare Fastify /healthz': { url: `${bare.url}/healthz`, headers: {} },
      'Simpass /healthz': { url: `${simpass.url}/healthz`, headers: {} },
      'Simpass /api/session (signed in)': { url: `${simpass.url}/api/session`, headers: { cookie: sessionCookie } },
      [SAME_ANSWER_ROUTE]: { url: `${bare.url}/signed-in-answer`, headers: {} },
      [METRICS_SESSION_ROUTE]: { url: `${withMetrics.process.url}/api/session`, headers: { cookie: metricsSessionCookie } },
    };
    const routeSamples: Record<string, RouteStats[]> = {};
    for (let round = 0; round < options.rounds; round++) {
      // Rotate the order each round, so no server always runs first (or always after a given one).
      const order = servers.map((_, i) => servers[(i + round) % servers.length]!);
      for (const vus of options.vus) {
        for (const server of order) {
          if (server === withMetrics && vus !== Math.max(...options.vus)) continue;
          const stats = await measureJourneys(server, emulator, vus, options.journeyMs);
          options.log(
            `round ${round + 1}/${options.rounds} ${server.name} ${vus} VUs: ${stats.checksPerSecond.toFixed(0)} checks/s, ` +
              `${stats.cpuMsPerCheck.toFixed(2)} ms CPU/check, ${stats.upstreamPerCheck.toFixed(2)} upstream/check` +
              (stats.failures ? `, ${stats.failures} FAILED (${stats.firstFailure ?? ''})` : ''),
          );
          ((journeySamples[server.name] ??= {})[vus] ??= []).push(stats);
        }
      }
      const routeEntries = Object.entries(routes);
      for (let i = 0; i < routeEntries.length; i++) {
        const [name, target] = routeEntries[(i + round) % routeEntries.length]!;
        const stats = await measureRoute(target.url, target.headers, options.routeConnections, options.routeMs);
        options.log(`round ${round + 1}/${options.rounds} ${name}: ${stats.requestsPerSecond.toFixed(0)} req/s${stats.non2xx ? `, ${stats.non2xx} not 2xx` : ''}`);
        (routeSamples[name] ??= []).push(stats);
      }
    }

    const journeys: BenchResults['journeys'] = {};
    for (const [name, byVus] of Object.entries(journeySamples)) {
      journeys[name] = {};
      for (const [vus, samples] of Object.entries(byVus)) journeys[name][Number(vus)] = medianJourney(samples);
    }
    const routeMedians: Record<string, RouteStats> = {};
    for (const [name, samples] of Object.entries(routeSamples)) {
      routeMedians[name] = {
        requestsPerSecond: median(samples.map((s) => s.requestsPerSecond)),
        p50: median(samples.map((s) => s.p50)),
        p99: median(samples.map((s) => s.p99)),
        non2xx: samples.reduce((sum, s) => sum + s.non2xx, 0),
      };
    }
    const { log: _log, postgresUrl: _pg, webRoot: _web, cpuProfileDir: _profiles, ...shownOptions } = options;
    return {
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      options: shownOptions,
      journeys,
      routes: routeMedians,
      idleRssMiB,
      pageWeight,
    };
  } catch (error) {
    const stderr = processes.map((p) => (p.errors() ? `--- ${p.name} stderr:\n${p.errors()}` : '')).join('\n');
    if (stderr.trim()) options.log(stderr);
    throw error;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    for (const p of processes.reverse()) await p.stop();
    await dropDatabase?.();
    await rm(dir, { recursive: true, force: true });
  }
}

async function measureJourneys(server: ServerUnderTest, emulator: BenchProcess, vus: number, durationMs: number): Promise<JourneyStats> {
  const upstreamBefore = await upstreamCalls(emulator.url);
  const readCpu = async () => ({
    server: await server.process.cpuMs(),
    emulator: await emulator.cpuMs(),
    database: await processesNamedCpuMs('postgres'),
    loadGenerator: ownCpuMs(),
    machine: await machineBusyMs(),
  });
  const cpuBefore = await readCpu();
  const run = await runJourneys(server.kind, server.process.url, vus, durationMs);
  const cpuAfter = await readCpu();
  const upstreamAfter = await upstreamCalls(emulator.url);
  const steps: JourneyStats['steps'] = {};
  for (const [name, times] of Object.entries(run.steps)) {
    const sorted = [...times].sort((a, b) => a - b);
    steps[name] = { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
  }
  const checks = Math.max(run.checks, 1);
  return {
    checksPerSecond: run.checks / run.seconds,
    cpuMsPerCheck: (cpuAfter.server - cpuBefore.server) / checks,
    budget: {
      emulator: (cpuAfter.emulator - cpuBefore.emulator) / checks,
      database: cpuBetween(cpuBefore.database, cpuAfter.database) / checks,
      loadGenerator: (cpuAfter.loadGenerator - cpuBefore.loadGenerator) / checks,
      machine: (cpuAfter.machine - cpuBefore.machine) / checks,
    },
    upstreamPerCheck: (upstreamAfter - upstreamBefore) / checks,
    rssMiB: (await server.process.rssBytes()) / MiB,
    failures: run.failures,
    ...(run.firstFailure !== undefined ? { firstFailure: run.firstFailure } : {}),
    steps,
  };
}

/** Calls a server made to the verification API (tokens and checks), not the device's visits to check_url. */
async function upstreamCalls(emulatorUrl: string): Promise<number> {
  const response = await request(`${emulatorUrl}/_emulator/stats`);
  const stats = (await response.body.json()) as { requests: Record<string, number> };
  let calls = 0;
  for (const [route, count] of Object.entries(stats.requests)) {
    if (/^POST \/oauth2\/v1\/token$/.test(route) || /^(GET|POST|PATCH) \/[a-z_]+\/v[0-9.]+\/checks(\/:check_id)?$/.test(route)) calls += count;
  }
  return calls;
}

async function measureRoute(url: string, headers: Record<string, string>, connections: number, durationMs: number): Promise<RouteStats> {
  const result = await autocannon({ url, headers, connections, duration: durationMs / 1000 });
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx + result.errors };
}

/**
 * An answer as the same-answer ceiling is held to it: its status, its body, and its headers but those that
 * differ from answer to answer (the date, the request id) or with the connection.
 */
async function comparableAnswer(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const response = await request(url, { headers });
  const body = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode}: ${body.slice(0, 300)}`);
  const { date: _date, 'x-request-id': _id, 'keep-alive': _keepAlive, connection: _connection, ...rest } = response.headers;
  return { status: response.statusCode, headers: Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))), body };
}

/** One journey by hand, keeping the session cookie the sign-in sets. */
export async function signIn(appUrl: string): Promise<string> {
  const created = await request(`${appUrl}/api/phone-check`, {
    method: 'POST',
    headers: { origin: appUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ phone_number: '+447700900001' }),
  });
  const flow = String(created.headers['set-cookie']).split(';')[0]!;
  const { data } = (await created.body.json()) as { data: { checkId: string; checkUrl: string } };
  const network = await request(data.checkUrl, { headers: { 'x-emulator-device': 'phone' } });
  await network.body.dump();
  const back = await request(String(network.headers.location), { headers: { cookie: flow } });
  await back.body.dump();
  const signedIn = await request(`${appUrl}/api/sign-in`, {
    method: 'POST',
    headers: { origin: appUrl, cookie: flow, 'content-type': 'application/json' },
    body: JSON.stringify({ checkId: data.checkId }),
  });
  await signedIn.body.dump();
  const cookies = ([] as string[]).concat(signedIn.headers['set-cookie'] ?? []);
  const session = cookies.map((c) => c.split(';')[0]!).find((c) => /session=./.test(c));
  if (signedIn.statusCode !== 200 || !session) throw new Error(`bench sign-in failed: ${signedIn.statusCode}`);
  const check = await request(`${appUrl}/api/session`, { headers: { cookie: session } });
  const body = (await check.body.json()) as { data?: { user?: unknown } };
  if (!body.data?.user) throw new Error('the bench session is not signed in');
  return session;
}

async function freshPostgresDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `simpass_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

function medianJourney(samples: JourneyStats[]): JourneyStats {
  const steps: JourneyStats['steps'] = {};
  for (const name of Object.keys(samples[0]?.steps ?? {})) {
    steps[name] = { p50: median(samples.map((s) => s.steps[name]?.p50 ?? NaN)), p99: median(samples.map((s) => s.steps[name]?.p99 ?? NaN)) };
  }
  const firstFailure = samples.find((s) => s.firstFailure)?.firstFailure;
  return {
    checksPerSecond: median(samples.map((s) => s.checksPerSecond)),
    cpuMsPerCheck: median(samples.map((s) => s.cpuMsPerCheck)),
    budget: {
      emulator: median(samples.map((s) => s.budget.emulator)),
      database: median(samples.map((s) => s.budget.database)),
      loadGenerator: median(samples.map((s) => s.budget.loadGenerator)),
      machine: median(samples.map((s) => s.budget.machine)),
    },
    upstreamPerCheck: median(samples.map((s) => s.upstreamPerCheck)),
    rssMiB: median(samples.map((s) => s.rssMiB)),
    failures: samples.reduce((sum, s) => sum + s.failures, 0),
    ...(firstFailure !== undefined ? { firstFailure } : {}),
    steps,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

export { repoRoot };
