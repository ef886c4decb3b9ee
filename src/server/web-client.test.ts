// The page and its assets as the server sends them: compressed once at build time and sent as they
// are (never recompressed per request), cached by content hash, and without a source map.
//
// The first part builds a small fixture client with the project's own vite.config.ts (so the same
// compression step writes its .br/.gz files) and needs no prior build; the second checks the real
// build in dist/web, which `npm test` makes before Vitest runs (built here if it is missing).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startStack, type Stack } from '../../test/support/stack.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/')).sort();
}

/** The fixture client's sources: every text file well over the 1 KB below which the build does not compress. */
async function writeFixtureSources(dir: string): Promise<void> {
  const words = Array.from({ length: 120 }, (_, i) => `word-${i.toString(36)}-${(i * 7919).toString(16)}`);
  const paragraphs = words.map((w, i) => `      <p class="c${i % 40}">Fixture paragraph ${w}: the page says this once.</p>`).join('\n');
  await writeFile(
    join(dir, 'index.html'),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Fixture</title>
    <link rel="icon" type="image/svg+xml" href="./favicon.svg" />
    <link rel="stylesheet" href="./style.css" />
    <script type="module" src="./main.js"></script>
  </head>
  <body>
    <main>
${paragraphs}
    </main>
  </body>
</html>
`,
  );
  await writeFile(
    join(dir, 'main.js'),
    `const words = ${JSON.stringify(words)};\nfor (const [i, p] of document.querySelectorAll('p').entries()) p.dataset.word = words[i % words.length];\n`,
  );
  await writeFile(join(dir, 'style.css'), Array.from({ length: 60 }, (_, i) => `.c${i} { color: #${(i * 4099).toString(16).padStart(6, '0').slice(0, 6)}; margin: ${i}px ${i + 1}px; }`).join('\n'));
  // Smaller than the threshold: the build writes no compressed copy of it.
  await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>\n');
}

describe('a client built with vite.config.ts (fixture)', () => {
  let work: string;
  let webRoot: string;
  let built: string[];
  let stack: Stack;
  let js: string;
  let css: string;
  let favicon: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'simpass-web-'));
    const sources = join(work, 'src');
    webRoot = join(work, 'web');
    await mkdir(sources);
    await writeFixtureSources(sources);
    await build({
      configFile: join(repoRoot, 'vite.config.ts'),
      root: sources,
      build: { outDir: webRoot, emptyOutDir: true },
      logLevel: 'silent',
    });
    built = await filesUnder(webRoot);
    js = built.find((f) => /^assets\/.+\.js$/.test(f))!;
    css = built.find((f) => /^assets\/.+\.css$/.test(f))!;
    favicon = built.find((f) => /^assets\/.+\.svg$/.test(f))!;
    // As if a build had written a source map after all: it must still not be served.
    await writeFile(join(webRoot, `${js}.map`), '{"version":3,"sources":["secret.ts"],"mappings":""}');
    stack = await startStack({ env: { WEB_ROOT: webRoot } });
  });
  afterAll(async () => {
    await stack?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const raw = (file: string) => readFile(join(webRoot, file));

  function get(path: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') {
    return stack.app.inject({ method, url: path, headers: { host: new URL(stack.appUrl).host, ...headers } });
  }

  it('writes a brotli and a gzip copy beside each text file, decoding to it, none for small files and no source map', async () => {
    expect(js).toBeDefined();
    expect(css).toBeDefined();
    expect(favicon).toBeDefined();
    expect(built.filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const file of ['index.html', js, css]) {
      expect(built).toContain(`${file}.br`);
      expect(built).toContain(`${file}.gz`);
      const original = await raw(file);
      expect(brotliDecompressSync(await raw(`${file}.br`)).equals(original)).toBe(true);
      expect(gunzipSync(await raw(`${file}.gz`)).equals(original)).toBe(true);
      expect((await raw(`${file}.br`)).length).toBeLessThan(original.length);
    }
    expect(built).not.toContain(`${favicon}.br`);
    expect(built).not.toContain(`${favicon}.gz`);
    expect((await raw(js)).toString()).not.toContain('sourceMappingURL');
  });

  describe.each([
    ['br', 'br', brotliDecompressSync],
    ['gzip', 'gzip', gunzipSync],
    // What Chromium sends: brotli wins.
    ['gzip, deflate, br, zstd', 'br', brotliDecompressSync],
    // Only what we did not precompress: the original, not compressed on the fly.
    ['deflate', undefined, (b: Buffer) => b],
    ['identity', undefined, (b: Buffer) => b],
  ] as const)('Accept-Encoding: %s', (acceptEncoding, contentEncoding, decode) => {
    const extension = { br: '.br', gzip: '.gz' } as const;

    it.each([
      { name: '/', path: () => '/', file: () => 'index.html', type: 'text/html; charset=utf-8', cacheControl: 'no-cache' },
      { name: '/index.html', path: () => '/index.html', file: () => 'index.html', type: 'text/html; charset=utf-8', cacheControl: 'no-cache' },
      { name: 'the JS', path: () => `/${js}`, file: () => js, type: 'application/javascript; charset=utf-8', cacheControl: IMMUTABLE },
      { name: 'the CSS', path: () => `/${css}`, file: () => css, type: 'text/css; charset=utf-8', cacheControl: IMMUTABLE },
    ])('$name is sent as the build wrote it, decoding to the file, with its caching', async ({ path: pathOf, file: fileOf, type, cacheControl }) => {
      const [path, file] = [pathOf(), fileOf()];
      const response = await get(path, { 'accept-encoding': acceptEncoding });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers['content-encoding']).toBe(contentEncoding);
      expect(response.headers.vary).toBe('Accept-Encoding');
      expect(response.headers['cache-control']).toBe(cacheControl);
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      // The very bytes on disk: never compressed a second time, never recompressed per request.
      const sent = contentEncoding ? await raw(`${file}${extension[contentEncoding]}`) : await raw(file);
      expect(response.rawPayload.equals(sent)).toBe(true);
      expect(Number(response.headers['content-length'])).toBe(sent.length);
      expect(decode(response.rawPayload).equals(await raw(file))).toBe(true);

      const head = await get(path, { 'accept-encoding': acceptEncoding }, 'HEAD');
      expect(head.statusCode).toBe(200);
      expect(head.headers['content-encoding']).toBe(contentEncoding);
      expect(head.headers['cache-control']).toBe(cacheControl);
      expect(head.headers.vary).toBe('Accept-Encoding');
      expect(Number(head.headers['content-length'])).toBe(sent.length);
      expect(head.rawPayload.length).toBe(0);
    });
  });

  it('sends a file the build left uncompressed as it is, even to a browser that accepts compression', async () => {
    const response = await get(`/${favicon}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['cache-control']).toBe(IMMUTABLE);
    expect(response.rawPayload.equals(await raw(favicon))).toBe(true);
  });

  it('answers a Range request for the uncompressed file with those bytes of it', async () => {
    const response = await get(`/${js}`, { range: 'bytes=0-99' });
    const file = await raw(js);
    expect(response.statusCode).toBe(206);
    expect(response.headers['content-range']).toBe(`bytes 0-99/${file.length}`);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['cache-control']).toBe(IMMUTABLE);
    expect(response.rawPayload.equals(file.subarray(0, 100))).toBe(true);
  });

  it('revalidates index.html with its ETag: 304 for the same variant', async () => {
    const first = await get('/', { 'accept-encoding': 'br' });
    const again = await get('/', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    // The raw and compressed variants are different bytes, so they have different ETags.
    const identity = await get('/', { 'accept-encoding': 'identity' });
    expect(identity.headers.etag).not.toBe(first.headers.etag);
  });

  it('serves no source map (404 even when one lies in the web root) and no compressed copy by its own name', async () => {
    for (const path of [`/${js}.map`, `/${js}.br`, `/${css}.gz`, '/index.html.br']) {
      const response = await get(path, { 'accept-encoding': 'br, gzip' });
      expect(response.statusCode, path).toBe(404);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(response.body).not.toContain('secret.ts');
    }
  });
});

/** GET over real HTTP without decoding, the way a browser's bytes arrive. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('the real build (dist/web)', () => {
  const distWeb = join(repoRoot, 'dist/web');
  let stack: Stack;

  beforeAll(async () => {
    if (!existsSync(join(distWeb, 'index.html'))) await build({ configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'warn' });
    stack = await startStack();
  });
  afterAll(async () => stack?.close());

  it('holds no source map, and no JS points at one', async () => {
    const files = await filesUnder(distWeb);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      expect((await readFile(join(distWeb, file), 'utf8')).includes('sourceMappingURL'), file).toBe(false);
    }
  });

  it('sends the page, its JS and its CSS brotli-compressed over HTTP, decoding to the built files; no map at /assets/*.js.map', async () => {
    const page = await rawGet(`${stack.appUrl}/`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('no-cache');
    const html = brotliDecompressSync(page.body);
    expect(html.equals(await readFile(join(distWeb, 'index.html')))).toBe(true);

    const assets = [...html.toString('utf8').matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const response = await rawGet(`${stack.appUrl}${asset}`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(response.status, asset).toBe(200);
      expect(response.headers['content-encoding'], asset).toBe('br');
      expect(response.headers['cache-control'], asset).toBe(IMMUTABLE);
      expect(response.headers.vary, asset).toBe('Accept-Encoding');
      expect(brotliDecompressSync(response.body).equals(await readFile(join(distWeb, asset))), asset).toBe(true);
      if (asset.endsWith('.js')) {
        const map = await rawGet(`${stack.appUrl}${asset}.map`, {});
        expect(map.status, `${asset}.map`).toBe(404);
      }
    }
  });
});
