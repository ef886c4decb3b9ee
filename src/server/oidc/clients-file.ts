// The relying parties allowed to use the provider: OIDC_CLIENTS_FILE, a JSON array of client metadata
// as in OpenID Connect Dynamic Client Registration (client_id, client_secret or
// token_endpoint_auth_method "none", redirect_uris, post_logout_redirect_uris, client_name). Read and
// checked once at start; anything wrong stops the start with the file and the problem named. In
// emulator mode without a file, the demo client (demo-client.ts) is the one client.
import { readFile } from 'node:fs/promises';
import type { ClientMetadata } from 'oidc-provider';
import { ServerConfigError } from '../config.js';
import { demoClient } from './demo-client.js';

export const CLIENTS_FILE_VARIABLE = 'OIDC_CLIENTS_FILE';

export async function loadOidcClients(options: {
  file: string | undefined;
  emulator: boolean;
  demoRedirectUri?: string | undefined;
}): Promise<ClientMetadata[]> {
  if (!options.file) return options.emulator ? [demoClient(options.demoRedirectUri)] : [];
  const file = options.file;
  const refuse = (problem: string) => new ServerConfigError(CLIENTS_FILE_VARIABLE, `${file}: ${problem}`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw refuse(code === 'ENOENT' ? 'no such file. Give the path of a JSON file listing your applications, or unset it.' : `cannot be read (${code ?? String(error)}).`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw refuse(`is not JSON (${(error as Error).message}).`);
  }
  if (!Array.isArray(parsed)) throw refuse('must hold a JSON array of client metadata objects, e.g. [{"client_id": "my-app", …}].');
  const seen = new Set<string>();
  return parsed.map((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw refuse(`entry ${index + 1} is not an object.`);
    const clientId = (entry as { client_id?: unknown }).client_id;
    if (typeof clientId !== 'string' || clientId.trim() === '') throw refuse(`entry ${index + 1} has no client_id.`);
    if (seen.has(clientId)) throw refuse(`client_id "${clientId}" appears more than once.`);
    seen.add(clientId);
    return entry as ClientMetadata;
  });
}

/** oidc-provider's verdict on one client's metadata, in words naming the file and the client. */
export function invalidClientError(file: string | undefined, clientId: string, error: unknown): ServerConfigError {
  const described = error as { error_description?: unknown; message?: unknown };
  const why = typeof described.error_description === 'string' ? described.error_description : String(described.message ?? error);
  return new ServerConfigError(CLIENTS_FILE_VARIABLE, `${file ?? 'the demo client'}: client "${clientId}" is not valid: ${why}.`);
}
