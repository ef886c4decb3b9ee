// Serves the browser client that Vite built. Hashed assets are immutable; index.html is revalidated
// every time, so a new build is picked up at once.
//
// The build writes brotli and gzip copies beside each text file (vite.config.ts); `preCompressed`
// sends the best one the browser accepts (br, then gzip, else the original) as it is, so no CPU is
// spent compressing per request. Only the originals get routes: the .br/.gz copies are reachable
// through content negotiation alone, and a source map, should a build ever write one, is never served.
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export async function registerWebClient(app: FastifyInstance, webRoot: string): Promise<void> {
  if (!existsSync(join(webRoot, 'index.html'))) {
    app.log.warn({ webRoot }, 'no built web client found; run "npm run build:web"');
    // The page, not API: left out of /openapi.json like the static files it stands in for.
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The Simpass page has not been built. Run "npm run build:web" (npm start does it for you).'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: webRoot,
    index: ['index.html'],
    wildcard: false,
    globIgnore: ['**/*.br', '**/*.gz', '**/*.map'],
    preCompressed: true,
    cacheControl: false,
    setHeaders(res, path) {
      // `path` is the file actually sent, e.g. assets/index-….js.br: Vite names every file under
      // assets/ by its content hash, so those never change.
      const immutable = relative(webRoot, path).startsWith(`assets${sep}`);
      res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      // Which bytes were sent depends on Accept-Encoding: caches must key on it.
      res.setHeader('Vary', 'Accept-Encoding');
    },
  });
}
