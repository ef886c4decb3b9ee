// The server's passkey routes (docs/architecture.md, "Passkeys"), over api.ts's one request path.
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';
import { isRecord, parseUser, request, shapeError, type User } from '../api.js';

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

function data(status: number, body: unknown): Record<string, unknown> {
  if (!isRecord(body) || !isRecord(body.data)) throw shapeError(status, 'no data');
  return body.data;
}

export async function signInOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { status, body } = await request('POST', '/api/passkeys/sign-in/options');
  return data(status, body).options as PublicKeyCredentialRequestOptionsJSON;
}

export async function signIn(credential: AuthenticationResponseJSON): Promise<{ user: User; message: string | undefined }> {
  const { status, body } = await request('POST', '/api/passkeys/sign-in', { credential });
  const message = isRecord(body) && typeof body.message === 'string' ? body.message : undefined;
  return { user: parseUser(status, data(status, body).user), message };
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
