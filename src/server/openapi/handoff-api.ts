// How the hand-off routes are described (handoff/handoff-routes.ts, handoff/handoff-events.ts).
import { DATE_TIME, NO_CONTENT, problems, SIGNED_IN_SCHEMA, WRITE_PROBLEMS } from './common.js';

const STATE = { type: 'string', enum: ['waiting', 'opened', 'approved', 'signed_in', 'cancelled', 'refused', 'expired'] } as const;

const DESKTOP_VIEW = {
  type: 'object',
  required: ['state', 'matchCode', 'expiresAt', 'message'],
  properties: {
    state: STATE,
    matchCode: { type: 'string', description: 'The two digits the phone must pick' },
    expiresAt: DATE_TIME,
    message: { type: ['string', 'null'], description: 'Words when it ended without signing in' },
  },
} as const;

const PHONE_VIEW = {
  type: 'object',
  required: ['state', 'desktop', 'startedAt', 'expiresAt', 'numberFromDesktop', 'codeChoices'],
  properties: {
    state: STATE,
    desktop: { type: 'string', description: 'Where the sign-in will happen, e.g. Chrome on Windows' },
    startedAt: DATE_TIME,
    expiresAt: DATE_TIME,
    numberFromDesktop: { type: 'boolean' },
    codeChoices: { type: 'array', items: { type: 'string' } },
  },
} as const;

const HANDOFF_REFUSALS: [number, string][] = [
  [403, 'Refused: a foreign Origin, a wrong code, another number than the desktop typed, or SIM-swap protection'],
  [404, 'No hand-off for this browser, or the link is unknown'],
  [409, 'Already opened by another phone, refused, not approved yet, already used, or changed meanwhile'],
  [410, 'Expired or cancelled'],
];

export const START_HANDOFF_DOCS = {
  summary: 'A computer starts signing in with a phone: the link, its QR code and the match code',
  tags: ['hand-off'],
  response: {
    201: {
      description: 'The hand-off; the desktop cookie is set',
      type: 'object',
      required: ['data', 'message'],
      properties: {
        data: {
          type: 'object',
          required: [...DESKTOP_VIEW.required, 'link', 'qrCode'],
          properties: {
            ...DESKTOP_VIEW.properties,
            link: { type: 'string', description: 'The page URL with #handoff=<token>' },
            qrCode: { type: 'string', description: 'The link as a QR code, an SVG data: URL' },
          },
        },
        message: { type: 'string' },
      },
    },
    ...problems([...WRITE_PROBLEMS, [400, 'Not a phone number we can read, or an invalid request'], 429]),
  },
} as const;

export const DESKTOP_HANDOFF_DOCS = {
  summary: "The computer's hand-off",
  tags: ['hand-off'],
  response: {
    200: { description: 'Its state', type: 'object', required: ['data'], properties: { data: DESKTOP_VIEW } },
    ...problems([[404, 'This browser has no hand-off under way']]),
  },
} as const;

export const HANDOFF_EVENTS_DOCS = {
  summary: "The computer's hand-off as Server-Sent Events (event: state, data: the same JSON as GET /api/handoff)",
  tags: ['hand-off'],
  response: {
    200: { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
    ...problems([[404, 'This browser has no hand-off under way']]),
  },
} as const;

export const CANCEL_HANDOFF_DOCS = {
  summary: 'The computer cancels its hand-off (harmless when there is none)',
  tags: ['hand-off'],
  response: { 204: NO_CONTENT, ...problems([[403, 'The Origin is not ours']]) },
} as const;

export const CLAIM_HANDOFF_DOCS = {
  summary: 'The computer collects its session once the phone confirmed',
  tags: ['hand-off'],
  response: { 200: SIGNED_IN_SCHEMA, ...problems([[403, 'The Origin is not ours'], ...HANDOFF_REFUSALS.slice(1)]) },
} as const;

export const OPEN_HANDOFF_DOCS = {
  summary: 'The phone opens the link (the token from #handoff=); sets the phone cookie',
  tags: ['hand-off'],
  response: {
    200: { description: 'What the phone shows', type: 'object', required: ['data'], properties: { data: PHONE_VIEW } },
    ...problems([...WRITE_PROBLEMS, ...HANDOFF_REFUSALS]),
  },
} as const;

export const PHONE_HANDOFF_DOCS = {
  summary: "The phone's hand-off, or null when it has none",
  tags: ['hand-off'],
  response: {
    200: { description: 'Its view, or null', type: 'object', required: ['data'], properties: { data: { anyOf: [PHONE_VIEW, { type: 'null' }] } } },
  },
} as const;

export const CONFIRM_HANDOFF_DOCS = {
  summary: 'The phone confirms with its verified check and the code the computer shows',
  tags: ['hand-off'],
  response: {
    200: {
      description: 'Done: the computer may collect its session; the phone is not signed in',
      type: 'object',
      required: ['data', 'message'],
      properties: { data: { type: 'object', required: ['confirmed'], properties: { confirmed: { type: 'boolean', const: true } } }, message: { type: 'string' } },
    },
    ...problems([...WRITE_PROBLEMS, ...HANDOFF_REFUSALS, [503, 'The SIM-change check is unavailable; nothing was spent']]),
  },
} as const;
