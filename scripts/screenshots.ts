/**
 * `npm run screenshots`: builds the app and runs the screenshots spec in the harness project
 * with UPDATE_DOCS_SCREENSHOTS=1, which makes it copy its PNGs to docs/screenshots/ (the
 * README's pictures). `npm test` runs the same spec without the variable: it writes under
 * test-results/ only, so a test run never changes a tracked file.
 *
 *   tsx scripts/screenshots.ts [more playwright args...]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { UPDATE_DOCS_SCREENSHOTS } from '../test/e2e/support/paths.ts';
import { buildApp, ROOT } from './launch.ts';

await buildApp();
const playwright = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
const child = spawn(process.execPath, [playwright, 'test', '--project=harness', 'test/e2e/screenshots.spec.ts', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, [UPDATE_DOCS_SCREENSHOTS]: '1' },
});
child.once('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
  if (process.exitCode === 0) console.log('docs/screenshots/ updated: review the pictures, then commit them.');
});
