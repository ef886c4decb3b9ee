// Builds the browser client (src/web) into dist/web, which the server serves under a strict CSP
// (script-src 'self'; style-src 'self'; no 'unsafe-inline'): the output must hold no inline script,
// no inline style and no data: URLs.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./src/web'),
  // Hashed assets are served from the site root; the page is always at "/".
  base: '/',
  publicDir: false,
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
    // The modulepreload polyfill is an inline <script>; every browser we target supports modulepreload.
    modulePreload: { polyfill: false },
    // Never turn an asset into a data: URL (it would need its own CSP allowance).
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: true,
    target: 'es2022',
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
