// Secrets never reach the logs: the redirect's one-time `code`, cookies and authorization headers.
// Fastify logs each request's URL, so query strings are scrubbed before they are written. The
// OpenID Connect provider's endpoints add their own: an ID token given back as `id_token_hint` (a
// signed statement of the person's number), a `login_hint`, and anything a client might wrongly put
// in a query rather than a body (secrets, verifiers, refresh tokens, request objects).
const SECRET_QUERY_PARAMS =
  /([?&](?:code|access_token|token|id_token|id_token_hint|login_hint|refresh_token|client_secret|code_verifier|request|logout_hint)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, '$1[redacted]');
}

export const logSerializers = {
  req(request: { method: string; url: string; id: string; ip?: string }) {
    return { id: request.id, method: request.method, url: redactUrl(request.url), ip: request.ip };
  },
};

export const logRedactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
];
