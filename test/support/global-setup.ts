// Resolves the Chromium executable once for the whole run (unpacking @sparticuz/chromium's
// bundled build to /tmp the first time) and hands the path to every test file via `inject`.
// CHROMIUM_PATH overrides, e.g. Debian's /usr/bin/chromium.
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const override = process.env.CHROMIUM_PATH;
  let path: string;
  if (override) {
    path = override;
  } else {
    const { default: chromium } = await import('@sparticuz/chromium');
    path = await chromium.executablePath();
  }
  project.provide('chromiumPath', path);
}
