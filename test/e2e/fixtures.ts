/**
 * The one fixtures file of the end-to-end suite (like Kong/insomnia's smoke tests): `app` is
 * the app under test with a fresh user-data folder, its environment pointing at a fresh local
 * OpenID provider, and the person's browser next to it; `page` is the app's first window.
 * The same specs run in both projects; only this file knows which one it is in:
 *
 * - harness:  the built renderer + real preload in Chromium, wired to the real core through
 *             the glue's IPC handler table (support/harness-app.ts);
 * - electron: the real built app via `_electron.launch` (support/electron-app.ts), skipped
 *             with the reason where the Electron binary is not installed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS, startTestProvider, type TestAccount, type TestProvider } from '../support/provider.ts';
import type { E2eApp } from './support/app.ts';
import { findElectronBinary, missingDisplayReason } from './support/electron-binary.ts';
import { launchElectronApp } from './support/electron-app.ts';
import { launchHarnessApp } from './support/harness-app.ts';
import { updatesDocsScreenshots } from './support/paths.ts';
import { createScreenshots, type Screenshots } from './support/screenshots.ts';

/** Which way the app runs; set per project in playwright.config.ts, never by a spec. */
export type AppKind = 'harness' | 'electron';

/** The name the app shows for the test provider (OIDC_PROVIDER_NAME). */
export const PROVIDER_NAME = 'Local Test Provider';

export interface E2eOptions {
  appKind: AppKind;
  /** False: the machine has no keyring, so sessions are not kept across restarts. */
  secureStorage: boolean;
  /** The provider's port (the electron project adds 1); 0 (default) picks a free one. Screenshots
   *  fix it, so the issuer they show does not change from run to run. */
  providerPort: number;
  /** How the app learns about the provider: environment variables (default), the built-in demo
   *  (OIDC_DEMO_ISSUER, as `npm start` runs it: the setup screen may change it, and the demo's
   *  protected API is configured), or nothing at all (the setup screen comes first). */
  providerSource: 'env' | 'demo' | 'none';
  /** The provider also offers sign-in from another device (RFC 8628), polled every second. */
  providerDeviceFlow: boolean;
}

export interface E2eFixtures {
  /** The local OpenID provider the app signs in with (fresh per test). */
  provider: TestProvider;
  /** The app under test and the person's browser. */
  app: E2eApp;
  /** The app's first window. */
  page: Page;
  /** Captures the screens for the run's artifacts (and, from the harness under
   *  `npm run screenshots`, for docs/). */
  screenshots: Screenshots;
  /** Skips every test of the electron project, with the reason, where Electron cannot run. */
  electronGate: void;
}

async function startProvider(port: number, accounts: TestAccount[], deviceFlow: boolean): Promise<TestProvider> {
  const options = { accounts, ...(deviceFlow ? { deviceFlow: { interval: 1 } } : {}) };
  if (port === 0) return startTestProvider(options);
  try {
    return await startTestProvider({ port, ...options });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    console.warn(`[e2e] port ${port} is taken; the provider listens on a free port instead (screenshots will show it).`);
    return startTestProvider(options);
  }
}

export const test = base.extend<E2eOptions & E2eFixtures>({
  appKind: ['harness', { option: true }],
  secureStorage: [true, { option: true }],
  providerPort: [0, { option: true }],
  providerSource: ['env', { option: true }],
  providerDeviceFlow: [false, { option: true }],

  electronGate: [
    async ({ appKind, secureStorage }, use, testInfo) => {
      if (appKind === 'electron') {
        const binary = findElectronBinary();
        // Reported as SKIPPED with the reason (and summarised by support/electron-skip-reporter.ts).
        testInfo.skip(!binary.ok, binary.ok ? '' : binary.reason);
        const noDisplay = missingDisplayReason();
        if (noDisplay) throw new Error(noDisplay);
        testInfo.skip(
          !secureStorage && process.platform !== 'linux',
          'Only on Linux can the real app be started without a keyring (--password-store=basic); macOS and Windows always have one.',
        );
      }
      await use();
    },
    { auto: true },
  ],

  provider: async ({ providerPort, appKind, providerSource, providerDeviceFlow }, use) => {
    // One port per project, so the two projects never race for a fixed one. As the demo (as
    // `npm start` runs it), the provider also has the demo's own accounts, demo / demo and demo2 / demo2.
    const port = providerPort === 0 ? 0 : providerPort + (appKind === 'electron' ? 1 : 0);
    const provider = await startProvider(port, providerSource === 'demo' ? [...DEMO_ACCOUNTS] : [], providerDeviceFlow);
    await use(provider);
    await provider.close();
  },

  app: async ({ appKind, secureStorage, provider, providerSource, browser }, use, testInfo) => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'oidc-e2e-user-data-'));
    const providerEnv: Record<string, string> =
      providerSource === 'env'
        ? { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_ALLOW_INSECURE_REQUESTS: 'true', OIDC_PROVIDER_NAME: PROVIDER_NAME }
        : providerSource === 'demo'
          ? { OIDC_DEMO_ISSUER: provider.issuer, OIDC_DEMO_CLIENT_ID: provider.clientId }
          : {};
    const log: string[] = [];
    const pageErrors: string[] = [];
    const hooks = {
      log: (line: string) => log.push(line),
      onWindow: (page: Page) => {
        page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning') log.push(`[window ${message.type()}] ${message.text()}`);
        });
      },
    };

    let app;
    if (appKind === 'electron') {
      const binary = findElectronBinary();
      if (!binary.ok) throw new Error(binary.reason); // electronGate skipped already; kept for the types
      app = await launchElectronApp({
        ...hooks,
        executablePath: binary.executablePath,
        packaged: binary.packaged,
        browser,
        providerEnv,
        userDataDir,
        secureStorage,
        testInfo,
      });
    } else {
      // The same environment the electron project gets, read by the app's own config loader.
      app = await launchHarnessApp({ ...hooks, browser, env: providerEnv, userDataDir, secureStorage });
    }

    try {
      await use(app);
    } finally {
      await app.close();
      await rm(userDataDir, { recursive: true, force: true });
      if (testInfo.status !== testInfo.expectedStatus && log.length > 0) {
        await testInfo.attach('app log', { body: log.join('\n'), contentType: 'text/plain' });
      }
    }
    // An uncaught error in the renderer is a bug even when the screen looked right.
    expect(pageErrors, 'uncaught errors in the app window').toEqual([]);
  },

  page: async ({ app }, use) => {
    await use(app.window);
  },

  screenshots: async ({ appKind }, use, testInfo) => {
    // docs/screenshots/ changes only when asked (`npm run screenshots`), never in `npm test`.
    await use(createScreenshots(testInfo, { publish: appKind === 'harness' && updatesDocsScreenshots() }));
  },
});

export { expect };
