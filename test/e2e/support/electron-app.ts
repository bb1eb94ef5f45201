/**
 * The "electron" app: the real built app (package.json `main`) in Electron, or the packaged app
 * when E2E_EXECUTABLE_PATH names one (electron-binary.ts), started by
 * Playwright's `_electron.launch` with a fresh user-data folder and the environment pointing at
 * the local test provider. `shell.openExternal` is replaced in the main process so the URLs it
 * would hand to the system browser are queued for the test, which plays the person in Chromium.
 */
import { rm } from 'node:fs/promises';
import { _electron, type Browser, type ElectronApplication, type Page, type TestInfo } from '@playwright/test';
import { PersonBrowser, type E2eApp } from './app.ts';
import { REPO_ROOT } from './paths.ts';

/** What the electron app is started with. */
export interface ElectronAppOptions {
  executablePath: string;
  /** True for a packaged app (its own app.asar); false for Electron from node_modules, which is
   *  given the repository (package.json `main`) as the app. */
  packaged: boolean;
  /** The person's browser. */
  browser: Browser;
  /** OIDC_* variables (main/config.ts) pointing at the test provider. */
  providerEnv: Record<string, string>;
  /** Electron's user-data folder (fresh per test): `--user-data-dir`. */
  userDataDir: string;
  /** False: force Linux's `basic_text` backend, as on a desktop without a keyring. */
  secureStorage: boolean;
  testInfo: TestInfo;
  onWindow(page: Page): void;
  log(line: string): void;
}

/** The electron app plus what the fixture tears down. */
export interface ElectronApp extends E2eApp {
  close(): Promise<void>;
}

type OpenedUrlsGlobal = { __e2eOpenedUrls?: string[] };

/** The environment of the app: ours, minus anything that would change what it runs against. */
function appEnvironment(providerEnv: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name.startsWith('OIDC_') || name === 'ELECTRON_RUN_AS_NODE') continue;
    env[name] = value;
  }
  return { ...env, ...providerEnv };
}

/** Launches the app and waits for its first window. */
export async function launchElectronApp(options: ElectronAppOptions): Promise<ElectronApp> {
  const { testInfo } = options;
  const history: string[] = [];
  const traces: string[] = [];
  let launches = 0;

  const start = async (): Promise<{ app: ElectronApplication; page: Page }> => {
    launches++;
    const app = await _electron.launch({
      // Never left to Playwright: it would load node_modules/electron, which downloads.
      executablePath: options.executablePath,
      args: [
        ...(options.packaged ? [] : [REPO_ROOT]),
        `--user-data-dir=${options.userDataDir}`,
        ...(options.secureStorage ? [] : ['--password-store=basic']),
      ],
      cwd: REPO_ROOT,
      env: appEnvironment(options.providerEnv),
      colorScheme: 'light',
      locale: 'en-US',
      timezoneId: 'UTC',
      timeout: 30_000,
    });
    try {
      const child = app.process();
      child.stdout?.on('data', (chunk: Buffer) => options.log(`[electron #${launches}] ${chunk.toString().trimEnd()}`));
      child.stderr?.on('data', (chunk: Buffer) => options.log(`[electron #${launches}] ${chunk.toString().trimEnd()}`));
      // Before the window can be clicked: every URL meant for the system browser is queued.
      await app.evaluate(({ shell }) => {
        const opened: string[] = [];
        (globalThis as OpenedUrlsGlobal).__e2eOpenedUrls = opened;
        shell.openExternal = async (url: string) => {
          opened.push(url);
        };
      });
      await app.context().tracing.start({ screenshots: true, snapshots: true, title: `${testInfo.title} (launch ${launches})` });
      const page = await app.firstWindow();
      options.onWindow(page);
      await page.waitForLoadState('domcontentloaded');
      return { app, page };
    } catch (error) {
      await app.close().catch(() => app.process().kill());
      throw error;
    }
  };

  const readOpened = async (app: ElectronApplication): Promise<string[]> =>
    app.evaluate(() => [...((globalThis as OpenedUrlsGlobal).__e2eOpenedUrls ?? [])]);

  const stop = async (app: ElectronApplication): Promise<void> => {
    history.push(...(await readOpened(app).catch(() => [])));
    const trace = testInfo.outputPath(`electron-trace-${traces.length + 1}.zip`);
    await app.context().tracing.stop({ path: trace }).then(
      () => traces.push(trace),
      () => undefined,
    );
    await app.close().catch(() => app.process().kill());
  };

  let current = await start();
  const openedUrls = async () => [...history, ...(await readOpened(current.app))];
  const person = new PersonBrowser(options.browser, openedUrls);

  return {
    get window() {
      return current.page;
    },
    browserUrls: openedUrls,
    waitForBrowserUrl: (waitOptions) => person.waitForUrl(waitOptions?.timeoutMs),
    completeSignInInBrowser: (signInOptions) => person.signIn(signInOptions),
    confirmSignOutInBrowser: (url) => person.confirmSignOut(url),
    keepsSessions: () =>
      // The same rule as main/secret-cipher.ts: Linux's basic_text (or unknown) backend keeps nothing.
      current.app.evaluate(async ({ safeStorage }) => {
        const available = await safeStorage.isAsyncEncryptionAvailable();
        if (process.platform !== 'linux') return available;
        return available && !['basic_text', 'unknown'].includes(safeStorage.getSelectedStorageBackend());
      }),
    readClipboard: () => current.app.evaluate(async ({ clipboard }) => clipboard.readText()),
    async restart() {
      await stop(current.app);
      current = await start();
      return current.page;
    },
    async close() {
      // Playwright's own `screenshot` and `trace` options cover browser contexts, not Electron's.
      const failed = testInfo.status !== testInfo.expectedStatus;
      if (failed) {
        const body = await current.page.screenshot({ timeout: 5_000 }).catch(() => undefined);
        if (body) await testInfo.attach('electron window on failure', { body, contentType: 'image/png' });
      }
      await stop(current.app);
      await person.close();
      // Traces are kept for failed tests only (trace: 'retain-on-failure').
      for (const trace of traces) {
        if (failed) await testInfo.attach(`electron trace ${traces.indexOf(trace) + 1}`, { path: trace, contentType: 'application/zip' });
        else await rm(trace, { force: true });
      }
    },
  };
}
