// Pieces every route description shares: the problem responses by status, and the account as the
// browser sees it (routes/session-routes.ts publicUser).
import { problem } from './problem-schema.js';

const PROBLEM_WORDS: Record<number, string> = {
  400: 'The request is not valid (a field, the JSON, or an unknown property, named in invalid_params)',
  401: 'Not signed in',
  403: 'Refused',
  404: 'Not found',
  409: 'Conflicts with the state of things',
  410: 'Gone: expired or cancelled',
  413: 'The body is too large',
  415: 'The body is not JSON',
  429: 'Over a rate limit (Retry-After says when to come back)',
  502: 'tru.ID gave an answer we could not use',
  503: 'Unavailable for a moment (Retry-After says when to try again)',
  504: 'tru.ID did not answer in time',
};

/** Problem responses for these statuses, with a word on why each happens on this route when given. */
export function problems(statuses: (number | [number, string])[]): Record<number, ReturnType<typeof problem>> {
  const responses: Record<number, ReturnType<typeof problem>> = {};
  for (const entry of statuses) {
    const [status, why] = Array.isArray(entry) ? entry : [entry, undefined];
    responses[status] = problem(why ?? PROBLEM_WORDS[status] ?? 'Refused');
  }
  return responses;
}

/** What any state-changing request can be refused for before its route runs: a foreign Origin, bad JSON. */
export const WRITE_PROBLEMS: [number, string][] = [
  [403, 'Refused: the Origin is not ours, or the refusal named in the problem'],
  [400, 'The request is not valid (a field, the JSON, or an unknown property, named in invalid_params)'],
  [413, 'The body is too large'],
  [415, 'The body is not JSON'],
];

export const DATE_TIME = { type: 'string', format: 'date-time' } as const;

export const USER_SCHEMA = {
  type: 'object',
  required: ['id', 'phoneNumber', 'createdAt', 'lastSignInAt'],
  properties: {
    id: { type: 'string' },
    phoneNumber: { type: 'string', description: 'As its owner writes it, e.g. +44 7700 900001' },
    createdAt: DATE_TIME,
    lastSignInAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

/** The answer to every sign-in that gives this browser a session (SIM check, hand-off, passkey). */
export const SIGNED_IN_SCHEMA = {
  description: 'Signed up or signed in; the session cookie is set',
  type: 'object',
  required: ['data', 'message'],
  properties: {
    data: {
      type: 'object',
      required: ['user', 'created'],
      properties: {
        user: USER_SCHEMA,
        created: { type: 'boolean', description: 'true: a new account' },
        session: { type: 'object', required: ['amr'], properties: { amr: { type: 'array', items: { type: 'string' } } } },
      },
    },
    message: { type: 'string', description: "You're signed up, or Welcome back" },
  },
} as const;

export const NO_CONTENT = { description: 'Done', type: 'null' } as const;
