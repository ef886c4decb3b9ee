// `GET /{product}/{version}/checks/{check_id}/traces` and `.../traces/{trace_id}` (products.yaml) for
// PhoneCheck and SubscriberCheck, v0.1 and v0.2 (SIMCheck has none). The definitions give these paths no
// `security`; the emulator asks for the product's scope as on the check itself, since a trace tells
// what the check did. 404 CheckNotFound / TraceNotFound, 410 TraceGone after seven days.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkFlavourRoutes } from './check-flavour.js';
import { CHECK_FLAVOURS, type CheckRecord } from './checks.js';
import type { EmulatorState } from './control.js';
import { problems } from './problems.js';
import { tracesGone, tracesOf, type Trace } from './traces.js';

type Params = { Params: { check_id: string; trace_id?: string } };

export function registerTraceRoutes(app: FastifyInstance, state: EmulatorState, origin: (request: FastifyRequest) => string): void {
  for (const flavour of CHECK_FLAVOURS) {
    const { base, auth, load: loadCheck } = checkFlavourRoutes(state, flavour);
    const load = (id: string): CheckRecord => {
      const check = loadCheck(id);
      if (tracesGone(check, state.now())) throw problems.traceGone();
      return check;
    };
    const view = (request: FastifyRequest<Params>, trace: Trace) => ({
      ...trace,
      _links: { self: { href: `${origin(request)}${base}/${request.params.check_id}/traces/${trace.trace_id}` } },
    });

    app.get<Params>(`${base}/:check_id/traces`, auth, async (request, reply) => {
      const traces = tracesOf(load(request.params.check_id));
      return reply.type('application/hal+json').send({
        _embedded: { traces: traces.map((trace) => view(request, trace)) },
        _links: { self: { href: `${origin(request)}${base}/${request.params.check_id}/traces` } },
      });
    });

    app.get<Params>(`${base}/:check_id/traces/:trace_id`, auth, async (request, reply) => {
      const trace = tracesOf(load(request.params.check_id)).find((t) => t.trace_id === request.params.trace_id);
      if (!trace) throw problems.traceNotFound();
      return reply.type('application/hal+json').send(view(request, trace));
    });
  }
}
