// Reachability (utils.yaml): which operator a device's IP belongs to, and whether tru.ID covers it —
// public, bearer (the caller's own IP) and by IP.
// 200 DeviceReachability; 400 MobileNetworkOperatorNotSupported; 412 NotMobileIp.
import cors from '@fastify/cors';
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { attributeIp, attributeRequest, DEVICE_HEADER, type Attribution } from './attribution.js';
import { requireScope } from './auth.js';
import type { EmulatorState } from './control.js';
import { findOperator, type NetworkDefinition } from './network.js';
import { problems } from './problems.js';
import { PRODUCTS } from './products.js';

function reachability(network: NetworkDefinition, attribution: Attribution): Record<string, unknown> {
  if (!attribution.ok) throw problems.unknownDevice(attribution.unknownDeviceId);
  const { device } = attribution;
  if (device.connection !== 'mobile') throw problems.notMobileIp();
  const operator = findOperator(network, device.network_id);
  if (!operator?.supported) throw problems.mnoNotSupported();
  return {
    network_id: operator.network_id,
    network_name: operator.name,
    country_code: operator.country_code,
    products: PRODUCTS.map((p) => ({ ...p })),
  };
}

export async function registerCoverageRoutes(app: FastifyInstance, state: EmulatorState): Promise<void> {
  // The SDK's getReachability() fetches the public endpoint from the page's origin, and a page holding a
  // coverage-only token (tru.ID's dev-server hands one out at /coverage-access-token) calls the bearer one:
  // both must answer CORS (Headers.v1.yaml Access-Control-Allow-Origin-All), the bearer one also the
  // preflight for its Authorization header. A bearer token is no ambient credential, so `*` exposes
  // nothing. Encapsulated: only these routes get CORS.
  await app.register(async (browserScope) => {
    await browserScope.register(cors, { origin: '*', methods: ['GET'], allowedHeaders: ['authorization'] });
    const fromCaller = (request: FastifyRequest): Record<string, unknown> => {
      const header = request.headers[DEVICE_HEADER];
      const network = state.network();
      return reachability(network, attributeRequest(network, typeof header === 'string' ? header : undefined, request.ip, request.headers.host));
    };
    browserScope.get('/public/coverage/v0.1/device_ip', async (request, reply) => reply.type('application/hal+json').send(fromCaller(request)));
    browserScope.get('/coverage/v0.1/device_ip', { preHandler: requireScope(state.tokens, 'coverage') }, async (request, reply) =>
      reply.type('application/hal+json').send(fromCaller(request)),
    );
  });

  app.get<{ Params: { ip: string } }>(
    '/coverage/v0.1/device_ips/:ip',
    { preHandler: requireScope(state.tokens, 'coverage') },
    async (request, reply) => {
      const { ip } = request.params;
      if (isIP(ip) === 0) throw problems.badRequest(`"${ip}" is not an IPv4 or IPv6 address`);
      const network = state.network();
      const body = reachability(network, attributeIp(network, ip));
      return reply.type('application/hal+json').send({ ...body, mobile_data_ip: ip });
    },
  );
}
