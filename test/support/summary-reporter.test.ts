// The closing line agrees with the exit code: Vitest runs in a child process over the fixture suite in
// test/fixtures/reporter/, one way of failing at a time, and its real exit code is compared with the line
// our reporter printed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './stack.js';

const config = fileURLToPath(new URL('../fixtures/reporter/vitest.config.ts', import.meta.url));
const vitestBin = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
const CLOSING_LINE = /^vitest: (\d+) passed, (\d+) failed, (\d+) skipped$/;

interface FixtureRun {
  exitCode: number | null;
  output: string;
  /** Lines our reporter printed, the closing line last. */
  reporterLines: string[];
  counts: { passed: number; failed: number; skipped: number };
}

/** Runs `vitest run` over the named fixture files (all of them if none) and waits for it to exit. */
async function runFixtures(files: string[], extraEnv: Record<string, string> = {}): Promise<FixtureRun> {
  // The child is a fresh Vitest, not a worker of ours: drop the variables this worker was given, and
  // CI, which only the tests that are about it set.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'CI'));
  const child = spawn(process.execPath, [vitestBin, 'run', '--config', config, ...files], {
    cwd: repoRoot,
    env: { ...env, NO_COLOR: '1', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Two pipes, two streams: a chunk of stderr may arrive after stdout's last line, so the closing line
  // is looked for at the end of stdout alone (where the reporter writes it), not of the two mixed.
  let output = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const lines = stdout.split('\n').map((line) => line.trimEnd()).filter((line) => line !== '');
  const closing = lines.at(-1) ?? '';
  const match = CLOSING_LINE.exec(closing);
  if (!match) throw new Error(`the run did not end with the summary line (exit ${exitCode}):\n${output}`);
  return {
    exitCode,
    output,
    reporterLines: lines.filter((line) => line.startsWith('vitest: ')),
    counts: { passed: Number(match[1]), failed: Number(match[2]), skipped: Number(match[3]) },
  };
}

function expectAgreement(run: FixtureRun): void {
  expect(run.counts.failed > 0, `closing line vs exit code ${run.exitCode}:\n${run.output}`).toBe(run.exitCode !== 0);
}

// Each run is a whole Vitest start-up in a child process: generous room on a busy machine.
describe('the closing line', { timeout: 120_000 }, () => {
  it('says 0 failed, and the run exits 0, when everything passes or is skipped on purpose', async () => {
    const run = await runFixtures(['passes.fixture.ts', 'skips.fixture.ts']);
    expect(run.exitCode).toBe(0);
    expect(run.counts).toEqual({ passed: 1, failed: 0, skipped: 1 });
    expect(run.reporterLines).toHaveLength(1);
  });

  it('counts a failing test, and the run exits 1', async () => {
    const run = await runFixtures(['passes.fixture.ts', 'test-fails.fixture.ts']);
    expect(run.exitCode).toBe(1);
    expect(run.counts).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expectAgreement(run);
  });

  it.each([
    ['a file that fails to load', 'import-throws.fixture.ts', 'this file cannot be loaded', { passed: 1, failed: 1, skipped: 0 }],
    ['a beforeAll that throws (its tests show as skipped)', 'before-all-throws.fixture.ts', 'setup failed', { passed: 1, failed: 1, skipped: 2 }],
    ['an afterAll that throws after its tests passed', 'after-all-throws.fixture.ts', 'teardown failed', { passed: 2, failed: 1, skipped: 0 }],
    ['an unhandled rejection in a passing test', 'unhandled-rejection.fixture.ts', 'nobody caught this', { passed: 2, failed: 1, skipped: 0 }],
  ])('counts %s as failed, and names it', async (_what, file, message, counts) => {
    const run = await runFixtures(['passes.fixture.ts', file]);
    expect(run.exitCode).toBe(1);
    expect(run.counts).toEqual(counts);
    expectAgreement(run);
    const named = run.reporterLines.filter((line) => line.startsWith('vitest: failed: '));
    expect(named).toHaveLength(1);
    expect(named[0]).toContain(message);
  });

  it('names why a suite was skipped for something missing, and still exits 0', async () => {
    const run = await runFixtures(['passes.fixture.ts', 'needs-a-service.fixture.ts']);
    expect(run.exitCode).toBe(0);
    expect(run.counts).toEqual({ passed: 1, failed: 0, skipped: 2 });
    expect(run.reporterLines).toEqual([
      'vitest: skipped: FIXTURE_SERVICE_URL is not set (2 tests in 1 file)',
      'vitest: 1 passed, 0 failed, 2 skipped',
    ]);
  });

  it('counts the same missing requirement as failed in CI', async () => {
    const run = await runFixtures(['passes.fixture.ts', 'needs-a-service.fixture.ts'], { CI: '1' });
    expect(run.exitCode).toBe(1);
    expect(run.counts).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(run.output).toContain('FIXTURE_SERVICE_URL is not set in CI: set FIXTURE_SERVICE_URL');
  });

  it('adds every kind of failure up when they come together', async () => {
    const run = await runFixtures([]);
    expect(run.exitCode).toBe(1);
    // 1 failing test + 1 file that did not load + 2 failing hooks + 1 unhandled rejection; the suite
    // that needs a service adds its 2 skipped tests.
    expect(run.counts).toEqual({ passed: 3, failed: 5, skipped: 5 });
    expectAgreement(run);
  });
});
