// How a callback is signed: HTTP Signatures (draft-cavage-http-signatures), as tru.ID describes in
// models/common/Headers.v1.yaml (x-tru-security): `Authorization: Signature keyId="…",algorithm="rsa-sha256",
// headers="(request-target) host date x-tru-callback digest",signature="…"`, with `Digest: SHA-256=<base64>`
// (RFC 3230) over the exact body bytes and `Date` in IMF-fixdate (RFC 9110 §5.6.7).
import { createHash, sign } from 'node:crypto';
import type { CallbackSigningKey } from './signing-key.js';

export const SIGNED_HEADERS = ['(request-target)', 'host', 'date', 'x-tru-callback', 'digest'] as const;

export type CallbackProduct = 'phone_check' | 'subscriber_check';

export interface SignedCallback {
  headers: Record<string, string>;
  body: string;
}

/** The headers and body of one POST to `url`, signed at `now` (the emulator's clock). */
export function signCallback(key: CallbackSigningKey, url: string, product: CallbackProduct, payload: unknown, now: number): SignedCallback {
  const target = new URL(url);
  const body = JSON.stringify(payload);
  const values: Record<(typeof SIGNED_HEADERS)[number], string> = {
    // draft-cavage §2.3: lowercased method, a space, the path and query as sent.
    '(request-target)': `post ${target.pathname}${target.search}`,
    // What fetch sends as Host: the URL's host, with the port when it is not the scheme's default.
    host: target.host,
    date: new Date(now).toUTCString(),
    'x-tru-callback': product,
    digest: `SHA-256=${createHash('sha256').update(body).digest('base64')}`,
  };
  const signingString = SIGNED_HEADERS.map((name) => `${name}: ${values[name]}`).join('\n');
  const signature = sign('sha256', Buffer.from(signingString), key.privateKey).toString('base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      date: values.date,
      'x-tru-callback': product,
      digest: values.digest,
      authorization: `Signature keyId="${key.keyId}",algorithm="rsa-sha256",headers="${SIGNED_HEADERS.join(' ')}",signature="${signature}"`,
    },
  };
}
