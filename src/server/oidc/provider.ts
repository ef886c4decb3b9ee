// The OpenID Connect provider: panva's oidc-provider, configured, with none of the protocol written
// here. Authorization code flow only, PKCE (S256, the only method the library knows) required of every
// client, scopes `openid` and `phone`, storage in our database (adapter.ts), keys from the database
// (provider-keys.ts), the interaction on our own page (/oidc/interaction/:uid, interaction-routes.ts).
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import Provider, { interactionPolicy, type ClientMetadata, type KoaContextWithOIDC } from 'oidc-provider';
import type { SessionPolicy } from '../sessions.js';
import type { DatabaseSchema } from '../storage/schema.js';
import { findAccountBySubject, SCOPE_CLAIMS } from './account-claims.js';
import { kyselyAdapter } from './adapter.js';
import { invalidClientError } from './clients-file.js';
import { findGrants } from './grants.js';
import { providerPages } from './provider-pages.js';
import type { ProviderKeys } from './provider-keys.js';
import { OIDC_ROUTES, interactionPath } from './routes.js';
import type { SimpassSessionReader } from './simpass-session.js';
import { findSubjectOfUser } from './subjects.js';

export interface OidcProviderDeps {
  issuer: string;
  db: Kysely<DatabaseSchema>;
  clock: () => Date;
  clients: ClientMetadata[];
  /** Named in errors about a client's metadata. */
  clientsFile: string | undefined;
  keys: ProviderKeys;
  sessionPolicy: SessionPolicy;
  readSimpassSession: SimpassSessionReader;
  /** X-Forwarded-Proto/Host are believed only behind a proxy we were told about (TRUST_PROXY). */
  trustProxy: boolean;
  log: FastifyBaseLogger;
  /** The page's built stylesheet, for the provider's own pages (provider-pages.ts); null: unstyled. */
  stylesheetHref: string | null;
}

/** Seconds. */
const TTL = {
  // RFC 6749 §4.1.2 recommends at most 10 minutes; a server-side exchange takes well under one.
  AuthorizationCode: 60,
  AccessToken: 3600,
  IdToken: 3600,
  // Long enough for a SIM check, a hand-off to a phone, or a passkey, and reading the consent.
  Interaction: 30 * 60,
  // Remembered consent lasts a year unless withdrawn.
  Grant: 365 * 24 * 3600,
} as const;

export async function createOidcProvider(deps: OidcProviderDeps): Promise<Provider> {
  const { renderError, logoutSource, postLogoutSuccessSource } = providerPages(deps.stylesheetHref);
  const provider = new Provider(deps.issuer, {
    adapter: kyselyAdapter(deps.db, deps.clock),
    clients: deps.clients,
    jwks: deps.keys.jwks,
    cookies: {
      keys: deps.keys.cookieKeys,
      names: { session: 'simpass_oidc_session', interaction: 'simpass_oidc_interaction', resume: 'simpass_oidc_resume' },
      long: { httpOnly: true, sameSite: 'lax' },
      // Path "/" (the library would scope it to the interaction page's path): our interaction API at
      // /api/oidc/interaction/:uid must read it, to prove the answer comes from the browser that started
      // the authorization request.
      short: { httpOnly: true, sameSite: 'lax', path: '/' },
    },
    responseTypes: ['code'],
    // For confidential clients too (RFC 9700 §2.1.1): PKCE also stops code injection, which a client
    // secret does not; every mainstream client library sends it.
    pkce: { required: () => true },
    scopes: Object.keys(SCOPE_CLAIMS),
    // How and when the person proved the number ride along with `openid` in every ID token: the
    // library includes them only when they belong to a granted scope or were asked for by name.
    claims: { ...SCOPE_CLAIMS, openid: [...SCOPE_CLAIMS.openid, 'amr', 'auth_time'], sid: null, iss: null },
    // Scope claims in the ID token as well as at userinfo: most relying parties read the number from
    // the ID token and never call userinfo.
    conformIdTokenClaims: false,
    allowOmittingSingleRegisteredRedirectUri: false,
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    routes: OIDC_ROUTES,
    ttl: { ...TTL, Session: deps.sessionPolicy.absoluteLifetimeSeconds },
    findAccount: findAccountBySubject(deps.db),
    renderError,
    interactions: { url: (_ctx, interaction) => interactionPath(interaction.uid), policy: interactionPolicyWithSimpassSession(deps) },
    // Consent is remembered per account and client, whichever browser gave it (grants.ts).
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId =
        ctx.oidc.result?.consent?.grantId ??
        (ctx.oidc.session?.accountId
          ? (await findGrants(deps.db, ctx.oidc.session.accountId, deps.clock(), ctx.oidc.client!.clientId))[0]?.grantId
          : undefined);
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
  });
  provider.proxy = deps.trustProxy;
  for (const client of deps.clients) {
    try {
      await provider.Client.validate(client);
    } catch (error) {
      throw invalidClientError(deps.clientsFile, String(client.client_id), error);
    }
  }
  provider.on('server_error', (_ctx: unknown, error: unknown) => deps.log.error({ err: error }, 'OpenID Connect provider failed'));
  return provider;
}

/**
 * The library's policy, plus one check before the others: the provider's own sign-in must belong to
 * the Simpass session this browser has now. Signed out of Simpass, or signed in as someone else, means
 * a new login prompt (and `login_required` for prompt=none) instead of silently reusing an old one.
 */
function interactionPolicyWithSimpassSession(deps: OidcProviderDeps) {
  const policy = interactionPolicy.base();
  const login = policy.get('login')!;
  login.checks.add(
    new interactionPolicy.Check('simpass_session', 'End-User is not signed in to Simpass', 'login_required', async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return interactionPolicy.Check.REQUEST_PROMPT;
      const signedIn = await deps.readSimpassSession(ctx.req);
      if (!signedIn) return interactionPolicy.Check.REQUEST_PROMPT;
      const subject = await findSubjectOfUser(deps.db, signedIn.user.id);
      return subject === accountId ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
    }),
    0,
  );
  return policy;
}
