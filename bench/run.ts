// `npm run bench` (BENCH_QUICK=1 for a short smoke run; BENCH_CPU_PROF=<dir> to profile Simpass with --cpu-prof): Simpass against the tutorial-style reference
// server and a bare Fastify route, on one emulator, in one run (bench.ts). Prints the report and writes it
// into bench/RESULTS.md between the markers, keeping what is written around them (the before/after notes).
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runBench, repoRoot } from './bench.js';
import { renderResults, targets } from './report.js';

const START = '<!-- bench:start (written by npm run bench) -->';
const END = '<!-- bench:end -->';

async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === '1';
  const webRoot = join(repoRoot, 'dist/web');
  if (!existsSync(join(webRoot, 'index.html'))) throw new Error('No page build in dist/web: run `npm run build:web` first (page weight is measured from it).');
  const postgresUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
  const results = await runBench({
    rounds: quick ? 1 : 5,
    vus: [10, 50],
    journeyMs: quick ? 1500 : 5000,
    routeMs: quick ? 1000 : 3000,
    routeConnections: 50,
    webRoot,
    ...(process.env.BENCH_CPU_PROF ? { cpuProfileDir: process.env.BENCH_CPU_PROF } : {}),
    ...(postgresUrl ? { postgresUrl } : {}),
    log: (line) => console.log(line),
  });
  const report = renderResults(results);
  console.log(`\n${report}`);
  if (!postgresUrl) console.log('PostgreSQL not measured: set TEST_DATABASE_URL (a server URL; the bench creates and drops its own database).');
  const file = join(repoRoot, 'bench/RESULTS.md');
  if (quick) {
    console.log('BENCH_QUICK=1: a smoke run, bench/RESULTS.md left as it was.');
    return;
  }
  const previous = existsSync(file) ? await readFile(file, 'utf8') : `# Bench results\n\n${START}\n${END}\n`;
  const [before, rest] = previous.includes(START) ? previous.split(START) : [`${previous}\n`, END];
  const after = rest!.includes(END) ? rest!.slice(rest!.indexOf(END) + END.length) : '\n';
  await writeFile(file, `${before}${START}\n${report}${END}${after}`);
  const failed = targets(results).filter((t) => !t.pass);
  console.log(failed.length ? `${failed.length} target(s) missed.` : 'Every target met.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
