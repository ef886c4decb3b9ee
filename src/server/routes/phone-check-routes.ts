// The seed's API, kept so a client written for the seed works unchanged, plus the redirect_url route
// the network sends the browser back to.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problemFromError } from '../error-handler.js';
import { CHECK_REDIRECT_DOCS, CREATE_CHECK_DOCS, READ_CHECK_DOCS } from '../openapi/verification-api.js';
import { FlowError } from '../errors.js';
import { problemCode } from '../problem.js';
import type { CookieSpec } from '../cookies.js';
import { newSecretToken } from '../secret-token.js';
import { requestContext } from '../request-context.js';
import {
  completeVerification,
  readVerification,
  startVerification,
  type RedirectParams,
  type VerificationDeps,
} from '../verification.js';

const CHECK_ID = '^[A-Za-z0-9-]{1,64}$';

// The smallest transparent GIF: the answer when the SDK's image method loads the redirect.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export function phoneCheckRoutes(deps: VerificationDeps, cookie: CookieSpec) {
  return function register(app: FastifyInstance): void {
    app.post<{ Body: { phone_number: string } }>(
      '/api/phone-check',
      {
        schema: {
          ...CREATE_CHECK_DOCS,
          body: {
            type: 'object',
            required: ['phone_number'],
            properties: { phone_number: { type: 'string', maxLength: 64 } },
            // Refused, not ignored: a client sending fields we do not read has a bug, or is probing.
            additionalProperties: false,
          },
        },
      },
      async (request, reply) => {
        const flowToken = newSecretToken();
        const started = await startVerification(deps, { phoneNumber: request.body.phone_number, flowToken }, requestContext(request));
        reply.setCookie(cookie.name, flowToken, cookie.options);
        return reply.code(201).send({
          data: { checkId: started.checkId, checkUrl: started.checkUrl },
          message: 'PhoneCheck created',
        });
      },
    );

    app.get<{ Querystring: Record<string, string | undefined> }>('/api/phone-check/redirect', { schema: CHECK_REDIRECT_DOCS }, async (request, reply) => {
      const asImage = wantsImage(request);
      let params: RedirectParams | undefined;
      try {
        params = redirectParams(request.query);
        const checkId = await completeVerification(deps, params, request.cookies[cookie.name], requestContext(request));
        if (asImage) return sendPixel(reply);
        return reply.redirect(`/?check=${encodeURIComponent(checkId)}`, 303);
      } catch (error) {
        // A browser coming back to a flow it already finished (reload, back button) just sees its
        // result. completeVerification checks the flow cookie before it can say "already completed",
        // so only the browser that owns the flow gets here.
        if (params && error instanceof FlowError && error.code === 'flow_already_completed' && !asImage) {
          return reply.redirect(`/?check=${encodeURIComponent(params.checkId)}`, 303);
        }
        // A person's browser must not land on a JSON document: back to the page, which turns the
        // code (always one of our problem codes, never text from the request) into words.
        if (!asImage && isNavigation(request)) {
          return reply.redirect(`/?check_error=${problemCode(problemFromError(error, request))}`, 303);
        }
        throw error;
      }
    });

    app.get<{ Params: { checkId: string } }>(
      '/api/phone-check/:checkId',
      { schema: { ...READ_CHECK_DOCS, params: { type: 'object', properties: { checkId: { type: 'string', pattern: CHECK_ID } } } } },
      async (request, reply) => {
        const result = await readVerification(deps, request.params.checkId, request.cookies[cookie.name]);
        if (result.status === 'PENDING') return reply.code(202).send({ data: { status: 'PENDING' } });
        if (result.status === 'COMPLETED') {
          return reply.send({ data: { match: result.match, status: result.status } });
        }
        return reply.send({
          data: { match: false, status: result.status, reason: result.reason, message: result.message },
        });
      },
    );
  };
}

function redirectParams(query: Record<string, string | undefined>): RedirectParams {
  const checkId = query.check_id;
  if (typeof checkId !== 'string' || !new RegExp(CHECK_ID).test(checkId)) {
    throw new FlowError('invalid_request', 'The redirect is missing a valid check_id.');
  }
  if (typeof query.error === 'string' && query.error !== '') {
    return { checkId, error: query.error.slice(0, 64) };
  }
  if (typeof query.code === 'string' && query.code !== '' && query.code.length <= 256) {
    return { checkId, code: query.code };
  }
  throw new FlowError('invalid_request', 'The redirect carries neither a code nor an error.');
}

function wantsImage(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-dest'] === 'image') return true;
  const accept = request.headers.accept ?? '';
  return accept.startsWith('image/');
}

/** A top-level navigation (the SDK's v0.2 method, or a person), as opposed to fetch() or an image. */
function isNavigation(request: FastifyRequest): boolean {
  const mode = request.headers['sec-fetch-mode'];
  if (typeof mode === 'string') return mode === 'navigate';
  // Browsers without Fetch Metadata: a document request asks for HTML.
  return (request.headers.accept ?? '').includes('text/html');
}

function sendPixel(reply: FastifyReply): FastifyReply {
  return reply.code(200).type('image/gif').header('Cache-Control', 'no-store').send(PIXEL);
}
