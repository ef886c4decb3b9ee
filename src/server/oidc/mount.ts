// Hands the provider's requests to oidc-provider (a Koa app) untouched: Fastify neither parses their
// bodies (the library reads form posts and JSON itself) nor sends their answers (the reply is
// hijacked). What our onSend hook would have added — the security headers — is written on the raw
// response first. The CSP's form-action is then widened, per answer, to the origins of the client's
// registered redirect URIs: the library's form_post answer and the sign-out form end in a redirect
// there, and browsers check form-action against redirects too.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { CookieSpec } from '../cookies.js';
import { problemType } from '../problem.js';
import { endSession } from '../sessions.js';
import type { DatabaseSchema } from '../storage/schema.js';
import { DISCOVERY_PATH, OIDC_ROUTES } from './routes.js';

export interface MountDeps {
  provider: Provider;
  headers: Readonly<Record<string, string>>;
  db: Kysely<DatabaseSchema>;
  sessionCookie: CookieSpec;
}

export function mountProvider(deps: MountDeps) {
  const { provider } = deps;
  provider.use(async (ctx, next) => {
    await next();
    // A path under /oidc/ the library has no endpoint for: the same problem as any unknown path of ours.
    if (ctx.status === 404 && ctx.body === undefined) {
      ctx.status = 404;
      ctx.type = 'application/problem+json; charset=utf-8';
      ctx.body = {
        type: problemType('not_found'),
        title: 'Not found',
        status: 404,
        detail: `There is nothing at ${ctx.method} ${ctx.path}.`,
        request_id: String(ctx.res.getHeader('X-Request-Id') ?? ''),
      };
    }
    if (ctx.response.is('html')) widenFormAction(ctx as KoaContextWithOIDC);
    await endSimpassSessionOnLogout(ctx as KoaContextWithOIDC, deps);
  });
  const callback = provider.callback();

  return function register(app: FastifyInstance): void {
    // Bodies stay unread for the library: it parses form posts and JSON itself (with its own limits).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      for (const [name, value] of Object.entries(deps.headers)) reply.raw.setHeader(name, value);
      reply.raw.setHeader('X-Request-Id', request.id);
      await callback(request.raw, reply.raw);
    };
    // The library's endpoints are described by its discovery document, not by /openapi.json.
    const schema = { hide: true };
    app.route({ method: ['GET', 'POST', 'OPTIONS'], url: '/oidc/*', schema, handler });
    app.route({ method: ['GET', 'OPTIONS'], url: DISCOVERY_PATH, schema, handler });
  };
}

function widenFormAction(ctx: KoaContextWithOIDC): void {
  const client = ctx.oidc?.client;
  const csp = ctx.response.get('content-security-policy');
  if (!client || !csp) return;
  const origins = new Set<string>();
  for (const uri of [...(client.redirectUris ?? []), ...(client.postLogoutRedirectUris ?? [])]) {
    const url = URL.parse(uri);
    if (url && (url.protocol === 'https:' || url.protocol === 'http:')) origins.add(url.origin);
  }
  if (origins.size === 0) return;
  ctx.set('content-security-policy', csp.replace(/form-action [^;]*/, (directive) => `${directive} ${[...origins].join(' ')}`));
}

/** "Yes, sign me out" at the provider signs the browser out of Simpass too, as its page says. */
async function endSimpassSessionOnLogout(ctx: KoaContextWithOIDC, deps: MountDeps): Promise<void> {
  if (ctx.oidc?.route !== 'end_session_confirm' || !ctx.oidc.body?.logout || ctx.status >= 400) return;
  // The library also ends its own session when someone else signed in to Simpass on this browser, and
  // then resumes the authorization request (back to /oidc/auth/:uid): that new Simpass session stays.
  const location = ctx.response.get('location');
  if (location && new URL(location, 'http://x').pathname.startsWith(`${OIDC_ROUTES.authorization}/`)) return;
  // Our cookie is not one of the provider's signed ones.
  const token = ctx.cookies.get(deps.sessionCookie.name, { signed: false });
  if (!token) return;
  await endSession(deps.db, token);
  const { secure, sameSite, path } = deps.sessionCookie.options;
  ctx.append('Set-Cookie', `${deps.sessionCookie.name}=; Max-Age=0; Path=${path ?? '/'}; HttpOnly; SameSite=${sameSite === 'lax' ? 'Lax' : 'Strict'}${secure ? '; Secure' : ''}`);
}
