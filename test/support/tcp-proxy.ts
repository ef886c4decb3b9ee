// A TCP proxy a test starts in front of a real service (Redis), so the test can take that service
// away mid-run and give it back, without touching the shared server other tests use.
//   cut():     closes every connection and stops listening — reconnects are refused, as when the host is down.
//   restore(): listens again on the same port, as when the service comes back.
//   stall():   keeps every connection open but forwards nothing more to the service, as when it
//              hangs: clients see no error, only no answer.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** e.g. redis://127.0.0.1:PORT — the target URL with its host and port replaced by the proxy's. */
  readonly url: string;
  readonly port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  stall(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let stalled = false;

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.once('close', () => sockets.delete(socket));
          // A peer going away is what this proxy is for; it must not crash the test process.
          socket.on('error', () => undefined);
        }
        client.on('data', (chunk: Buffer) => {
          if (!stalled) upstream.write(chunk);
        });
        upstream.pipe(client);
        client.once('close', () => upstream.destroy());
        upstream.once('close', () => client.destroy());
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        server = next;
        const address = next.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (!server) return resolve();
      const closing = server;
      server = null;
      closing.close(() => resolve());
    });

  const port = await listen(0);
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString().replace(/\/$/, ''),
    port,
    cut: stop,
    async restore() {
      stalled = false;
      if (!server) await listen(port);
    },
    stall() {
      stalled = true;
    },
    close: stop,
  };
}
