/**
 * What `npm start` (scripts/start.ts) and `npm run dev` (scripts/dev.ts) share: the Electron
 * check that comes before anything else, the demo provider, and starting Electron.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { electronMissingMessage, electronPackageVersion, locateElectron, type ElectronBinary } from './electron-binary.ts';

/** The repository's root (this file is scripts/launch.ts). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ELECTRON_PACKAGE = join(ROOT, 'node_modules', 'electron');
const PROVIDER_READY_TIMEOUT_MS = 60_000;

/** The three builds `npm run build` makes, in the same order. */
const BUILD_CONFIGS = ['vite.main.config.ts', 'vite.preload.config.ts', 'vite.renderer.config.ts'];

/** What `npm run build` does, in this process: main, preload, renderer into dist/. */
export async function buildApp(): Promise<void> {
  // The configs name their inputs relative to the repository's root.
  process.chdir(ROOT);
  for (const configFile of BUILD_CONFIGS) await build({ configFile, logLevel: 'warn' });
}

/**
 * The Electron executable, or undefined after printing what to do (and nothing else) when it is
 * missing. Reads files only: loading the electron package would start a download.
 */
export function requireElectron(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const binary: ElectronBinary = locateElectron({ packageDir: ELECTRON_PACKAGE, env });
  if (binary.ok) return binary.executablePath;
  console.error(electronMissingMessage(binary, { command, version: electronPackageVersion(ELECTRON_PACKAGE) }));
  return undefined;
}

export interface DemoProvider {
  issuer: string;
  clientId: string;
  process: ChildProcess;
}

/** Starts scripts/demo-provider.ts and waits for its one JSON "ready" line. */
export function startDemoProvider(): Promise<DemoProvider> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'demo-provider.ts')], {
    cwd: ROOT,
    // stdin stays a pipe: the provider exits when it closes, even if this script is killed.
    stdio: ['pipe', 'pipe', 'inherit'],
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
export function parseReadyLine(line: string): { issuer: string; clientId: string } | undefined {
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
export function stopDemoProvider(provider: DemoProvider | undefined): void {
  if (!provider || provider.process.exitCode !== null) return;
  provider.process.stdin?.end();
  const timer = setTimeout(() => provider.process.kill(), 3_000);
  timer.unref();
}

/**
 * The app's environment: the configured provider when OIDC_ISSUER is set, else the demo
 * provider, started here (and stopped by the caller with {@link stopDemoProvider}).
 */
export async function providerEnvironment(): Promise<{ env: NodeJS.ProcessEnv; provider: DemoProvider | undefined }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (process.env.OIDC_ISSUER) {
    console.log(`Using the configured provider ${process.env.OIDC_ISSUER}.`);
    return { env, provider: undefined };
  }
  const provider = await startDemoProvider();
  console.log(`Demo provider ready at ${provider.issuer} (client "${provider.clientId}"). Sign in as demo / demo (a second account: demo2 / demo2).`);
  env.OIDC_DEMO_ISSUER = provider.issuer;
  env.OIDC_DEMO_CLIENT_ID = provider.clientId;
  return { env, provider };
}

/** Starts `<electron> .` from the repository's root, the way node_modules/electron/cli.js would. */
export function spawnElectron(executablePath: string, env: NodeJS.ProcessEnv, args: readonly string[] = []): ChildProcess {
  return spawn(executablePath, ['.', ...args], { cwd: ROOT, env, stdio: 'inherit', windowsHide: false });
}

/** Resolves with the exit code of a child (1 for a signal or a failure to start). */
export function exitCodeOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('error', (error) => {
      console.error(`Electron could not start: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
