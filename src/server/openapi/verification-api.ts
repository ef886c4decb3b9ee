// How the verification and account routes are described (routes/phone-check-routes.ts,
// routes/session-routes.ts, routes/config-routes.ts, app.ts /healthz, routes/readiness-routes.ts).
// Each is spread into its route's `schema` beside the input schema the route already has.
import { NO_CONTENT, problems, SIGNED_IN_SCHEMA, USER_SCHEMA, WRITE_PROBLEMS } from './common.js';

const UPSTREAM_PROBLEMS: [number, string][] = [
  [502, 'tru.ID gave an answer we could not use'],
  [503, 'tru.ID or the rate-limit store cannot be reached; try again (Retry-After)'],
  [504, 'tru.ID did not answer in time'],
];

export const CREATE_CHECK_DOCS = {
  summary: 'Start verifying a phone number: creates the check and sets the flow cookie',
  tags: ['verification'],
  response: {
    201: {
      description: 'The check: the browser opens checkUrl on mobile data',
      type: 'object',
      required: ['data', 'message'],
      properties: {
        data: { type: 'object', required: ['checkId', 'checkUrl'], properties: { checkId: { type: 'string' }, checkUrl: { type: 'string', format: 'uri' } } },
        message: { type: 'string' },
      },
    },
    ...problems([...WRITE_PROBLEMS, [400, 'Not a phone number we can read (invalid_phone_number), or an invalid request'], 429, ...UPSTREAM_PROBLEMS]),
  },
} as const;

export const CHECK_REDIRECT_DOCS = {
  summary: "tru.ID's redirect_url: the network sends the device back here with a code (or an error)",
  description:
    'Completes the check for the browser holding its flow cookie. A navigation is sent back to the page (/?check=… or /?check_error=<problem code>); an image request gets a 1×1 GIF; fetch gets the problem.',
  tags: ['verification'],
  querystring: {
    type: 'object',
    properties: {
      check_id: { description: 'The check the network completed' },
      code: { description: 'The one-time code that proves the redirect ran on the device' },
      error: { description: 'Instead of a code: why the network could not run the check' },
      error_description: { description: 'Words from the network, not used' },
    },
  },
  response: {
    200: { description: 'An image request: a transparent 1×1 GIF', content: { 'image/gif': { schema: { type: 'string', format: 'binary' } } } },
    303: { description: 'A navigation: back to the page, with ?check= or ?check_error=', type: 'null' },
    ...problems([
      [400, 'No valid check_id, or neither a code nor an error'],
      [403, 'This check was started in another browser (flow-mismatch)'],
      [404, 'We did not start this check'],
      [409, 'This check was already completed'],
      [503, 'tru.ID could not complete the check now; the same redirect completes it later'],
    ]),
  },
} as const;

const CHECK_ID_PARAMS = { type: 'object', properties: { checkId: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' } } } as const;

export const READ_CHECK_DOCS = {
  summary: 'The result of a check, for the browser that started it',
  tags: ['verification'],
  response: {
    200: {
      description: 'Ended: matched or not, or failed with a reason and words',
      type: 'object',
      required: ['data'],
      properties: {
        data: {
          type: 'object',
          required: ['match', 'status'],
          properties: {
            match: { type: 'boolean' },
            status: { type: 'string', enum: ['COMPLETED', 'ERROR', 'EXPIRED'] },
            reason: { type: 'string' },
            message: { type: 'string' },
          },
        },
      },
    },
    202: {
      description: 'Still pending',
      type: 'object',
      required: ['data'],
      properties: { data: { type: 'object', required: ['status'], properties: { status: { type: 'string', const: 'PENDING' } } } },
    },
    ...problems([[400, 'Not a check id'], [404, 'No such check for this browser']]),
  },
} as const;

export const READ_CHECK_PARAMS = CHECK_ID_PARAMS;

export const SIGN_IN_DOCS = {
  summary: 'Sign up or sign in with a matched check; sets the session cookie',
  tags: ['accounts'],
  response: {
    200: SIGNED_IN_SCHEMA,
    ...problems([
      ...WRITE_PROBLEMS,
      [403, 'Refused: not matched, failed, a foreign Origin, or SIM-swap protection (sim-changed-recently with try_again_after, sim-change-unknown)'],
      [404, 'No such check for this browser'],
      [409, 'Pending, already used, possibly-recycled-number (with new_account_available), or a conflict to retry'],
      [410, 'The check is too old to sign in with'],
      429,
      [503, 'The SIM-change check is unavailable; nothing was spent'],
    ]),
  },
} as const;

export const ME_DOCS = {
  summary: 'The signed-in account',
  tags: ['accounts'],
  response: {
    200: { description: 'The account', type: 'object', required: ['data'], properties: { data: { type: 'object', required: ['user'], properties: { user: USER_SCHEMA } } } },
    ...problems([401]),
  },
} as const;

export const SESSION_DOCS = {
  summary: 'Is anyone signed in? The account and how the session was proven, or nulls',
  tags: ['accounts'],
  response: {
    200: {
      description: 'The session, or user: null and session: null when signed out',
      type: 'object',
      required: ['data'],
      properties: {
        data: {
          type: 'object',
          required: ['user', 'session'],
          properties: {
            // `type: [..., 'null']` rather than `anyOf`: fast-json-stringify writes it directly, where an
            // anyOf makes it run an Ajv validation of the whole user on every answer to pick a branch.
            user: { ...USER_SCHEMA, type: ['object', 'null'] },
            session: {
              type: ['object', 'null'],
              required: ['amr', 'authenticatedAt'],
              properties: { amr: { type: 'array', items: { type: 'string', enum: ['sim', 'passkey', 'handoff'] } }, authenticatedAt: { type: 'string', format: 'date-time' } },
            },
          },
        },
      },
    },
  },
} as const;

export const SIGN_OUT_DOCS = {
  summary: 'End the session',
  tags: ['accounts'],
  response: { 204: NO_CONTENT, ...problems([[403, 'The Origin is not ours']]) },
} as const;

export const CONFIG_DOCS = {
  summary: 'What the page needs before it starts',
  tags: ['page'],
  response: {
    200: {
      description: 'Where reachability is asked, and whether this is the emulator',
      type: 'object',
      required: ['truIdApiBaseUrl', 'emulator', 'defaultCountry'],
      properties: { truIdApiBaseUrl: { type: 'string', format: 'uri' }, emulator: { type: 'boolean' }, defaultCountry: { type: 'string' } },
    },
  },
} as const;

export const HEALTH_DOCS = {
  summary: 'Liveness: the process runs (touches nothing)',
  tags: ['operations'],
  response: { 200: { description: 'Alive', type: 'object', required: ['status'], properties: { status: { type: 'string', const: 'ok' } } } },
} as const;

export const READY_DOCS = {
  summary: 'Readiness: the database (and Redis, when used) answer',
  tags: ['operations'],
  response: {
    200: {
      description: 'Ready',
      type: 'object',
      required: ['status', 'checks'],
      properties: {
        status: { type: 'string', const: 'ready' },
        checks: {
          type: 'object',
          required: ['database', 'redis'],
          properties: { database: { type: 'string', const: 'ok' }, redis: { type: 'string', enum: ['ok', 'not used'] } },
        },
      },
    },
    ...problems([[503, 'Not ready: names what cannot be reached']]),
  },
} as const;
