// Test support (no production code imports it): a started emulator plus small helpers that speak to it
// over real HTTP the way a server (bearer API), a device (check_url) and a test (admin API) would.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './index.js';

export interface Sent {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export interface Harness {
  emulator: RunningEmulator;
  url: string;
  token(scope?: string): Promise<string>;
  api(method: string, path: string, options?: { body?: unknown; token?: string; contentType?: string; device?: string }): Promise<Sent>;
  admin(method: string, path: string, body?: unknown): Promise<Sent>;
  /** The device opens check_url (redirect: 'manual', X-Emulator-Device). */
  open(checkUrl: string, device?: string): Promise<Sent>;
  /** Creates a check with a token for the product's scope; returns the 201 body. */
  create(path: string, body: Record<string, unknown>): Promise<{ check_id: string; _links: { self: { href: string }; check_url: { href: string } } }>;
  close(): Promise<void>;
}

async function read(response: Response): Promise<Sent> {
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, text, body: type.includes('json') && text !== '' ? (JSON.parse(text) as unknown) : text };
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0, ...options });
  const basic = Buffer.from(`${emulator.credentials.clientId}:${emulator.credentials.clientSecret}`).toString('base64');
  const tokens = new Map<string, string>();

  const harness: Harness = {
    emulator,
    url: emulator.url,
    async token(scope = 'phone_check subscriber_check sim_check coverage') {
      const cached = tokens.get(scope);
      if (cached) return cached;
      const response = await fetch(`${emulator.url}/oauth2/v1/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
      });
      if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
      const { access_token } = (await response.json()) as { access_token: string };
      tokens.set(scope, access_token);
      return access_token;
    },
    async api(method, path, { body, token, contentType, device } = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${token ?? (await harness.token())}` };
      if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
      if (device !== undefined) headers['x-emulator-device'] = device;
      const url = path.startsWith('http') ? path : emulator.url + path;
      return read(await fetch(url, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) }));
    },
    async admin(method, path, body) {
      return read(
        await fetch(emulator.url + path, {
          method,
          ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
        }),
      );
    },
    async open(checkUrl, device = 'phone') {
      return read(await fetch(checkUrl, { redirect: 'manual', headers: { 'x-emulator-device': device } }));
    },
    async create(path, body) {
      const sent = await harness.api('POST', path, { body });
      if (sent.status !== 201) throw new Error(`create ${path}: ${sent.status} ${sent.text}`);
      return sent.body as { check_id: string; _links: { self: { href: string }; check_url: { href: string } } };
    },
    async close() {
      await emulator.close();
    },
  };
  return harness;
}

/** The code (or error) the device brings back from a v0.2 check_url redirect. */
export function redirectParams(sent: Sent): URLSearchParams {
  const location = sent.headers.get('location');
  if (!location) throw new Error(`no Location (status ${sent.status}): ${sent.text}`);
  return new URL(location).searchParams;
}

export const patchBody = (code: string): unknown[] => [{ op: 'add', path: '/code', value: code }];
export const JSON_PATCH = 'application/json-patch+json';

/**
 * The usual arrangement for a test file: one emulator for the file, reset to its start state before
 * each test, closed after. Returns a getter because the harness exists only once `beforeAll` ran.
 */
export function useHarness(options: EmulatorOptions = {}): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(options);
  });
  beforeEach(async () => {
    await harness!.admin('POST', '/_emulator/reset');
  });
  afterAll(async () => harness?.close());
  return () => harness!;
}
