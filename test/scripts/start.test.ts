/**
 * `npm start` (scripts/start.ts) and `npm run dev` (scripts/dev.ts) run for real in a child
 * process, where Electron's binary is missing: each prints our message and nothing else (no
 * download attempt, no stack traces, no build or dev server output), exits non-zero, and starts
 * no demo provider. Every Node process the run starts
 * records its command line (a NODE_OPTIONS --import hook), so "started nothing" is observed,
 * not inferred from the output.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { electronMissingMessage, electronPackageVersion, locateElectron } from '../../scripts/electron-binary.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ELECTRON_PACKAGE = join(ROOT, 'node_modules', 'electron');
const TSX_CLI = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

const folders: string[] = [];
function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The command line of every Node process the run started, the start script's own included. */
  nodeProcesses: string[];
}

/** Runs `tsx scripts/<script>` as its npm script does, with `env` over a clean copy of ours. */
function runScript(script: 'start.ts' | 'dev.ts', env: Record<string, string | undefined>): Promise<Run> {
  const spy = tempFolder('start-spy-');
  const record = join(spy, 'processes.log');
  const hook = join(spy, 'record.mjs');
  writeFileSync(hook, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv) + '\\n');\n`);
  writeFileSync(record, '');
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--import=${pathToFileURL(hook).href}` };
  delete childEnv.ELECTRON_OVERRIDE_DIST_PATH;
  delete childEnv.OIDC_ISSUER;
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX_CLI, join('scripts', script)], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const nodeProcesses = readFileSync(record, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as string[]).join(' '));
      resolve({ code, stdout, stderr, nodeProcesses });
    });
  });
}

function expectOnlyOurMessage(run: Run, overridePath: string | undefined, command = 'npm start', script = 'start.ts'): void {
  const binary = locateElectron({ packageDir: ELECTRON_PACKAGE, env: overridePath ? { ELECTRON_OVERRIDE_DIST_PATH: overridePath } : {} });
  if (binary.ok) throw new Error('the test expects no Electron binary');
  const message = electronMissingMessage(binary, { command, version: electronPackageVersion(ELECTRON_PACKAGE) });
  expect(run.stderr).toBe(`${message}\n`);
  expect(run.stdout).toBe('');
  expect(run.code).not.toBe(0);
  expect(run.code).not.toBeNull();
  // The start script ran, and nothing else did: no demo provider, no download, no build worker.
  expect(run.nodeProcesses.some((line) => line.includes(script))).toBe(true);
  expect(run.nodeProcesses.filter((line) => /demo-provider|install\.js|electron/.test(line))).toEqual([]);
}

describe('npm start without the Electron binary', () => {
  it('prints only our message, exits non-zero and starts no demo provider (ELECTRON_OVERRIDE_DIST_PATH naming an empty folder)', async () => {
    const empty = tempFolder('no-electron-');
    expectOnlyOurMessage(await runScript('start.ts', { ELECTRON_OVERRIDE_DIST_PATH: empty }), empty);
  });

  const installedHere = locateElectron({ packageDir: ELECTRON_PACKAGE, env: {} }).ok;
  it.skipIf(installedHere)('prints only our message, exits non-zero and starts no demo provider (this machine, as npm ci left it)', async () => {
    expectOnlyOurMessage(await runScript('start.ts', {}), undefined);
  });
});

describe('npm run dev without the Electron binary', () => {
  it('prints only our message, exits non-zero, and starts no dev server, watcher or demo provider', async () => {
    const empty = tempFolder('no-electron-');
    expectOnlyOurMessage(await runScript('dev.ts', { ELECTRON_OVERRIDE_DIST_PATH: empty }), empty, 'npm run dev', 'dev.ts');
  });
});
