// Requests refused before any route runs still get our one error shape: problem+json with the
// security headers.
// - Fastify's router refuses a URL with broken percent-encoding (FST_ERR_BAD_URL, 400) and a path
//   parameter longer than `maxParamLength` (FST_ERR_MAX_PARAM_LENGTH, 414) through `frameworkErrors`;
//   without it, Fastify writes its own bare JSON.
// - Node's HTTP parser refuses malformed requests, unknown methods and header blocks over
//   `maxHeaderSize` (431) with the server's 'clientError' event, before Fastify has a request or a
//   reply, so that answer is written on the socket by hand.
// - CONNECT is handed to the server's 'connect' event, which Node answers by dropping the connection.
// - An HTTP/1.1 request without Host must get a 400 (RFC 9112 §3.2); Node's own check answers it
//   with no body and no headers, so it is turned off and done here instead.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server, type ServerOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { problemType, sendProblem, type Problem } from './problem.js';

type Headers = Readonly<Record<string, string>>;

const DETAIL: Record<number, string> = {
  400: 'This request is not valid HTTP, or its address is not validly encoded.',
  405: 'This method is not served here.',
  408: 'The request took too long to arrive.',
  414: 'The address is longer than this server accepts.',
  431: 'The request headers are larger than this server accepts.',
};

function problemFor(status: number, code: string | undefined, requestId: string): Problem {
  const title = STATUS_CODES[status] ?? 'Bad Request';
  return {
    type: problemType(code ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '_')),
    title,
    status,
    detail: DETAIL[status] ?? 'This request cannot be served.',
    request_id: requestId,
  };
}

/** Fastify server options; pass them to `Fastify()`. */
export function protocolErrorOptions(
  headers: Headers,
): Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> & { http: ServerOptions } {
  return {
    http: { requireHostHeader: false },
    frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
      // FST_ERR_ASYNC_CONSTRAINT (500) cannot happen here (no async constraints); it stays a 500.
      const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
      const code = error.code === 'FST_ERR_BAD_URL' ? 'bad_url' : error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'uri_too_long' : 'internal_error';
      request.log.info({ code: error.code, status }, 'request refused by the router');
      reply.headers(headers).header('X-Request-Id', request.id).header('Cache-Control', 'no-store');
      void sendProblem(reply, problemFor(status, code, request.id));
    },
    clientErrorHandler(error: NodeJS.ErrnoException, socket: Duplex) {
      // The peer went away, or a response on this keep-alive connection is already under way: writing
      // now would corrupt it, so just close (what Node itself does).
      const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
      if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
        socket.destroy();
        return;
      }
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      writeRawProblem(socket, headers, status);
    },
  };
}

/** The Host check Node's parser would have made (see above), answered as a problem. Register first. */
export function requireHostHeader(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (request.raw.httpVersion !== '1.1' || request.headers.host !== undefined) return done();
    void sendProblem(reply, {
      type: problemType('host_required'),
      title: 'Bad Request',
      status: 400,
      detail: 'An HTTP/1.1 request must name the host it is for in a Host header.',
      request_id: request.id,
    });
  });
}

/** Answers CONNECT (we are no proxy) with a 405 problem instead of a dropped connection. */
export function refuseConnectRequests(server: Server, headers: Headers): void {
  server.on('connect', (_request, socket: Duplex) => {
    writeRawProblem(socket, { ...headers, Allow: 'GET, HEAD, POST, PUT' }, 405);
  });
}

function writeRawProblem(socket: Duplex, headers: Headers, status: number): void {
  const requestId = randomUUID();
  const body = JSON.stringify(problemFor(status, undefined, requestId));
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}`,
    'Content-Type: application/problem+json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'Connection: close',
    `X-Request-Id: ${requestId}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  // Whatever else the client sends is not read: close once the answer is out.
  socket.end(`${head}\r\n\r\n${body}`, () => socket.destroy());
}
