// "Connected applications" on the signed-in page: the applications this account gave consent to, and
// withdrawing it (which ends the tokens issued under it; the next sign-in there asks again).
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type Provider from 'oidc-provider';
import { FlowError } from '../errors.js';
import { LIST_CONSENTS_DOCS, WITHDRAW_CONSENT_DOCS } from '../openapi/oidc-api.js';
import type { DatabaseSchema } from '../storage/schema.js';
import { findGrants, withdrawGrants } from './grants.js';
import type { SimpassSessionReader } from './simpass-session.js';
import { findSubjectOfUser } from './subjects.js';

export interface ConsentRouteDeps {
  provider: Provider;
  db: Kysely<DatabaseSchema>;
  clock: () => Date;
  readSimpassSession: SimpassSessionReader;
}

export function consentRoutes(deps: ConsentRouteDeps) {
  return function register(app: FastifyInstance): void {
    const subjectOfSignedIn = async (raw: IncomingMessage) => {
      const signedIn = await deps.readSimpassSession(raw);
      if (!signedIn) throw new FlowError('not_signed_in', 'You are not signed in.');
      return findSubjectOfUser(deps.db, signedIn.user.id);
    };

    app.get('/api/oidc/consents', { schema: LIST_CONSENTS_DOCS }, async (request) => {
      const subject = await subjectOfSignedIn(request.raw);
      const grants = subject ? await findGrants(deps.db, subject, deps.clock()) : [];
      const consents = await Promise.all(
        grants.map(async (grant) => {
          // A client since removed from OIDC_CLIENTS_FILE is still listed (its consent can be withdrawn), by its id.
          const client = await deps.provider.Client.find(grant.clientId).catch(() => undefined);
          return { clientId: grant.clientId, name: client?.clientName ?? grant.clientId, scopes: grant.scopes, grantedAt: grant.grantedAt.toISOString() };
        }),
      );
      return { consents };
    });

    app.delete<{ Params: { clientId: string } }>(
      '/api/oidc/consents/:clientId',
      { schema: WITHDRAW_CONSENT_DOCS },
      async (request, reply) => {
        const subject = await subjectOfSignedIn(request.raw);
        if (subject) await withdrawGrants(deps.db, subject, request.params.clientId, deps.clock());
        return reply.code(204).send();
      },
    );
  };
}
