/**
 * Startup, measured (not read from the source): the app as the end-to-end harness runs it
 * (test/e2e/support/harness-app.ts: the built renderer and preload in headless Chromium, wired
 * to the real core through the app's own runtime and IPC table), against the provider behind
 * the delaying TLS proxy. Forked by bench/startup.ts with NODE_EXTRA_CA_CERTS naming the
 * proxy's certificate (the core's requests) and BENCH_STARTUP_CONFIG; answers with one IPC
 * message (StartupOutput).
 *
 * For every restart (the harness's `restart()`: the "main process" stops and starts again over
 * the same user data, restore() starts, then the window reloads), the page itself notes, on the
 * clock of its navigation: first contentful paint, the moment the signed-in screen's heading
 * appears in the DOM, and the next frame after it (painted). The proxy's log gives the
 * requests and when each was answered (epoch milliseconds, compared with the page's clock).
 *
 * - valid token: no provider request may be answered before the signed-in screen is painted;
 * - expired token: the proxy holds the refresh back (1 s more by default) and the stored
 *   identity must be painted before the refresh is answered. The expired session is made by
 *   the proxy: the sign-in's access token is made to live 3 s, the app's own renewals are
 *   dropped (a network error: the core keeps the session) until it expired.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../test/support/chromium.ts';
import { launchHarnessApp, type HarnessApp } from '../test/e2e/support/harness-app.ts';
import { SignedInScreen } from '../test/e2e/pages/signed-in-screen.ts';
import { SignedOutScreen } from '../test/e2e/pages/signed-out-screen.ts';
import { startProviderChild, type ProviderChild } from './child.ts';
import { epochMs } from './network-proxy.ts';
import type { ProxiedRequest } from './protocol.ts';

export interface StartupConfig {
  runs: number;
  delayMs: number;
  handshakeMs: number;
  certFile: string;
  keyFile: string;
  refreshDelayMs: number;
}

export interface StartupRequest {
  method: string;
  path: string;
  grantType?: string;
  newConnection: boolean;
  /** When it was answered, ms after the window's navigation started. */
  answeredMs: number;
  status: number;
}

export interface StartupSample {
  /** All times in ms after the window's navigation started. */
  firstContentfulPaintMs: number | null;
  signedInDomMs: number;
  signedInPaintedMs: number;
  /** The app's requests from the restart until the step was over (the browser's excluded). */
  requests: StartupRequest[];
  /** Expired token only: when the refresh was answered. */
  refreshAnsweredMs?: number;
}

export interface StartupOutput {
  valid: StartupSample[];
  expired: StartupSample[];
  errors: string[];
  settings: { runs: number; delayMs: number; handshakeMs: number; refreshDelayMs: number; shortTokenSeconds: number };
}

const SHORT_TOKEN_SECONDS = 3;

/** Runs in the page before its own scripts, on every (re)load. */
const MARKS_SCRIPT = `(() => {
  const marks = { signedInDom: null, signedInPainted: null };
  Object.defineProperty(window, '__benchStartup', { value: marks });
  const check = () => {
    if (marks.signedInDom !== null) return;
    const heading = Array.from(document.querySelectorAll('h2')).find((h) => /you.re signed in/i.test(h.textContent || ''));
    if (!heading) return;
    marks.signedInDom = performance.now();
    requestAnimationFrame(() => setTimeout(() => { marks.signedInPainted = performance.now(); }, 0));
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

interface PageMarks {
  timeOrigin: number;
  firstContentfulPaint: number | null;
  signedInDom: number;
  signedInPainted: number;
}

async function restartAndMeasure(app: HarnessApp): Promise<PageMarks> {
  const window = await app.restart();
  await window.waitForFunction(() => (window as unknown as { __benchStartup?: { signedInPainted: number | null } }).__benchStartup?.signedInPainted != null, null, { timeout: 20_000 });
  return window.evaluate(() => {
    const marks = (window as unknown as { __benchStartup: { signedInDom: number; signedInPainted: number } }).__benchStartup;
    const fcp = performance.getEntriesByType('paint').find((entry) => entry.name === 'first-contentful-paint');
    return { timeOrigin: performance.timeOrigin, firstContentfulPaint: fcp ? fcp.startTime : null, signedInDom: marks.signedInDom, signedInPainted: marks.signedInPainted };
  });
}

function appRequests(log: ProxiedRequest[], timeOrigin: number): StartupRequest[] {
  return log
    .filter((r) => !r.browser)
    .map((r) => ({
      method: r.method,
      path: r.path,
      ...(r.grantType ? { grantType: r.grantType } : {}),
      newConnection: r.newConnection,
      answeredMs: r.endEpoch - timeOrigin,
      status: r.status,
    }));
}

async function waitFor<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function signInThroughTheWindow(app: HarnessApp): Promise<void> {
  await new SignedOutScreen(app.window).signIn();
  await app.completeSignInInBrowser();
  await new SignedInScreen(app.window).heading.waitFor({ timeout: 20_000 });
}

async function run(config: StartupConfig): Promise<StartupOutput> {
  const output: StartupOutput = {
    valid: [],
    expired: [],
    errors: [],
    settings: { runs: config.runs, delayMs: config.delayMs, handshakeMs: config.handshakeMs, refreshDelayMs: config.refreshDelayMs, shortTokenSeconds: SHORT_TOKEN_SECONDS },
  };
  const quietMs = Math.max(100, Math.min(config.delayMs * 2, 400));
  const appLog: string[] = [];
  let provider: ProviderChild | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let app: HarnessApp | undefined;
  const userDataDir = await mkdtemp(join(tmpdir(), 'oidc-bench-startup-'));
  try {
    provider = await startProviderChild({
      tls: { certFile: config.certFile, keyFile: config.keyFile, delayMs: config.delayMs, handshakeMs: config.handshakeMs },
      env: { NODE_EXTRA_CA_CERTS: config.certFile },
    });
    // The person's browser signs in at the proxy, whose certificate Chromium cannot know.
    browser = await launchChromium({ args: ['--ignore-certificate-errors'] });
    app = await launchHarnessApp({
      browser,
      env: { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_PROVIDER_NAME: 'Local Test Provider' },
      userDataDir,
      secureStorage: true,
      onWindow: () => undefined,
      log: (line) => appLog.push(line),
    });
    await app.window.addInitScript({ content: MARKS_SCRIPT });
    await signInThroughTheWindow(app);

    // ---- access token valid
    for (let i = 0; i < config.runs; i++) {
      try {
        await provider.quiesce(quietMs);
        await provider.proxyLog(true);
        const marks = await restartAndMeasure(app);
        await provider.quiesce(quietMs);
        output.valid.push({
          firstContentfulPaintMs: marks.firstContentfulPaint,
          signedInDomMs: marks.signedInDom,
          signedInPaintedMs: marks.signedInPainted,
          requests: appRequests(await provider.proxyLog(true), marks.timeOrigin),
        });
      } catch (error) {
        output.errors.push(`valid token, restart ${i + 1}: ${(error as Error).message}`);
      }
    }

    // ---- access token expired: a session whose token lives 3 s, renewals dropped meanwhile
    const tokenAnswered = async (): Promise<number> => {
      const log = await provider!.proxyLog(false);
      const token = log.filter((r) => r.path === '/token' && r.status === 200 && !r.browser).at(-1);
      if (!token) throw new Error('no token response in the proxy log');
      return token.endEpoch;
    };
    await provider.proxyRules({ tokenExpiresIn: SHORT_TOKEN_SECONDS, dropRefresh: true });
    await new SignedInScreen(app.window).signOut();
    await new SignedOutScreen(app.window).heading.waitFor({ timeout: 20_000 });
    await provider.quiesce(quietMs);
    await provider.proxyLog(true);
    await signInThroughTheWindow(app);
    let issuedAt = await tokenAnswered();
    for (let i = 0; i < config.runs; i++) {
      try {
        const wait = issuedAt + SHORT_TOKEN_SECONDS * 1000 + 300 - epochMs();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        await provider.quiesce(quietMs);
        await provider.proxyLog(true);
        // The refresh of this start is let through, late; its token is short-lived again.
        await provider.proxyRules({ tokenExpiresIn: SHORT_TOKEN_SECONDS, refreshExtraDelayMs: config.refreshDelayMs });
        const marks = await restartAndMeasure(app);
        const refresh = await waitFor(async () => (await provider!.proxyLog(false)).find((r) => r.grantType === 'refresh_token' && !r.browser), 'the refresh at startup');
        await provider.proxyRules({ tokenExpiresIn: SHORT_TOKEN_SECONDS, dropRefresh: true });
        await provider.quiesce(quietMs);
        const log = await provider.proxyLog(true);
        if (refresh.status !== 200) throw new Error(`the refresh at startup was answered ${refresh.status}`);
        issuedAt = refresh.endEpoch;
        output.expired.push({
          firstContentfulPaintMs: marks.firstContentfulPaint,
          signedInDomMs: marks.signedInDom,
          signedInPaintedMs: marks.signedInPainted,
          requests: appRequests(log, marks.timeOrigin),
          refreshAnsweredMs: refresh.endEpoch - marks.timeOrigin,
        });
      } catch (error) {
        output.errors.push(`expired token, restart ${i + 1}: ${(error as Error).message}`);
        await provider.proxyRules({ tokenExpiresIn: SHORT_TOKEN_SECONDS, dropRefresh: true }).catch(() => undefined);
      }
    }
  } catch (error) {
    output.errors.push(`${(error as Error).message}${appLog.length ? `\napp log (last lines):\n${appLog.slice(-10).join('\n')}` : ''}`);
  } finally {
    await app?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await provider?.stop().catch(() => undefined);
    await rm(userDataDir, { recursive: true, force: true });
  }
  return output;
}

if (!process.send) {
  process.stderr.write('bench/startup-child.ts must be forked with an IPC channel (run `npm run bench`).\n');
  process.exit(2);
}
const config = JSON.parse(process.env.BENCH_STARTUP_CONFIG ?? '{}') as StartupConfig;
run(config).then(
  (output) => process.send!(output, () => process.exit(0)),
  (error: unknown) =>
    process.send!(
      {
        valid: [],
        expired: [],
        errors: [String(error)],
        settings: { runs: config.runs, delayMs: config.delayMs, handshakeMs: config.handshakeMs, refreshDelayMs: config.refreshDelayMs, shortTokenSeconds: SHORT_TOKEN_SECONDS },
      } satisfies StartupOutput,
      () => process.exit(1),
    ),
);
