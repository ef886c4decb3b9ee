// The first load's weight (issue 18: ≤ 12 KiB of compressed HTML+JS+CSS as served), as the bench counts
// it: the page and every script, stylesheet and modulepreload its HTML names, each as the server sends it
// to a browser that accepts brotli and gzip. test/browser/first-load.test.ts proves that this is exactly
// what Chromium fetches on a first visit before anyone touches the page.
import { request } from 'undici';

export interface PageWeight {
  /** Compressed bytes of every file, added up. */
  bytes: number;
  files: { path: string; bytes: number; encoding: string }[];
}

/** The first load as a phone's browser gets it: the HTML and the scripts and styles it names, compressed as served. */
export async function measurePageWeight(appUrl: string): Promise<PageWeight> {
  const headers = { 'accept-encoding': 'br, gzip', accept: 'text/html' };
  const page = await request(`${appUrl}/`, { headers });
  const html = Buffer.from(await page.body.arrayBuffer());
  const files = [{ path: '/', bytes: html.length, encoding: String(page.headers['content-encoding'] ?? 'identity') }];
  const { decompressed } = await fetchText(`${appUrl}/`);
  const assets = [...decompressed.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="(?:stylesheet|modulepreload)"[^>]*\shref)="([^"]+)"/g)].map((m) => m[1]!);
  for (const path of new Set(assets)) {
    const asset = await request(new URL(path, appUrl), { headers: { 'accept-encoding': 'br, gzip' } });
    const bytes = Buffer.from(await asset.body.arrayBuffer()).length;
    files.push({ path, bytes, encoding: String(asset.headers['content-encoding'] ?? 'identity') });
  }
  return { bytes: files.reduce((sum, f) => sum + f.bytes, 0), files };
}

async function fetchText(url: string): Promise<{ decompressed: string }> {
  const response = await fetch(url);
  return { decompressed: await response.text() };
}
