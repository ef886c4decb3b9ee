// How the passkey routes are described (passkeys/routes.ts). WebAuthn options are the
// @simplewebauthn/server JSON forms, passed through as they are.
import { DATE_TIME, NO_CONTENT, problems, SIGNED_IN_SCHEMA, WRITE_PROBLEMS } from './common.js';

const OPTIONS = {
  description: 'WebAuthn options for navigator.credentials (PublicKeyCredential*OptionsJSON)',
  type: 'object',
  required: ['data'],
  properties: { data: { type: 'object', required: ['options'], properties: { options: { type: 'object', additionalProperties: true } } } },
} as const;

const PASSKEY = {
  type: 'object',
  required: ['id', 'name', 'createdAt', 'lastUsedAt', 'backedUp', 'deviceType'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    createdAt: DATE_TIME,
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
    backedUp: { type: 'boolean' },
    deviceType: { type: 'string', description: 'singleDevice or multiDevice' },
  },
} as const;

const ONE_PASSKEY = (description: string) =>
  ({
    description,
    type: 'object',
    required: ['data'],
    properties: { data: { type: 'object', required: ['passkey'], properties: { passkey: PASSKEY } }, message: { type: 'string' } },
  }) as const;

const SIGNED_IN_ONLY: [number, string][] = [[401, 'Not signed in']];

export const PASSKEY_SIGN_IN_OPTIONS_DOCS = {
  summary: 'A challenge for signing in with a passkey',
  tags: ['passkeys'],
  response: { 200: OPTIONS, ...problems([[403, 'The Origin is not ours'], 429, [503, 'The rate-limit store cannot be reached']]) },
} as const;

export const PASSKEY_SIGN_IN_DOCS = {
  summary: "Sign in with the browser's passkey answer; sets the session cookie",
  tags: ['passkeys'],
  response: {
    200: SIGNED_IN_SCHEMA,
    ...problems([...WRITE_PROBLEMS, [403, 'Refused (passkey-refused, with a reason), or a foreign Origin'], 429]),
  },
} as const;

export const LIST_PASSKEYS_DOCS = {
  summary: "The signed-in account's passkeys, and whether to offer one",
  tags: ['passkeys'],
  response: {
    200: {
      description: 'The passkeys',
      type: 'object',
      required: ['data'],
      properties: {
        data: {
          type: 'object',
          required: ['passkeys', 'offer'],
          properties: { passkeys: { type: 'array', items: PASSKEY }, offer: { type: 'boolean' } },
        },
      },
    },
    ...problems(SIGNED_IN_ONLY),
  },
} as const;

export const REGISTRATION_OPTIONS_DOCS = {
  summary: 'A challenge for adding a passkey (within 15 minutes of signing in)',
  tags: ['passkeys'],
  response: { 200: OPTIONS, ...problems([...SIGNED_IN_ONLY, [403, 'The sign-in is too old (fresh-sign-in-required), or a foreign Origin']]) },
} as const;

export const ADD_PASSKEY_DOCS = {
  summary: "Add a passkey with the browser's answer",
  tags: ['passkeys'],
  response: { 201: ONE_PASSKEY('Added'), ...problems([...WRITE_PROBLEMS, ...SIGNED_IN_ONLY, [403, 'Refused (passkey-refused), too old a sign-in, or a foreign Origin']]) },
} as const;

export const RENAME_PASSKEY_DOCS = {
  summary: 'Rename a passkey',
  tags: ['passkeys'],
  response: { 200: ONE_PASSKEY('Renamed'), ...problems([...WRITE_PROBLEMS, ...SIGNED_IN_ONLY, [404, 'No passkey with this id on the account']]) },
} as const;

export const REMOVE_PASSKEY_DOCS = {
  summary: 'Remove a passkey (the last one only with confirmLast=true)',
  tags: ['passkeys'],
  response: {
    204: NO_CONTENT,
    ...problems([...WRITE_PROBLEMS, ...SIGNED_IN_ONLY, [404, 'No passkey with this id on the account'], [409, 'The last passkey, without confirmLast=true']]),
  },
} as const;

export const DISMISS_OFFER_DOCS = {
  summary: '"Not now" to the passkey offer, for 30 days',
  tags: ['passkeys'],
  response: { 204: NO_CONTENT, ...problems([[403, 'The Origin is not ours'], ...SIGNED_IN_ONLY]) },
} as const;
