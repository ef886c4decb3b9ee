// The floor for `npm run bench`: a bare Fastify route answering a small JSON document, with Fastify's
// defaults (no logger, no hooks, no plugins). Simpass's /healthz and /api/session are compared with it.
// Configured by HOST and PORT.
import Fastify from 'fastify';

const app = Fastify();
app.get('/healthz', () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT ?? 4002), host: process.env.HOST ?? '127.0.0.1' });
