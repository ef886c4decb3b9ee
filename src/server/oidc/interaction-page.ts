// GET /oidc/interaction/:uid: the Simpass page itself (index.html), which sees the path and shows the
// sign-in and consent for that request (src/web). Same file, headers and CSP as `/`. A page, not API:
// left out of /openapi.json like `/` itself.
import type { FastifyInstance } from 'fastify';

export function interactionPage(app: FastifyInstance): void {
  app.get('/oidc/interaction/:uid', { schema: { hide: true } }, (_request, reply) => {
    if (typeof reply.sendFile !== 'function') {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The Simpass page has not been built. Run "npm run build:web" (npm start does it for you).');
    }
    reply.header('Cache-Control', 'no-cache');
    return reply.sendFile('index.html');
  });
}
