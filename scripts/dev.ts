/**
 * `npm run dev`: the app with its sources watched.
 *
 * - main and preload: Vite's `build --watch` (the same configs as `npm run build`); Electron is
 *   restarted whenever either output is rebuilt;
 * - renderer: Vite's dev server on localhost, with hot reload, under the dev server's CSP
 *   (main/content-security-policy.ts: the app's policy plus the HMR WebSocket and a nonce);
 * - Electron loads the dev server because this script sets OIDC_DESKTOP_DEV_SERVER_URL, which
 *   only an unpackaged app honours (main/renderer-url.ts);
 * - the provider: the demo provider unless OIDC_ISSUER is set, as with `npm start`.
 *
 * Like `npm start`, it looks for Electron's binary before anything else. Closing the app's
 * window ends the session; Ctrl+C stops everything.
 */
import type { ChildProcess } from 'node:child_process';
import { build, createServer, type Rolldown, type ViteDevServer } from 'vite';
import { DEV_SERVER_URL_VARIABLE } from '../main/renderer-url.ts';
import { exitCodeOf, providerEnvironment, requireElectron, ROOT, spawnElectron, stopDemoProvider, type DemoProvider } from './launch.ts';

/** How long to wait after a rebuild for the other one (a change to shared code rebuilds both). */
const RESTART_DEBOUNCE_MS = 300;

/** Starts a watch build of one config; resolves once its first build is written. */
async function watchBuild(configFile: string, onRebuilt: () => void): Promise<Rolldown.RolldownWatcher> {
  const watcher = (await build({ configFile, mode: 'development', logLevel: 'warn', build: { watch: {} } })) as Rolldown.RolldownWatcher;
  let first = true;
  await new Promise<void>((resolve, reject) => {
    watcher.on('event', async (event) => {
      if (event.code === 'BUNDLE_END' || event.code === 'ERROR') await event.result.close();
      if (event.code === 'ERROR') {
        console.error(`[dev] ${configFile}: ${event.error.message}`);
        if (first) reject(event.error);
      }
      if (event.code !== 'END') return;
      if (first) {
        first = false;
        resolve();
      } else {
        console.log(`[dev] ${configFile} rebuilt`);
        onRebuilt();
      }
    });
  });
  return watcher;
}

async function main(): Promise<number> {
  const electron = requireElectron('npm run dev');
  if (!electron) return 1;
  process.chdir(ROOT);

  let child: ChildProcess | undefined;
  let restarting = false;
  let stopping = false;
  let provider: DemoProvider | undefined;
  let server: ViteDevServer | undefined;
  const watchers: Rolldown.RolldownWatcher[] = [];
  let done: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (done = resolve));

  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (child && child.exitCode === null) child.kill();
    await Promise.allSettled([...watchers.map((watcher) => watcher.close()), server?.close()]);
    stopDemoProvider(provider);
    done(code);
  };

  let env: NodeJS.ProcessEnv = process.env;
  const launch = (): void => {
    const started = spawnElectron(electron, env);
    child = started;
    void exitCodeOf(started).then((code) => {
      // A restart kills the old process on purpose; the person closing the window ends the session.
      if (child !== started || restarting || stopping) return;
      console.log(`[dev] Electron exited (code ${code}); stopping.`);
      void stop(code);
    });
  };

  let restartTimer: NodeJS.Timeout | undefined;
  const scheduleRestart = (): void => {
    if (!child || stopping) return;
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      const old = child;
      if (!old || stopping) return;
      console.log('[dev] restarting Electron');
      restarting = true;
      old.once('exit', () => {
        restarting = false;
        if (!stopping) launch();
      });
      if (old.exitCode === null) old.kill();
      else old.emit('exit', old.exitCode, null);
    }, RESTART_DEBOUNCE_MS);
  };

  process.on('SIGINT', () => void stop(130));
  process.on('SIGTERM', () => void stop(143));

  try {
    server = await createServer({ configFile: 'vite.renderer.config.ts', mode: 'development', server: { host: 'localhost' } });
    await server.listen();
    const address = server.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('the renderer dev server is not listening on a TCP port');
    const devServerUrl = `http://localhost:${address.port}/`;
    console.log(`[dev] renderer: ${devServerUrl} (hot reload)`);

    watchers.push(await watchBuild('vite.main.config.ts', scheduleRestart));
    watchers.push(await watchBuild('vite.preload.config.ts', scheduleRestart));
    console.log('[dev] main and preload built; watching for changes');

    const started = await providerEnvironment();
    provider = started.provider;
    env = { ...started.env, [DEV_SERVER_URL_VARIABLE]: devServerUrl };
    launch();
  } catch (error) {
    console.error(`npm run dev failed: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
  return finished;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`npm run dev failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
