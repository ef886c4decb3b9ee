// One log line per request, when its answer has gone: method, redacted URL, client address (the `req`
// serializer in log-redaction.ts), status and time taken. Fastify's default writes two lines per
// request (one on arrival, one on completion), each a JSON serialisation and a write; the arrival line
// says nothing the completion line does not. A route may set `logLevel: 'warn'` (/healthz, polled by
// probes) to log only its failures.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {
    // Left out: the completion line below carries the request.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
