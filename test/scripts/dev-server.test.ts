/**
 * The renderer as `npm run dev` serves it: Vite's dev server from vite.renderer.config.ts,
 * loaded in Chromium. Electron is not needed to see that the dev server's CSP lets hot reload
 * work (its WebSocket connects, the styles Vite injects apply) while blocking everything the
 * built app's policy blocks, and that nothing on the page breaks the policy.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, devServerContentSecurityPolicy } from '../../main/content-security-policy.ts';
import { isChromiumAvailable, launchChromium } from '../support/chromium.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe.skipIf(!isChromiumAvailable())('the renderer on the dev server (npm run dev)', () => {
  let server: ViteDevServer;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    server = await createServer({
      configFile: join(ROOT, 'vite.renderer.config.ts'),
      mode: 'development',
      logLevel: 'silent',
      // A free port, and no watching: this test edits nothing.
      server: { port: 0, strictPort: true, watch: null },
    });
    await server.listen();
    origin = `http://localhost:${(server.httpServer!.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the page under the dev policy (header and meta tag): hot reload connects and Vite’s styles apply without a violation; inline scripts and other requests are refused', async () => {
    const page = await browser.newPage();
    const console: string[] = [];
    page.on('console', (message) => console.push(message.text()));
    await page.addInitScript(() => {
      const violations: string[] = [];
      (window as unknown as { violations: string[] }).violations = violations;
      document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    const response = await page.goto(`${origin}/`);
    const nonce = await page.locator('meta[property="csp-nonce"]').evaluate((meta) => (meta as HTMLMetaElement).nonce ?? '');
    const policy = devServerContentSecurityPolicy({ serverOrigin: origin, nonce });
    expect(policy).not.toBe(CONTENT_SECURITY_POLICY);
    expect(response?.headers()['content-security-policy']).toBe(policy);
    await expect.poll(() => page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(policy);

    // Without the bridge the page says so; its styles came in as <style nonce> from Vite.
    await page.getByRole('heading', { name: /can.t reach the app/i }).waitFor();
    await expect.poll(() => console.some((line) => line.includes('[vite] connected.')), { timeout: 15_000 }).toBe(true);
    expect(await page.locator('style[nonce]').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);

    // Still strict: an inline script without the nonce, and any request but the HMR socket (even
    // to the dev server itself), are refused by the policy.
    const outcome = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.head.append(script);
      const fetched = await fetch('/').then(
        () => true,
        () => false,
      );
      return { inlineRan: (window as unknown as { inlineRan?: boolean }).inlineRan === true, fetched };
    });
    expect(outcome).toEqual({ inlineRan: false, fetched: false });
    // Reported once by each copy of the policy (the header and the meta tag).
    await expect
      .poll(async () => [...new Set(await page.evaluate(() => (window as unknown as { violations: string[] }).violations))])
      .toEqual(['script-src-elem inline', `connect-src ${origin}/`]);
    await page.close();
  });
});
