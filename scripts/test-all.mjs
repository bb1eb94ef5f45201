#!/usr/bin/env node
// `npm test`: every check this project has, in order, with one closing summary line.
// Type-check and lint first (cheap, and they catch what tests would only hint at), then the
// Vitest suites (unit, core-against-provider, glue with a fake electron, renderer components,
// packaging), then the build the end-to-end specs load, then Playwright (harness + electron).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');

// Node: every step runs on the Node major that Electron embeds (Electron 45: Node 24), read from
// the electron package's own @types/node dependency. `npm test` gets that Node from the pinned
// `node` devDependency (npm puts node_modules/.bin first on a script's PATH), even where the
// system Node is older. The steps, and what they spawn, find `node` on PATH: this Node's folder
// goes first there too, so nothing falls back to the system Node.
const childPath = [dirname(process.execPath), process.env.PATH].filter(Boolean).join(delimiter);
const electronPackage = readJson(join(root, 'node_modules', 'electron', 'package.json'));
const electronNodeMajor = Number(/\d+/.exec(electronPackage?.dependencies?.['@types/node'] ?? '')?.[0]);
const pathNode = spawnSync('node', ['-v'], { encoding: 'utf8', env: { ...process.env, PATH: childPath } }).stdout?.trim();
console.log(`node -v: ${process.version} (${process.execPath}); on the steps' PATH: ${pathNode ?? 'none'}`);
if (!electronNodeMajor) {
  console.error('FAILED: cannot tell which Node Electron embeds (node_modules/electron/package.json): run npm ci first.');
  process.exit(1);
}
for (const [what, version] of [['this script', process.version], ["the steps' PATH", pathNode]]) {
  if (Number(/^v(\d+)\./.exec(version ?? '')?.[1]) !== electronNodeMajor) {
    console.error(
      `FAILED: Node ${version ?? '(none)'} on ${what}, but Electron ${electronPackage.version} embeds Node ${electronNodeMajor}. ` +
        `Run the suite as \`npm test\` after \`npm ci\` (it runs on the pinned \`node\` devDependency), and keep that pin on Node ${electronNodeMajor}.`,
    );
    process.exit(1);
  }
}

// The suite writes under test-results/ (and other ignored folders) only: what git tracks is
// compared before and after, and any change fails the run (docs/screenshots/ is updated by
// `npm run screenshots`, never by a test run).
function trackedState() {
  const git = (args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const status = git(['status', '--porcelain', '--untracked-files=all']);
  if (status.status !== 0) return undefined; // not a git checkout
  return `${status.stdout}\n${git(['diff', 'HEAD']).stdout}`;
}
const trackedBefore = trackedState();

const reports = join(root, 'test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PATH: childPath, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s`);
  if (!ok) failures.push(name);
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const bin = (name) => join(root, 'node_modules', '.bin', name);

// Every project tsconfig.json references, each with the globals its code runs with (main and the
// scripts: Node; preload; renderer: the DOM, no Node; tests; bench). The benchmark is not run
// here (it is not a test), but it must keep compiling against the core.
run('typecheck', bin('tsc'), ['-b']);
run('lint', bin('eslint'), ['.', '--max-warnings=0']);

const vitestReport = join(reports, 'vitest.json');
run('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
const vitest = readJson(vitestReport);
if (vitest) {
  totals.passed += vitest.numPassedTests ?? 0;
  totals.failed += vitest.numFailedTests ?? 0;
  totals.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
} else if (!failures.includes('vitest')) {
  failures.push('vitest (no report)');
}

if (existsSync(join(root, 'playwright.config.ts'))) {
  if (run('build', 'npm', ['run', 'build', '--silent'])) {
    const playwrightReport = join(reports, 'playwright.json');
    // The electron project needs a display on Linux: give it a virtual one when there is none.
    const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
    const hasXvfb = needsDisplay && spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0;
    const [command, args] = hasXvfb ? ['xvfb-run', ['-a', bin('playwright'), 'test']] : [bin('playwright'), ['test']];
    run('playwright', command, args, { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport });
    const playwright = readJson(playwrightReport);
    if (playwright?.stats) {
      totals.passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
      totals.failed += playwright.stats.unexpected ?? 0;
      totals.skipped += playwright.stats.skipped ?? 0;
    } else if (!failures.includes('playwright')) {
      failures.push('playwright (no report)');
    }
  }
}

const trackedAfter = trackedState();
if (trackedBefore !== undefined && trackedAfter !== trackedBefore) {
  console.log('\n=== files git sees changed while the suite ran (tests write under test-results/ only; docs/screenshots/ is npm run screenshots):');
  spawnSync('git', ['status', '--short'], { cwd: root, stdio: 'inherit' });
  failures.push('files changed during the run');
}

console.log('');
if (failures.length) console.log(`failed steps: ${failures.join(', ')}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length || totals.failed ? 1 : 0);
