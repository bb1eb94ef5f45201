/**
 * What a spec can do with the app, whichever way it runs (the harness or real Electron), and
 * the part both share: the person's own browser, a separate Chromium context that receives the
 * URLs the app asks the system to open and completes sign-in or sign-out there.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import {
  confirmLogoutWithChromium,
  signInWithChromium,
  type ChromiumLogoutResult,
  type ChromiumSignInOptions,
  type ChromiumSignInResult,
} from '../../support/chromium.ts';

/** Options for {@link E2eApp.completeSignInInBrowser}. */
export interface BrowserSignInOptions extends ChromiumSignInOptions {
  /** The authorization URL to open; default: the next URL the app opens. */
  url?: URL;
}

/** The app under test, with the person's browser next to it. */
export interface E2eApp {
  /** The app's window. After `restart()` it may be another Page: use the one restart returns. */
  readonly window: Page;
  /** Every URL the app asked the system browser to open so far, oldest first. */
  browserUrls(): Promise<string[]>;
  /** Waits for the next URL the app asks the system browser to open (one not yet taken). */
  waitForBrowserUrl(options?: { timeoutMs?: number }): Promise<URL>;
  /** Plays the person: signs in (alice / wonderland unless told otherwise) in the browser. */
  completeSignInInBrowser(options?: BrowserSignInOptions): Promise<ChromiumSignInResult>;
  /** Plays the person: confirms the provider's sign-out page (default: the next URL opened). */
  confirmSignOutInBrowser(url?: URL): Promise<ChromiumLogoutResult>;
  /** Quits the app and starts it again over the same user data; resolves with its window. */
  restart(): Promise<Page>;
  /** Whether this app keeps sessions across restarts here (secure storage is available). */
  keepsSessions(): Promise<boolean>;
  /** The text the app last put on the clipboard ("Copy diagnostics"), or ''. */
  readClipboard(): Promise<string>;
  /** The harness only: its stand-in for electron-updater, behind the app's real update
   *  controller. The real app's updater is off in development and test builds. */
  readonly updates?: FakeUpdates;
}

/** Drives the harness's fake electron-updater. */
export interface FakeUpdates {
  /** A release of `version` appears: the app checks, downloads it, and offers the restart. */
  release(version: string): Promise<void>;
  /** How often the app asked electron-updater to quit and install. */
  installs(): number;
}

/** Reads every URL opened so far; each app provides it its own way. */
export type OpenedUrlsReader = () => Promise<string[]>;

/** The person's browser: one Chromium context per test, fed by the app's opened URLs. */
export class PersonBrowser {
  private context: BrowserContext | undefined;
  private taken = 0;

  constructor(
    private readonly browser: Browser,
    private readonly readOpened: OpenedUrlsReader,
  ) {}

  async waitForUrl(timeoutMs = 15_000): Promise<URL> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const opened = await this.readOpened();
      const next = opened[this.taken];
      if (next !== undefined) {
        this.taken++;
        return new URL(next);
      }
      if (Date.now() > deadline) {
        throw new Error(`The app did not open the browser within ${timeoutMs} ms (it opened ${opened.length} URL(s) so far).`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async signIn(options: BrowserSignInOptions = {}): Promise<ChromiumSignInResult> {
    const { url, ...signInOptions } = options;
    return signInWithChromium(await this.ownContext(), url ?? (await this.waitForUrl()), signInOptions);
  }

  async confirmSignOut(url?: URL): Promise<ChromiumLogoutResult> {
    return confirmLogoutWithChromium(await this.ownContext(), url ?? (await this.waitForUrl()));
  }

  async close(): Promise<void> {
    await this.context?.close();
  }

  // One context for the whole test, so the provider's session cookie lives on between steps.
  private async ownContext(): Promise<BrowserContext> {
    this.context ??= await this.browser.newContext({ locale: 'en-US' });
    return this.context;
  }
}
