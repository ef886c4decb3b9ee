// The emulator's public entry (docs/architecture.md, "The emulator"): build it for `inject`, or start it
// on a port. The server embeds it in emulator mode; tests start one per file.
import type { FastifyInstance } from 'fastify';
import { buildEmulatorApp } from './app.js';
import { callbackSigningKey } from './callbacks/signing-key.js';
import { createEmulatorCore, type EmulatorControl } from './control.js';
import { generateCredentials, writeCredentialsFile, type ProjectCredentials } from './credentials.js';
import { defaultNetwork, type NetworkDefinition } from './network.js';

export type { EmulatorControl } from './control.js';
export type { Device, NetworkDefinition, Operator, PhoneCheckErrorCode } from './network.js';
export type { EmulatorStats } from './stats.js';
export type { Fault, FaultSpec, FaultKind } from './faults.js';
export { defaultNetwork, MNO_ERROR_CODES, PHONE_CHECK_ERROR_CODES } from './network.js';
export { loadNetworkFile } from './network-file.js';
export { DEVICE_HEADER } from './attribution.js';

export interface EmulatorOptions {
  /** startEmulator only; default 127.0.0.1. */
  host?: string;
  /** startEmulator only: the host name in `url` and `_links` (e.g. "localhost" to match the app's origin); default the bind host. */
  publicHost?: string;
  /** startEmulator only; 0 (default) = ephemeral. */
  port?: number;
  network?: NetworkDefinition;
  credentials?: ProjectCredentials;
  /** ms since epoch; default Date.now. */
  clock?: () => number;
  checkTtlSeconds?: number;
  tokenTtlSeconds?: number;
  /** startEmulator only: write a tru.json-shaped file there once listening. */
  credentialsFile?: string;
  logger?: boolean;
  /** PEM of the RSA key that signs check callbacks (published at /.well-known/jwks.json); default a fresh key. */
  callbackKeyPem?: string;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:4010, the origin in every `_links` href. */
  url: string;
  credentials: ProjectCredentials;
  control: EmulatorControl;
  close(): Promise<void>;
}

async function build(opts: EmulatorOptions, origin: () => string | undefined) {
  const clock = opts.clock ?? Date.now;
  const credentials = opts.credentials ?? generateCredentials();
  const { state, control } = createEmulatorCore({
    network: opts.network ?? defaultNetwork(clock()),
    credentials,
    clock,
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 3600,
    checkTtlSeconds: opts.checkTtlSeconds ?? 120,
    callbackKey: callbackSigningKey(opts.callbackKeyPem),
  });
  const app = await buildEmulatorApp({ state, control, logger: opts.logger ?? false, origin });
  // Expiry and callback retries follow the clock, not requests: a real-time tick drives them.
  const tick = setInterval(() => state.callbacks.pump(), 1000);
  tick.unref();
  app.addHook('onClose', async () => {
    clearInterval(tick);
    state.callbacks.stop();
    return Promise.resolve();
  });
  return { app, control, credentials };
}

/** The app without a listener (use `app.inject`); `_links` then use the request's Host. */
export async function buildEmulator(
  opts: EmulatorOptions = {},
): Promise<{ app: FastifyInstance; control: EmulatorControl; credentials: ProjectCredentials }> {
  return build(opts, () => undefined);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const links: { origin?: string } = {};
  const { app, control, credentials } = await build(opts, () => links.origin);
  await app.listen({ host, port: opts.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (opts.port ?? 0);
  // A wildcard bind is not an address a browser can use; links then name loopback.
  const named = opts.publicHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
  const linkHost = named.includes(':') ? `[${named}]` : named;
  const url = `http://${linkHost}:${port}`;
  links.origin = url;
  if (opts.credentialsFile !== undefined) {
    try {
      await writeCredentialsFile(opts.credentialsFile, credentials, Date.now());
    } catch (error) {
      await app.close();
      throw error;
    }
  }
  return { url, credentials, control, close: () => app.close() };
}
