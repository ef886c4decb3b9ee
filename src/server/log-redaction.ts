// Secrets never reach the logs: the redirect's one-time `code`, cookies and authorization headers.
// Fastify logs each request's URL, so query strings are scrubbed before they are written.
const SECRET_QUERY_PARAMS = /([?&](?:code|access_token|token)=)[^&#]*/gi;

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
