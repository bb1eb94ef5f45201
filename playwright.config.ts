/**
 * The end-to-end suite: the same specs (test/e2e/*.spec.ts) in two projects.
 *
 * - harness:  the built renderer and preload in headless Debian Chromium, wired to the real
 *             sign-in core through the glue's IPC handler table. Runs everywhere.
 * - electron: the real built app through `_electron.launch`. Needs the Electron binary (it is
 *             SKIPPED, with the reason, where it is missing) and, on Linux, a display:
 *             `xvfb-run -a npx playwright test --project=electron`.
 *
 * Both need `npm run build` first (`npm test` does it). The person's browser is Chromium at
 * $CHROMIUM_PATH or /usr/bin/chromium: Playwright's own browsers are never downloaded.
 */
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './test/support/chromium.ts';
import type { E2eOptions } from './test/e2e/fixtures.ts';

const chromium = {
  browserName: 'chromium' as const,
  headless: true,
  launchOptions: { executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] },
};

export default defineConfig<E2eOptions>({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  globalSetup: './test/e2e/support/global-setup.ts',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  retries: 0,
  // Two cores: one worker per core, each with its own Chromium.
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [
    ['list'],
    // `npm test` (scripts/test-all.mjs) reads the counts from PLAYWRIGHT_JSON_OUTPUT_NAME.
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? join('test-results', 'playwright-report.json') }],
    ['./test/e2e/support/electron-skip-reporter.ts'],
  ],
  use: {
    ...chromium,
    // DOM snapshots, without the screencast filmstrip: half the tracing cost on a 2-core machine;
    // the failure screenshot below shows the last frame.
    trace: { mode: 'retain-on-failure', snapshots: true, screenshots: false, sources: true },
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
  },
  projects: [
    { name: 'harness', use: { appKind: 'harness' } },
    { name: 'electron', use: { appKind: 'electron' } },
  ],
});
