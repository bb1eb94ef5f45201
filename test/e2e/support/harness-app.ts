/**
 * The "harness" app: the built renderer in headless Chromium, with the real built preload,
 * wired to the real sign-in core through the same IPC handler table and the same registration
 * wrapper the Electron glue uses. Only Electron itself is missing: this file does, step by step,
 * what main/index.ts does, with a fake `ipcMain` and `safeStorage` in place of Electron's, and
 * the renderer served by the app's own `app://` handler (renderer-route.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page } from '@playwright/test';
import type { IpcMainInvokeEvent } from 'electron';
import { createAuthService, type AuthLogEvent } from '../../../main/auth/index.ts';
import type { AppConfig } from '../../../main/config.ts';
import { createProviderOpener, createProviderUrlPolicy } from '../../../main/external-url.ts';
import {
  createIpcHandlers,
  createTrustedFrameCheck,
  forwardStateChanges,
  setupIpc,
  type AppFacts,
  type IpcMainLike,
} from '../../../main/ipc.ts';
import { createSafeStorageCipher, describeStorageProtection, type SafeStorageLike } from '../../../main/secret-cipher.ts';
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
  /** The app's configuration, as `loadConfig` made it from the test's environment. */
  config: AppConfig;
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
  /** What quitting does: pushes and handlers stop, the core closes its listeners and timers. */
  stop(): Promise<void>;
}

/** Starts the "main process" and the window; resolves once the page has loaded. */
export async function launchHarnessApp(options: HarnessAppOptions): Promise<HarnessApp> {
  const { config } = options;
  const ipcMain = new HarnessIpcMain();
  // The machine's keystore key survives restarts; the cipher object does not.
  const machineCipher = new FakeCipher();
  const opened: string[] = [];
  const person = new PersonBrowser(options.browser, async () => [...opened]);

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
              const deliver = (window as unknown as Record<string, unknown>)[name];
              if (typeof deliver === 'function') deliver(pushChannel, pushArgs);
            },
            [DELIVER_FUNCTION, channel, args] as const,
          ),
        )
        .catch(() => undefined);
    },
  };

  const startMain = (): MainRun => {
    const safeStorage: SafeStorageLike = createFakeSafeStorage(machineCipher.sameKey(), { keyring: options.secureStorage });
    const policy = createProviderUrlPolicy({
      issuer: config.provider.issuer,
      browserOrigins: config.browserOrigins,
      allowInsecureRequests: config.provider.allowInsecureRequests === true,
    });
    const auth = createAuthService({
      provider: config.provider,
      // The system browser: the URL is queued for the person; opening never blocks the core.
      openExternal: createProviderOpener(async (url) => {
        opened.push(url);
      }, policy),
      cipher: createSafeStorageCipher(safeStorage, 'linux'),
      store: createConfStore(options.userDataDir),
      log: (event: AuthLogEvent) => options.log(`[auth] ${event.level}: ${event.message}${event.code ? ` (${event.code})` : ''}`),
    });
    auth.restore().catch((error: unknown) => options.log(`[auth] restoring the session failed: ${String(error)}`));

    let facts: Promise<AppFacts> | undefined;
    const appInfo = (): Promise<AppFacts> =>
      (facts ??= describeStorageProtection(safeStorage, 'linux').then((storage) => ({
        providerName: config.providerName,
        demo: config.demo,
        storage,
        appVersion: APP_VERSION,
      })));
    const removeHandlers = setupIpc(ipcMain, createIpcHandlers({ auth, appInfo }), createTrustedFrameCheck(appUrl));
    const stopForwarding = forwardStateChanges(auth, sink);
    return {
      async stop() {
        stopForwarding();
        removeHandlers();
        await auth.dispose();
      },
    };
  };

  let main = startMain();
  await page.exposeBinding(INVOKE_BINDING, (source, channel: unknown, args: unknown) =>
    ipcMain.invoke(source.frame, channel, Array.isArray(args) ? args : []),
  );
  await page.addInitScript({ content: preloadInitScript(HARNESS_RENDERER_ORIGIN) });
  await page.goto(appUrl);

  return {
    get window() {
      return page;
    },
    browserUrls: async () => [...opened],
    waitForBrowserUrl: (waitOptions) => person.waitForUrl(waitOptions?.timeoutMs),
    completeSignInInBrowser: (signInOptions) => person.signIn(signInOptions),
    confirmSignOutInBrowser: (url) => person.confirmSignOut(url),
    keepsSessions: async () => options.secureStorage,
    async restart() {
      // Quitting disposes the core (main/index.ts: 'will-quit'); starting again restores.
      await main.stop();
      main = startMain();
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
