// How our JSON API behind the OpenID Connect interaction page and "Connected applications" is
// described (oidc/interaction-routes.ts, oidc/consent-routes.ts). The provider's own endpoints are
// not here: its discovery document describes them. These answers come bare (no `data` wrapper), and
// every field the page reads (src/web/oidc/oidc-api.ts) is listed: the serialiser drops the others.
import { DATE_TIME, NO_CONTENT, problems, WRITE_PROBLEMS } from './common.js';

const UID_PARAMS = {
  type: 'object',
  required: ['uid'],
  properties: {
    uid: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'The interaction, from the page path /oidc/interaction/{uid}' },
  },
} as const;

const CLIENT_ID_PARAMS = {
  type: 'object',
  required: ['clientId'],
  properties: { clientId: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

const STRINGS = { type: 'array', items: { type: 'string' } } as const;

const NOT_FOUND: [number, string] = [
  404,
  'No such sign-in request for this browser: expired, already answered, or started in another browser or tab',
];

const REDIRECT = {
  description: 'Answered: where the browser goes next (back into the provider, which continues the flow)',
  type: 'object',
  required: ['redirectTo'],
  properties: { redirectTo: { type: 'string', description: 'A URL under /oidc/ on the issuer' } },
} as const;

/** The answers take no body (or an empty JSON object); anything else is refused with 400. */
const ANSWER_PROBLEMS: [number, string][] = [
  ...WRITE_PROBLEMS,
  [400, 'The uid is not one we could have made, the JSON is not valid, or the request carries a body (the answers take none)'],
  NOT_FOUND,
];

export const INTERACTION_DOCS = {
  summary: 'What an authorization request asks of the person: the application, the scopes and claims, and whether this browser is signed in',
  tags: ['openid-connect'],
  params: UID_PARAMS,
  response: {
    200: {
      description: 'The request, as the interaction page shows it',
      type: 'object',
      required: ['uid', 'prompt', 'client', 'scopes', 'claims', 'session'],
      properties: {
        uid: { type: 'string' },
        prompt: { type: 'string', enum: ['login', 'consent'], description: 'To sign in (again), or to agree to share' },
        client: {
          type: 'object',
          required: ['clientId', 'name', 'redirectHost'],
          properties: {
            clientId: { type: 'string' },
            name: { type: 'string', description: 'The name the application registered, or its client id' },
            redirectHost: { type: ['string', 'null'], description: 'The host of the redirect_uri the answer goes to' },
          },
        },
        scopes: { ...STRINGS, description: 'The requested scopes Simpass offers (openid, phone)' },
        claims: { ...STRINGS, description: 'The claims those scopes share, e.g. phone_number' },
        session: {
          type: 'object',
          required: ['signedIn', 'freshEnough', 'amr'],
          properties: {
            signedIn: { type: 'boolean', description: 'This browser has a Simpass session' },
            freshEnough: { type: 'boolean', description: 'It is recent enough for this request (prompt=login, max_age)' },
            amr: { type: ['string', 'null'], description: 'How the session was proven, space-separated (e.g. sim), or null when signed out' },
          },
        },
      },
    },
    ...problems([[400, 'The uid is not one we could have made'], NOT_FOUND]),
  },
} as const;

/** One of the three answers to the request: where the browser goes next, or why it cannot be given. */
const answerDocs = (summary: string, refusals: [number, string][]) =>
  ({
    summary,
    tags: ['openid-connect'],
    params: UID_PARAMS,
    response: { 200: REDIRECT, ...problems([...ANSWER_PROBLEMS, ...refusals]) },
  }) as const;

export const INTERACTION_LOGIN_DOCS = answerDocs("Sign in to the application with this browser's Simpass session", [
  [401, 'Not signed in to Simpass'],
  [409, 'Past the sign-in step, or the application asks for a newer sign-in (prompt=login, max_age)'],
]);

export const INTERACTION_CONSENT_DOCS = answerDocs('Agree to share what the application asks for (remembered for this account)', [
  [401, 'Not signed in to Simpass'],
  [409, 'Not at the consent step, or signed in to Simpass as someone else than when the request started'],
]);

export const INTERACTION_ABORT_DOCS = answerDocs('Refuse the sign-in: the application is told access_denied', []);

export const LIST_CONSENTS_DOCS = {
  summary: 'The applications the signed-in account gave consent to, newest first',
  tags: ['openid-connect'],
  response: {
    200: {
      description: 'The consents',
      type: 'object',
      required: ['consents'],
      properties: {
        consents: {
          type: 'array',
          items: {
            type: 'object',
            required: ['clientId', 'name', 'scopes', 'grantedAt'],
            properties: {
              clientId: { type: 'string' },
              name: { type: 'string', description: 'The name the application registered, or its client id' },
              scopes: STRINGS,
              grantedAt: DATE_TIME,
            },
          },
        },
      },
    },
    ...problems([[401, 'Not signed in']]),
  },
} as const;

export const WITHDRAW_CONSENT_DOCS = {
  summary: "Withdraw the account's consent to an application, ending the tokens issued under it (harmless when there is none)",
  tags: ['openid-connect'],
  params: CLIENT_ID_PARAMS,
  response: { 204: NO_CONTENT, ...problems([...WRITE_PROBLEMS, [401, 'Not signed in']]) },
} as const;
