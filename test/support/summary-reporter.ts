// Ends the run with one plain line, "vitest: N passed, N failed, N skipped", that any CI log reader can
// count, and that never contradicts the exit code. Vitest fails a run for more than failing tests: a file
// that does not load, a beforeAll/afterAll that throws (its tests then show as skipped, or as passed), an
// unhandled error or rejection. Each of those counts as one failure here, and is named on a line of its
// own above the closing line so the reader knows what the extra failures are.
// Suites skipped because something they need is absent are named "skipped: <reason>" (see
// test/support/requirements.ts and src/server/storage/test-databases.ts); each reason is listed once
// above the closing line too, so a skip is never silent.
import type { Reporter, SerializedError, TestModule, TestRunEndReason, TestSuite } from 'vitest/node';

export interface RunSummary {
  passed: number;
  failed: number;
  skipped: number;
  /** Failures that are not a failing test, one line each. */
  outsideTests: string[];
  /** Why suites named "skipped: <reason>" were skipped, with how many tests and files. */
  skipReasons: string[];
}

const SKIPPED_SUITE = /^skipped: (.+)$/;

export function summarizeRun(
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError>,
  reason: TestRunEndReason,
): RunSummary {
  const summary: RunSummary = { passed: 0, failed: 0, skipped: 0, outsideTests: [], skipReasons: [] };
  const skips = new Map<string, { tests: number; files: Set<string> }>();
  for (const module of testModules) {
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') summary.passed++;
      else if (state === 'failed') summary.failed++;
      else summary.skipped++;
    }
    // A module's or suite's own errors are what no test owns: the import threw, or a hook did.
    const owners: (TestModule | TestSuite)[] = [module, ...module.children.allSuites()];
    for (const owner of owners) {
      for (const error of owner.errors()) {
        const where = owner.type === 'module' ? owner.relativeModuleId : `${owner.module.relativeModuleId} > ${owner.fullName}`;
        const what = owner.type === 'module' && module.children.size === 0 ? 'failed to load' : 'failed outside its tests';
        summary.outsideTests.push(`${where} ${what}: ${firstLine(error)}`);
      }
    }
    for (const suite of module.children.allSuites()) {
      const skipReason = SKIPPED_SUITE.exec(suite.name)?.[1];
      if (skipReason === undefined) continue;
      const skip = skips.get(skipReason) ?? { tests: 0, files: new Set<string>() };
      skip.tests += [...suite.children.allTests('skipped')].length;
      skip.files.add(module.relativeModuleId);
      skips.set(skipReason, skip);
    }
  }
  for (const [skipReason, { tests, files }] of skips) {
    summary.skipReasons.push(`${skipReason} (${plural(tests, 'test')} in ${plural(files.size, 'file')})`);
  }
  for (const error of unhandledErrors) summary.outsideTests.push(`unhandled error: ${firstLine(error)}`);
  summary.failed += summary.outsideTests.length;
  // Vitest decided the run failed (or was interrupted) for a reason none of the above names: still a failure.
  if (reason !== 'passed' && summary.failed === 0) {
    summary.outsideTests.push(`the run ended ${reason} with no failing test or error to show for it`);
    summary.failed = 1;
  }
  return summary;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function firstLine(error: SerializedError): string {
  return `${error.name ?? 'Error'}: ${error.message ?? '(no message)'}`.split('\n')[0]!;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    const summary = summarizeRun(testModules, unhandledErrors, reason);
    const lines = [
      ...summary.skipReasons.map((line) => `vitest: skipped: ${line}`),
      ...summary.outsideTests.map((line) => `vitest: failed: ${line}`),
    ];
    lines.push(`vitest: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
    console.log(`\n${lines.join('\n')}`);
  }
}
