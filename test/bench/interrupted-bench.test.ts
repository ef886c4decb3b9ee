// A bench stopped half-way (Ctrl-C, a CI timeout's SIGTERM) takes its servers with it: left running, they
// would sit on the cores and skew every later run (it happened). Runs the real `npm run bench` entry
// point in a quick run, waits until its servers are up, stops it, and looks for what it had started.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { allProcStats, readProcStat } from '../../bench/proc-stat.js';
import { repoRoot } from '../support/stack.js';

/** The processes whose parent is `pid`, with their command lines. */
async function childrenOf(pid: number): Promise<{ pid: number; command: string }[]> {
  const children: { pid: number; command: string }[] = [];
  for (const child of (await allProcStats()).filter((p) => p.ppid === pid)) {
    try {
      children.push({ pid: child.pid, command: (await readFile(`/proc/${child.pid}/cmdline`, 'utf8')).replaceAll('\0', ' ') });
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

const isAlive = async (pid: number) => {
  try {
    // A zombie has exited: only its parent's bookkeeping is left.
    return (await readProcStat(pid)).state !== 'Z';
  } catch {
    return false;
  }
};

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  it(`a bench stopped by ${signal} stops every server it started`, { timeout: 120_000 }, async () => {
    if (!existsSync(join(repoRoot, 'dist/web/index.html'))) throw new Error('dist/web is missing: run `npm run build:web` first (npm test does)');
    const bench = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', BENCH_QUICK: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    bench.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => bench.once('exit', (code, signal) => resolve(signal ?? code)));
    try {
      // The emulator first, then the Simpass servers, the reference and bare Fastify: wait for a Simpass.
      let started: { pid: number; command: string }[] = [];
      for (let i = 0; i < 600 && !started.some((c) => c.command.includes('src/server/main.ts')); i++) {
        if (bench.exitCode !== null) throw new Error(`the bench ended before its servers started:\n${stderr}`);
        await sleep(100);
        started = await childrenOf(bench.pid!);
      }
      expect(started.map((c) => c.command).join('\n')).toContain('src/emulator/main.ts');
      expect(started.map((c) => c.command).join('\n')).toContain('src/server/main.ts');

      bench.kill(signal);
      expect(await exited).toBe(signal);
      // Each server got SIGTERM; give them the moment a graceful shutdown takes.
      let alive = started;
      for (let i = 0; i < 100 && alive.length > 0; i++) {
        await sleep(100);
        alive = (await Promise.all(started.map(async (c) => ((await isAlive(c.pid)) ? c : null)))).filter((c) => c !== null);
      }
      expect(alive.map((c) => c.command)).toEqual([]);
    } finally {
      if (bench.exitCode === null && bench.signalCode === null) bench.kill('SIGKILL');
    }
  });
}
