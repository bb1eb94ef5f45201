/**
 * Wiring for the core's flow tests: a real AuthService against the real local provider, with
 * an in-memory store, a really-encrypting cipher and a browser that plays the person.
 */
import { createAuthService, type AuthLogEvent, type AuthService, type AuthState, type ProviderConfig } from '../../../main/auth/index.ts';
import { afterEach, beforeEach } from 'vitest';
import { SESSION_KEY } from '../../../main/auth/vault.ts';
import { FakeCipher } from '../../support/fake-cipher.ts';
import { createHttpBrowser, type HttpBrowser, type HttpSignInOptions } from '../../support/http-browser.ts';
import { MemoryStore } from '../../support/memory-store.ts';
import { startTestProvider, type TestProvider, type TestProviderOptions } from '../../support/provider.ts';

/** What the "person" does when the app opens the browser. */
export type BrowserAction = (url: string) => Promise<unknown>;

export interface Harness {
  service: AuthService;
  store: MemoryStore;
  cipher: FakeCipher;
  browser: HttpBrowser;
  /** Every URL the service asked the browser to open. */
  opened: string[];
  /** Errors the browser action met (a test that expects none asserts this is empty). */
  browserErrors: unknown[];
  /** Replaces what happens when the browser opens (default: sign in as alice and allow). */
  onOpen(action: BrowserAction | undefined): void;
  /** Receives the service's diagnostic events from now on. */
  onLog(listener: ((event: AuthLogEvent) => void) | undefined): void;
  /** Waits until the browser was opened `count` times in total. */
  waitForOpen(count?: number): Promise<string>;
  /** A second service on the same store and key: the app after a restart. */
  restart(overrides?: Partial<ProviderConfig>): Harness;
  /** Disposes the service(s) this harness created. */
  dispose(): Promise<void>;
}

export interface HarnessOptions {
  provider?: Partial<ProviderConfig>;
  store?: MemoryStore;
  cipher?: FakeCipher;
  browser?: HttpBrowser;
  signIn?: HttpSignInOptions;
  fetch?: typeof globalThis.fetch;
}

/** Creates a service for `provider`, whose browser signs in as alice unless told otherwise. */
export function createHarness(provider: TestProvider, options: HarnessOptions = {}): Harness {
  const store = options.store ?? new MemoryStore();
  const cipher = options.cipher ?? new FakeCipher();
  const browser = options.browser ?? createHttpBrowser();
  const opened: string[] = [];
  const browserErrors: unknown[] = [];
  const waiters: Array<{ count: number; resolve: (url: string) => void }> = [];
  const children: Harness[] = [];
  let action: BrowserAction | undefined = (url) => browser.signIn(url, options.signIn);
  let logListener: ((event: AuthLogEvent) => void) | undefined;

  const service = createAuthService({
    provider: { issuer: provider.issuer, clientId: provider.clientId, apiUrl: provider.apiUrl, allowInsecureRequests: true, ...options.provider },
    store,
    cipher,
    fetch: options.fetch,
    log: (event) => logListener?.(event),
    openExternal: async (url) => {
      opened.push(url);
      for (const waiter of waiters.filter((w) => opened.length >= w.count)) waiter.resolve(url);
      // The person acts in the browser while the app waits: never block openExternal.
      if (action) void action(url).catch((error: unknown) => browserErrors.push(error));
    },
  });

  const harness: Harness = {
    service,
    store,
    cipher,
    browser,
    opened,
    browserErrors,
    onOpen(next) {
      action = next;
    },
    onLog(listener) {
      logListener = listener;
    },
    waitForOpen(count = opened.length + 1) {
      if (opened.length >= count) return Promise.resolve(opened[count - 1]!);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    restart(overrides) {
      const child = createHarness(provider, {
        ...options,
        provider: { ...options.provider, ...overrides },
        store,
        cipher: cipher.sameKey(),
        browser,
      });
      children.push(child);
      return child;
    },
    async dispose() {
      await Promise.all([service.dispose(), ...children.map((child) => child.dispose())]);
    },
  };
  return harness;
}

/** Quits the app (disposes its service) and waits until the access token it held, which lives
 *  `ttlSeconds`, has expired: what a restart the next morning looks like. */
export async function quitUntilTokenExpires(harness: Harness, ttlSeconds = 1): Promise<void> {
  await harness.service.dispose();
  await new Promise((resolve) => setTimeout(resolve, ttlSeconds * 1_000 + 100));
}

/** True when `text` contains any of the session's secrets. */
export function containsAny(text: string, secrets: Array<string | undefined>): boolean {
  return secrets.some((secret) => secret !== undefined && secret.length > 8 && text.includes(secret));
}

/** The harness's first state (the current one included) that `predicate` accepts; rejects after `timeoutMs`. */
export function until(harness: Harness, predicate: (state: AuthState) => boolean, timeoutMs = 10_000): Promise<AuthState> {
  return new Promise((resolve, reject) => {
    if (predicate(harness.service.getState())) return resolve(harness.service.getState());
    const timer = setTimeout(() => reject(new Error(`state never matched; last: ${JSON.stringify(harness.service.getState())}`)), timeoutMs);
    const off = harness.service.onChange((state) => {
      if (predicate(state)) {
        clearTimeout(timer);
        off();
        resolve(state);
      }
    });
  });
}

/** What the vault sealed: the session and the provider cache, decrypted. */
export interface Sealed {
  session: Record<string, unknown>;
  provider?: { metadata: unknown; [name: string]: unknown };
}

/** Decrypts the stored session with the test key, lets `edit` change it, and seals it again:
 *  what only someone with the keystore's key could do (tests of the checks behind it). */
export async function editSealed(harness: Harness, edit: (sealed: Sealed) => Sealed): Promise<void> {
  const envelope = harness.store.get(SESSION_KEY) as { version: number; ciphertext: string };
  const { plainText } = await harness.cipher.decrypt(new Uint8Array(Buffer.from(envelope.ciphertext, 'base64')));
  const sealed = edit(JSON.parse(plainText) as Sealed);
  const cipherText = await harness.cipher.encrypt(JSON.stringify(sealed));
  harness.store.set(SESSION_KEY, { ...envelope, ciphertext: Buffer.from(cipherText).toString('base64') });
}

/** Signs in and waits for the second state change, the one that merges UserInfo (the first,
 *  signed-in, comes as soon as the ID token has passed its checks). */
export async function signInWithProfile(harness: Harness): Promise<AuthState> {
  await harness.service.signIn();
  return until(harness, (state) => state.status === 'signed-in' && state.claims.email !== undefined);
}

/**
 * Each test of the calling describe block gets a provider of its own and a harness over it,
 * handed to `use` before the test and disposed after it.
 */
export function freshProviderAndHarness(options: TestProviderOptions, use: (provider: TestProvider, harness: Harness) => void): void {
  let provider: TestProvider | undefined;
  let harness: Harness | undefined;
  beforeEach(async () => {
    provider = await startTestProvider(options);
    harness = createHarness(provider);
    use(provider, harness);
  });
  afterEach(async () => {
    await harness?.dispose();
    await provider?.close();
  });
}
