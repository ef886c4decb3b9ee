// What the page needs to know before it can start: where tru.ID (or the emulator) answers
// reachability, and whether this is a simulation.
import { CONFIG_DOCS } from '../openapi/verification-api.js';
import type { FastifyInstance } from 'fastify';

export interface PublicConfig {
  truIdApiBaseUrl: string;
  emulator: boolean;
  defaultCountry: string;
}

export function configRoutes(config: PublicConfig) {
  return function register(app: FastifyInstance): void {
    app.get('/api/config', { schema: CONFIG_DOCS }, () => config);
  };
}
