// How tru.ID's signed callback route is described (truid-callbacks/routes.ts). Its body is read raw
// (the Digest is over the bytes), so it is described here, not validated by a body schema.
import { problems } from './common.js';

export const TRUID_CALLBACK_DOCS = {
  summary: "tru.ID's signed report that a check reached an end state (server to server, for tru.ID only)",
  description:
    'HTTP Signatures (rsa-sha256 over (request-target) host date x-tru-callback digest) against tru.ID\'s /.well-known/jwks.json, Date within 5 minutes, Digest over the body, each signed message once. Records how a flow ended; never signs anyone in.',
  tags: ['verification'],
  response: {
    200: {
      description: 'Received: what it changed (recorded, already_ended, not_ours)',
      type: 'object',
      required: ['data'],
      properties: {
        data: { type: 'object', required: ['effect'], properties: { effect: { type: 'string', enum: ['recorded', 'already_ended', 'not_ours'] } } },
      },
    },
    ...problems([
      [400, 'Signed, but not a check end state we can read'],
      [401, 'Not signed by tru.ID: no or a bad signature, an unknown key, a Digest that does not match, a Date out of range'],
      [409, 'This signed callback was already received'],
      413,
      415,
      429,
      [503, "tru.ID's signing keys cannot be fetched just now (tru.ID retries)"],
    ]),
  },
} as const;
