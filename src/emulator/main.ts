// `npm run emulator -- --port 4010 [--host 127.0.0.1] [--network file.json] [--credentials-file .emulator/tru.json] [--callback-key key.pem]`
// Runs the emulator alone; configuration is read here, once.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadNetworkFile, startEmulator } from './index.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.EMULATOR_PORT ?? '4010' },
      host: { type: 'string', default: process.env.EMULATOR_HOST ?? '127.0.0.1' },
      network: { type: 'string', default: process.env.EMULATOR_NETWORK_FILE },
      'credentials-file': { type: 'string', default: process.env.EMULATOR_CREDENTIALS_FILE ?? '.emulator/tru.json' },
      'client-id': { type: 'string', default: process.env.EMULATOR_CLIENT_ID },
      'client-secret': { type: 'string', default: process.env.EMULATOR_CLIENT_SECRET },
      'callback-key': { type: 'string', default: process.env.EMULATOR_CALLBACK_KEY_FILE },
      log: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);
  const clientId = values['client-id'];
  const clientSecret = values['client-secret'];
  if ((clientId === undefined) !== (clientSecret === undefined)) throw new Error('Give both --client-id and --client-secret, or neither');
  const credentialsFile = resolve(values['credentials-file']);

  const emulator = await startEmulator({
    host: values.host,
    port,
    credentialsFile,
    logger: values.log,
    ...(values.network !== undefined ? { network: await loadNetworkFile(values.network) } : {}),
    ...(clientId !== undefined && clientSecret !== undefined ? { credentials: { clientId, clientSecret } } : {}),
    ...(values['callback-key'] !== undefined ? { callbackKeyPem: await readFile(values['callback-key'], 'utf8') } : {}),
  });
  console.log(`tru.ID emulator listening on ${emulator.url}`);
  console.log(`credentials (tru.json shape) written to ${credentialsFile}`);
  console.log(`admin API: ${emulator.url}/_emulator/network`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing the emulator`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
