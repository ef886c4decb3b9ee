// Where Prometheus reads the metrics. Never public by default (config.ts, METRICS_*):
// - METRICS_TOKEN: GET /metrics on the main port, for `Authorization: Bearer <token>` only;
// - METRICS_PORT: a listener of its own, on 127.0.0.1 unless METRICS_HOST says otherwise, serving
//   only /metrics (reach it from the machine, a sidecar, or a private network).
// With neither, the main port has no /metrics: the not-found handler answers 404.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { problem } from '../openapi/problem-schema.js';
import { problemType, sendProblem } from '../problem.js';
import { bearerTokenMatcher } from './bearer-token.js';

export function registerMetricsRoute(app: FastifyInstance, registry: Registry, token: string): void {
  const authorised = bearerTokenMatcher(token);
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics (only with METRICS_TOKEN set; send it as a bearer token)',
        tags: ['operations'],
        security: [{ metricsToken: [] }],
        response: {
          200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } },
          401: problem('The bearer token is missing or wrong'),
        },
      },
    },
    async (request, reply) => {
      if (!authorised(request.headers.authorization)) {
        void reply.header('WWW-Authenticate', 'Bearer realm="metrics"');
        return sendProblem(reply, {
          type: problemType('metrics_unauthorized'),
          title: 'Not authorised',
          status: 401,
          detail: 'Reading the metrics needs the bearer token set in METRICS_TOKEN.',
          request_id: request.id,
        });
      }
      const text = await registry.metrics();
      return reply.header('Cache-Control', 'no-store').type(registry.contentType).send(text);
    },
  );
}

export interface MetricsListener {
  /** e.g. http://127.0.0.1:9464 */
  url: string;
  close(): Promise<void>;
}

/** The separate listener (METRICS_PORT): GET /metrics and nothing else. */
export async function startMetricsListener(registry: Registry, options: { host: string; port: number }): Promise<MetricsListener> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Only GET /metrics is served here.\n');
      return;
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('The metrics could not be collected.\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
