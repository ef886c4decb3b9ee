// The whole product wired from real parts for tests: the emulator on an ephemeral port, the real
// tru.ID client pointed at it, and the Simpass server listening on real HTTP.
import { createServer } from 'node:net';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { buildApp } from '../../src/server/app.js';
import { loadServerConfig } from '../../src/server/config.js';
import { createMemoryFlowStore, type FlowStore } from '../../src/server/flow-store.js';
import { createEmulatorSimulation } from '../../src/server/simulation.js';
import { createTruIdClient, type CreateTruIdClientOptions, type TruIdClient } from '../../src/truid/index.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface Stack {
  /** http://localhost:PORT — the origin browsers and test requests use. */
  appUrl: string;
  emulator: RunningEmulator;
  truid: TruIdClient;
  app: FastifyInstance;
  flows: FlowStore;
  /** Everything the server logged, as text. */
  logs(): string;
  /** Moves the server's clock (the emulator has its own: emulator.control). */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

export interface StackOptions {
  env?: Record<string, string>;
  truidOptions?: Partial<Omit<CreateTruIdClientOptions, 'config'>>;
  emulatorMode?: boolean;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0, publicHost: 'localhost' });
  const truid = createTruIdClient({
    config: { clientId: emulator.credentials.clientId, clientSecret: emulator.credentials.clientSecret, baseUrl: emulator.url },
    ...options.truidOptions,
  });
  const port = await freePort();
  const config = loadServerConfig(
    { PORT: String(port), PUBLIC_URL: `http://localhost:${port}`, LOG_LEVEL: 'debug', ...options.env },
    { webRoot: `${repoRoot}dist/web` },
  );
  let offsetMs = 0;
  const logStream = new PassThrough();
  const logChunks: string[] = [];
  logStream.on('data', (chunk: Buffer) => logChunks.push(chunk.toString('utf8')));
  const flows = createMemoryFlowStore();
  const app = await buildApp({
    config,
    truid,
    truIdApiBaseUrl: emulator.url,
    flows,
    clock: () => new Date(Date.now() + offsetMs),
    simulation: options.emulatorMode === false ? null : createEmulatorSimulation(emulator.url),
    logger: { stream: logStream },
  });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    appUrl: config.publicUrl,
    emulator,
    truid,
    app,
    flows,
    logs: () => logChunks.join(''),
    advanceClock(ms) {
      offsetMs += ms;
    },
    async close() {
      await app.close();
      await truid.close();
      await emulator.close();
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
