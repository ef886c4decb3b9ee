// `GET /coverage/v0.1/countries/{code}` with a `coverage` token (country-coverage.ts says what it
// answers). 400 BadRequest for a code that is neither a country nor a dialing code; 404 NotFound for a
// country where the emulator's network has no operator.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireScope } from './auth.js';
import type { EmulatorState } from './control.js';
import { countryCoverage, resolveCountry } from './country-coverage.js';
import { problems } from './problems.js';

export function registerCountryCoverageRoutes(app: FastifyInstance, state: EmulatorState, origin: (request: FastifyRequest) => string): void {
  app.get<{ Params: { code: string } }>('/coverage/v0.1/countries/:code', { preHandler: requireScope(state.tokens, 'coverage') }, async (request, reply) => {
    const { code } = request.params;
    const network = state.network();
    const found = resolveCountry(network, code);
    if (found.kind === 'invalid') throw problems.badRequest(`"${code}" is neither an ISO 3166-1 alpha-2 country code (GB) nor a country dialing code (44)`);
    if (found.kind === 'not_covered') throw problems.notFound(`No coverage for "${code}": no operator of that country in the emulator's network`);
    return reply.type('application/hal+json').send(countryCoverage(network, found.country, `${origin(request)}/coverage/v0.1/countries/${found.country}`));
  });
}
