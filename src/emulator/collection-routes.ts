// `GET /{product}/{version}/checks` for every product whose definitions have it (products.yaml
// get-phone-checks-v0.1/v0.2, get-subscriber-checks(-v0.2), get-sim-checks). The emulator has one
// project, so a token of the project sees the project's checks — those created under the same product
// and version path, as the items' `_links` name that path.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireScope } from './auth.js';
import { CHECK_FLAVOURS } from './checks.js';
import { collectionBody, parseCollectionQuery } from './collections.js';
import type { EmulatorState } from './control.js';
import { checkView } from './representations.js';
import { simCheckView } from './sim-checks.js';

/** The top-level scalar fields of PhoneCheck, SubscriberCheck and SimCheck that `sort` and `search` may name. */
export const QUERYABLE_FIELDS = [
  'check_id',
  'status',
  'reference_id',
  'match',
  'network_id',
  'error_code',
  'no_sim_change',
  'sim_change_within',
  'no_sim_change_period',
  'charge_amount',
  'charge_currency',
  'created_at',
  'updated_at',
  'ttl',
] as const;

export function registerCollectionRoutes(app: FastifyInstance, state: EmulatorState, origin: (request: FastifyRequest) => string): void {
  const send = (request: FastifyRequest, items: Record<string, unknown>[]) => {
    const query = parseCollectionQuery(request.query as Record<string, unknown>, QUERYABLE_FIELDS);
    return collectionBody(items, query, origin(request) + (request.url.split('?')[0] ?? request.url));
  };

  for (const { product, version } of CHECK_FLAVOURS) {
    app.get(`/${product}/${version}/checks`, { preHandler: requireScope(state.tokens, product) }, async (request, reply) => {
      const at = origin(request);
      const items = state.checks
        .list()
        .filter((check) => check.product === product && check.version === version)
        .map((check) => checkView(check, at));
      return reply.type('application/hal+json').send(send(request, items));
    });
  }

  app.get('/sim_check/v0.1/checks', { preHandler: requireScope(state.tokens, 'sim_check') }, async (request, reply) => {
    const at = origin(request);
    const items = [...state.simChecks.values()].map((check) => simCheckView(check, at));
    return reply.type('application/hal+json').send(send(request, items));
  });
}
