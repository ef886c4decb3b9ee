// The static page server: byte ranges it cannot satisfy are the client's mistake (416), never a 500.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../test/support/stack.js';

const PAGE = '<!doctype html><title>Simpass</title><p>A page of a known length.</p>\n';

let webRoot: string;
let stack: Stack;
beforeAll(async () => {
  webRoot = await mkdtemp(join(tmpdir(), 'simpass-web-'));
  await writeFile(join(webRoot, 'index.html'), PAGE);
  stack = await startStack({ env: { WEB_ROOT: webRoot } });
});
afterAll(async () => {
  await stack?.close();
  await rm(webRoot, { recursive: true, force: true });
});

function getPage(range: string) {
  return stack.app.inject({ method: 'GET', url: '/', headers: { host: new URL(stack.appUrl).host, range } });
}

describe('Range requests on the page', () => {
  it.each(['bytes=x', 'bytes=999999-', 'bytes=5-2', `bytes=${PAGE.length}-`])(
    '%s cannot be satisfied: 416 problem with the file length in Content-Range, not a 500',
    async (range) => {
      const response = await getPage(range);
      expect(response.statusCode).toBe(416);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['content-range']).toBe(`bytes */${Buffer.byteLength(PAGE)}`);
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.json()).toMatchObject({ status: 416, type: '/problems/range-not-satisfiable' });
    },
  );

  it('a satisfiable range still gets its bytes', async () => {
    const response = await getPage('bytes=0-8');
    expect(response.statusCode).toBe(206);
    expect(response.body).toBe(PAGE.slice(0, 9));
  });

  it('a range the server ignores (several ranges, or not bytes) gets the whole page', async () => {
    for (const range of ['bytes=0-1,3-4', 'lines=1-2', '']) {
      const response = await getPage(range);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(PAGE);
    }
  });
});
