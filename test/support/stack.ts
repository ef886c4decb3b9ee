// The whole product wired from real parts for tests: the emulator on an ephemeral port, the real
// tru.ID client pointed at it, and the Simpass server listening on real HTTP.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { buildApp, type AppDeps } from '../../src/server/app.js';
import { loadServerConfig, metricsEnabled } from '../../src/server/config.js';
import { logDestination } from '../../src/server/log-destination.js';
import { startMetricsListener, type MetricsListener } from '../../src/server/metrics/metrics-endpoint.js';
import { createMetrics, type Metrics } from '../../src/server/metrics/metrics.js';
import { connectRedis, createRedisClient } from '../../src/server/rate-limits/redis-client.js';
import { openDatabase, type OpenedDatabase } from '../../src/server/storage/database.js';
import { dropSchema } from '../../src/server/storage/test-databases.js';
import { createEmulatorSimulation } from '../../src/server/simulation.js';
import { createTruIdClient, type CreateTruIdClientOptions, type TruIdClient } from '../../src/truid/index.js';
import { describeWhenAvailable } from './requirements.js';
import { freePort } from './free-port.js';

export { freePort };

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface Stack {
  /** http://localhost:PORT — the origin browsers and test requests use. */
  appUrl: string;
  emulator: RunningEmulator;
  truid: TruIdClient;
  app: FastifyInstance;
  database: OpenedDatabase;
  /** The server's Redis client when the env sets REDIS_URL. */
  redis: Redis | null;
  /** Everything the server logged, as text. */
  logs(): string;
  /** With METRICS_TOKEN or METRICS_PORT in `env`, as main.ts makes them (the tru.ID client reports into them). */
  metrics: Metrics | null;
  /** With METRICS_PORT: the separate listener, e.g. http://127.0.0.1:PORT. */
  metricsUrl: string | null;
  /** Moves the server's clock (the emulator has its own: emulator.control). */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

/**
 * Rate limits off: most tests start many checks for the same number from 127.0.0.1, and are about
 * something else. startStack uses this unless `env` sets a limit; the limits have their own tests
 * (src/server/rate-limits/), and every server process a test starts says so in its env.
 */
export const NO_RATE_LIMITS: Readonly<Record<string, string>> = {
  RATE_LIMIT_CHECKS_PER_IP: 'off',
  RATE_LIMIT_CHECKS_PER_NUMBER: 'off',
  RATE_LIMIT_SIGN_INS_PER_IP: 'off',
  RATE_LIMIT_HANDOFFS_PER_IP: 'off',
  RATE_LIMIT_PASSKEY_SIGN_INS_PER_IP: 'off',
  SPEND_CAP_CHECKS_PER_DAY: 'off',
};

export interface StackOptions {
  /** Over NO_RATE_LIMITS and the stack's own defaults. */
  env?: Record<string, string>;
  truidOptions?: Partial<Omit<CreateTruIdClientOptions, 'config'>>;
  emulatorMode?: boolean;
  /** Where the simulation panel's API goes; default the stack's own emulator. */
  simulationUrl?: string;
  /** SQLite in a fresh temp file (default), or PostgreSQL at TEST_DATABASE_URL in a fresh schema. */
  dialect?: 'sqlite' | 'postgres';
  /** 'pretty': the server logs as it does to a terminal (log-destination.ts); default JSON lines. */
  logFormat?: 'json' | 'pretty';
  /** Sees every route the app adds (buildApp's onRoute). */
  onRoute?: AppDeps['onRoute'];
  /** Listen on this port (e.g. a restarted server on its predecessor's port); default a free one. */
  port?: number;
  /** The emulator's callback signing key (PEM), for tests that sign callbacks of their own with it. */
  emulator?: Pick<EmulatorOptions, 'callbackKeyPem'>;
  /** Another database than a fresh one (e.g. PostgreSQL behind a proxy the test can cut); the caller removes it. */
  database?: { databaseUrl?: string; sqliteFile?: string; schema?: string };
  /** Sees the SQL text of every statement the server runs (openDatabase's onQuery). */
  onQuery?: (sql: string) => void;
}

/** A fresh, empty database of the given kind, and how to remove it. */
export async function freshDatabase(
  dialect: 'sqlite' | 'postgres',
): Promise<{ options: { databaseUrl?: string; sqliteFile?: string; schema?: string }; dispose(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'simpass-test-'));
    return { options: { sqliteFile: join(dir, 'simpass.db') }, dispose: () => rm(dir, { recursive: true, force: true }) };
  }
  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) throw new Error('TEST_DATABASE_URL is not set: cannot run a PostgreSQL test');
  const schema = `simpass_test_${randomBytes(6).toString('hex')}`;
  return {
    options: { databaseUrl, schema },
    dispose: () => dropSchema(databaseUrl, schema),
  };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0, publicHost: 'localhost', ...options.emulator });
  const port = options.port ?? (await freePort());
  const config = loadServerConfig(
    { PORT: String(port), PUBLIC_URL: `http://localhost:${port}`, LOG_LEVEL: 'debug', ...NO_RATE_LIMITS, ...options.env },
    { webRoot: `${repoRoot}dist/web`, databaseFile: 'unused' },
  );
  // Node's process metrics stay out: they watch the whole test process, whichever stack runs.
  const metrics = metricsEnabled(config.metrics) ? createMetrics({ processMetrics: false }) : null;
  const truid = createTruIdClient({
    config: { clientId: emulator.credentials.clientId, clientSecret: emulator.credentials.clientSecret, baseUrl: emulator.url },
    ...(metrics ? { observer: metrics.truIdObserver } : {}),
    ...options.truidOptions,
  });
  const fresh = options.database
    ? { options: options.database, dispose: () => Promise.resolve() }
    : await freshDatabase(options.dialect ?? 'sqlite');
  const database = await openDatabase({ ...fresh.options, ...(options.onQuery ? { onQuery: options.onQuery } : {}) });
  const redis = config.redisUrl ? createRedisClient(config.redisUrl) : null;
  let offsetMs = 0;
  const logStream: PassThrough & { isTTY?: boolean } = new PassThrough();
  const logChunks: string[] = [];
  logStream.on('data', (chunk: Buffer) => logChunks.push(chunk.toString('utf8')));
  const logFormat = options.logFormat ?? 'json';
  logStream.isTTY = logFormat === 'pretty';
  const logs = await logDestination(logStream);
  if (logs.format !== logFormat) throw new Error(`asked for ${logFormat} logs, got ${logs.format}: ${logs.notice ?? ''}`);
  const app = await buildApp({
    config,
    truid,
    truIdApiBaseUrl: emulator.url,
    db: database.db,
    redis,
    clock: () => new Date(Date.now() + offsetMs),
    simulation: options.emulatorMode === false ? null : createEmulatorSimulation(options.simulationUrl ?? emulator.url),
    logger: { stream: logs.stream },
    metrics,
    ...(options.onRoute ? { onRoute: options.onRoute } : {}),
  }).catch(async (error: unknown) => {
    // A start refused (e.g. a bad OIDC_CLIENTS_FILE) must not leave the emulator and database open.
    redis?.disconnect();
    await truid.close();
    await emulator.close();
    await database.close();
    await fresh.dispose();
    throw error;
  });
  const metricsListener: MetricsListener | null =
    metrics && config.metrics.port !== null ? await startMetricsListener(metrics.registry, { host: config.metrics.host, port: config.metrics.port }) : null;
  if (redis && !(await connectRedis(redis))) throw new Error(`cannot reach Redis for the test stack (REDIS_URL)`);
  await app.listen({ port, host: '127.0.0.1' });
  return {
    appUrl: config.publicUrl,
    emulator,
    truid,
    app,
    database,
    redis,
    metrics,
    metricsUrl: metricsListener?.url ?? null,
    logs: () => logChunks.join(''),
    advanceClock(ms) {
      offsetMs += ms;
    },
    async close() {
      await metricsListener?.close();
      await app.close();
      redis?.disconnect();
      await truid.close();
      await emulator.close();
      await database.close();
      await fresh.dispose();
    },
  };
}

/**
 * `describe` once per database we ship for, `%s` in the title naming it: SQLite always; PostgreSQL at
 * TEST_DATABASE_URL, and without it that half is skipped visibly, or fails in CI (CI set): a change
 * must never pass CI having been proven on one database only.
 */
export function describeOnEachDialect(title: string, body: (dialect: 'sqlite' | 'postgres') => void): void {
  describeWhenAvailable(title.replace('%s', 'sqlite'), { missing: undefined, fix: '' }, () => body('sqlite'));
  describeWhenAvailable(
    title.replace('%s', 'postgres'),
    {
      missing: process.env.TEST_DATABASE_URL ? undefined : 'TEST_DATABASE_URL is not set',
      fix: 'set TEST_DATABASE_URL=postgres://user@host:5432/db so the PostgreSQL half runs',
    },
    () => body('postgres'),
  );
}
