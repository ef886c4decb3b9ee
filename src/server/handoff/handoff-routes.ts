// The hand-off's HTTP edge (handoff-policy.ts has the rules). The desktop: start, read, cancel, collect
// the session. The phone: open the link, read, confirm. The desktop's live stream is handoff-events.ts.
import { CANCEL_HANDOFF_DOCS, CLAIM_HANDOFF_DOCS, CONFIRM_HANDOFF_DOCS, DESKTOP_HANDOFF_DOCS, OPEN_HANDOFF_DOCS, PHONE_HANDOFF_DOCS, START_HANDOFF_DOCS } from '../openapi/handoff-api.js';
import type { FastifyInstance } from 'fastify';
import type { CookieSpec } from '../cookies.js';
import type { AdmitHandoff } from '../rate-limits/handoff-admission.js';
import { requestContext } from '../request-context.js';
import { publicUser } from '../routes/session-routes.js';
import { FlowError } from '../errors.js';
import {
  cancelHandoff,
  claimHandoff,
  confirmHandoff,
  desktopHandoff,
  desktopView,
  openHandoff,
  phoneHandoff,
  phoneView,
  startHandoff,
  type HandoffDeps,
} from './handoff-policy.js';
import { qrCodeDataUrl } from './qr-code.js';

export interface HandoffRouteDeps extends HandoffDeps {
  admitHandoff: AdmitHandoff;
  cookies: { desktop: CookieSpec; phone: CookieSpec; flow: CookieSpec; session: CookieSpec };
}

const CHECK_ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' } as const;

export function handoffRoutes(deps: HandoffRouteDeps) {
  const { cookies } = deps;
  const clear = (spec: CookieSpec) => ({ path: '/', secure: spec.options.secure ?? false });

  return function register(app: FastifyInstance): void {
    // ---- the desktop ----
    app.post<{ Body: { phone_number?: string } | undefined }>(
      '/api/handoff',
      {
        schema: {
          ...START_HANDOFF_DOCS,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { phone_number: { type: 'string', maxLength: 64 } },
          },
        },
      },
      async (request, reply) => {
        await deps.admitHandoff({ ip: request.ip });
        const started = await startHandoff(
          deps,
          { phoneNumber: request.body?.phone_number, previousDesktopToken: request.cookies[cookies.desktop.name] },
          requestContext(request),
        );
        reply.setCookie(cookies.desktop.name, started.desktopToken, cookies.desktop.options);
        return reply.code(201).send({
          data: { ...started.view, link: started.link, qrCode: await qrCodeDataUrl(started.link) },
          message: 'Open the link on your phone',
        });
      },
    );

    app.get('/api/handoff', { schema: DESKTOP_HANDOFF_DOCS }, async (request) => {
      const record = await desktopHandoff(deps, request.cookies[cookies.desktop.name]);
      if (!record) throw new FlowError('handoff_not_found', 'This browser has no sign-in with a phone under way.');
      return { data: desktopView(record, deps.clock()) };
    });

    app.post('/api/handoff/cancel', { schema: CANCEL_HANDOFF_DOCS }, async (request, reply) => {
      await cancelHandoff(deps, request.cookies[cookies.desktop.name]);
      reply.clearCookie(cookies.desktop.name, clear(cookies.desktop));
      return reply.code(204).send();
    });

    app.post('/api/handoff/claim', { schema: CLAIM_HANDOFF_DOCS }, async (request, reply) => {
      const claimed = await claimHandoff(
        deps,
        { desktopToken: request.cookies[cookies.desktop.name], previousSessionToken: request.cookies[cookies.session.name] },
        requestContext(request),
      );
      reply.setCookie(cookies.session.name, claimed.session.token, cookies.session.options);
      reply.clearCookie(cookies.desktop.name, clear(cookies.desktop));
      return reply.send({
        data: { user: publicUser(claimed.user), created: claimed.created },
        message: claimed.created ? "You're signed up" : 'Welcome back',
      });
    });

    // ---- the phone ----
    app.post<{ Body: { link: string } }>(
      '/api/handoff/open',
      {
        schema: {
          ...OPEN_HANDOFF_DOCS,
          body: {
            type: 'object',
            required: ['link'],
            additionalProperties: false,
            properties: { link: { type: 'string', minLength: 1, maxLength: 64 } },
          },
        },
      },
      async (request, reply) => {
        const opened = await openHandoff(
          deps,
          { linkToken: request.body.link, phoneToken: request.cookies[cookies.phone.name] },
          requestContext(request),
        );
        if (opened.phoneToken) reply.setCookie(cookies.phone.name, opened.phoneToken, cookies.phone.options);
        return { data: opened.view };
      },
    );

    // Asked by the page on every load: "none" is an answer (null), not an error in the console.
    app.get('/api/handoff/phone', { schema: PHONE_HANDOFF_DOCS }, async (request) => {
      const record = await phoneHandoff(deps, request.cookies[cookies.phone.name]);
      return { data: record ? phoneView(record, deps.clock()) : null };
    });

    app.post<{ Body: { checkId: string; matchCode: string; startNewAccount?: boolean } }>(
      '/api/handoff/confirm',
      {
        schema: {
          ...CONFIRM_HANDOFF_DOCS,
          body: {
            type: 'object',
            required: ['checkId', 'matchCode'],
            additionalProperties: false,
            properties: {
              checkId: CHECK_ID,
              matchCode: { type: 'string', pattern: '^[0-9]{2}$' },
              startNewAccount: { type: 'boolean' },
            },
          },
        },
      },
      async (request, reply) => {
        await confirmHandoff(
          deps,
          {
            phoneToken: request.cookies[cookies.phone.name],
            flowToken: request.cookies[cookies.flow.name],
            checkId: request.body.checkId,
            matchCode: request.body.matchCode,
            startNewAccount: request.body.startNewAccount === true,
          },
          requestContext(request),
        );
        // The check is spent and the hand-off done; this phone is not signed in by it.
        reply.clearCookie(cookies.flow.name, clear(cookies.flow));
        reply.clearCookie(cookies.phone.name, clear(cookies.phone));
        return reply.send({ data: { confirmed: true }, message: 'Done — return to your computer' });
      },
    );
  };
}
