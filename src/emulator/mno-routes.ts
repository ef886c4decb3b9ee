// The operator's end of a v0.1 check_url: check_url 302s here ("Redirects to the check_url",
// products.yaml get-phone-check-redirect-v0.1) and this hop completes the check, answering a 1x1 GIF so
// the web SDK's <img> method fires `load`. The SDK resolves either way, so nobody may infer the
// result from it: the server reads GET /phone_check/v0.1/checks/{id}.
import type { FastifyInstance } from 'fastify';
import { finishOperatorHop, type CheckRecord } from './checks.js';
import type { EmulatorState } from './control.js';

/** A transparent 1x1 GIF89a. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export function operatorHopPath(check: CheckRecord, token: string): string {
  return `/_mno/${check.network_id ?? 'none'}/checks/${check.check_id}/pixel.gif?t=${encodeURIComponent(token)}`;
}

export function registerMnoRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get<{ Params: { network_id: string; check_id: string }; Querystring: { t?: string } }>(
    '/_mno/:network_id/checks/:check_id/pixel.gif',
    async (request, reply) => {
      const check = state.checks.get(request.params.check_id);
      if (check && typeof request.query.t === 'string') state.checks.put(finishOperatorHop(check, request.query.t, state.now()));
      return reply.header('cache-control', 'no-store').type('image/gif').send(PIXEL);
    },
  );
}
