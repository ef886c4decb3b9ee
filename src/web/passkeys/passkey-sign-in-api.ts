// Signing in with a passkey (docs/architecture.md, "Passkeys"), over api.ts's one request path: on the
// first load, since the browser's autofill starts there. The signed-in card's routes are in passkey-api.ts.
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { isRecord, parseUser, request, shapeError, type User } from '../api.js';

/** The `data` of an answer, which every passkey route sends. */
export function data(status: number, body: unknown): Record<string, unknown> {
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
