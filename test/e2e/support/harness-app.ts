/**
 * The "harness" app: the built renderer in headless Chromium, with the real built preload,
 * wired to the real sign-in core through the same runtime (main/app-runtime.ts: the provider
 * switch, the setup backend, diagnostics, the IPC handler table) and the same registration
 * wrapper the Electron glue uses. Only Electron itself is missing: this file does, step by step,
 * what main/index.ts does, with a fake `ipcMain`, `safeStorage` and clipboard in place of
 * Electron's, Node's fetch in place of the provider session's (main/net-fetch.ts), and the
 * renderer served by the app's own `app://` handler (renderer-route.ts).
 */
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from '@playwright/test';
import type { IpcMainInvokeEvent } from 'electron';
import { createAppRuntime } from '../../../main/app-runtime.ts';
import { loadAppConfig, type AppConfig } from '../../../main/config.ts';
import { loadOtherProviders } from '../../../main/other-providers.ts';
import { createDiagnosticsLog } from '../../../main/diagnostics-log.ts';
import { createTrustedFrameCheck, forwardAccountChanges, forwardAppInfoChanges, forwardStateChanges, forwardUpdateState, setupIpc, type IpcMainLike } from '../../../main/ipc.ts';
import { createSafeStorageCipher, describeStorageProtection, type SafeStorageLike } from '../../../main/secret-cipher.ts';
import { createUpdateController, type UpdateController } from '../../../main/updater.ts';
import { FakeUpdater } from '../../fakes/updater.ts';
import { FakeCipher } from '../../support/fake-cipher.ts';
import { PersonBrowser, type E2eApp } from './app.ts';
import { createConfStore } from './conf-store.ts';
import { createFakeSafeStorage } from './fake-safe-storage.ts';
import { REPO_ROOT } from './paths.ts';
import { DELIVER_FUNCTION, INVOKE_BINDING, preloadInitScript } from './preload-shim.ts';
import { HARNESS_RENDERER_ORIGIN, routeRenderer } from './renderer-route.ts';

type IpcListener = Parameters<IpcMainLike['handle']>[1];

/** `ipcMain` as far as `setupIpc` uses it, plus the `invoke` Electron would do on a message. */
class HarnessIpcMain implements IpcMainLike {
  private readonly listeners = new Map<string, IpcListener>();

  handle(channel: string, listener: IpcListener): void {
    if (this.listeners.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.listeners.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.listeners.delete(channel);
  }

  /** What Electron does with `ipcRenderer.invoke` from `frame`: same errors when nobody handles it. */
  async invoke(frame: Frame, channel: unknown, args: unknown[]): Promise<unknown> {
    const listener = typeof channel === 'string' ? this.listeners.get(channel) : undefined;
    if (!listener) throw new Error(`No handler registered for '${String(channel)}'`);
    // The wrapper and the handlers read `senderFrame` only; the rest of Electron's event does
    // not exist here, hence the cast.
    const event = { senderFrame: { url: frame.url(), parent: frame.parentFrame() === null ? null : {} } };
    return listener(event as unknown as IpcMainInvokeEvent, ...args);
  }
}

/** What the harness app is started with. */
export interface HarnessAppOptions {
  /** The person's browser and the app's window live in this Chromium. */
  browser: Browser;
  /**
   * The app's environment (OIDC_* variables). Preferred over `config`: each start reads it with
   * config.json from `userDataDir` through `loadAppConfig`, as main/index.ts does, so a setup
   * saved in the window survives `restart()`, nothing configured opens the setup screen, and
   * OIDC_API_URL / OIDC_DEMO_ISSUER work as in the real app.
   */
  env?: Record<string, string>;
  /** A ready configuration, as `loadConfig` made it from the test's environment (used when
   *  `env` is not given; it then configures every start, and the setup screen cannot replace it). */
  config?: AppConfig;
  /** Where the session store lives (fresh per test). */
  userDataDir: string;
  /** False: a desktop without a keyring (sessions are not kept across restarts). */
  secureStorage: boolean;
  /** Called with every window the app opens (for diagnostics). */
  onWindow(page: Page): void;
  /** Called with the core's log lines (for diagnostics). */
  log(line: string): void;
}

/** The harness app plus what the fixture tears down. */
export interface HarnessApp extends E2eApp {
  close(): Promise<void>;
}

const APP_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** One run of the "main process": a core, its handlers and its state pushes. */
interface MainRun {
  /** The app's update controller, over the harness's fake electron-updater. */
  updates: UpdateController;
  /** What quitting does: pushes and handlers stop, the core closes its listeners and timers. */
  stop(): Promise<void>;
}

/** Starts the "main process" and the window; resolves once the page has loaded. */
export async function launchHarnessApp(options: HarnessAppOptions): Promise<HarnessApp> {
  const env = options.env ?? {};
  const ipcMain = new HarnessIpcMain();
  const clipboard: string[] = [];
  // The machine's keystore key survives restarts; the cipher object does not.
  const machineCipher = new FakeCipher();
  const opened: string[] = [];
  const openedUrls = async () => [...opened];
  // electron-updater's stand-in: what a GitHub release feed would offer, kept across restarts.
  const updater = new FakeUpdater();
  const person = new PersonBrowser(options.browser, openedUrls);

  const context = await options.browser.newContext({
    viewport: { width: 960, height: 720 },
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  const appUrl = await routeRenderer(context);
  const page = await context.newPage();
  options.onWindow(page);

  // main -> renderer pushes, delivered in order; like Electron's, a push to a page that is
  // (re)loading is lost, which the renderer covers by asking for the state after subscribing.
  let deliveries = Promise.resolve();
  const sink = {
    isDestroyed: () => page.isClosed(),
    send: (channel: string, ...args: unknown[]) => {
      deliveries = deliveries
        .then(() =>
          page.evaluate(
            ([name, pushChannel, pushArgs]) => {
              // The preload shim's delivery function (preload-shim.ts), absent while the page loads.
              const deliver = (window as unknown as Record<string, ((channel: string, args: readonly unknown[]) => boolean) | undefined>)[name];
              if (typeof deliver === 'function') deliver(pushChannel, pushArgs);
            },
            [DELIVER_FUNCTION, channel, args] as const,
          ),
        )
        .catch(() => undefined);
    },
  };

  /** What main/index.ts reads at start: the environment and config.json, or the given config. */
  const startConfig = async (): Promise<AppConfig | undefined> => {
    if (!options.env && options.config) return options.config;
    const loaded = await loadAppConfig({ env, userDataDir: options.userDataDir });
    if (loaded.ok) return loaded.config;
    if (loaded.code === 'not_configured') return undefined;
    throw new Error(`The harness app's configuration is not valid: ${loaded.message}`);
  };

  const startMain = async (): Promise<MainRun> => {
    const safeStorage: SafeStorageLike = createFakeSafeStorage(machineCipher.sameKey(), { keyring: options.secureStorage });
    // As main/index.ts does in an installed, signed build; the spec says when a release appears.
    const started: { runtime?: ReturnType<typeof createAppRuntime> } = {};
    const updates = createUpdateController({
      policy: { enabled: true, feed: { provider: 'github', owner: 'example-owner', repo: 'example-repo' } },
      port: updater,
      signInInProgress: () => started.runtime?.provider.getState().status === 'signing-in',
      log: (event) => options.log(`${event.level}: [${event.source}] ${event.message}`),
    });
    const runtime = createAppRuntime({
      env,
      userDataDir: options.userDataDir,
      config: await startConfig(),
      otherProviders: (await loadOtherProviders({ env, userDataDir: options.userDataDir })).configs,
      // The system browser: the URL is queued for the person; opening never blocks the core.
      openExternal: async (url) => {
        opened.push(url);
      },
      cipher: createSafeStorageCipher(safeStorage, 'linux'),
      store: createConfStore(options.userDataDir),
      // The real redaction and log, with the test's log in place of the file.
      diagnostics: createDiagnosticsLog({ write: (level, line) => options.log(`${level}: ${line}`) }),
      storage: () => describeStorageProtection(safeStorage, 'linux'),
      appVersion: APP_VERSION,
      host: { versions: process.versions, platform: 'linux', arch: process.arch, osRelease: release(), packaged: false },
      writeClipboard: async (text) => {
        clipboard.push(text);
      },
      // A native dialog in the app, which nothing here can click: the harness answers with its
      // default button, Cancel, and notes the question in the log.
      confirmApiOrigin: async (origin) => {
        options.log(`dialog: Send your access token to ${origin}? -> Cancel`);
        return false;
      },
      updates,
    });
    started.runtime = runtime;
    const removeHandlers = setupIpc(ipcMain, runtime.handlers, createTrustedFrameCheck(appUrl));
    const stopForwarding = forwardStateChanges(runtime.provider, sink);
    const stopAccounts = forwardAccountChanges(runtime, sink);
    const stopInfo = forwardAppInfoChanges(runtime, sink);
    const stopUpdates = forwardUpdateState(updates, sink);
    updates.start();
    return {
      updates,
      async stop() {
        stopForwarding();
        stopAccounts();
        stopInfo();
        stopUpdates();
        updates.dispose();
        removeHandlers();
        await runtime.dispose();
      },
    };
  };

  let main = await startMain();
  await page.exposeBinding(INVOKE_BINDING, async (source, channel: unknown, args: unknown) => {
    const answer = await ipcMain.invoke(source.frame, channel, Array.isArray(args) ? args : []);
    // Electron sends pushes and answers down one pipe, in order: an answer never overtakes a
    // push sent before it. Here they travel apart, so the answer waits for those pushes.
    await deliveries;
    return answer;
  });
  await page.addInitScript({ content: preloadInitScript(HARNESS_RENDERER_ORIGIN) });
  await page.goto(appUrl);

  return {
    get window() {
      return page;
    },
    browserUrls: openedUrls,
    waitForBrowserUrl: (waitOptions) => person.waitForUrl(waitOptions?.timeoutMs),
    completeSignInInBrowser: (signInOptions) => person.signIn(signInOptions),
    confirmSignOutInBrowser: (url) => person.confirmSignOut(url),
    keepsSessions: async () => options.secureStorage,
    readClipboard: async () => clipboard.at(-1) ?? '',
    updates: {
      async release(version) {
        updater.offer(version);
        await main.updates.checkNow();
      },
      installs: () => updater.installs,
    },
    async restart() {
      // Quitting disposes the core (main/index.ts: 'will-quit'); starting again restores.
      await main.stop();
      main = await startMain();
      await page.reload();
      return page;
    },
    async close() {
      await main.stop();
      await deliveries;
      await Promise.all([person.close(), context.close()]);
    },
  };
}
