// Raw HTTP over a TCP socket, for requests no HTTP client will send: broken request lines, unknown
// methods, oversized headers, absolute-form targets. Reads until the server closes the connection.
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything the server sent, for failure messages. */
  raw: string;
}

/** Sends `request` as is (add `Connection: close` to get an answer back for a well-formed one). */
export function rawRequest(url: string, request: string | Buffer): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      // The server may answer and close before it has read everything (a 431 for a huge header).
      socket.write(request, () => undefined);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset after the answer arrived is fine: the answer is what is being tested.
    socket.on('error', (error) => (chunks.length > 0 ? undefined : reject(error)));
    socket.on('close', () => {
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('latin1');
      const parsed = parseResponse(raw, bytes);
      if (parsed) resolve(parsed);
      else reject(new Error(`no HTTP response: ${JSON.stringify(raw.slice(0, 200))}`));
    });
  });
}

function parseResponse(raw: string, bytes: Buffer): RawResponse | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  if (!match) return undefined;
  // An interim answer (100 Continue to `Expect: 100-continue`, RFC 9110 §15.2) comes before the final
  // one on the same connection: the answer is what follows it. latin1 keeps string and byte offsets equal.
  const status = Number(match[1]);
  if (status >= 100 && status < 200 && status !== 101) return parseResponse(raw.slice(end + 4), bytes.subarray(end + 4));
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  // latin1 is one character per byte, so `end` is also the byte offset of the body.
  let body = bytes.subarray(end + 4).toString('utf8');
  if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
  return { status, headers, body, raw };
}

function unchunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    if (lineEnd < 0) return out;
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}
