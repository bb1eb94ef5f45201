/**
 * The startup figures' parent side: builds the app (`npm run build`: the harness loads the
 * built renderer and preload), then runs bench/startup-child.ts in a process of its own, which
 * trusts the proxy's throwaway certificate through NODE_EXTRA_CA_CERTS.
 */
import { fork, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isChromiumAvailable, chromiumPath } from '../test/support/chromium.ts';
import type { StartupConfig, StartupOutput } from './startup-child.ts';

export type StartupResult = { ok: true; output: StartupOutput; buildSeconds: number } | { ok: false; reason: string };

export async function measureStartup(root: string, config: StartupConfig): Promise<StartupResult> {
  if (!isChromiumAvailable()) return { ok: false, reason: `no Chromium at ${chromiumPath()} (set CHROMIUM_PATH)` };
  const t0 = performance.now();
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (build.status !== 0) return { ok: false, reason: `npm run build failed: ${(build.stderr || build.stdout).trim().split('\n').slice(-5).join(' | ')}` };
  const buildSeconds = (performance.now() - t0) / 1000;
  return new Promise<StartupResult>((resolve) => {
    const child = fork(join(root, 'bench', 'startup-child.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, NODE_OPTIONS: '', NODE_EXTRA_CA_CERTS: config.certFile, BENCH_STARTUP_CONFIG: JSON.stringify(config) },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    let output: StartupOutput | undefined;
    child.once('message', (message: StartupOutput) => {
      output = message;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10 * 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (output) resolve({ ok: true, output, buildSeconds });
      else resolve({ ok: false, reason: `the startup process exited ${code} without a result${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}` });
    });
  });
}
