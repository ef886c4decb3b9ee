// Runs `src/server/main.ts` as a real child process — the way `npm start` does, minus the web build —
// so tests can SIGKILL it, restart it, or run two of them side by side.
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from './stack.js';

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves once the server answers HTTP; rejects if the process exits first. */
  readonly ready: Promise<void>;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown hooks, no flushing; resolves once the process is gone (at once if it already is). */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

/**
 * Spawns the server and returns at once, so the caller holds the process (to kill it in a teardown)
 * even if it never becomes ready. There is no start-up deadline: on a busy machine start-up takes
 * what it takes, and the test's own timeout is the guard against a hang.
 */
export function spawnServerProcess(env: Record<string, string>, port: number): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let gone = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      gone = true;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;

  async function waitUntilAnswering(): Promise<void> {
    // The event waited for is the server's first answer; between attempts, a short pause.
    for (;;) {
      if (gone) throw new Error(`server exited with ${child.exitCode ?? child.signalCode} before it answered:\n${output}`);
      try {
        const response = await fetch(`${url}/api/config`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await Promise.race([sleep(100), exited]);
    }
  }
  const ready = waitUntilAnswering();
  // Awaited by whoever needs it; a start that fails after its test gave up must not become an unhandled rejection.
  ready.catch(() => undefined);

  return {
    url,
    child,
    ready,
    output: () => output,
    async kill() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      await exited;
    },
  };
}
