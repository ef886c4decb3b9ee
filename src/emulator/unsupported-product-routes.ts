// Products tru.ID sells that the emulator does not emulate. Their scopes are granted (scopes.ts), so a
// client holding a token gets the documented generic answers of the definitions: 401 without a valid
// token, 403 without the product's scope, and 404 NotFound (HTTPProblemDetailTypes.v1.yaml) naming the
// product — never a 200 that would pretend the product ran.
//
// MOCheck (`/mo_check/v0.1/checks`, mobile-originated SMS verification): the definitions have no path
// and no model for it, and tru.ID's dev-server shows only a form posting a phone number to its own
// `/mo-check` (public/examples/mo-check) — no request or response shape of the API. Too little to
// emulate faithfully; docs/emulator.md says so.
import type { FastifyInstance } from 'fastify';
import { requireScope } from './auth.js';
import type { EmulatorState } from './control.js';
import { problems } from './problems.js';

const UNSUPPORTED = [{ prefix: '/mo_check', scope: 'mo_check', name: 'MOCheck' }] as const;

export function registerUnsupportedProductRoutes(app: FastifyInstance, state: EmulatorState): void {
  for (const { prefix, scope, name } of UNSUPPORTED) {
    const handler = (): Promise<never> =>
      Promise.reject(problems.notFound(`${name} (${scope}) is not emulated: the tru.ID definitions do not describe it; see docs/emulator.md`));
    app.all(prefix, { preHandler: requireScope(state.tokens, scope) }, handler);
    app.all(`${prefix}/*`, { preHandler: requireScope(state.tokens, scope) }, handler);
  }
}
