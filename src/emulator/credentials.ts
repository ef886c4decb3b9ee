// The emulator's own project credentials, and the tru.json-shaped file the tru CLI would have written
// (truid-api.md, "Hosts and credentials"), so the server finds them exactly as it would real ones.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdir, writeFile, chmod } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PROJECT_SCOPES } from './tokens.js';

export interface ProjectCredentials {
  clientId: string;
  clientSecret: string;
}

export function generateCredentials(): ProjectCredentials {
  return { clientId: randomUUID(), clientSecret: randomBytes(24).toString('base64url') };
}

export function credentialsMatch(expected: ProjectCredentials, given: ProjectCredentials): boolean {
  const a = Buffer.from(`${expected.clientId}:${expected.clientSecret}`);
  const b = Buffer.from(`${given.clientId}:${given.clientSecret}`);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function writeCredentialsFile(path: string, credentials: ProjectCredentials, now: number): Promise<void> {
  const createdAt = new Date(now).toISOString();
  const file = {
    project_id: randomUUID(),
    name: 'simpass-emulator',
    created_at: createdAt,
    credentials: [
      { client_id: credentials.clientId, client_secret: credentials.clientSecret, scopes: [...PROJECT_SCOPES], created_at: createdAt },
    ],
    data_residency: 'eu',
  };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode only applies when it creates the file; an older file keeps its mode otherwise.
  await chmod(path, 0o600);
}
