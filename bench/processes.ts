// The bench's processes: each server under test runs alone in its own child process, so its CPU time and
// memory can be read from the kernel (/proc/<pid>/stat and /status: Linux only) without the load
// generator's own work mixed in.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { processCpuMs } from './cpu-accounting.js';

export { freePort } from '../test/support/free-port.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface BenchProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** User + system CPU time the process has used so far, in milliseconds. */
  cpuMs(): Promise<number>;
  /** Resident set size now, in bytes. */
  rssBytes(): Promise<number>;
  /** What the process wrote to stderr (its failures). */
  errors(): string;
  stop(): Promise<void>;
  /** Sends SIGTERM now and returns at once: for a bench that is itself being stopped. */
  kill(): void;
}

export interface SpawnOptions {
  name: string;
  /** A TypeScript entry point, relative to the repository, run through tsx as `npm start` does. */
  script: string;
  args?: string[];
  env: Record<string, string>;
  port: number;
  /** Answers 200 once the process is ready. */
  readyPath: string;
  /** Write a V8 CPU profile (--cpu-prof) into this directory when the process exits. */
  cpuProfileDir?: string;
}

export async function spawnBenchProcess(options: SpawnOptions): Promise<BenchProcess> {
  const profile = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', options.script, ...(options.args ?? [])], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(options.port), NODE_ENV: 'production', ...options.env },
    // Logs go where a production server's would go when nobody reads them; reading them here would put
    // their cost on the load generator instead.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const url = `http://127.0.0.1:${options.port}`;
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name} did not start: ${stderr}`);
  for (;;) {
    if (hasExited()) throw new Error(`${options.name} exited before it answered:\n${stderr}`);
    try {
      const response = await fetch(`${url}${options.readyPath}`);
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await Promise.race([sleep(100), exited]);
  }
  return {
    name: options.name,
    url,
    pid,
    cpuMs: () => processCpuMs(pid),
    async rssBytes() {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
      return Number(kib) * 1024;
    },
    errors: () => stderr,
    kill() {
      if (!hasExited()) child.kill('SIGTERM');
    },
    async stop() {
      if (hasExited()) return;
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
      await exited;
    },
  };
}
