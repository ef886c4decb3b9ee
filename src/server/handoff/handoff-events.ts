// GET /api/handoff/events: the desktop's hand-off as Server-Sent Events, so the page learns at once
// that the phone opened the link, confirmed, or stopped. Each event is the desktop's view (the same
// JSON as GET /api/handoff), sent when it changes; the stream ends after a final state.
//
// The reply is hijacked (raw Node response), so the app's onSend hooks do not run: the headers they
// would add that matter for a stream are written here, and @fastify/compress never buffers it.
// A change on this instance wakes the stream at once (handoff-notifier.ts); the row is also re-read
// every RECHECK_MS, which notices expiry and a phone served by another instance.
import { HANDOFF_EVENTS_DOCS } from '../openapi/handoff-api.js';
import type { FastifyInstance } from 'fastify';
import { FlowError } from '../errors.js';
import type { CookieSpec } from '../cookies.js';
import { findHandoffBy } from './handoff-repository.js';
import { desktopHandoff, desktopView, type HandoffDeps, type HandoffState } from './handoff-policy.js';

const RECHECK_MS = 2000;
/** A comment line now and then keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
const FINAL: ReadonlySet<HandoffState> = new Set(['signed_in', 'cancelled', 'refused', 'expired']);

export function handoffEventRoutes(deps: HandoffDeps & { desktopCookie: CookieSpec }) {
  return function register(app: FastifyInstance): void {
    const open = new Set<() => void>();
    // Streams never end by themselves while the desktop waits: close them so the server can stop.
    app.addHook('preClose', (done) => {
      for (const end of open) end();
      done();
    });

    app.get('/api/handoff/events', { compress: false, schema: HANDOFF_EVENTS_DOCS }, async (request, reply) => {
      const record = await desktopHandoff(deps, request.cookies[deps.desktopCookie.name]);
      if (!record) throw new FlowError('handoff_not_found', 'This browser has no sign-in with a phone under way.');

      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-request-id': request.id,
        // nginx and similar proxies buffer responses unless told not to.
        'x-accel-buffering': 'no',
      });
      // If the stream breaks, the browser's EventSource tries again after this long.
      raw.write('retry: 3000\n\n');

      let last = '';
      let ended = false;
      let reading = Promise.resolve();
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(recheck);
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
        raw.end();
      };
      const send = () => {
        // One read at a time, in order: a burst of notifications cannot reorder the events.
        reading = reading.then(async () => {
          if (ended) return;
          const current = await findHandoffBy(deps.db, 'id', record.id);
          if (!current || ended) return end();
          const view = desktopView(current, deps.clock());
          const json = JSON.stringify(view);
          if (json !== last) {
            last = json;
            raw.write(`event: state\ndata: ${json}\n\n`);
          }
          if (FINAL.has(view.state)) end();
        }).catch((error: unknown) => {
          request.log.warn({ err: error }, 'hand-off event stream failed; the page falls back to polling');
          end();
        });
      };
      const unsubscribe = deps.notifier.subscribe(record.id, send);
      const recheck = setInterval(send, RECHECK_MS);
      const heartbeat = setInterval(() => raw.write(': still here\n\n'), HEARTBEAT_MS);
      open.add(end);
      request.raw.on('close', end);
      send();
    });
  };
}
