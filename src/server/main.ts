// `npm start`: reads configuration once, picks the real tru.ID API when credentials are configured
// (tru.json or TRU_ID_* variables) and otherwise starts the embedded emulator, then serves the app.
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/index.js';
import { createTruIdClient, loadTruIdConfig, type TruIdConfig } from '../truid/index.js';
import { buildApp } from './app.js';
import { loadServerConfig, metricsEnabled } from './config.js';
import { startHousekeeping } from './housekeeping.js';
import { logDestination } from './log-destination.js';
import { startMetricsListener, type MetricsListener } from './metrics/metrics-endpoint.js';
import { createMetrics } from './metrics/metrics.js';
import { connectRedis, createRedisClient } from './rate-limits/redis-client.js';
import { createEmulatorSimulation, type Simulation } from './simulation.js';
import { openDatabase } from './storage/database.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

async function main(): Promise<void> {
  const config = loadServerConfig(process.env, { webRoot: `${repoRoot}dist/web`, databaseFile: `${repoRoot}data/simpass.db` });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: config.databaseFile,
    ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
    maxConnections: config.databasePoolSize,
    preparedStatements: config.databasePreparedStatements,
  });
  let truIdConfig: TruIdConfig | null = loadTruIdConfig({ env: process.env, cwd: process.cwd() });
  let simulation: Simulation | null = null;
  let closeEmulator: (() => Promise<void>) | undefined;

  if (!truIdConfig) {
    const emulator = await startEmulator({
      host: '127.0.0.1',
      publicHost: 'localhost',
      port: config.emulatorPort,
      credentialsFile: `${repoRoot}.emulator/tru.json`,
    });
    closeEmulator = () => emulator.close();
    truIdConfig = loadTruIdConfig({
      env: { TRU_ID_CONFIG_FILE: `${repoRoot}.emulator/tru.json`, TRU_ID_BASE_URL: emulator.url },
      cwd: repoRoot,
    });
    if (!truIdConfig) throw new Error('the embedded emulator wrote no credentials');
    simulation = createEmulatorSimulation(emulator.url);
  }

  // Made before the tru.ID client, which reports its calls into them.
  const metrics = metricsEnabled(config.metrics) ? createMetrics() : null;
  const truid = createTruIdClient({ config: truIdConfig, ...(metrics ? { observer: metrics.truIdObserver } : {}) });
  // Readable lines in a terminal, JSON lines otherwise.
  const logs = await logDestination(process.stdout);
  const redis = config.redisUrl ? createRedisClient(config.redisUrl) : null;
  const app = await buildApp({
    config,
    truid,
    truIdApiBaseUrl: truIdConfig.baseUrl,
    db: database.db,
    redis,
    simulation,
    logger: { stream: logs.stream },
    metrics,
  });
  if (logs.notice) app.log.info(logs.notice);
  // After buildApp, which watches the connection and logs an outage (this one included) once.
  if (redis) await connectRedis(redis);
  const stopHousekeeping = startHousekeeping(database.db, {
    clock: () => new Date(),
    log: app.log,
    auditRetentionDays: config.auditRetentionDays,
  });

  let metricsListener: MetricsListener | undefined;
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    // app.close() waits for requests in flight; one that never ends (a client that stops sending
    // its body, an upstream that hangs) must not keep a stopped server alive for minutes.
    const deadline = setTimeout(() => {
      app.log.error(
        { signal, shutdownTimeoutSeconds: config.shutdownTimeoutSeconds },
        `shutdown did not finish within ${config.shutdownTimeoutSeconds} s; exiting with requests still open`,
      );
      process.exit(1);
    }, config.shutdownTimeoutSeconds * 1000);
    try {
      stopHousekeeping();
      await metricsListener?.close();
      await app.close();
      await truid.close();
      redis?.disconnect();
      await database.close();
      await closeEmulator?.();
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    clearTimeout(deadline);
    process.exit(0);
  };
  process.once('SIGINT', (s) => void shutdown(s));
  process.once('SIGTERM', (s) => void shutdown(s));

  if (metrics && config.metrics.port !== null) {
    metricsListener = await startMetricsListener(metrics.registry, { host: config.metrics.host, port: config.metrics.port });
    app.log.info(`metrics: ${metricsListener.url}/metrics (METRICS_PORT)`);
  }
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    simulation
      ? `Simpass on ${config.publicUrl} — EMULATOR mode (tru.ID emulator at ${truIdConfig.baseUrl}); configure tru.ID credentials to go live; storage: ${database.dialect}`
      : `Simpass on ${config.publicUrl} — live tru.ID at ${truIdConfig.baseUrl} (credentials from ${truIdConfig.source}); storage: ${database.dialect}`,
  );
  if (config.metrics.token) app.log.info('metrics: GET /metrics on the main port, with the bearer token in METRICS_TOKEN');
  app.log.info(redis ? 'rate limits: counted in Redis, shared by every instance' : 'rate limits: counted in this process (set REDIS_URL to share them across instances)');
}

main().catch((error: unknown) => {
  // Configuration errors already name the variable or file and the fix; print them plainly.
  console.error(explain(error));
  process.exit(1);
});

function explain(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, port } = error as Error & { code?: string; port?: number };
  if (code === 'EADDRINUSE') {
    return `Port ${port ?? ''} is already in use (${error.message}). Stop what is using it, or choose another with PORT=… (the app) EMULATOR_PORT=… (the embedded emulator) or METRICS_PORT=… (the metrics listener).`;
  }
  return error.message;
}
