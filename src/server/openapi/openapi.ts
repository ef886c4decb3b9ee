// Simpass's own API described by its route schemas (@fastify/swagger, OpenAPI 3.1) and served at
// /openapi.json. Register before any route: the plugin collects routes as they are added. A route
// with `schema: { hide: true }` is left out on purpose (the static page and its assets).
import { readFileSync } from 'node:fs';
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { PROBLEM_SCHEMA } from './problem-schema.js';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.addSchema(PROBLEM_SCHEMA);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Simpass API',
        version,
        description:
          'Passwordless sign-up and sign-in where the mobile network proves the phone number (tru.ID). Errors are application/problem+json (the Problem schema); writes must carry our Origin.',
      },
      components: {
        securitySchemes: {
          metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN (GET /metrics only)' },
        },
      },
    },
    // Shared schemas keep their $id as their name under components.schemas ("Problem", not "def-0").
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  let document: string | undefined;
  app.get(
    '/openapi.json',
    {
      schema: {
        summary: 'This description of the API (OpenAPI 3.1)',
        tags: ['operations'],
        response: { 200: { description: 'The OpenAPI document', type: 'object', additionalProperties: true } },
      },
    },
    (_request, reply) => {
      // Routes are fixed once the app is ready, so the document is built once.
      document ??= JSON.stringify(app.swagger());
      return reply.type('application/json; charset=utf-8').send(document);
    },
  );
}
