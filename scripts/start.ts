/**
 * `npm start` (after the build): runs the app against the local demo provider unless a real
 * one is configured (OIDC_ISSUER), and stops the provider when the app exits.
 *
 *   tsx scripts/start.ts [electron args...]
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PROVIDER_READY_TIMEOUT_MS = 60_000;

interface DemoProvider {
  issuer: string;
  clientId: string;
  process: ChildProcess;
}

/** Starts scripts/demo-provider.ts and waits for its one JSON "ready" line. */
function startDemoProvider(): Promise<DemoProvider> {
  const child = spawn('npx', ['tsx', 'scripts/demo-provider.ts'], {
    cwd: root,
    // stdin stays a pipe: the provider exits when it closes, even if this script is killed.
    stdio: ['pipe', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => {
      settle(() => reject(new Error(`the demo provider did not say it was ready within ${PROVIDER_READY_TIMEOUT_MS / 1000} s`)));
    }, PROVIDER_READY_TIMEOUT_MS);
    child.once('error', (error) => settle(() => reject(new Error(`the demo provider could not start: ${error.message}`))));
    child.once('exit', (code, signal) =>
      settle(() => reject(new Error(`the demo provider exited before it was ready (${signal ?? `exit code ${code}`})`))),
    );
    if (!child.stdout) return settle(() => reject(new Error('the demo provider has no stdout')));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (settled) {
        console.log(`[demo provider] ${line}`);
        return;
      }
      const ready = parseReadyLine(line);
      if (ready) settle(() => resolve({ ...ready, process: child }));
      else console.log(`[demo provider] ${line}`);
    });
  });
}

/** The provider's ready line: `{"issuer":"http://127.0.0.1:PORT","clientId":"desktop-app"}`. */
function parseReadyLine(line: string): { issuer: string; clientId: string } | undefined {
  if (!line.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null) return undefined;
    const { issuer, clientId } = value as Record<string, unknown>;
    if (typeof issuer !== 'string' || typeof clientId !== 'string') return undefined;
    return { issuer, clientId };
  } catch {
    return undefined;
  }
}

/** Stops the provider: closing stdin asks it to leave; a signal makes sure it does. */
function stopDemoProvider(provider: DemoProvider | undefined): void {
  if (!provider || provider.process.exitCode !== null) return;
  provider.process.stdin?.end();
  const timer = setTimeout(() => provider.process.kill(), 3_000);
  timer.unref();
}

/** Whether node_modules/electron already has its binary (asking `require('electron')` would
 *  try to download it). */
function electronBinaryInstalled(): boolean {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return true;
  try {
    const electronDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
    const pathFile = join(electronDir, 'path.txt');
    return existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
  } catch {
    return false;
  }
}

const ELECTRON_MISSING = `
Electron could not start: its binary is not installed.
The npm package 'electron' downloads it from GitHub the first time it runs, and that failed
(or GitHub is not reachable from here). Either:
  - run "npx install-electron --no" (or delete node_modules/electron and "npm ci") where GitHub is reachable, or
  - set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an Electron 45 build.
Everything else (core tests, the renderer in Chromium through the harness) works without it.
`;

/** Runs `electron .` (through the package's cli.js, which works on every OS) and resolves
 *  with its exit code. */
function runElectron(env: NodeJS.ProcessEnv): Promise<number> {
  const cli = join(root, 'node_modules', 'electron', 'cli.js');
  const child = spawn(process.execPath, [cli, '.', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => () => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise((resolve) => {
    child.once('error', (error) => {
      console.error(`Electron could not start: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  if (!existsSync(join(root, 'dist', 'main', 'index.js'))) {
    console.error('The app is not built: run "npm run build" first (npm start does it for you).');
    return 1;
  }
  const hadBinary = electronBinaryInstalled();
  if (!hadBinary) console.warn('Electron’s binary is not installed yet; it will try to download it now...');

  let provider: DemoProvider | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (process.env.OIDC_ISSUER) {
    console.log(`Using the configured provider ${process.env.OIDC_ISSUER}.`);
  } else {
    provider = await startDemoProvider();
    console.log(`Demo provider ready at ${provider.issuer} (client "${provider.clientId}").`);
    env.OIDC_DEMO_ISSUER = provider.issuer;
    env.OIDC_DEMO_CLIENT_ID = provider.clientId;
  }
  try {
    const code = await runElectron(env);
    if (code !== 0 && !electronBinaryInstalled()) console.error(ELECTRON_MISSING);
    return code;
  } finally {
    stopDemoProvider(provider);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
