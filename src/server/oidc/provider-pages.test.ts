// The provider's own pages wear the page's built stylesheet when there is one, and escape what an
// application chose to be called.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { afterAll, describe, expect, it } from 'vitest';
import { builtStylesheetHref, providerPages } from './provider-pages.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function webRoot(indexHtml: string | null): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'simpass-pages-'));
  dirs.push(dir);
  if (indexHtml !== null) await writeFile(join(dir, 'index.html'), indexHtml);
  return dir;
}

describe('builtStylesheetHref', () => {
  it("reads the built page's hashed stylesheet", async () => {
    const root = await webRoot('<head><link rel="stylesheet" crossorigin href="/assets/style-Dtai51v4.css"></head>');
    expect(builtStylesheetHref(root)).toBe('/assets/style-Dtai51v4.css');
  });

  it('is null when the page is not built, or names no stylesheet of ours', async () => {
    expect(builtStylesheetHref(await webRoot(null))).toBeNull();
    expect(builtStylesheetHref(await webRoot('<link rel="stylesheet" href="https://evil.example/x.css">'))).toBeNull();
  });
});

describe('the sign-out question', () => {
  const ctx = (clientName: string) => ({ oidc: { client: { clientName, clientId: 'c' } } }) as unknown as KoaContextWithOIDC & { body: string };

  it('links the stylesheet and escapes the application name', () => {
    const context = ctx('<script>alert(1)</script>');
    providerPages('/assets/style-x.css').logoutSource(context, '<form id="op.logoutForm"></form>');
    expect(context.body).toContain('<link rel="stylesheet" href="/assets/style-x.css">');
    expect(context.body).toContain('&#60;script&#62;alert(1)&#60;/script&#62; asks to sign you out.');
    expect(context.body).not.toContain('<script>');
  });

  it('is plain markup without a stylesheet when the page is not built', () => {
    const context = ctx('Demo');
    providerPages(null).logoutSource(context, '');
    expect(context.body).not.toContain('<link');
  });
});
