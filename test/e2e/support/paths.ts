/**
 * Where the end-to-end suite finds the built app and puts what it produces. The specs load the
 * build (`npm run build`), never the sources: what they test is what ships.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository root (this file is test/e2e/support/paths.ts). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

/** The built renderer: index.html and its assets. */
export const RENDERER_DIR = join(REPO_ROOT, 'dist', 'renderer');
/** The built preload bundle (CommonJS, may require only 'electron'). */
export const PRELOAD_BUNDLE = join(REPO_ROOT, 'dist', 'preload', 'index.cjs');
/** The built main process entry (package.json `main`). */
export const MAIN_ENTRY = join(REPO_ROOT, 'dist', 'main', 'index.js');

/** Screenshots of every screen, kept as artifacts of each run (one folder per project). */
export const SCREENSHOTS_DIR = join(REPO_ROOT, 'test-results', 'screenshots');
/** The committed screenshots the README links to (written by the harness project only, and
 *  only when UPDATE_DOCS_SCREENSHOTS is set: `npm run screenshots`). */
export const DOCS_SCREENSHOTS_DIR = join(REPO_ROOT, 'docs', 'screenshots');

/** The variable `npm run screenshots` sets so the screenshots spec updates docs/screenshots/;
 *  without it (`npm test`) the suite writes under test-results/ only. */
export const UPDATE_DOCS_SCREENSHOTS = 'UPDATE_DOCS_SCREENSHOTS';

/** Whether this run publishes the screenshots to docs/screenshots/. */
export function updatesDocsScreenshots(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[UPDATE_DOCS_SCREENSHOTS] === '1';
}

/** Throws, naming every missing file and the command that makes them, when the app is not built. */
export function assertAppBuilt(): void {
  const missing = [join(RENDERER_DIR, 'index.html'), PRELOAD_BUNDLE, MAIN_ENTRY].filter((file) => !existsSync(file));
  if (missing.length === 0) return;
  throw new Error(
    `The end-to-end specs run the built app, and the build is missing: ${missing.map((file) => relative(REPO_ROOT, file)).join(', ')}.\n` +
      'Run `npm run build` first (`npm test` builds before it runs Playwright).',
  );
}
