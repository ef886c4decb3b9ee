// Lets a person at the page switch the simulated phone (emulator mode only; 404 otherwise).
import { ACTIVE_DEVICE_DOCS, SIM_CHANGE_DOCS, SIMULATION_DOCS } from '../openapi/simulation-api.js';
import type { FastifyInstance } from 'fastify';
import { FlowError } from '../errors.js';
import type { Simulation } from '../simulation.js';

export function simulationRoutes(simulation: Simulation | null) {
  return function register(app: FastifyInstance): void {
    const unavailable = () =>
      new FlowError('simulation_unavailable', 'The simulated phone exists only when Simpass runs on its emulator.');

    // The emulator's admin API failing is an outage of the simulated network, not a bug of ours.
    const reach = async <T>(call: () => Promise<T>): Promise<T> => {
      try {
        return await call();
      } catch (error) {
        app.log.warn({ err: error }, 'emulator admin API failed');
        throw new FlowError('simulation_unreachable', 'The simulated phone network is not answering. Please try again in a moment.');
      }
    };

    app.get('/api/simulation', { schema: SIMULATION_DOCS }, async () => {
      if (!simulation) throw unavailable();
      return reach(() => simulation.describe());
    });

    app.put<{ Body: { deviceId: string } }>(
      '/api/simulation/active-device',
      {
        schema: {
          ...ACTIVE_DEVICE_DOCS,
          body: {
            type: 'object',
            required: ['deviceId'],
            properties: { deviceId: { type: 'string', minLength: 1, maxLength: 64 } },
            // Refused, not ignored: a client sending fields we do not read has a bug, or is probing.
            additionalProperties: false,
          },
        },
      },
      async (request) => {
        if (!simulation) throw unavailable();
        const view = await reach(() => simulation.setActiveDevice(request.body.deviceId));
        if (!view) {
          throw new FlowError('invalid_request', `There is no simulated device "${request.body.deviceId}".`, [
            { name: 'deviceId', reason: 'unknown device' },
          ]);
        }
        return view;
      },
    );

    // "SIM changed … ago" for a simulated phone, so every SIM-swap branch can be tried from the page.
    app.put<{ Params: { deviceId: string }; Body: { minutesAgo: number | null } }>(
      '/api/simulation/devices/:deviceId/sim-change',
      {
        schema: {
          ...SIM_CHANGE_DOCS,
          params: { type: 'object', properties: { deviceId: { type: 'string', minLength: 1, maxLength: 64 } } },
          body: {
            type: 'object',
            required: ['minutesAgo'],
            properties: { minutesAgo: { type: ['integer', 'null'], minimum: 0, maximum: 10 * 525_600 } },
          },
        },
      },
      async (request) => {
        if (!simulation) throw unavailable();
        const { deviceId } = request.params;
        const view = await reach(() => simulation.setSimChangedAgo(deviceId, request.body.minutesAgo));
        if (!view) throw new FlowError('invalid_request', `There is no simulated device "${deviceId}".`, [{ name: 'deviceId', reason: 'unknown device' }]);
        return view;
      },
    );
  };
}
