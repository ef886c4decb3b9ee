// SIMCheck v0.1 (products.yaml create-sim-check, get-sim-check): synchronous, 201 with the result.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireScope } from './auth.js';
import type { EmulatorState } from './control.js';
import { normalisePhoneNumber } from './network.js';
import { problems } from './problems.js';
import { DEFAULT_NO_SIM_CHANGE_PERIOD, MAX_PERIOD, MIN_PERIOD } from './sim-change.js';
import { runSimCheck, simCheckView } from './sim-checks.js';

export function registerSimCheckRoutes(app: FastifyInstance, state: EmulatorState, origin: (request: FastifyRequest) => string): void {
  const auth = { preHandler: requireScope(state.tokens, 'sim_check') };
  const schema = {
    body: {
      type: 'object',
      properties: {
        phone_number: {},
        reference_id: { type: 'string', maxLength: 128 },
        phone_ip: { type: 'string' },
        period: { type: 'integer', minimum: MIN_PERIOD, maximum: MAX_PERIOD },
      },
    },
  };

  app.post<{ Body: { phone_number?: unknown; reference_id?: string; period?: number } }>('/sim_check/v0.1/checks', { ...auth, schema }, async (request, reply) => {
    const body = request.body ?? {};
    const phoneNumber = normalisePhoneNumber(body.phone_number);
    if (phoneNumber === null) throw problems.invalidPhoneNumber();
    const result = runSimCheck(
      { phone_number: phoneNumber, period: body.period ?? DEFAULT_NO_SIM_CHANGE_PERIOD, ...(body.reference_id !== undefined ? { reference_id: body.reference_id } : {}) },
      state.network(),
      state.now(),
    );
    if (result.kind === 'mno_not_supported') throw problems.mnoNotSupported();
    state.simChecks.set(result.check.check_id, result.check);
    // snapshot_balance: "only returned when the SIMCheck is initially created".
    const balance = state.charge();
    return reply.code(201).type('application/hal+json').send({ ...simCheckView(result.check, origin(request)), snapshot_balance: balance });
  });

  app.get<{ Params: { check_id: string } }>('/sim_check/v0.1/checks/:check_id', auth, async (request, reply) => {
    const check = state.simChecks.get(request.params.check_id);
    if (!check) throw problems.checkNotFound();
    return reply.type('application/hal+json').send(simCheckView(check, origin(request)));
  });
}
