/**
 * The real browser for end-to-end sign-in tests: Debian's headless Chromium driven by playwright-core,
 * filling the test provider's login and consent pages the way a person would (by label and button name).
 */
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Flags that keep Chromium quiet, offline (apart from what a test opens) and runnable as root in a container. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** The Chromium executable: `$CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Whether the Chromium executable exists and is executable (for tests that must say why they cannot run). */
export function isChromiumAvailable(): boolean {
  try {
    accessSync(chromiumPath(), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Launches headless Chromium; fails with install instructions when the executable is missing. */
export async function launchChromium(options: { headless?: boolean; args?: string[] } = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!isChromiumAvailable()) {
    throw new Error(
      `Chromium was not found at ${executablePath}. Install it with \`apt-get install -y chromium\` ` +
        '(Debian/Ubuntu) or point CHROMIUM_PATH at a Chromium or Chrome executable.',
    );
  }
  return chromium.launch({
    executablePath,
    headless: options.headless ?? true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

/** Options for {@link signInWithChromium}. */
export interface ChromiumSignInOptions {
  /** Default 'alice'. */
  username?: string;
  /** Default 'wonderland' for alice, 'builder' for bob. */
  password?: string;
  /** Button to press on the consent page; default 'allow'. */
  consent?: 'allow' | 'deny';
  /** Per-step timeout; default 15 s. */
  timeoutMs?: number;
}

/** Where a Chromium sign-in ended: the app's loopback callback, and that page's text. */
export interface ChromiumSignInResult {
  callbackUrl: URL;
  text: string;
}

/** Where a Chromium logout ended, and that page's text. */
export interface ChromiumLogoutResult {
  url: URL;
  text: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const DEFAULT_PASSWORDS: Record<string, string> = { alice: 'wonderland', bob: 'builder' };

function isAppLoopback(url: URL, providerOrigin: string): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) && url.origin !== providerOrigin;
}

/** A browser (a fresh context is opened and closed), a context (a page is opened and closed) or a page (used as is). */
export type ChromiumTarget = Browser | BrowserContext | Page;

function isBrowser(target: ChromiumTarget): target is Browser {
  return 'newContext' in target;
}

function isPage(target: ChromiumTarget): target is Page {
  return 'goto' in target;
}

/** Runs `use` on a page of the target, then closes whatever was opened for it. */
async function withPage<T>(target: ChromiumTarget, use: (page: Page) => Promise<T>): Promise<T> {
  if (isPage(target)) return use(target);
  const context = isBrowser(target) ? await target.newContext() : target;
  const page = await context.newPage();
  try {
    return await use(page);
  } finally {
    if (isBrowser(target)) await context.close();
    else await page.close();
  }
}

async function pageText(page: Page): Promise<string> {
  const text = await page.evaluate(() => document.body?.innerText ?? '').catch(() => '');
  return text.replace(/\s+/g, ' ').trim();
}

/** Clicks and waits until the page has navigated elsewhere (a new URL) and loaded. */
async function clickAndWait(page: Page, target: Locator, timeout: number): Promise<void> {
  const before = page.url();
  await Promise.all([page.waitForURL((url) => url.href !== before, { waitUntil: 'load', timeout }), target.click({ timeout })]);
}

/**
 * Signs in at the test provider in Chromium: fills "Username" and "Password", clicks "Sign in",
 * answers the consent page, and waits until the app's loopback callback page has loaded.
 */
export async function signInWithChromium(
  target: ChromiumTarget,
  authorizationUrl: string | URL,
  options: ChromiumSignInOptions = {},
): Promise<ChromiumSignInResult> {
  const start = new URL(authorizationUrl);
  const username = options.username ?? 'alice';
  const password = options.password ?? DEFAULT_PASSWORDS[username] ?? '';
  const timeout = options.timeoutMs ?? 15_000;
  return withPage(target, async (page) => {
    page.setDefaultTimeout(timeout);
    await page.goto(start.href, { waitUntil: 'load' });
    let loginAttempted = false;
    let consentGiven = false;
    for (let round = 0; round < 8; round++) {
      const url = new URL(page.url());
      if (isAppLoopback(url, start.origin)) {
        await page.waitForLoadState('load');
        return { callbackUrl: url, text: await pageText(page) };
      }
      // One round trip to tell the pages apart; the steps below then act by label and name, as a person would.
      const kind = await page.evaluate(() => {
        if (document.querySelector('input[type=password]')) return 'login';
        const labels = [...document.querySelectorAll('button')].map((button) => button.textContent?.trim());
        return labels.includes('Allow') && labels.includes('Deny') ? 'consent' : 'other';
      });
      if (kind === 'login') {
        if (loginAttempted) throw new Error(`Chromium sign-in as "${username}" failed at ${url.href}: ${await pageText(page)}`);
        loginAttempted = true;
        await page.getByLabel('Username', { exact: true }).fill(username);
        await page.getByLabel('Password', { exact: true }).fill(password);
        await clickAndWait(page, page.getByRole('button', { name: 'Sign in', exact: true }), timeout);
        continue;
      }
      if (kind === 'consent' && !consentGiven) {
        consentGiven = true;
        const name = options.consent === 'deny' ? 'Deny' : 'Allow';
        await clickAndWait(page, page.getByRole('button', { name, exact: true }), timeout);
        continue;
      }
      throw new Error(`Chromium sign-in stopped on an unexpected page at ${url.href}: ${await pageText(page)}`);
    }
    throw new Error(`Chromium sign-in did not reach the app's callback; last page: ${page.url()}`);
  });
}

/**
 * Opens an end-session URL in Chromium, clicks "Yes, sign me out" (or "No, stay signed in" with
 * `signOut: false`) and waits for the post-logout page (the app's loopback page or the provider's own).
 */
export async function confirmLogoutWithChromium(
  target: ChromiumTarget,
  endSessionUrl: string | URL,
  options: { signOut?: boolean; timeoutMs?: number } = {},
): Promise<ChromiumLogoutResult> {
  const timeout = options.timeoutMs ?? 15_000;
  return withPage(target, async (page) => {
    page.setDefaultTimeout(timeout);
    const start = new URL(endSessionUrl);
    await page.goto(start.href, { waitUntil: 'load' });
    const yes = page.getByRole('button', { name: 'Yes, sign me out', exact: true });
    if ((await yes.count()) > 0) {
      const button = options.signOut === false ? page.getByRole('button', { name: 'No, stay signed in', exact: true }) : yes;
      await clickAndWait(page, button, timeout);
    } else if (new URL(page.url()).pathname === start.pathname) {
      // No provider session: oidc-provider answers with a self-submitting form; wait for it to go on.
      await page.waitForURL((url) => url.pathname !== start.pathname, { waitUntil: 'load', timeout });
    }
    await page.waitForLoadState('load');
    return { url: new URL(page.url()), text: await pageText(page) };
  });
}
