/**
 * Runs once before the end-to-end suite: fails at once, with the command to run, when the app
 * has not been built (every spec loads the build), and clears the last run's screenshots.
 */
import { rm } from 'node:fs/promises';
import { assertAppBuilt, SCREENSHOTS_DIR } from './paths.ts';

export default async function globalSetup(): Promise<void> {
  assertAppBuilt();
  await rm(SCREENSHOTS_DIR, { recursive: true, force: true });
}
