// The server's passkey routes for the signed-in card (docs/architecture.md, "Passkeys"), over api.ts's
// one request path; signing in with a passkey has its own (passkey-sign-in-api.ts), on the first load.
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';
import { isRecord, request, shapeError } from '../api.js';
import { data } from './passkey-sign-in-api.js';

export interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

function parsePasskey(status: number, value: unknown): Passkey {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.name !== 'string' || typeof value.createdAt !== 'string') {
    throw shapeError(status, 'a passkey is not what it should be');
  }
  return { id: value.id, name: value.name, createdAt: value.createdAt, lastUsedAt: typeof value.lastUsedAt === 'string' ? value.lastUsedAt : null };
}

export async function listPasskeys(): Promise<{ passkeys: Passkey[]; offer: boolean }> {
  const { status, body } = await request('GET', '/api/passkeys');
  const answer = data(status, body);
  if (!Array.isArray(answer.passkeys)) throw shapeError(status, 'no passkeys list');
  return { passkeys: answer.passkeys.map((item) => parsePasskey(status, item)), offer: answer.offer === true };
}

export async function registrationOptions(): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { status, body } = await request('POST', '/api/passkeys/registration/options');
  return data(status, body).options as PublicKeyCredentialCreationOptionsJSON;
}

export async function addPasskey(credential: RegistrationResponseJSON): Promise<Passkey> {
  const { status, body } = await request('POST', '/api/passkeys', { credential });
  return parsePasskey(status, data(status, body).passkey);
}

export async function renamePasskey(id: string, name: string): Promise<Passkey> {
  const { status, body } = await request('PATCH', `/api/passkeys/${encodeURIComponent(id)}`, { name });
  return parsePasskey(status, data(status, body).passkey);
}

export async function removePasskey(id: string, options: { confirmLast: boolean }): Promise<void> {
  await request('DELETE', `/api/passkeys/${encodeURIComponent(id)}${options.confirmLast ? '?confirmLast=true' : ''}`);
}

export async function dismissOffer(): Promise<void> {
  await request('POST', '/api/passkeys/offer/dismiss');
}
