// The floor for `npm run bench`: a bare Fastify route answering a small JSON document, with Fastify's
// defaults (no logger, no hooks, no plugins). Simpass's /healthz and /api/session are compared with it.
// Configured by HOST and PORT.
//
// With SIGNED_IN_ANSWER (the body Simpass gave a signed-in GET /api/session in this run), a second route,
// /signed-in-answer, sends that same document with the same headers Simpass puts on it (the JSON API's
// security headers, no-store, a request id), doing no work at all: no cookie, no session, no log line.
// It is the ceiling of what any implementation of /api/session could reach against the bare route on this
// machine, bytes and headers alone (bench/RESULTS.md, "Why /api/session misses 0.8×").
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { apiSecurityHeaders } from '../src/server/security-headers.js';

const app = Fastify();
app.get('/healthz', () => ({ status: 'ok' }));
const signedInAnswer = process.env.SIGNED_IN_ANSWER;
if (signedInAnswer) {
  const body: unknown = JSON.parse(signedInAnswer);
  const headers = { ...apiSecurityHeaders({ https: false }), 'Cache-Control': 'no-store' };
  app.get('/signed-in-answer', (_request, reply) => {
    void reply.headers(headers).header('X-Request-Id', randomUUID());
    return body;
  });
}
await app.listen({ port: Number(process.env.PORT ?? 4002), host: process.env.HOST ?? '127.0.0.1' });
