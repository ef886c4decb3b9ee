// Passkeys over HTTP. Signing in with one (options, then the answer) needs no session and is limited
// per address; everything else is the signed-in person's own passkeys: list (with whether to offer one),
// add (options, then the answer), rename, remove, and "not now" to the offer.
import { ADD_PASSKEY_DOCS, DISMISS_OFFER_DOCS, LIST_PASSKEYS_DOCS, PASSKEY_SIGN_IN_DOCS, PASSKEY_SIGN_IN_OPTIONS_DOCS, REGISTRATION_OPTIONS_DOCS, REMOVE_PASSKEY_DOCS, RENAME_PASSKEY_DOCS } from '../openapi/passkeys-api.js';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { CookieSpec } from '../cookies.js';
import { FlowError } from '../errors.js';
import type { AdmitSignIn } from '../rate-limits/sign-in-admission.js';
import { requestContext } from '../request-context.js';
import { publicUser } from '../routes/session-routes.js';
import { readSession, type SessionPolicy } from '../sessions.js';
import { recordAuditEvent } from '../storage/audit-repository.js';
import type { DatabaseSchema } from '../storage/schema.js';
import { authenticationOptions, signInWithPasskey } from './authentication.js';
import { deletePasskey, listPasskeys, MAX_PASSKEY_NAME_LENGTH, PASSKEY_ID_PATTERN, renamePasskey, type PasskeyRecord } from './credential-repository.js';
import { dismissPasskeyOffer, passkeyOfferDue } from './offer.js';
import { addPasskey, registrationOptions } from './registration.js';
import type { RelyingParty } from './relying-party.js';

export interface PasskeyRouteDeps {
  db: Kysely<DatabaseSchema>;
  clock: () => Date;
  relyingParty: RelyingParty;
  sessionPolicy: SessionPolicy;
  sessionCookie: CookieSpec;
  /** Per-address limit on passkey sign-in requests (rate-limits/). */
  admitPasskeySignIn: AdmitSignIn;
}

/**
 * Adding a passkey needs a sign-in this recent: a session cookie stolen later cannot plant the thief's
 * own passkey (a way back in that outlives the session). The offer right after sign-in is well inside it.
 */
export const FRESH_SIGN_IN_SECONDS = 15 * 60;

// What a browser sends for a WebAuthn answer: the JSON form of a PublicKeyCredential. The library
// checks every field; here only its outline, so nonsense gets a 400 with words before any work.
const credentialJson = {
  type: 'object',
  required: ['id', 'rawId', 'type', 'response'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 1400, pattern: '^[A-Za-z0-9_-]+$' },
    rawId: { type: 'string', minLength: 1, maxLength: 1400, pattern: '^[A-Za-z0-9_-]+$' },
    type: { type: 'string', const: 'public-key' },
    response: { type: 'object', required: ['clientDataJSON'], properties: { clientDataJSON: { type: 'string', maxLength: 4096 } } },
    authenticatorAttachment: { type: 'string' },
    clientExtensionResults: { type: 'object' },
  },
} as const;

const passkeyIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: PASSKEY_ID_PATTERN } },
} as const;

const nameSchema = { type: 'string', minLength: 1, maxLength: MAX_PASSKEY_NAME_LENGTH, pattern: '\\S' } as const;

function publicPasskey(passkey: PasskeyRecord) {
  return {
    id: passkey.id,
    name: passkey.name,
    createdAt: passkey.createdAt.toISOString(),
    lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
    backedUp: passkey.backedUp,
    deviceType: passkey.deviceType,
  };
}

export function passkeyRoutes(deps: PasskeyRouteDeps) {
  const ceremonyDeps = { db: deps.db, clock: deps.clock, relyingParty: deps.relyingParty };

  return function register(app: FastifyInstance): void {
    const signedIn = async (request: FastifyRequest) => {
      const found = await readSession(deps.db, request.cookies[deps.sessionCookie.name], deps.clock(), deps.sessionPolicy);
      if (!found) throw new FlowError('not_signed_in', 'You are not signed in.');
      return found;
    };

    app.post('/api/passkeys/sign-in/options', { schema: PASSKEY_SIGN_IN_OPTIONS_DOCS }, async (request) => {
      await deps.admitPasskeySignIn({ ip: request.ip });
      return { data: { options: await authenticationOptions(ceremonyDeps) } };
    });

    app.post<{ Body: { credential: AuthenticationResponseJSON } }>(
      '/api/passkeys/sign-in',
      { schema: { ...PASSKEY_SIGN_IN_DOCS, body: { type: 'object', required: ['credential'], additionalProperties: false, properties: { credential: credentialJson } } } },
      async (request, reply) => {
        await deps.admitPasskeySignIn({ ip: request.ip });
        const done = await signInWithPasskey(
          { ...ceremonyDeps, sessionPolicy: deps.sessionPolicy },
          { response: request.body.credential, previousSessionToken: request.cookies[deps.sessionCookie.name], context: requestContext(request) },
        );
        reply.setCookie(deps.sessionCookie.name, done.session.token, deps.sessionCookie.options);
        return { data: { user: publicUser(done.user), created: false, session: { amr: ['passkey'] } }, message: 'Welcome back' };
      },
    );

    app.get('/api/passkeys', { schema: LIST_PASSKEYS_DOCS }, async (request) => {
      const { user, session } = await signedIn(request);
      const passkeys = await listPasskeys(deps.db, user.id);
      const offer = await passkeyOfferDue(deps.db, { userId: user.id, amr: session.amr, now: deps.clock() });
      return { data: { passkeys: passkeys.map(publicPasskey), offer } };
    });

    app.post('/api/passkeys/registration/options', { schema: REGISTRATION_OPTIONS_DOCS }, async (request) => {
      const { user, session } = await signedIn(request);
      if (deps.clock().getTime() - session.createdAt.getTime() > FRESH_SIGN_IN_SECONDS * 1000) {
        throw new FlowError(
          'fresh_sign_in_required',
          'To add a passkey, please sign out and sign in again first: it keeps someone who got hold of an old session from adding their own.',
        );
      }
      return { data: { options: await registrationOptions(ceremonyDeps, user) } };
    });

    app.post<{ Body: { credential: RegistrationResponseJSON; name?: string } }>(
      '/api/passkeys',
      {
        schema: {
          ...ADD_PASSKEY_DOCS,
          body: {
            type: 'object',
            required: ['credential'],
            additionalProperties: false,
            properties: { credential: credentialJson, name: nameSchema },
          },
        },
      },
      async (request, reply) => {
        const { user } = await signedIn(request);
        const passkey = await addPasskey(ceremonyDeps, {
          user,
          response: request.body.credential,
          ...(request.body.name === undefined ? {} : { name: request.body.name }),
          context: requestContext(request),
        });
        return reply.code(201).send({ data: { passkey: publicPasskey(passkey) }, message: 'Passkey added' });
      },
    );

    app.patch<{ Params: { id: string }; Body: { name: string } }>(
      '/api/passkeys/:id',
      {
        schema: {
          ...RENAME_PASSKEY_DOCS,
          params: passkeyIdParams,
          body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: nameSchema } },
        },
      },
      async (request) => {
        const { user } = await signedIn(request);
        const name = request.body.name.trim();
        if (!(await renamePasskey(deps.db, { userId: user.id, id: request.params.id, name }))) throw notFound();
        await recordAuditEvent(deps.db, { event: 'passkey.renamed', at: deps.clock(), userId: user.id, ...requestContext(request), detail: { passkey: request.params.id } });
        const renamed = (await listPasskeys(deps.db, user.id)).find((passkey) => passkey.id === request.params.id);
        if (!renamed) throw notFound();
        return { data: { passkey: publicPasskey(renamed) } };
      },
    );

    // The last passkey goes only when the request says the person confirmed it: after that, signing in
    // takes a SIM check again (which works only on a phone with mobile data).
    app.delete<{ Params: { id: string }; Querystring: { confirmLast?: string } }>(
      '/api/passkeys/:id',
      {
        schema: {
          ...REMOVE_PASSKEY_DOCS,
          params: passkeyIdParams,
          querystring: { type: 'object', additionalProperties: false, properties: { confirmLast: { type: 'string', enum: ['true'] } } },
        },
      },
      async (request, reply) => {
        const { user } = await signedIn(request);
        const passkeys = await listPasskeys(deps.db, user.id);
        if (!passkeys.some((passkey) => passkey.id === request.params.id)) throw notFound();
        if (passkeys.length === 1 && request.query.confirmLast !== 'true') {
          throw new FlowError(
            'last_passkey',
            'This is your last passkey. Without it, signing in needs your mobile network to verify your number again, on a phone with mobile data.',
          );
        }
        if (!(await deletePasskey(deps.db, { userId: user.id, id: request.params.id }))) throw notFound();
        await recordAuditEvent(deps.db, {
          event: 'passkey.removed',
          at: deps.clock(),
          userId: user.id,
          ...requestContext(request),
          detail: { passkey: request.params.id, remaining: passkeys.length - 1 },
        });
        return reply.code(204).send();
      },
    );

    app.post('/api/passkeys/offer/dismiss', { schema: DISMISS_OFFER_DOCS }, async (request, reply) => {
      const { user } = await signedIn(request);
      await dismissPasskeyOffer(deps.db, { userId: user.id, now: deps.clock() });
      return reply.code(204).send();
    });
  };
}

function notFound(): FlowError {
  return new FlowError('passkey_not_found', 'Your account has no passkey with this id (it may have been removed already).');
}
