// Builds the browser client (src/web) into dist/web, which the server serves under a strict CSP
// (script-src 'self'; style-src 'self'; no 'unsafe-inline'): the output must hold no inline script,
// no inline style and no data: URLs.
//
// Every text file of the build is also written brotli- and gzip-compressed beside itself
// (index.html.br, index.html.gz, assets/index-….js.br, …), at the strongest settings since this runs
// once per build: the server sends those files as they are (@fastify/static's `preCompressed`, see
// src/server/web-client.ts) and spends no CPU compressing per request.
import { constants as zlib } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./src/web'),
  // Hashed assets are served from the site root; the page is always at "/".
  base: '/',
  publicDir: false,
  plugins: [
    compression({
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY } }),
        defineAlgorithm('gzip', { level: zlib.Z_BEST_COMPRESSION }),
      ],
      // Below about a kilobyte compression saves no round trip; such files (the favicon) are sent raw.
      threshold: 1024,
      // A compressed copy that is not smaller is not written; the server then sends the original.
      skipIfLargerOrEqual: true,
      logLevel: 'silent',
    }),
  ],
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
    // The modulepreload polyfill is an inline <script>; every browser we target supports modulepreload.
    modulePreload: { polyfill: false },
    // Never turn an asset into a data: URL (it would need its own CSP allowance).
    assetsInlineLimit: 0,
    // Each chunk brings its own CSS (the signed-in card's, the simulation panel's, the hand-off's, the
    // interaction page's): the first load carries only the first screen's (styles.css). Vite's loader
    // waits for a chunk's stylesheet before running the chunk, so nothing shows unstyled.
    cssCodeSplit: true,
    // No source map: one in dist/web would be served to anyone, and the built JS would point at it.
    sourcemap: false,
    target: 'es2022',
    rollupOptions: {
      // @simplewebauthn/browser does not say its modules are free of side effects, so Rollup kept all of
      // it (registration included) in the entry chunk beside the passkey sign-in; they are free of them,
      // and registration now goes with the signed-in card's chunk (src/web/on-demand.ts).
      treeshake: { moduleSideEffects: (id) => !id.includes('/@simplewebauthn/browser/') },
    },
  },
  resolve: {
    // The SDK's package.json names a UMD "browser" build first; use its ES module build.
    alias: {
      '@tru_id/tru-sdk-web': here('./node_modules/@tru_id/tru-sdk-web/dist/tru-id-sdk.mjs'),
    },
  },
  server: {
    // `npm run dev:web`: forward the API to a locally running server (PORT default 4000).
    proxy: { '/api': 'http://127.0.0.1:4000' },
  },
});
