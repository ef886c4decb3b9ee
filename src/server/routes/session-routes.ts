// Accounts and sessions: sign in with a verified check, who am I, sign out.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { clearCookie, type CookieSpec } from '../cookies.js';
import { FlowError } from '../errors.js';
import { ME_DOCS, SESSION_DOCS, SIGN_IN_DOCS, SIGN_OUT_DOCS } from '../openapi/verification-api.js';
import { formatPhoneNumberForOwner } from '../phone-number.js';
import type { VerificationFunnel } from '../metrics/funnel.js';
import type { AdmitSignIn } from '../rate-limits/sign-in-admission.js';
import { requestContext } from '../request-context.js';
import { authenticateSession, endSession, readSession, type SessionPolicy } from '../sessions.js';
import { signInWithCheck } from '../sign-in.js';
import type { SimSwapDeps } from '../sim-swap/evaluate.js';
import { recordAuditEvent } from '../storage/audit-repository.js';
import type { DatabaseSchema } from '../storage/schema.js';
import type { UserRecord } from '../storage/user-repository.js';

export interface SessionRouteDeps {
  db: Kysely<DatabaseSchema>;
  clock: () => Date;
  sessionPolicy: SessionPolicy;
  flowCookie: CookieSpec;
  sessionCookie: CookieSpec;
  /** The per-address limit on sign-in attempts (rate-limits/sign-in-admission.ts). */
  admitSignIn: AdmitSignIn;
  simSwap: SimSwapDeps;
  funnel?: VerificationFunnel | undefined;
}

/**
 * What the browser may know about its own account. Only ever sent to the session's owner, who proved the
 * number with their SIM: it is theirs, shown as they write it. Logs and the audit trail keep it masked.
 */
export function publicUser(user: UserRecord) {
  return {
    id: user.id,
    phoneNumber: formatPhoneNumberForOwner(user.phoneNumber),
    createdAt: user.createdAt.toISOString(),
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
  };
}

export function sessionRoutes(deps: SessionRouteDeps) {
  return function register(app: FastifyInstance): void {
    app.post<{ Body: { checkId: string; startNewAccount?: boolean } }>(
      '/api/sign-in',
      {
        schema: {
          ...SIGN_IN_DOCS,
          body: {
            type: 'object',
            required: ['checkId'],
            properties: {
              checkId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' },
              // Only after a possibly_recycled_number refusal, from the page's explicit button.
              startNewAccount: { type: 'boolean' },
            },
            // Refused, not ignored: a client sending fields we do not read has a bug, or is probing.
            additionalProperties: false,
          },
        },
      },
      async (request, reply) => {
        await deps.admitSignIn({ ip: request.ip });
        const signedIn = await signInWithCheck(
          { db: deps.db, clock: deps.clock, sessionPolicy: deps.sessionPolicy, simSwap: deps.simSwap, funnel: deps.funnel },
          {
            checkId: request.body.checkId,
            startNewAccount: request.body.startNewAccount === true,
            flowToken: request.cookies[deps.flowCookie.name],
            previousSessionToken: request.cookies[deps.sessionCookie.name],
            ...requestContext(request),
          },
        );
        reply.setCookie(deps.sessionCookie.name, signedIn.session.token, deps.sessionCookie.options);
        clearCookie(reply, deps.flowCookie);
        return reply.send({
          data: { user: publicUser(signedIn.user), created: signedIn.created },
          message: signedIn.created ? "You're signed up" : 'Welcome back',
        });
      },
    );

    const currentUser = (request: FastifyRequest) =>
      authenticateSession(deps.db, request.cookies[deps.sessionCookie.name], deps.clock(), deps.sessionPolicy);

    app.get('/api/me', { schema: ME_DOCS }, async (request) => {
      const user = await currentUser(request);
      if (!user) throw new FlowError('not_signed_in', 'You are not signed in.');
      return { data: { user: publicUser(user) } };
    });

    // The page's question "is anyone signed in?", where "no" is an answer rather than an error. `session`
    // says how this session was proven (`amr`: 'sim', 'passkey') and since when: OIDC's amr and auth_time.
    // A few hundred bytes at most, always under the compression threshold: no compression hooks to run.
    app.get('/api/session', { schema: SESSION_DOCS, compress: false }, async (request) => {
      const signedIn = await readSession(deps.db, request.cookies[deps.sessionCookie.name], deps.clock(), deps.sessionPolicy);
      if (!signedIn) return { data: { user: null, session: null } };
      return {
        data: {
          user: publicUser(signedIn.user),
          session: { amr: signedIn.session.amr, authenticatedAt: signedIn.session.createdAt.toISOString() },
        },
      };
    });

    app.post('/api/sign-out', { schema: SIGN_OUT_DOCS }, async (request, reply: FastifyReply) => {
      const token = request.cookies[deps.sessionCookie.name];
      const user = await currentUser(request);
      await endSession(deps.db, token);
      if (user) {
        await recordAuditEvent(deps.db, {
          event: 'account.signed_out',
          at: deps.clock(),
          userId: user.id,
          ...requestContext(request),
        });
      }
      clearCookie(reply, deps.sessionCookie);
      return reply.code(204).send();
    });
  };
}
