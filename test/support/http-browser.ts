// A browser reduced to what the sign-in flow needs: a cookie jar, the Origin header on writes, and
// a phone that opens check_url on the emulator's simulated network. `server` may change between
// requests, as behind a load balancer: the cookies stay with the "browser", not with a server.

export interface HttpBrowser {
  /** The origin pages are served from (PUBLIC_URL): sent as Origin on writes. */
  readonly origin: string;
  /** `body` is sent as JSON; `form` as a form post (application/x-www-form-urlencoded). */
  request(server: string, path: string, init?: { method?: string; body?: unknown; form?: URLSearchParams }): Promise<Response>;
  cookie(name: string): string | undefined;
  setCookie(name: string, value: string): void;
}

export function createHttpBrowser(origin: string): HttpBrowser {
  const jar = new Map<string, string>();
  return {
    origin,
    async request(server, path, init = {}) {
      const method = init.method ?? 'GET';
      const headers: Record<string, string> = {};
      if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      if (method !== 'GET') headers.origin = origin;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      if (init.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(`${server}${path}`, {
        method,
        headers,
        body: init.form !== undefined ? init.form.toString() : init.body === undefined ? null : JSON.stringify(init.body),
        redirect: 'manual',
      });
      for (const header of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = header.split(';');
        const [name = '', value = ''] = pair.split('=');
        const expired = value === '' || attributes.some((a) => /^\s*max-age=0$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
        if (expired) jar.delete(name.trim());
        else jar.set(name.trim(), value);
      }
      return response;
    },
    cookie: (name) => jar.get(name),
    setCookie: (name, value) => void jar.set(name, value),
  };
}

/** Starts a check through `server` and has the simulated phone open check_url; returns the redirect back (not yet followed). */
export async function startCheck(
  browser: HttpBrowser,
  server: string,
  phoneNumber: string,
  deviceId = 'phone',
): Promise<{ checkId: string; redirectPath: string }> {
  const created = await browser.request(server, '/api/phone-check', { method: 'POST', body: { phone_number: phoneNumber } });
  if (created.status !== 201) throw new Error(`POST /api/phone-check answered ${created.status}: ${await created.text()}`);
  const { data } = (await created.json()) as { data: { checkId: string; checkUrl: string } };
  const network = await fetch(data.checkUrl, { redirect: 'manual', headers: { 'X-Emulator-Device': deviceId } });
  const location = network.headers.get('location');
  if (!location) throw new Error(`check_url answered ${network.status} without a redirect`);
  const redirect = new URL(location);
  return { checkId: data.checkId, redirectPath: `${redirect.pathname}${redirect.search}` };
}

/** The whole journey: check, redirect back, sign in. Returns the sign-in answer. */
export async function signUpOrIn(browser: HttpBrowser, server: string, phoneNumber: string, deviceId = 'phone'): Promise<Response> {
  const { checkId, redirectPath } = await startCheck(browser, server, phoneNumber, deviceId);
  const back = await browser.request(server, redirectPath);
  if (back.status !== 303) throw new Error(`redirect answered ${back.status}: ${await back.text()}`);
  return browser.request(server, '/api/sign-in', { method: 'POST', body: { checkId } });
}
