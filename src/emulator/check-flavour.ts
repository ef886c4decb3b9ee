// What every route of one check product and version shares: its collection path, the scope its token
// needs, and how a check id in its paths is found (or answered 404 CheckNotFound).
import type { preHandlerAsyncHookHandler } from 'fastify';
import { requireScope } from './auth.js';
import { findCheck, type CheckProduct, type CheckRecord, type CheckVersion } from './checks.js';
import type { EmulatorState } from './control.js';
import { problems } from './problems.js';

export interface CheckFlavourRoutes {
  base: string;
  auth: { preHandler: preHandlerAsyncHookHandler };
  load: (id: string) => CheckRecord;
}

export function checkFlavourRoutes(state: EmulatorState, flavour: { product: CheckProduct; version: CheckVersion }): CheckFlavourRoutes {
  return {
    base: `/${flavour.product}/${flavour.version}/checks`,
    auth: { preHandler: requireScope(state.tokens, flavour.product) },
    load: (id) => {
      const check = findCheck(state.checks, id, flavour);
      if (!check) throw problems.checkNotFound();
      return check;
    },
  };
}
