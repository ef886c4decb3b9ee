// The OpenID Connect provider's routes for this page (src/server/oidc/), over api.ts's one request path:
// the interaction the provider sent the browser here for, its three answers, and the person's consents.
import { isRecord, request, shapeError, str } from '../api.js';

export interface Interaction {
  uid: string;
  /** What the provider asks of the person: to sign in (again), or to agree to share. */
  prompt: 'login' | 'consent';
  client: {
    clientId: string;
    name: string;
    /** The host of the redirect_uri this request came with, when the server says it: where the answer goes. */
    redirectHost: string | null;
  };
  scopes: string[];
  claims: string[];
  /** amr: how the current Simpass session was proven, space-separated as the server sends it ("sim", "sim handoff", "passkey"), or null. */
  session: { signedIn: boolean; freshEnough: boolean; amr: string | null };
}

export interface Consent {
  clientId: string;
  name: string;
  scopes: string[];
  grantedAt: string;
}

/** The answers come bare or inside `data`, as the other routes send them. */
function payload(status: number, body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw shapeError(status, 'not an object');
  return isRecord(body.data) ? body.data : body;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function hostOf(uri: unknown): string | null {
  if (typeof uri !== 'string') return null;
  try {
    return new URL(uri).host;
  } catch {
    return null;
  }
}

export async function getInteraction(uid: string): Promise<Interaction> {
  const { status, body } = await request('GET', `/api/oidc/interaction/${encodeURIComponent(uid)}`);
  const data = payload(status, body);
  const client = isRecord(data.client) ? data.client : {};
  const session = isRecord(data.session) ? data.session : {};
  const redirectHost =
    (typeof client.redirectHost === 'string' ? client.redirectHost : null) ?? hostOf(client.redirectUri) ?? hostOf(data.redirectUri);
  return {
    uid: str(data, 'uid', status),
    prompt: data.prompt === 'consent' ? 'consent' : 'login',
    client: {
      clientId: str(client, 'clientId', status),
      name: typeof client.name === 'string' && client.name.trim() !== '' ? client.name : str(client, 'clientId', status),
      redirectHost,
    },
    scopes: strings(data.scopes),
    claims: strings(data.claims),
    session: { signedIn: session.signedIn === true, freshEnough: session.freshEnough === true, amr: typeof session.amr === 'string' ? session.amr : null },
  };
}

/** Where the provider sends the browser next (back to the application, or on to the consent step). The
 *  answers take no properties; an empty JSON object keeps the body a JSON body like every other POST. */
async function answer(uid: string, what: 'login' | 'consent' | 'abort'): Promise<string> {
  const { status, body } = await request('POST', `/api/oidc/interaction/${encodeURIComponent(uid)}/${what}`, {});
  return str(payload(status, body), 'redirectTo', status);
}

export const signInToInteraction = (uid: string): Promise<string> => answer(uid, 'login');
export const allow = (uid: string): Promise<string> => answer(uid, 'consent');
export const deny = (uid: string): Promise<string> => answer(uid, 'abort');

export async function listConsents(): Promise<Consent[]> {
  const { status, body } = await request('GET', '/api/oidc/consents');
  const data = payload(status, body);
  if (!Array.isArray(data.consents)) throw shapeError(status, 'no consents list');
  return data.consents.map((item): Consent => {
    if (!isRecord(item)) throw shapeError(status, 'a consent is not an object');
    const clientId = str(item, 'clientId', status);
    return {
      clientId,
      name: typeof item.name === 'string' && item.name.trim() !== '' ? item.name : clientId,
      scopes: strings(item.scopes),
      grantedAt: str(item, 'grantedAt', status),
    };
  });
}

export async function removeConsent(clientId: string): Promise<void> {
  await request('DELETE', `/api/oidc/consents/${encodeURIComponent(clientId)}`);
}
