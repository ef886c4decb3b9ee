// Test support: a suite that needs something outside the repository (a database, files beside the
// clone). Where it is missing, the suite is skipped visibly outside CI — named "skipped: <reason>",
// which the summary reporter lists above its closing line — and fails in CI (CI set), where passing
// without the real component would prove nothing. The same rule src/server/storage/test-databases.ts
// applies to the PostgreSQL half of the storage suite.
import { describe, it } from 'vitest';

export interface Requirement {
  /** Why the suite cannot run, or undefined when everything it needs is there. */
  missing: string | undefined;
  /** What to do about it, for the CI failure. */
  fix: string;
}

/** `describe(title, body)` when the requirement is met; otherwise a visible skip, or a failure in CI. */
export function describeWhenAvailable(title: string, requirement: Requirement, body: () => void): void {
  const { missing, fix } = requirement;
  describe(title, () => {
    if (missing === undefined) {
      body();
    } else if (process.env.CI) {
      it('has what it needs in CI', () => {
        throw new Error(`${missing} in CI: ${fix}`);
      });
    } else {
      describe.skip(`skipped: ${missing}`, body);
    }
  });
}
