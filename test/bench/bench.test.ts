// `npm run bench`'s machinery for one tiny round, so the bench cannot rot unnoticed: every process starts,
// every journey completes, and every number the report needs is there. No timing is asserted (speed is the
// bench's business, and this machine is shared); the upstream calls per check are exact by design.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runBench, type BenchResults } from '../../bench/bench.js';
import { renderResults, targets } from '../../bench/report.js';
import { repoRoot } from '../support/stack.js';

it('drives Simpass, the reference server and bare Fastify on one emulator and reports every measure', { timeout: 180_000 }, async () => {
  const webRoot = join(repoRoot, 'dist/web');
  if (!existsSync(join(webRoot, 'index.html'))) throw new Error('dist/web is missing: run `npm run build:web` first (npm test does)');
  const lines: string[] = [];
  const results: BenchResults = await runBench({
    rounds: 1,
    vus: [2],
    journeyMs: 400,
    routeMs: 300,
    routeConnections: 2,
    webRoot,
    log: (line) => lines.push(line),
  });

  const simpass = results.journeys['Simpass (SQLite)']![2]!;
  const reference = results.journeys.reference![2]!;
  for (const stats of [simpass, reference]) {
    expect(stats.failures, stats.firstFailure).toBe(0);
    expect(stats.checksPerSecond).toBeGreaterThan(0);
    expect(stats.cpuMsPerCheck).toBeGreaterThan(0);
    expect(stats.rssMiB).toBeGreaterThan(0);
    // Where the cores went: the emulator and this load generator worked for every check, and the whole
    // machine's busy time holds at least the server's own.
    expect(stats.budget.emulator).toBeGreaterThan(0);
    expect(stats.budget.loadGenerator).toBeGreaterThan(0);
    expect(stats.budget.database).toBeGreaterThanOrEqual(0);
    expect(stats.budget.machine).toBeGreaterThan(0);
  }
  // Simpass holds its token (one per hour) and makes two calls per check; the tutorial asks a token for each of its two calls.
  expect(simpass.upstreamPerCheck).toBe(2);
  expect(reference.upstreamPerCheck).toBe(4);
  expect(Object.keys(simpass.steps)).toEqual(['create', 'check_url', 'redirect back', 'result']);
  expect(Object.keys(reference.steps)).toEqual(['create', 'check_url', 'result']);
  for (const step of Object.values(simpass.steps)) expect(step.p99).toBeGreaterThanOrEqual(step.p50);

  expect(Object.keys(results.routes)).toEqual([
    'bare Fastify /healthz',
    'Simpass /healthz',
    'Simpass /api/session (signed in)',
    'bare Fastify, the signed-in answer with its headers, no work',
    'Simpass, metrics on /api/session (signed in)',
  ]);
  expect(targets(results).some((t) => t.name.includes('its ceiling') && t.goal === 'measured')).toBe(true);
  // The metrics' cost is measured: the same journeys with /metrics on, and reported as ratios.
  const metered = results.journeys['Simpass (SQLite, metrics on)']![2]!;
  expect(metered.failures, metered.firstFailure).toBe(0);
  expect(metered.upstreamPerCheck).toBe(2);
  expect(targets(results).filter((t) => t.name.startsWith('metrics on:')).map((t) => t.goal)).toEqual(['measured', 'measured', 'measured']);
  for (const route of Object.values(results.routes)) {
    expect(route.requestsPerSecond).toBeGreaterThan(0);
    expect(route.non2xx).toBe(0);
  }
  expect(results.pageWeight.files.map((f) => f.path)[0]).toBe('/');
  expect(results.pageWeight.files.some((f) => f.path.endsWith('.js'))).toBe(true);
  expect(results.pageWeight.files.some((f) => f.path.endsWith('.css'))).toBe(true);
  expect(results.pageWeight.files.every((f) => f.encoding === 'br')).toBe(true);

  const report = renderResults(results);
  for (const t of targets(results)) expect(report).toContain(t.name);
  expect(report).toContain(`Node ${process.version}`);
  expect(report).toContain("### Where the machine's CPU goes (ms per check)");
  expect(lines.some((line) => line.includes('Simpass (SQLite) 2 VUs'))).toBe(true);
});
