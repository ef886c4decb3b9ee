// Is this request a callback tru.ID signed? HTTP Signatures (draft-cavage) as tru.ID documents them
// (products.yaml callbacks; models/common/Headers.v1.yaml x-tru-security): `Authorization: Signature
// keyId=…,algorithm="rsa-sha256",headers="(request-target) host date x-tru-callback digest",signature=…`.
// Parsed by `http-signature`, the library tru.ID's own dev-server verifies callbacks with, so what it
// accepts we accept; on top of what the dev-server checks, we also insist on:
// - exactly rsa-sha256, and all five headers signed (no downgrade to a signature over `date` alone);
// - a Date within CLOCK_SKEW_MS of our clock (a captured callback cannot be replayed for long);
// - a Digest that is the SHA-256 of the body we received (the signature covers the Digest header, the
//   Digest covers the body: without this check the body could be anything).
import { createHash } from 'node:crypto';
import type { ClientRequest, IncomingHttpHeaders } from 'node:http';
import httpSignature from 'http-signature';
import { FlowError } from '../errors.js';
import { TruIdKeysUnavailableError, type TruIdKeys } from './truid-keys.js';

export const SIGNED_HEADERS = ['(request-target)', 'host', 'date', 'x-tru-callback', 'digest'] as const;
/** The same bound http-signature applies by default (clockSkew 300 s), but on our (injectable) clock. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface ReceivedRequest {
  method: string;
  /** The request target exactly as received (path and query): what `(request-target)` signs. */
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

export interface VerifiedSignature {
  keyId: string;
  /** The base64 signature: unique per signed message, so it names the message for replay detection. */
  signature: string;
  /** The signed Date. */
  date: Date;
}

// @types/http-signature names the wrong request type (a ClientRequest) and leaves out what parseRequest returns.
type Parsed = ReturnType<typeof httpSignature.parseRequest> & { algorithm: string; keyId: string; params: { signature: string } };

export async function verifyCallbackSignature(request: ReceivedRequest, keys: TruIdKeys, now: Date): Promise<VerifiedSignature> {
  let parsed: Parsed;
  try {
    parsed = httpSignature.parseRequest({ method: request.method, url: request.url, headers: request.headers } as unknown as ClientRequest, {
      headers: SIGNED_HEADERS,
      algorithms: ['rsa-sha256'],
      strict: true,
      // Freshness is checked below against our clock, not the library's Date.now().
      clockSkew: Number.MAX_SAFE_INTEGER,
    }) as Parsed;
  } catch (error) {
    throw new FlowError('callback_signature_invalid', `This request is not signed the way tru.ID signs callbacks (${describe(error)}).`);
  }

  const date = new Date(String(request.headers.date));
  if (Number.isNaN(date.getTime()) || Math.abs(now.getTime() - date.getTime()) > CLOCK_SKEW_MS) {
    throw new FlowError('callback_stale', `The callback's Date is missing or more than ${CLOCK_SKEW_MS / 60_000} minutes from our clock.`);
  }
  if (!digestMatches(request.headers.digest, request.rawBody)) {
    throw new FlowError('callback_digest_mismatch', 'The callback body is not the one its Digest header names.');
  }
  const publicKey = await publicKeyOf(keys, parsed.keyId);
  if (publicKey === undefined) throw new FlowError('callback_key_unknown', 'The callback names a signing key tru.ID does not publish.');
  if (!httpSignature.verifySignature(parsed, publicKey)) {
    throw new FlowError('callback_signature_invalid', 'The callback signature does not verify with tru.ID’s key.');
  }
  return { keyId: parsed.keyId, signature: parsed.params.signature, date };
}

/**
 * `Digest: SHA-256=<base64>` (RFC 3230, and "Base64 encoded" in Headers.v1.yaml); the same file's
 * example writes `SHA-256=hex(SHA256(Body))`, so a hex value is accepted too — either names the same
 * 256 bits, and the header itself is covered by the signature.
 */
function digestMatches(header: string | string[] | undefined, body: Buffer): boolean {
  if (typeof header !== 'string') return false;
  const sha256 = createHash('sha256').update(body).digest();
  return header.split(',').some((part) => {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim().toLowerCase() !== 'sha-256') return false;
    const value = part.slice(separator + 1).trim();
    return value === sha256.toString('base64') || value.toLowerCase() === sha256.toString('hex');
  });
}

async function publicKeyOf(keys: TruIdKeys, keyId: string): Promise<string | undefined> {
  try {
    return await keys.publicKeyPem(keyId);
  } catch (error) {
    if (!(error instanceof TruIdKeysUnavailableError)) throw error;
    // Not a verdict on the callback: tru.ID retries it, and by then its key set answers again.
    throw new FlowError('callback_keys_unavailable', 'tru.ID’s signing keys cannot be fetched right now, so this callback cannot be checked; send it again later.', undefined, {
      cause: error,
      retryAfterSeconds: 10,
    });
  }
}

function describe(error: unknown): string {
  // http-signature's messages name headers and parameters, never their values.
  return error instanceof Error ? error.message.slice(0, 200) : 'unreadable signature';
}
