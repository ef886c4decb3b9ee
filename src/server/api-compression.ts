// Compresses the API's JSON answers (problem+json included) on the fly when they are big enough to
// gain from it. Only /api/ routes: the page and its assets are compressed once at build time and sent
// as they are (web-client.ts); left to itself, @fastify/compress would compress per request every
// static file sent raw (the favicon, or anything to a browser that accepts only deflate).
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Bytes. A smaller answer fits one packet anyway; compressing it costs CPU and saves no round trip. */
export const API_COMPRESSION_THRESHOLD = 1024;

/** Call before any route is added: both hooks act on routes as they are added. */
export async function registerApiCompression(app: FastifyInstance): Promise<void> {
  // Runs before @fastify/compress's own onRoute hook (registered next), which honours `compress: false`.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) route.compress = false;
  });
  await app.register(fastifyCompress, {
    threshold: API_COMPRESSION_THRESHOLD,
    encodings: ['br', 'gzip'],
    // Brotli stays at the plugin's quality 4: answers are compressed per request, so speed matters
    // more than the last few bytes.
    // Request bodies stay plain: we accept small JSON only (bodyLimit) and have no use for compressed
    // uploads, which would let a small request inflate into a large one.
    globalDecompression: false,
  });
}
