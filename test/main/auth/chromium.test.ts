/**
 * The core with a real browser playing the person: Debian's headless Chromium, driven by
 * playwright-core, signs in at the local provider and is redirected to the core's listener.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_KEY } from '../../../main/auth/vault.ts';
import { confirmLogoutWithChromium, launchChromium, signInWithChromium } from '../../support/chromium.ts';
import { startTestProvider, TEST_ACCOUNTS, type TestProvider } from '../../support/provider.ts';
import { createHarness, signInWithProfile, until, type Harness } from './setup.ts';

describe('sign-in in a real browser (headless Chromium)', () => {
  let chromium: Browser;
  let provider: TestProvider;
  let harness: Harness;
  let pages: Array<{ callbackUrl: URL; text: string }>;

  beforeAll(async () => {
    chromium = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
  });

  beforeEach(async () => {
    provider = await startTestProvider({ accessTokenTtlSeconds: 3 });
    const context = await chromium.newContext();
    pages = [];
    harness = createHarness(provider);
    harness.onOpen(async (url) => pages.push(await signInWithChromium(context, url, { username: 'alice', consent: 'allow' })));
  });

  afterEach(async () => {
    await harness.dispose();
    await provider.close();
  });

  it('signs in, shows the success page, restores after a restart, refreshes, and signs out', async () => {
    const signedIn = await signInWithProfile(harness);
    expect(signedIn).toMatchObject({ status: 'signed-in', persisted: true, claims: { sub: TEST_ACCOUNTS.alice.sub, email: 'alice@example.com' } });
    await expect.poll(() => pages[0]?.text, { timeout: 10_000 }).toContain('You are signed in');
    expect(harness.browserErrors).toEqual([]);

    // The app restarts: a new service on the same store restores the session.
    await harness.service.dispose();
    const restarted = harness.restart();
    const restored = await restarted.service.restore();
    expect(restored).toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.alice.sub } });

    // The access token lives 3 s: the service renews it on its own before it expires.
    if (restored.status !== 'signed-in') throw new Error('unreachable');
    const renewed = await until(restarted, (state) => state.status === 'signed-in' && state.expiresAt > restored.expiresAt);
    expect(renewed).toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.alice.sub } });

    provider.clearRequests();
    restarted.onOpen(undefined);
    await expect(restarted.service.signOut({ endProviderSession: true })).resolves.toEqual({ status: 'signed-out' });
    expect(provider.requests.some((r) => r.path === '/token/revocation')).toBe(true);
    expect(harness.store.data.has(SESSION_KEY)).toBe(false);

    const logout = await confirmLogoutWithChromium(chromium, restarted.opened.at(-1)!);
    expect(logout.url.hostname).toBe('127.0.0.1');
    expect(logout.text).toContain('You are signed out');
  });

  it('turns away a page that forges the callback in the same browser, then completes', async () => {
    const context = await chromium.newContext();
    harness.onOpen(async (url) => {
      const page = await context.newPage();
      const redirect = new URL(url).searchParams.get('redirect_uri')!;
      const forged = await page.goto(`${redirect}?code=evil&state=evil`);
      expect(forged?.status()).toBe(400);
      expect(await page.textContent('body')).not.toContain('evil');
      pages.push(await signInWithChromium(page, url, { username: 'alice', consent: 'allow' }));
    });
    await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
    expect(harness.browserErrors).toEqual([]);
  });
});
