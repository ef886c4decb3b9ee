// The JSON API behind our interaction page (/oidc/interaction/:uid): what an authorization request
// asks for, and the person's answers — sign-in with the Simpass session this browser has, consent,
// or refusal. Each answer is handed to oidc-provider, which says where the browser goes next
// (`redirectTo`: back into the provider, which continues the flow). Only the browser that started the
// authorization request can answer it: the provider's signed interaction cookie must name this uid.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { FlowError } from '../errors.js';
import { INTERACTION_ABORT_DOCS, INTERACTION_CONSENT_DOCS, INTERACTION_DOCS, INTERACTION_LOGIN_DOCS } from '../openapi/oidc-api.js';
import type { DatabaseSchema } from '../storage/schema.js';
import type { SessionRecord } from '../storage/session-repository.js';
import { isOfferedScope, SCOPE_CLAIMS } from './account-claims.js';
import type { SimpassSessionReader } from './simpass-session.js';
import { subjectForUser } from './subjects.js';
import { interactionStartedAt } from './adapter.js';

export interface InteractionRouteDeps {
  provider: Provider;
  db: Kysely<DatabaseSchema>;
  clock: () => Date;
  readSimpassSession: SimpassSessionReader;
}

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;
type UidRequest = FastifyRequest<{ Params: { uid: string } }>;

/**
 * Whether the session is recent enough for this request. A sign-in made after the request started is
 * always fresh (that is what the interaction page asks for). An older one is fresh unless the
 * application asked for a new proof (prompt=login) or for one within max_age seconds that it is not.
 */
export function isFreshEnough(
  request: { params: Record<string, unknown>; startedAt: Date },
  session: Pick<SessionRecord, 'createdAt'>,
  now: Date,
): boolean {
  if (session.createdAt >= request.startedAt) return true;
  const { max_age: maxAge, prompt } = request.params;
  if (typeof prompt === 'string' && prompt.split(' ').includes('login')) return false;
  if (maxAge !== undefined && now.getTime() - session.createdAt.getTime() > Number(maxAge) * 1000) return false;
  return true;
}

/** The answers carry no body (the page POSTs nothing); one that does has a bug, or is probing. */
function refuseBody(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
  const body = request.body;
  const empty = body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0);
  done(empty ? undefined : new FlowError('invalid_request', 'This request takes no body.', [{ name: 'body', reason: 'is not taken by this request' }]));
}

export function interactionRoutes(deps: InteractionRouteDeps) {
  const { provider } = deps;

  /** The interaction this browser started, and only if it is the one in the URL. */
  async function interactionOf(request: UidRequest, reply: FastifyReply): Promise<Interaction & { startedAt: Date }> {
    let interaction: Interaction | undefined;
    try {
      interaction = await provider.interactionDetails(request.raw, reply.raw);
    } catch (error) {
      if ((error as { name?: string }).name !== 'SessionNotFound') throw error;
    }
    const startedAt = interaction && interaction.uid === request.params.uid ? await interactionStartedAt(deps.db, interaction.uid) : undefined;
    if (!interaction || !startedAt) {
      throw new FlowError(
        'oidc_interaction_not_found',
        'This sign-in request has expired, was already answered, or was started in another browser or tab. Go back to the application and sign in again.',
      );
    }
    return Object.assign(interaction, { startedAt });
  }

  async function finish(request: UidRequest, reply: FastifyReply, result: InteractionResults, merge: boolean) {
    const redirectTo = await provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: merge });
    return { redirectTo };
  }

  return function register(app: FastifyInstance): void {
    app.get<{ Params: { uid: string } }>('/api/oidc/interaction/:uid', { schema: INTERACTION_DOCS }, async (request, reply) => {
      const interaction = await interactionOf(request, reply);
      const client = await provider.Client.find(String(interaction.params.client_id));
      const requested = interaction.params.scope;
      const scopes = (typeof requested === 'string' ? requested.split(' ') : []).filter(isOfferedScope);
      const signedIn = await deps.readSimpassSession(request.raw);
      return {
        uid: interaction.uid,
        prompt: interaction.prompt.name === 'consent' ? 'consent' : 'login',
        client: {
          clientId: String(interaction.params.client_id),
          name: client?.clientName ?? String(interaction.params.client_id),
          // Where the answer goes (the provider checked it against the registered redirect URIs): the
          // consent screen names it beside the name, which any application can choose.
          redirectHost: URL.parse(String(interaction.params.redirect_uri))?.host ?? null,
        },
        scopes,
        claims: [...new Set(scopes.flatMap((scope) => SCOPE_CLAIMS[scope]))],
        session: {
          signedIn: Boolean(signedIn),
          freshEnough: signedIn ? isFreshEnough({ params: interaction.params, startedAt: interaction.startedAt }, signedIn.session, deps.clock()) : false,
          amr: signedIn ? signedIn.session.amr.join(' ') : null,
        },
      };
    });

    app.post<{ Params: { uid: string } }>('/api/oidc/interaction/:uid/login', { schema: INTERACTION_LOGIN_DOCS, preValidation: refuseBody }, async (request, reply) => {
      const interaction = await interactionOf(request, reply);
      if (interaction.prompt.name !== 'login') {
        throw new FlowError('oidc_interaction_wrong_step', 'This sign-in request is past the sign-in step; reload the page.');
      }
      const signedIn = await deps.readSimpassSession(request.raw);
      if (!signedIn) throw new FlowError('not_signed_in', 'Sign in to Simpass first, then continue.');
      if (!isFreshEnough({ params: interaction.params, startedAt: interaction.startedAt }, signedIn.session, deps.clock())) {
        throw new FlowError('oidc_sign_in_not_fresh', 'This application asks you to prove your number again. Sign in once more, then continue.');
      }
      const accountId = await subjectForUser(deps.db, signedIn.user.id, deps.clock());
      return finish(
        request,
        reply,
        { login: { accountId, ts: Math.floor(signedIn.session.createdAt.getTime() / 1000), amr: [...signedIn.session.amr], remember: true } },
        false,
      );
    });

    app.post<{ Params: { uid: string } }>('/api/oidc/interaction/:uid/consent', { schema: INTERACTION_CONSENT_DOCS, preValidation: refuseBody }, async (request, reply) => {
      const interaction = await interactionOf(request, reply);
      if (interaction.prompt.name !== 'consent') {
        throw new FlowError('oidc_interaction_wrong_step', 'This sign-in request is not asking for consent; reload the page.');
      }
      const accountId = interaction.session?.accountId;
      const signedIn = await deps.readSimpassSession(request.raw);
      if (!signedIn || !accountId) throw new FlowError('not_signed_in', 'Sign in to Simpass first, then continue.');
      if ((await subjectForUser(deps.db, signedIn.user.id, deps.clock())) !== accountId) {
        throw new FlowError('oidc_account_mismatch', 'You are now signed in to Simpass as someone else than when this request started. Go back to the application and sign in again.');
      }
      const clientId = String(interaction.params.client_id);
      const grant = (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ?? new provider.Grant({ accountId, clientId });
      const details = interaction.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
      if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
      if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
      const grantId = await grant.save();
      return finish(request, reply, { consent: { grantId } }, true);
    });

    app.post<{ Params: { uid: string } }>('/api/oidc/interaction/:uid/abort', { schema: INTERACTION_ABORT_DOCS, preValidation: refuseBody }, async (request, reply) => {
      await interactionOf(request, reply);
      return finish(request, reply, { error: 'access_denied', error_description: 'The person did not allow this sign-in.' }, false);
    });
  };
}
