// Log lines: readable in a terminal, JSON elsewhere, and secret-free in both shapes.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../test/support/stack.js';
import { linesWrittenOncePerTurn, logDestination } from './log-destination.js';

/** A stand-in for process.stdout: a terminal or not, with colours or not; collects what is written. */
function output(tty: { isTTY: boolean; colors?: boolean }): PassThrough & { isTTY: boolean; hasColors(): boolean; text(): string } {
  const chunks: string[] = [];
  const stream = Object.assign(new PassThrough(), {
    isTTY: tty.isTTY,
    hasColors: () => tty.colors ?? false,
    text: () => chunks.join(''),
  });
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return stream;
}

const line = JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 2, 3, 4, 5), pid: 1, hostname: 'h', reqId: 'r-1', msg: 'incoming request' }) + '\n';

describe('logDestination', () => {
  it('writes pino JSON lines unchanged when the output is not a terminal, the lines of one turn in one write', async () => {
    const out = output({ isTTY: false });
    const writes: string[] = [];
    out.on('data', (chunk: Buffer) => writes.push(chunk.toString('utf8')));
    const destination = await logDestination(out);
    expect(destination.format).toBe('json');
    destination.stream.write(line);
    destination.stream.write(line.replace('r-1', 'r-2'));
    expect(out.text()).toBe('');
    await new Promise((resolve) => setImmediate(resolve));
    expect(out.text()).toBe(line + line.replace('r-1', 'r-2'));
    expect(writes).toHaveLength(1);
    // The next turn's line goes out in the next turn.
    destination.stream.write(line);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(2);
  });

  it('writes the lines still waiting when the process exits', () => {
    const out = output({ isTTY: false });
    let atExit: (() => void) | undefined;
    const stream = linesWrittenOncePerTurn(out, (flush) => (atExit = flush));
    stream.write(line);
    atExit!();
    expect(out.text()).toBe(line);
  });

  it('writes one readable line per event to a terminal: time, level, message, fields; no pid or hostname', async () => {
    const out = output({ isTTY: true });
    const destination = await logDestination(out);
    expect(destination.format).toBe('pretty');
    destination.stream.write(line);
    expect(out.text()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: incoming request \{"reqId":"r-1"\}\n$/);
  });

  it('colours the line only when the terminal has colours (NO_COLOR is honoured by hasColors)', async () => {
    const plain = output({ isTTY: true, colors: false });
    const coloured = output({ isTTY: true, colors: true });
    (await logDestination(plain)).stream.write(line);
    (await logDestination(coloured)).stream.write(line);
    // eslint-disable-next-line no-control-regex
    const ansi = /\u001b\[\d+m/;
    expect(plain.text()).not.toMatch(ansi);
    expect(coloured.text()).toMatch(ansi);
  });

  it('falls back to JSON, and says why, when pino-pretty is not installed (npm install --omit=dev)', async () => {
    const out = output({ isTTY: true });
    const destination = await logDestination(out, 'pino-pretty-that-is-not-installed');
    expect(destination.format).toBe('json');
    expect(destination.notice).toBe('pino-pretty-that-is-not-installed is not installed (it is a devDependency): logging JSON lines');
    destination.stream.write(line);
    expect(out.text()).toBe(line);
  });
});

describe('a verification logged in the terminal format', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ logFormat: 'pretty' });
  });
  afterAll(async () => stack?.close());

  it('is readable lines, and holds neither the one-time code, the flow cookie, the phone number nor the client secret', async () => {
    const created = await fetch(`${stack.appUrl}/api/phone-check`, {
      method: 'POST',
      headers: { origin: stack.appUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: '+447700900001' }),
    });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { checkUrl: string } };
    const flowCookie = created.headers.get('set-cookie')!.split(';')[0]!;
    const network = await fetch(data.checkUrl, { redirect: 'manual', headers: { 'x-emulator-device': 'phone' } });
    const redirect = new URL(network.headers.get('location')!);
    const code = redirect.searchParams.get('code')!;
    expect(code).not.toBe('');
    const back = await fetch(`${stack.appUrl}${redirect.pathname}${redirect.search}`, { headers: { cookie: flowCookie }, redirect: 'manual' });
    expect(back.status).toBe(303);

    const logs = stack.logs();
    const lines = logs.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2); // at least one line for each of the two requests
    for (const entry of lines) expect(entry).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL): /);
    expect(logs).toMatch(/"url":"\/api\/phone-check\/redirect\?[^"]*code=\[redacted\]/);
    expect(logs).not.toContain(code);
    expect(logs).not.toContain(flowCookie.split('=')[1]!);
    expect(logs).not.toContain('447700900001');
    expect(logs).not.toContain(stack.emulator.credentials.clientSecret);
  });
});
