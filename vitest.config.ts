import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // test/fixtures/ holds suites that fail on purpose, run only in child processes by the tests that need them.
    exclude: [...configDefaults.exclude, 'test/fixtures/**'],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores in CI: browser test files each start a Chromium; keep the fan-out modest.
    maxWorkers: 2,
  },
});
