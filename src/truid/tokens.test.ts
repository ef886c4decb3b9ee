// Token caching rules that the emulator cannot easily provoke (short lifetimes, a failing grant, a
// token refused twice), against a small real token endpoint. The emulator tests in client.test.ts
// prove the same cache end to end.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TruIdApiError } from './errors.js';
import { createHttp, type Http } from './http.js';
import { createTokenCache, withAccessToken } from './tokens.js';

interface Grant {
  authorization: string | undefined;
  contentType: string | undefined;
  form: URLSearchParams;
}

let server: Server;
let http: Http;
let grants: Grant[] = [];
let answer: (res: ServerResponse, n: number) => void;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      grants.push({ authorization: req.headers.authorization, contentType: req.headers['content-type'], form: new URLSearchParams(body) });
      answer(res, grants.length);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  http = createHttp({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, retry: { attempts: 1 } });
});
afterAll(async () => {
  await http.close();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});
afterEach(() => {
  grants = [];
});

const token = (expiresIn: number) => (res: ServerResponse, n: number) =>
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ access_token: `token-${n}`, token_type: 'bearer', expires_in: expiresIn, scope: 'phone_check' }));

function cache(now: { t: number }) {
  return createTokenCache({ http, clientId: 'client-id', clientSecret: 'client-secret', clock: () => now.t });
}

describe('the client-credentials grant', () => {
  it('posts grant_type and the space-separated scopes as a form, with HTTP Basic credentials', async () => {
    answer = token(3600);
    await cache({ t: 0 }).get(['phone_check', 'coverage']);
    expect(grants).toHaveLength(1);
    const [grant] = grants;
    expect(grant?.authorization).toBe(`Basic ${Buffer.from('client-id:client-secret').toString('base64')}`);
    expect(grant?.contentType).toBe('application/x-www-form-urlencoded');
    expect(grant?.form.get('grant_type')).toBe('client_credentials');
    expect(grant?.form.get('scope')).toBe('coverage phone_check');
  });
});

describe('caching', () => {
  it('reuses one token for the same scope set in any order', async () => {
    answer = token(3600);
    const tokens = cache({ t: 0 });
    const first = await tokens.get(['phone_check', 'coverage']);
    expect(await tokens.get(['coverage', 'phone_check', 'coverage'])).toBe(first);
    expect(grants).toHaveLength(1);
  });

  it('keeps separate tokens for different scope sets', async () => {
    answer = token(3600);
    const tokens = cache({ t: 0 });
    expect(await tokens.get(['phone_check'])).not.toBe(await tokens.get(['sim_check']));
    expect(grants).toHaveLength(2);
  });

  it('renews one minute before expires_in', async () => {
    answer = token(3600);
    const now = { t: 0 };
    const tokens = cache(now);
    await tokens.get(['phone_check']);
    now.t = 3_539_999;
    await tokens.get(['phone_check']);
    expect(grants).toHaveLength(1);
    now.t = 3_540_000;
    expect(await tokens.get(['phone_check'])).toBe('token-2');
  });

  it('renews a short-lived token at half its life', async () => {
    answer = token(60);
    const now = { t: 0 };
    const tokens = cache(now);
    await tokens.get(['phone_check']);
    now.t = 29_999;
    await tokens.get(['phone_check']);
    expect(grants).toHaveLength(1);
    now.t = 30_000;
    await tokens.get(['phone_check']);
    expect(grants).toHaveLength(2);
  });

  it('shares one grant among concurrent callers', async () => {
    answer = (res, n) => setTimeout(() => token(3600)(res, n), 20);
    const tokens = cache({ t: 0 });
    const all = await Promise.all(Array.from({ length: 100 }, () => tokens.get(['phone_check'])));
    expect(new Set(all)).toEqual(new Set(['token-1']));
    expect(grants).toHaveLength(1);
  });

  it('does not remember a failed grant', async () => {
    answer = (res, n) =>
      n === 1
        ? res.writeHead(401, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: 'Unauthorized', detail: 'bad credentials' }))
        : token(3600)(res, n);
    const tokens = cache({ t: 0 });
    await expect(tokens.get(['phone_check'])).rejects.toMatchObject({ status: 401 });
    expect(await tokens.get(['phone_check'])).toBe('token-2');
  });
});

describe('withAccessToken', () => {
  const refused = () =>
    new TruIdApiError({ status: 401, type: 'about:blank', title: 'Unauthorized', request: { method: 'GET', path: '/x' }, body: undefined });

  it('drops a refused token and retries the call once with a fresh one', async () => {
    answer = token(3600);
    const tokens = cache({ t: 0 });
    const used: string[] = [];
    const result = await withAccessToken(tokens, ['phone_check'], (t) => {
      used.push(t);
      return used.length === 1 ? Promise.reject(refused()) : Promise.resolve('done');
    });
    expect(result).toBe('done');
    expect(used).toEqual(['token-1', 'token-2']);
  });

  it('surfaces a second 401 instead of looping', async () => {
    answer = token(3600);
    const tokens = cache({ t: 0 });
    let calls = 0;
    await expect(
      withAccessToken(tokens, ['phone_check'], () => {
        calls += 1;
        return Promise.reject(refused());
      }),
    ).rejects.toMatchObject({ status: 401 });
    expect(calls).toBe(2);
  });

  it('does not drop a newer token that another caller already fetched', async () => {
    answer = token(3600);
    const tokens = cache({ t: 0 });
    const old = await tokens.get(['phone_check']);
    tokens.invalidate(['phone_check'], old);
    const fresh = await tokens.get(['phone_check']);
    tokens.invalidate(['phone_check'], old); // a late 401 for the old token
    expect(await tokens.get(['phone_check'])).toBe(fresh);
    expect(grants).toHaveLength(2);
  });
});
