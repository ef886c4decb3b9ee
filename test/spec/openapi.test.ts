// Simpass's own API against its own description (/openapi.json): every route the app adds is in it
// (or left out on purpose, for a stated reason), the document is valid OpenAPI 3.1, and every answer
// the routes give — their successes and their refusals, driven over real HTTP on the emulator — has a
// documented status, media type and a body that validates against the documented schema.
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { generateKeyPairSync } from 'node:crypto';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCallback } from '../../src/emulator/callbacks/signed-request.js';
import { callbackSigningKey } from '../../src/emulator/callbacks/signing-key.js';
import { CALLBACK_PATH } from '../../src/server/truid-callbacks/routes.js';
import { createHttpBrowser, startCheck, type HttpBrowser } from '../support/http-browser.js';
import { navigate, relyingParty } from '../support/oidc-relying-party.js';
import { createCredential, assert as signAssertion, type CreationOptions, type RequestOptions } from '../support/software-authenticator.js';
import { startStack, type Stack } from '../support/stack.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const METRICS_TOKEN = 'm'.repeat(48);
/** The emulator's callback signing key: what tru.ID holds, so the test can sign callbacks as tru.ID. */
const truIdKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Routes deliberately not in the description, each with its reason. */
const NOT_DESCRIBED: { reason: string; matches(route: { method: string; url: string; hidden: boolean }): boolean }[] = [
  {
    reason: 'the page and its built assets (@fastify/static hides its own routes): files, not API',
    matches: ({ url, hidden }) => hidden && (url === '/' || url === '/index.html' || url.startsWith('/assets/')),
  },
  {
    reason: "the OpenID Connect provider's own endpoints (oidc/mount.ts hides them) are described by its discovery document, not by us",
    matches: ({ url, hidden }) => hidden && (url === '/oidc/*' || url === '/.well-known/openid-configuration'),
  },
  {
    reason: 'the interaction page (oidc/interaction-page.ts hides it) is the page itself, index.html: a file, not API',
    matches: ({ url, hidden }) => hidden && url === '/oidc/interaction/:uid',
  },
];

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('the OpenAPI description', () => {
  let stack: Stack;
  const routes: { method: string; url: string; hidden: boolean }[] = [];
  let raw: Document;
  let resolved: Document;
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  const exercised = new Set<string>();

  beforeAll(async () => {
    stack = await startStack({
      env: { METRICS_TOKEN },
      emulator: { callbackKeyPem: truIdKeyPem },
      onRoute: (route: RouteOptions) => {
        for (const method of [route.method].flat()) {
          routes.push({ method, url: route.url, hidden: (route.schema)?.hide === true });
        }
      },
    });
    const response = await fetch(`${stack.appUrl}/openapi.json`);
    expect(response.status).toBe(200);
    raw = (await response.json()) as Document;
    resolved = (await SwaggerParser.dereference(structuredClone(raw) as never)) as unknown as Document;
  });
  afterAll(async () => stack?.close());

  /** The answer must be one the operation documents: status, media type, and a body that validates. */
  async function conforms(method: string, url: string, response: Response): Promise<void> {
    const where = `${method} ${url} → ${response.status}`;
    const operation = resolved.paths[openApiPath(url)]?.[method.toLowerCase()];
    expect(operation, `${method} ${url} is described`).toBeDefined();
    const documented = operation!.responses[String(response.status)];
    expect(documented, `${where} is a documented status`).toBeDefined();
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    if (!documented!.content) {
      expect(await response.text(), `${where} has no body`).toBe('');
    } else {
      const media = documented!.content[mediaType];
      expect(media, `${where} documents ${mediaType}`).toBeDefined();
      if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
        const body: unknown = await response.json();
        const validate = ajv.compile(media!.schema ?? {});
        expect(validate(body) ? [] : validate.errors, `${where}: ${JSON.stringify(body).slice(0, 300)}`).toEqual([]);
      } else {
        await response.body?.cancel();
      }
    }
    exercised.add(`${method} ${openApiPath(url)}`);
  }

  it('is valid OpenAPI 3.1', async () => {
    expect(raw.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(raw) as never)).resolves.toBeTruthy();
    expect(Object.keys((raw as unknown as { components: { schemas: object } }).components.schemas)).toContain('Problem');
  });

  it('describes every route the app adds, except those left out on purpose, and nothing else', () => {
    const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.url));
    const described = new Set<string>();
    for (const route of routes) {
      // Fastify answers HEAD for every GET route by itself (exposeHeadRoutes): the same answer without a body.
      if (route.method === 'HEAD' && gets.has(route.url)) continue;
      const excluded = NOT_DESCRIBED.find((rule) => rule.matches(route));
      if (excluded) continue;
      expect(route.hidden, `${route.method} ${route.url} is hidden without a reason listed here`).toBe(false);
      const key = `${route.method.toLowerCase()} ${openApiPath(route.url)}`;
      expect(raw.paths[openApiPath(route.url)]?.[route.method.toLowerCase()], `${key} is in /openapi.json`).toBeDefined();
      described.add(key);
    }
    // Each exclusion left out a route that was seen, so none is vacuous.
    for (const rule of NOT_DESCRIBED) expect(routes.some((route) => rule.matches(route)), rule.reason).toBe(true);
    const documented = Object.entries(raw.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`));
    expect(documented.sort()).toEqual([...described].sort());
  });

  describe('every answer validates against what is documented', () => {
    const browser = () => createHttpBrowser(stack.appUrl);
    const call = (b: HttpBrowser, method: string, path: string, body?: unknown) => b.request(stack.appUrl, path, { method, ...(body === undefined ? {} : { body }) });

    /** A browser signed in by SIM on a simulated phone, and its check id. */
    async function signedIn(number = '+447700900001', device = 'phone'): Promise<HttpBrowser> {
      const b = browser();
      const { checkId, redirectPath } = await startCheck(b, stack.appUrl, number, device);
      await conforms('GET', '/api/phone-check/redirect', await b.request(stack.appUrl, redirectPath));
      await conforms('POST', '/api/sign-in', await call(b, 'POST', '/api/sign-in', { checkId }));
      return b;
    }

    it('operations', async () => {
      await conforms('GET', '/healthz', await fetch(`${stack.appUrl}/healthz`));
      await conforms('GET', '/readyz', await fetch(`${stack.appUrl}/readyz`));
      await conforms('GET', '/openapi.json', await fetch(`${stack.appUrl}/openapi.json`));
      await conforms('GET', '/metrics', await fetch(`${stack.appUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }));
      await conforms('GET', '/metrics', await fetch(`${stack.appUrl}/metrics`));
      await conforms('GET', '/api/config', await fetch(`${stack.appUrl}/api/config`));
    });

    it('verification', async () => {
      const b = browser();
      // Refused before anything is made: a number we cannot read, an unknown property, no Origin, not JSON.
      await conforms('POST', '/api/phone-check', await call(b, 'POST', '/api/phone-check', { phone_number: 'call me' }));
      await conforms('POST', '/api/phone-check', await call(b, 'POST', '/api/phone-check', { phone_number: '+447700900001', extra: 1 }));
      await conforms('POST', '/api/phone-check', await fetch(`${stack.appUrl}/api/phone-check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
      await conforms(
        'POST',
        '/api/phone-check',
        await fetch(`${stack.appUrl}/api/phone-check`, { method: 'POST', headers: { origin: stack.appUrl, 'content-type': 'text/plain' }, body: 'hello' }),
      );
      const created = await call(b, 'POST', '/api/phone-check', { phone_number: '+447700900001' });
      const { data } = (await created.clone().json()) as { data: { checkId: string; checkUrl: string } };
      await conforms('POST', '/api/phone-check', created);
      await conforms('GET', '/api/phone-check/:checkId', await call(b, 'GET', `/api/phone-check/${data.checkId}`)); // 202
      await conforms('GET', '/api/phone-check/:checkId', await call(browser(), 'GET', `/api/phone-check/${data.checkId}`)); // 404
      await conforms('GET', '/api/phone-check/:checkId', await call(b, 'GET', '/api/phone-check/not!an!id')); // 400
      await conforms('POST', '/api/sign-in', await call(b, 'POST', '/api/sign-in', { checkId: data.checkId })); // 409 pending

      // The network's redirect: without the flow cookie, without a check id, as an image, as a navigation.
      const network = await fetch(data.checkUrl, { redirect: 'manual', headers: { 'X-Emulator-Device': 'phone' } });
      const redirect = new URL(network.headers.get('location')!);
      const back = `${redirect.pathname}${redirect.search}`;
      await conforms('GET', '/api/phone-check/redirect', await fetch(`${stack.appUrl}${back}`, { redirect: 'manual' })); // 403
      await conforms('GET', '/api/phone-check/redirect', await fetch(`${stack.appUrl}/api/phone-check/redirect?code=1`, { redirect: 'manual' })); // 400
      await conforms('GET', '/api/phone-check/redirect', await fetch(`${stack.appUrl}/api/phone-check/redirect?check_id=nope&code=1`, { redirect: 'manual' })); // 404
      await conforms('GET', '/api/phone-check/redirect', await b.request(stack.appUrl, back)); // 303
      await conforms('GET', '/api/phone-check/:checkId', await call(b, 'GET', `/api/phone-check/${data.checkId}`)); // 200
      // Back again (a reload) is sent to its result; an image asking again is told it was used.
      await conforms('GET', '/api/phone-check/redirect', await b.request(stack.appUrl, back)); // 303
      await conforms(
        'GET',
        '/api/phone-check/redirect',
        await fetch(`${stack.appUrl}${back}`, { redirect: 'manual', headers: { accept: 'image/*', cookie: `simpass_flow=${b.cookie('simpass_flow')}` } }),
      ); // 409

      const image = browser();
      const started = await startCheck(image, stack.appUrl, '+447700900001');
      const pixel = await fetch(`${stack.appUrl}${started.redirectPath}`, { headers: { accept: 'image/webp,image/*', cookie: `simpass_flow=${image.cookie('simpass_flow')}` } });
      await conforms('GET', '/api/phone-check/redirect', pixel); // 200 image/gif

      const errored = browser();
      const failed = await startCheck(errored, stack.appUrl, '+447700900001');
      const checkId = new URLSearchParams(failed.redirectPath.split('?')[1]).get('check_id')!;
      await conforms('GET', '/api/phone-check/redirect', await errored.request(stack.appUrl, `/api/phone-check/redirect?check_id=${checkId}&error=mno_redirect_unsupported`));
      await conforms('GET', '/api/phone-check/:checkId', await call(errored, 'GET', `/api/phone-check/${checkId}`)); // 200 ERROR
      await conforms('POST', '/api/sign-in', await call(errored, 'POST', '/api/sign-in', { checkId })); // 403 failed
    });

    it('accounts', async () => {
      const anonymous = browser();
      await conforms('GET', '/api/me', await call(anonymous, 'GET', '/api/me'));
      await conforms('GET', '/api/session', await call(anonymous, 'GET', '/api/session'));
      await conforms('POST', '/api/sign-in', await call(anonymous, 'POST', '/api/sign-in', {}));
      await conforms('POST', '/api/sign-in', await call(anonymous, 'POST', '/api/sign-in', { checkId: 'unknown' }));
      const b = await signedIn();
      await conforms('GET', '/api/me', await call(b, 'GET', '/api/me'));
      await conforms('GET', '/api/session', await call(b, 'GET', '/api/session'));
      await conforms('POST', '/api/sign-out', await call(b, 'POST', '/api/sign-out'));
      await conforms('POST', '/api/sign-out', await fetch(`${stack.appUrl}/api/sign-out`, { method: 'POST' }));
      // SIM-swap protection's refusal carries its own member (try_again_after).
      const at = Date.now() - 3 * 86_400_000;
      await stack.database.db.insertInto('users').values({ id: crypto.randomUUID(), phone_e164: '+447700900005', created_at: at, last_sign_in_at: at, retired_at: null }).execute();
      const swapped = browser();
      const check = await startCheck(swapped, stack.appUrl, '+447700900005', 'swapped-sim');
      await swapped.request(stack.appUrl, check.redirectPath);
      const refused = await call(swapped, 'POST', '/api/sign-in', { checkId: check.checkId });
      expect(refused.status).toBe(403);
      await conforms('POST', '/api/sign-in', refused);
    });

    it('hand-off', async () => {
      const desktop = browser();
      await conforms('GET', '/api/handoff', await call(desktop, 'GET', '/api/handoff'));
      await conforms('GET', '/api/handoff/events', await call(desktop, 'GET', '/api/handoff/events'));
      await conforms('POST', '/api/handoff', await call(desktop, 'POST', '/api/handoff', { phone_number: 'nope' }));
      const startResponse = await call(desktop, 'POST', '/api/handoff', {});
      const started = ((await startResponse.clone().json()) as { data: { link: string; matchCode: string } }).data;
      await conforms('POST', '/api/handoff', startResponse);
      await conforms('GET', '/api/handoff', await call(desktop, 'GET', '/api/handoff'));
      const stream = new AbortController();
      const events = await fetch(`${stack.appUrl}/api/handoff/events`, { headers: { cookie: `simpass_handoff=${desktop.cookie('simpass_handoff')}` }, signal: stream.signal });
      expect(events.status).toBe(200);
      expect(resolved.paths['/api/handoff/events']!.get!.responses['200']!.content!['text/event-stream']).toBeDefined();
      expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
      exercised.add('GET /api/handoff/events');
      stream.abort();

      const phone = browser();
      await conforms('GET', '/api/handoff/phone', await call(phone, 'GET', '/api/handoff/phone'));
      await conforms('POST', '/api/handoff/open', await call(phone, 'POST', '/api/handoff/open', { link: 'aaaaa-bbbbb-ccccc-ddddd-eeeee-f' }));
      const token = new URL(started.link).hash.replace(/^#handoff=/, '');
      await conforms('POST', '/api/handoff/open', await call(phone, 'POST', '/api/handoff/open', { link: token }));
      await conforms('POST', '/api/handoff/open', await call(browser(), 'POST', '/api/handoff/open', { link: token })); // 409 another phone
      await conforms('GET', '/api/handoff/phone', await call(phone, 'GET', '/api/handoff/phone'));
      await conforms('POST', '/api/handoff/claim', await call(desktop, 'POST', '/api/handoff/claim')); // 409 not approved
      const check = await startCheck(phone, stack.appUrl, '+447700900001');
      await phone.request(stack.appUrl, check.redirectPath);
      await conforms('POST', '/api/handoff/confirm', await call(phone, 'POST', '/api/handoff/confirm', { checkId: check.checkId, matchCode: 'x' }));
      await conforms('POST', '/api/handoff/confirm', await call(phone, 'POST', '/api/handoff/confirm', { checkId: check.checkId, matchCode: started.matchCode }));
      await conforms('POST', '/api/handoff/claim', await call(desktop, 'POST', '/api/handoff/claim'));

      const other = browser();
      await call(other, 'POST', '/api/handoff', {});
      await conforms('POST', '/api/handoff/cancel', await call(other, 'POST', '/api/handoff/cancel'));
      await conforms('POST', '/api/handoff/cancel', await fetch(`${stack.appUrl}/api/handoff/cancel`, { method: 'POST' }));
    });

    it('passkeys', async () => {
      const anonymous = browser();
      await conforms('GET', '/api/passkeys', await call(anonymous, 'GET', '/api/passkeys'));
      await conforms('POST', '/api/passkeys/registration/options', await call(anonymous, 'POST', '/api/passkeys/registration/options'));
      await conforms('POST', '/api/passkeys/offer/dismiss', await call(anonymous, 'POST', '/api/passkeys/offer/dismiss'));

      const b = await signedIn('+447700900002', 'other-sim');
      await conforms('GET', '/api/passkeys', await call(b, 'GET', '/api/passkeys'));
      const optionsResponse = await call(b, 'POST', '/api/passkeys/registration/options');
      const creation = ((await optionsResponse.clone().json()) as { data: { options: CreationOptions } }).data.options;
      await conforms('POST', '/api/passkeys/registration/options', optionsResponse);
      await conforms('POST', '/api/passkeys', await call(b, 'POST', '/api/passkeys', { credential: { id: 'x' } }));
      const { credential, response } = createCredential(creation, stack.appUrl);
      const added = await call(b, 'POST', '/api/passkeys', { credential: response, name: 'Test key' });
      const { id } = ((await added.clone().json()) as { data: { passkey: { id: string } } }).data.passkey;
      await conforms('POST', '/api/passkeys', added);
      await conforms('PATCH', '/api/passkeys/:id', await call(b, 'PATCH', `/api/passkeys/${id}`, { name: 'Renamed' }));
      await conforms('PATCH', '/api/passkeys/:id', await call(b, 'PATCH', '/api/passkeys/unknown', { name: 'Renamed' }));
      await conforms('GET', '/api/passkeys', await call(b, 'GET', '/api/passkeys'));

      const signInOptions = await call(anonymous, 'POST', '/api/passkeys/sign-in/options');
      const request = ((await signInOptions.clone().json()) as { data: { options: RequestOptions } }).data.options;
      await conforms('POST', '/api/passkeys/sign-in/options', signInOptions);
      await conforms('POST', '/api/passkeys/sign-in', await call(anonymous, 'POST', '/api/passkeys/sign-in', { credential: signAssertion(credential, request, 'https://evil.example') }));
      const next = ((await (await call(anonymous, 'POST', '/api/passkeys/sign-in/options')).json()) as { data: { options: RequestOptions } }).data.options;
      await conforms('POST', '/api/passkeys/sign-in', await call(anonymous, 'POST', '/api/passkeys/sign-in', { credential: signAssertion(credential, next, stack.appUrl) }));

      await conforms('POST', '/api/passkeys/offer/dismiss', await call(b, 'POST', '/api/passkeys/offer/dismiss'));
      await conforms('DELETE', '/api/passkeys/:id', await call(b, 'DELETE', `/api/passkeys/${id}`)); // 409 the last one
      await conforms('DELETE', '/api/passkeys/:id', await call(b, 'DELETE', `/api/passkeys/${id}?confirmLast=true`));
      await conforms('DELETE', '/api/passkeys/:id', await call(b, 'DELETE', `/api/passkeys/${id}?confirmLast=true`)); // 404
    });

    it("tru.ID's callbacks", async () => {
      const url = `${stack.appUrl}${CALLBACK_PATH}`;
      const post = (signed: { headers: Record<string, string>; body: string }) => fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
      const b = browser();
      const { checkId } = await startCheck(b, stack.appUrl, '+447700900001');
      const expired = { check_id: checkId, status: 'EXPIRED', charge_amount: 0, charge_currency: 'API', created_at: new Date().toISOString() };
      const signed = signCallback(callbackSigningKey(truIdKeyPem), url, 'subscriber_check', expired, Date.now());
      await conforms('POST', CALLBACK_PATH, await post(signed)); // 200 recorded
      await conforms('POST', CALLBACK_PATH, await post(signed)); // 409 the same message again
      const stranger = signCallback(callbackSigningKey(), url, 'subscriber_check', expired, Date.now());
      await conforms('POST', CALLBACK_PATH, await post(stranger)); // 401 a key tru.ID never published
      await conforms('POST', CALLBACK_PATH, await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' })); // 415
    });

    it('simulation', async () => {
      const b = browser();
      await conforms('GET', '/api/simulation', await call(b, 'GET', '/api/simulation'));
      await conforms('PUT', '/api/simulation/active-device', await call(b, 'PUT', '/api/simulation/active-device', { deviceId: 'wifi' }));
      await conforms('PUT', '/api/simulation/active-device', await call(b, 'PUT', '/api/simulation/active-device', { deviceId: 'no-such-device' }));
      await conforms('PUT', '/api/simulation/active-device', await call(b, 'PUT', '/api/simulation/active-device', { deviceId: 'phone' }));
      await conforms('PUT', '/api/simulation/devices/:deviceId/sim-change', await call(b, 'PUT', '/api/simulation/devices/phone/sim-change', { minutesAgo: 60 }));
      await conforms('PUT', '/api/simulation/devices/:deviceId/sim-change', await call(b, 'PUT', '/api/simulation/devices/phone/sim-change', { minutesAgo: null }));
      await conforms('PUT', '/api/simulation/devices/:deviceId/sim-change', await call(b, 'PUT', '/api/simulation/devices/nope/sim-change', { minutesAgo: 1 }));
      await conforms('PUT', '/api/simulation/devices/:deviceId/sim-change', await call(b, 'PUT', '/api/simulation/devices/phone/sim-change', { minutesAgo: 'soon' }));
    });

    it('OpenID Connect interaction and consents', async () => {
      const rp = await relyingParty(stack.appUrl);
      /** Where an authorization request started by `b` lands: our interaction page, by its uid. */
      async function interactionFor(b: HttpBrowser, extra: Record<string, string> = {}): Promise<string> {
        const at = await navigate(b, stack.appUrl, (await rp.authorizationRequest(extra)).url);
        if (at.kind !== 'interaction') throw new Error(`expected the interaction page, got ${at.kind}`);
        return at.uid;
      }
      const answer = (b: HttpBrowser, uid: string, what: string, body?: unknown) => call(b, 'POST', `/api/oidc/interaction/${uid}/${what}`, body);
      /** An answer of this status, conforming to the document. */
      const answered = async (status: number, method: string, url: string, response: Response) => {
        expect(response.status, `${method} ${url}`).toBe(status);
        await conforms(method, url, response);
      };
      const redirectOf = async (response: Response) => ((await response.clone().json()) as { redirectTo: string }).redirectTo;

      // Not this browser's request, a uid we could not have made; no Simpass session.
      const anonymous = browser();
      await answered(404, 'GET', '/api/oidc/interaction/:uid', await call(anonymous, 'GET', '/api/oidc/interaction/unknown-uid'));
      await answered(400, 'GET', '/api/oidc/interaction/:uid', await call(anonymous, 'GET', '/api/oidc/interaction/not!a!uid'));
      await answered(401, 'GET', '/api/oidc/consents', await call(anonymous, 'GET', '/api/oidc/consents'));
      await answered(401, 'DELETE', '/api/oidc/consents/:clientId', await call(anonymous, 'DELETE', '/api/oidc/consents/simpass-demo'));
      await answered(403, 'DELETE', '/api/oidc/consents/:clientId', await fetch(`${stack.appUrl}/api/oidc/consents/simpass-demo`, { method: 'DELETE' }));

      // A browser not signed in to Simpass at the sign-in step: shown, refused, then turned down.
      const uid = await interactionFor(anonymous);
      await answered(200, 'GET', '/api/oidc/interaction/:uid', await call(anonymous, 'GET', `/api/oidc/interaction/${uid}`)); // signed out
      await answered(401, 'POST', '/api/oidc/interaction/:uid/login', await answer(anonymous, uid, 'login'));
      await answered(400, 'POST', '/api/oidc/interaction/:uid/login', await answer(anonymous, uid, 'login', { accountId: 'someone' }));
      await answered(403, 'POST', '/api/oidc/interaction/:uid/login', await fetch(`${stack.appUrl}/api/oidc/interaction/${uid}/login`, { method: 'POST' }));
      await answered(
        415,
        'POST',
        '/api/oidc/interaction/:uid/login',
        await fetch(`${stack.appUrl}/api/oidc/interaction/${uid}/login`, { method: 'POST', headers: { origin: stack.appUrl, 'content-type': 'application/xml' }, body: '<yes/>' }),
      );
      await answered(409, 'POST', '/api/oidc/interaction/:uid/consent', await answer(anonymous, uid, 'consent')); // the sign-in step
      await answered(404, 'POST', '/api/oidc/interaction/:uid/abort', await answer(browser(), uid, 'abort')); // another browser
      const aborted = await answer(anonymous, uid, 'abort', {});
      expect(aborted.status).toBe(200);
      await conforms('POST', '/api/oidc/interaction/:uid/abort', aborted);

      // Signed in by SIM: sign-in step, consent step, back to the application; then its consent listed and withdrawn.
      const b = await signedIn();
      const login = await interactionFor(b);
      await answered(200, 'GET', '/api/oidc/interaction/:uid', await call(b, 'GET', `/api/oidc/interaction/${login}`)); // signed in
      const loggedIn = await answer(b, login, 'login');
      expect(loggedIn.status).toBe(200);
      const next = await redirectOf(loggedIn);
      await conforms('POST', '/api/oidc/interaction/:uid/login', loggedIn);
      const at = await navigate(b, stack.appUrl, next);
      if (at.kind !== 'interaction') throw new Error(`expected the consent step, got ${at.kind}`);
      const consentStep = await call(b, 'GET', `/api/oidc/interaction/${at.uid}`);
      expect(((await consentStep.clone().json()) as { prompt: string }).prompt).toBe('consent');
      await conforms('GET', '/api/oidc/interaction/:uid', consentStep);
      await answered(409, 'POST', '/api/oidc/interaction/:uid/login', await answer(b, at.uid, 'login')); // past the sign-in step
      const consented = await answer(b, at.uid, 'consent');
      expect(consented.status).toBe(200);
      const done = await navigate(b, stack.appUrl, await redirectOf(consented));
      expect(done.kind).toBe('callback');
      await conforms('POST', '/api/oidc/interaction/:uid/consent', consented);
      const listed = await call(b, 'GET', '/api/oidc/consents');
      expect(((await listed.clone().json()) as { consents: { clientId: string }[] }).consents.map((c) => c.clientId)).toEqual(['simpass-demo']);
      await conforms('GET', '/api/oidc/consents', listed);
      await answered(
        400,
        'DELETE',
        '/api/oidc/consents/:clientId',
        await fetch(`${stack.appUrl}/api/oidc/consents/simpass-demo`, { method: 'DELETE', headers: { origin: stack.appUrl, 'content-type': 'application/json' }, body: '{' }),
      );
      await answered(204, 'DELETE', '/api/oidc/consents/:clientId', await call(b, 'DELETE', '/api/oidc/consents/simpass-demo'));
      const after = await call(b, 'GET', '/api/oidc/consents');
      expect(((await after.clone().json()) as { consents: unknown[] }).consents).toEqual([]);
      await conforms('GET', '/api/oidc/consents', after);

      // prompt=login asks for a sign-in made after the request: the session from before is refused.
      const again = await interactionFor(b, { prompt: 'login' });
      await answered(409, 'POST', '/api/oidc/interaction/:uid/login', await answer(b, again, 'login')); // not fresh
      // Signed out after the sign-in step: consent is refused.
      const signedOut = await signedIn('+447700900002', 'other-sim');
      const first = await answer(signedOut, await interactionFor(signedOut), 'login');
      const consentAt = await navigate(signedOut, stack.appUrl, await redirectOf(first));
      if (consentAt.kind !== 'interaction') throw new Error(`expected the consent step, got ${consentAt.kind}`);
      await call(signedOut, 'POST', '/api/sign-out');
      await answered(401, 'POST', '/api/oidc/interaction/:uid/consent', await answer(signedOut, consentAt.uid, 'consent'));
    });

    it('every described operation was driven at least once', () => {
      const documented = Object.entries(raw.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
      expect(documented.filter((operation) => !exercised.has(operation))).toEqual([]);
    });
  });
});
