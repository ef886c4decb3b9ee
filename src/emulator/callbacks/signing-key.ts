// The emulator's callback signing key and the JWKS that publishes it (`/.well-known/jwks.json`, where
// tru.ID's dev-server looks: `${apiBaseUrl}/.well-known/jwks.json` through jwks-rsa). One RSA key,
// generated at start or loaded from a PEM file; `kid` is its RFC 7638 thumbprint, so a loaded key keeps
// its id across restarts.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface CallbackSigningKey {
  readonly privateKey: KeyObject;
  /** The `keyId` in every callback's Signature and the `kid` in the JWKS. */
  readonly keyId: string;
  /** `{ keys: [ … ] }` as served. */
  readonly jwks: { keys: PublicJwk[] };
}

/** An RSA public key as JSON Web Key (RFC 7517), with what jwks-rsa filters on: `kid`, `use: "sig"`, `kty: "RSA"`. */
export interface PublicJwk {
  kty: 'RSA';
  use: 'sig';
  alg: 'RS256';
  kid: string;
  n: string;
  e: string;
}

/** A fresh 2048-bit key, or the PKCS#8/PKCS#1 PEM given. */
export function callbackSigningKey(privateKeyPem?: string): CallbackSigningKey {
  const privateKey = privateKeyPem === undefined ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('the callback signing key must be an RSA key (callbacks are signed rsa-sha256)');
  const { n, e } = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof n !== 'string' || typeof e !== 'string') throw new Error('could not read the RSA public key');
  // RFC 7638 §3: SHA-256 over the required members in lexicographic order, no whitespace.
  const keyId = createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('base64url');
  return { privateKey, keyId, jwks: { keys: [{ kty: 'RSA', use: 'sig', alg: 'RS256', kid: keyId, n, e }] } };
}
