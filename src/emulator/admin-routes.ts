// The HTTP admin API under /_emulator/ (docs/architecture.md, "HTTP admin API"): thin over EmulatorControl.
// JSON in and out; every input is validated there and a bad one is a 400 problem+json, never a 500.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorControl } from './control.js';
import type { Device, NetworkDefinition, Operator } from './network.js';
import type { FaultSpec } from './faults.js';
import { problems } from './problems.js';

const deviceIdBody = {
  body: { type: 'object', properties: { device_id: { type: 'string', minLength: 1 } }, required: ['device_id'], additionalProperties: false },
};
const simChangeBody = {
  body: {
    type: 'object',
    properties: { minutes_ago: { type: ['number', 'null'], minimum: 0, maximum: 100 * 525_600 } },
    required: ['minutes_ago'],
    additionalProperties: false,
  },
};
const secondsBody = {
  body: { type: 'object', properties: { seconds: { type: 'number', minimum: 0, maximum: 315_360_000 } }, required: ['seconds'], additionalProperties: false },
};

/** Runs a synchronous operation as a promise, so a thrown InputError reaches the error handler as a rejection. */
const run = <T>(operation: () => T): Promise<T> => new Promise((resolve) => resolve(operation()));

/**
 * The admin API has no credentials (the emulator binds to loopback), so a web page must not be able
 * to drive it: a cross-site form or `text/plain` POST needs no CORS preflight and would otherwise go
 * through. Node callers (the Simpass server, tests, curl) send no Origin; a page may use it only from
 * the emulator's own loopback origin, which also defeats DNS rebinding (the Origin would name the
 * attacker's host). Bodies must be JSON, which no simple cross-site request can send.
 */
function refuseWebPagesOfOtherSites(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined && !isOwnLoopbackOrigin(origin, request.host)) {
    throw problems.forbidden('The emulator admin API refuses requests from web pages of other origins.');
  }
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (hasBody && mediaType !== 'application/json') {
    throw problems.unsupportedMediaType('The emulator admin API takes application/json bodies only.');
  }
}

function isOwnLoopbackOrigin(origin: string, host: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file:) and anything else unparsable
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  return loopback && url.host === host;
}

export function registerAdminRoutes(app: FastifyInstance, control: EmulatorControl): void {
  app.register(
    (admin, _options, done) => {
      admin.addHook('onRequest', (request, _reply, next) => {
        try {
          refuseWebPagesOfOtherSites(request);
          next();
        } catch (error) {
          next(error as Error);
        }
      });
      admin.get('/network', () => run(() => control.getNetwork()));
      admin.put<{ Body: NetworkDefinition }>('/network', (request) => run(() => control.setNetwork(request.body)));
      admin.put<{ Body: { device_id: string } }>('/active-device', { schema: deviceIdBody }, (request) => run(() => control.setActiveDevice(request.body.device_id)));

      admin.put<{ Params: { id: string }; Body: Device }>('/devices/:id', (request) => run(() => control.putDevice(request.params.id, request.body)));
      admin.patch<{ Params: { id: string }; Body: Partial<Device> }>('/devices/:id', (request) => run(() => control.patchDevice(request.params.id, request.body)));
      admin.put<{ Params: { id: string }; Body: { minutes_ago: number | null } }>('/devices/:id/sim-change', { schema: simChangeBody }, (request) =>
        run(() => control.setSimChangedAgo(request.params.id, request.body.minutes_ago)),
      );
      admin.delete<{ Params: { id: string } }>('/devices/:id', (request, reply) => run(() => reply.code(204).send(control.deleteDevice(request.params.id))));

      admin.put<{ Params: { network_id: string }; Body: Operator }>('/operators/:network_id', (request) =>
        run(() => control.putOperator(request.params.network_id, request.body)),
      );
      admin.patch<{ Params: { network_id: string }; Body: Partial<Operator> }>('/operators/:network_id', (request) =>
        run(() => control.patchOperator(request.params.network_id, request.body)),
      );

      admin.put<{ Params: { ip: string }; Body: { device_id: string } }>('/attachments/:ip', { schema: deviceIdBody }, (request) =>
        run(() => control.putAttachment(request.params.ip, request.body.device_id)),
      );
      admin.delete<{ Params: { ip: string } }>('/attachments/:ip', (request) => run(() => control.deleteAttachment(request.params.ip)));

      admin.get<{ Params: { id: string } }>('/checks/:id', (request) =>
        run(() => {
          const check = control.inspectCheck(request.params.id);
          if (!check) throw problems.checkNotFound();
          return check;
        }),
      );

      admin.post<{ Body: { seconds: number } }>('/clock/advance', { schema: secondsBody }, (request) => run(() => control.advanceClock(request.body.seconds)));
      admin.post('/tokens/revoke', (_request, reply) => run(() => reply.code(204).send(control.revokeTokens())));
      admin.get('/stats', () => run(() => control.stats()));
      admin.get('/callbacks', () => run(() => ({ callbacks: control.listCallbacks() })));
      admin.get('/project/configuration', () => run(() => control.getProjectConfiguration()));
      admin.put<{ Body: unknown }>('/project/configuration', (request) => run(() => control.setProjectConfiguration(request.body)));

      admin.get('/faults', () => run(() => control.listFaults()));
      admin.post<{ Body: FaultSpec }>('/faults', (request, reply) => run(() => reply.code(201).send({ id: control.addFault(request.body).id })));
      admin.delete('/faults', (_request, reply) => run(() => reply.code(204).send(control.clearFaults())));
      admin.delete<{ Params: { id: string } }>('/faults/:id', (request, reply) =>
        run(() => {
          if (!control.removeFault(request.params.id)) throw problems.notFound(`No fault ${request.params.id}`);
          return reply.code(204).send();
        }),
      );

      admin.post('/reset', (_request, reply) => run(() => reply.code(204).send(control.reset())));
      done();
    },
    { prefix: '/_emulator' },
  );
}
