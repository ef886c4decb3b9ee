// Assembles the emulator's Fastify app: the tru.ID routes, the operator hop, the admin API, and the
// cross-cutting parts (faults, counters, rate-limit headers, problem+json errors, closing fast).
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { registerAdminRoutes } from './admin-routes.js';
import { registerJwksRoute } from './callbacks/jwks-route.js';
import { registerCheckRoutes } from './check-routes.js';
import type { EmulatorControl, EmulatorState } from './control.js';
import { registerCollectionRoutes } from './collection-routes.js';
import { registerCountryCoverageRoutes } from './country-coverage-routes.js';
import { registerCoverageRoutes } from './coverage-routes.js';
import { InputError } from './input-error.js';
import { registerMnoRoutes } from './mno-routes.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { ProblemError, problems } from './problems.js';
import { createRateLimitCounter } from './rate-limit.js';
import { registerSimCheckRoutes } from './sim-check-routes.js';
import { registerTraceRoutes } from './trace-routes.js';
import { registerUnsupportedProductRoutes } from './unsupported-product-routes.js';

export interface AppDeps {
  state: EmulatorState;
  control: EmulatorControl;
  logger: boolean;
  /** The origin for `_links`; when it returns undefined, the request's own Host is used. */
  origin: () => string | undefined;
}

const isAdmin = (path: string): boolean => path === '/_emulator' || path.startsWith('/_emulator/');
const pathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? request.url;

export async function buildEmulatorApp({ state, control, logger, origin }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger, forceCloseConnections: true });
  const closing = new AbortController();
  const sockets = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A hung request never answers; close() must still finish at once, so every socket goes.
  app.addHook('preClose', async () => {
    closing.abort();
    for (const socket of sockets) socket.destroy();
    return Promise.resolve();
  });

  app.addContentTypeParser('application/json-patch+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request);
    if (isAdmin(path)) return;
    const fault = state.faults.take(request.method, path);
    if (!fault) return;
    switch (fault.kind) {
      case 'status':
        throw problems.injected(fault.status ?? 503);
      case 'reset':
        reply.hijack();
        request.raw.socket.destroy();
        return;
      case 'hang':
        reply.hijack();
        await new Promise<void>((resolve) => closing.signal.addEventListener('abort', () => resolve(), { once: true }));
        return;
      case 'delay':
        await sleep(fault.delay_ms ?? 0, undefined, { signal: closing.signal }).catch(() => undefined);
        return;
    }
  });

  const rateLimit = createRateLimitCounter(() => state.now());
  app.addHook('onSend', async (request, reply, payload) => {
    const path = pathOf(request);
    if (!isAdmin(path) && !path.startsWith('/_mno/')) {
      reply.headers(rateLimit());
      // products.yaml / utils.yaml show Access-Control-Allow-Origin: * (Access-Control-Allow-Origin-All) on
      // resources; bearer tokens are not ambient credentials, so this exposes nothing.
      if (!reply.hasHeader('access-control-allow-origin')) reply.header('access-control-allow-origin', '*');
    }
    return payload;
  });
  app.addHook('onResponse', async (request) => {
    state.stats.countRequest(`${request.method} ${request.routeOptions.url ?? '(no route)'}`);
    return Promise.resolve();
  });

  app.setErrorHandler((error: FastifyError | ProblemError | InputError, request, reply) => {
    let problem: ProblemError;
    let extra: Record<string, unknown> = {};
    if (error instanceof ProblemError) problem = error;
    else if (error instanceof InputError) {
      problem = problems.badRequest(error.message);
      extra = { issues: error.issues };
    } else if (error.validation) problem = problems.badRequest(error.message);
    else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      const status = error.statusCode;
      problem = new ProblemError(status, status === 415 ? problems.unsupportedMediaType('').type : problems.badRequest('').type, STATUS_CODES[status] ?? 'Bad Request', error.message);
    } else {
      request.log.error(error);
      problem = new ProblemError(500, 'urn:simpass:emulator:internal-error', 'Internal Server Error', 'The emulator failed; see its log');
    }
    return reply.code(problem.status).headers(problem.headers).type('application/problem+json').send({ ...problem.toJSON(), ...extra });
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = problems.notFound(`No route ${request.method} ${pathOf(request)}`);
    return reply.code(404).type('application/problem+json').send(problem.toJSON());
  });

  const originOf = (request: FastifyRequest): string => origin() ?? `${request.protocol}://${request.host}`;
  registerOAuthRoutes(app, state);
  await registerCoverageRoutes(app, state);
  registerCheckRoutes(app, state, originOf);
  registerSimCheckRoutes(app, state, originOf);
  registerCollectionRoutes(app, state, originOf);
  registerTraceRoutes(app, state, originOf);
  registerCountryCoverageRoutes(app, state, originOf);
  registerUnsupportedProductRoutes(app, state);
  registerMnoRoutes(app, state);
  registerJwksRoute(app, state.callbacks.key);
  registerAdminRoutes(app, control);
  return app;
}
