/**
 * What a same-user process that can write the store (but not use the OS keystore), a lying
 * provider or a duplicated redirect can do to a session: nothing that moves a token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SESSION_KEY } from '../../../main/auth/vault.ts';
import { startTestProvider, TEST_ACCOUNTS, type TestProvider } from '../../support/provider.ts';
import { containsAny, freshProviderAndHarness, quitUntilTokenExpires, until, type Harness } from './setup.ts';

/** A server that records every request and answers 200 `{}`: where a moved credential would land. */
async function startRecorder(): Promise<{ origin: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      requests.push(`${request.method} ${request.url} ${body}`);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Rewrites every endpoint URL under `from` (a path after it: the issuer identifier itself is
 *  left as it is, as an attacker who wants the cache used would) to the same path under `to`,
 *  and every key set's keys to `keys`, anywhere in a JSON value. */
function rewrite(value: unknown, from: string, to: string, keys: unknown[]): unknown {
  if (typeof value === 'string') return value.startsWith(`${from}/`) ? to + value.slice(from.length) : value;
  if (Array.isArray(value)) return value.map((item) => rewrite(item, from, to, keys));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, child]) => [name, name === 'keys' && Array.isArray(child) ? keys : rewrite(child, from, to, keys)]),
    );
  }
  return value;
}

describe('a same-user process that rewrites the clear-text store', () => {
  let provider!: TestProvider;
  let harness!: Harness;
  freshProviderAndHarness({ accessTokenTtlSeconds: 1 }, (started, created) => {
    provider = started;
    harness = created;
  });

  it('endpoint URLs and signing keys rewritten in every stored value: restore, refresh and sign-out send nothing to the rewritten addresses', async () => {
    const recorder = await startRecorder();
    const attacker = await startTestProvider();
    try {
      await harness.service.signIn();
      await quitUntilTokenExpires(harness);
      for (const [key, raw] of [...harness.store.data.entries()]) {
        harness.store.data.set(key, JSON.stringify(rewrite(JSON.parse(raw), provider.issuer, recorder.origin, attacker.jwks.keys)));
      }
      const restarted = harness.restart();
      await expect(restarted.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
      await expect(restarted.service.signOut()).resolves.toMatchObject({ status: 'signed-out' });
      expect(recorder.requests).toEqual([]);
      // The refresh and both revocations reached the real provider.
      expect(provider.requests.filter((r) => r.path === '/token')).not.toHaveLength(0);
      expect(provider.requests.filter((r) => r.path === '/token/revocation')).toHaveLength(2);
    } finally {
      await recorder.close();
      await attacker.close();
    }
  });

  it('the store holds nothing in clear text but the encrypted session envelope', async () => {
    await harness.service.signIn();
    expect([...harness.store.data.keys()]).toEqual([SESSION_KEY]);
    expect(Object.keys(harness.store.get(SESSION_KEY) as object).sort()).toEqual(['ciphertext', 'version']);
    expect(harness.store.dump()).not.toContain(provider.issuer);
  });

  it('a restart with an expired access token still costs one request (metadata and keys come from the encrypted session)', async () => {
    await harness.service.signIn();
    await quitUntilTokenExpires(harness);
    provider.clearRequests();
    const restarted = harness.restart();
    await expect(restarted.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
    expect(provider.requests.map((r) => r.path)).toEqual(['/token']);
  });
});

describe('a network failure after the provider rotated the refresh token', () => {
  let provider!: TestProvider;
  let harness!: Harness;
  freshProviderAndHarness({ accessTokenTtlSeconds: 1 }, (started, created) => {
    provider = started;
    harness = created;
  });

  it('a dropped key read after a successful refresh keeps the rotated refresh token: the next start is signed in', async () => {
    await harness.service.signIn();
    await quitUntilTokenExpires(harness);
    // New keys: the refreshed ID token names a key id the kept key set lacks, so the core reads
    // the keys after the token endpoint has answered; that read is dropped.
    await provider.rotateKeys();
    provider.intercept((req) => (req.path === '/jwks' ? 'drop' : undefined));
    const second = harness.restart();
    await expect(second.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
    await second.service.dispose();

    provider.intercept(undefined);
    await quitUntilTokenExpires(second);
    provider.clearRequests();
    const third = harness.restart();
    await expect(third.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
    const refreshes = provider.requests.filter((r) => r.path === '/token');
    expect(refreshes.length).toBeGreaterThan(0);
    expect(third.service.getState()).toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.alice.sub } });
  });
});

describe('a session saved by an earlier version', () => {
  let provider!: TestProvider;
  let harness!: Harness;
  freshProviderAndHarness({ accessTokenTtlSeconds: 1 }, (started, created) => {
    provider = started;
    harness = created;
  });

  it('a session-only envelope beside a clear-text provider cache: restored, re-sealed with its provider, the clear-text cache removed unread', async () => {
    await harness.service.signIn();
    await quitUntilTokenExpires(harness);
    // What earlier versions wrote: the session alone in the ciphertext, the cache beside it.
    const envelope = harness.store.get(SESSION_KEY) as { ciphertext: string };
    const { plainText } = await harness.cipher.decrypt(new Uint8Array(Buffer.from(envelope.ciphertext, 'base64')));
    const { session } = JSON.parse(plainText) as { session: unknown };
    harness.store.set(SESSION_KEY, { version: 1, ciphertext: Buffer.from(await harness.cipher.encrypt(JSON.stringify(session))).toString('base64') });
    harness.store.set('authProviderCache', { version: 1, issuer: provider.issuer, metadata: { issuer: provider.issuer, token_endpoint: 'http://127.0.0.1:9/token' }, metadataFetchedAt: Date.now() });

    const restarted = harness.restart();
    await expect(restarted.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
    expect([...harness.store.data.keys()]).toEqual([SESSION_KEY]);
    expect(harness.store.get(SESSION_KEY)).toMatchObject({ version: 2 });
    expect(provider.requests.filter((r) => r.path === '/token')).not.toHaveLength(0);
  });
});

/** A small seeded generator (mulberry32): the same faults on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CLIENT_PATHS = new Set(['/.well-known/openid-configuration', '/jwks', '/token', '/me', '/token/revocation']);

describe('many starts while the provider drops connections and answers 500, 503 or HTML', () => {
  let provider!: TestProvider;
  let harness!: Harness;
  freshProviderAndHarness({ accessTokenTtlSeconds: 1 }, (started, created) => {
    provider = started;
    harness = created;
  });

  it('40 starts with an expired access token under injected faults on every endpoint: no session lost, no token in clear, no timer or socket left behind', async () => {
    const random = seeded(11);
    const faults: Array<'drop' | { status: number; headers?: Record<string, string>; body?: string }> = [
      'drop',
      { status: 500, body: '' },
      { status: 503, headers: { 'retry-after': '1' }, body: '' },
      { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>captive portal</html>' },
    ];
    let injected = 0;
    await harness.service.signIn();
    // The app quits: from here on each start is a new service on the same store (one at a time,
    // as the single-instance lock guarantees).
    await harness.service.dispose();
    const resourcesBefore = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout' || kind === 'TCPSocketWrap').length;

    for (let start = 0; start < 40; start++) {
      // New signing keys now and then: the refreshed ID token then needs a key read after the
      // token endpoint has rotated the refresh token, the step whose failure used to lose it.
      if (start % 4 === 3) await provider.rotateKeys({ keepPrevious: random() < 0.5 });
      provider.intercept((req) => {
        if (!CLIENT_PATHS.has(req.path) || random() >= 0.35) return undefined;
        injected++;
        return faults[Math.floor(random() * faults.length)];
      });
      const app = harness.restart();
      const state = await app.service.restore();
      expect(state, `start ${start}`).toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.alice.sub } });
      await app.service.dispose();
      const sealed = harness.store.get(SESSION_KEY) as { ciphertext: string };
      const { plainText } = await harness.cipher.decrypt(new Uint8Array(Buffer.from(sealed.ciphertext, 'base64')));
      const { session } = JSON.parse(plainText) as { session: { accessToken: string; refreshToken: string; idToken: string } };
      expect(containsAny(harness.store.dump(), [session.accessToken, session.refreshToken, session.idToken]), `start ${start}`).toBe(false);
    }
    expect(injected).toBeGreaterThan(10);

    // The faults stop: the next start renews the session with the refresh token it kept.
    provider.intercept(undefined);
    provider.clearRequests();
    const healthy = harness.restart();
    await expect(healthy.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
    expect(provider.requests.filter((r) => r.path === '/token')).toHaveLength(1);
    expect(healthy.service.getState()).toMatchObject({ expiresAt: expect.any(Number) });
    await healthy.service.dispose();

    // Every service is disposed: what it opened is closed (the provider's own handles aside).
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const resourcesAfter = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout' || kind === 'TCPSocketWrap').length;
    expect(resourcesAfter).toBeLessThanOrEqual(resourcesBefore);
  }, 120_000);
});

describe('the API origin bound to the session', () => {
  let provider!: TestProvider;
  let harness!: Harness;
  freshProviderAndHarness({}, (started, created) => {
    provider = started;
    harness = created;
  });

  it('an origin the session was not signed in for is refused with api_origin_unconfirmed and receives nothing, until allowApiOrigin; the binding survives a restart', async () => {
    const other = await startRecorder();
    try {
      await harness.service.signIn();
      await expect(harness.service.callApi({ url: `${other.origin}/me` })).rejects.toMatchObject({ code: 'api_origin_unconfirmed', message: expect.stringContaining(other.origin) });
      expect(other.requests).toEqual([]);
      await harness.service.allowApiOrigin(other.origin);
      await expect(harness.service.callApi({ url: `${other.origin}/me` })).resolves.toMatchObject({ status: 200 });
      expect(other.requests).toHaveLength(1);

      await harness.service.dispose();
      const restarted = harness.restart();
      await restarted.service.restore();
      await expect(restarted.service.callApi({ url: `${other.origin}/me` })).resolves.toMatchObject({ status: 200 });
      // Bound to the confirmed origin now: the one configured at sign-in needs confirming again.
      await expect(restarted.service.callApi({ url: provider.apiUrl })).rejects.toMatchObject({ code: 'api_origin_unconfirmed' });
    } finally {
      await other.close();
    }
  });

  it('a restart configured with another apiUrl keeps the session, but its token does not follow the new address', async () => {
    const other = await startRecorder();
    try {
      await harness.service.signIn();
      await harness.service.dispose();
      const restarted = harness.restart({ apiUrl: `${other.origin}/me` });
      await expect(restarted.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
      await expect(restarted.service.callApi({ url: `${other.origin}/me` })).rejects.toMatchObject({ code: 'api_origin_unconfirmed' });
      expect(other.requests).toEqual([]);
      // A fresh sign-in with the new configuration binds the new address.
      harness.browser.clearCookies();
      await restarted.service.signIn();
      await expect(restarted.service.callApi({ url: `${other.origin}/me` })).resolves.toMatchObject({ status: 200 });
    } finally {
      await other.close();
    }
  });

  it('allowApiOrigin without a session is refused (not_signed_in), and an http origin without allowInsecureRequests is refused', async () => {
    await expect(harness.service.allowApiOrigin('https://api.example.com')).rejects.toMatchObject({ code: 'not_signed_in' });
    const strict = harness.restart({ allowInsecureRequests: false, issuer: provider.issuer.replace('http:', 'https:'), apiUrl: 'https://api.example.com/me' });
    await expect(strict.service.allowApiOrigin('http://api.example.com')).rejects.toMatchObject({ code: 'invalid_config' });
  });
});

describe('a keystore that fails a decryption at startup', () => {
  let harness!: Harness;
  freshProviderAndHarness({}, (_provider, created) => {
    harness = created;
  });

  it('fails once, then works: the session is kept, the person told why, and the retry brings it back without a sign-in', async () => {
    await harness.service.signIn();
    await harness.service.dispose();
    const restarted = harness.restart();
    restarted.cipher.failDecrypt = true;
    await expect(restarted.service.restore()).resolves.toMatchObject({ status: 'signed-out', error: { code: 'keystore_unavailable' } });
    expect(harness.store.data.has(SESSION_KEY)).toBe(true);
    restarted.cipher.failDecrypt = false;
    await expect(until(restarted, (state) => state.status === 'signed-in', 8_000)).resolves.toMatchObject({ claims: { sub: TEST_ACCOUNTS.alice.sub } });
  });

  it('still failing: a sign-in replaces the saved session and the retries stop', async () => {
    await harness.service.signIn();
    await harness.service.dispose();
    const restarted = harness.restart();
    restarted.cipher.failDecrypt = true;
    await restarted.service.restore();
    const before = harness.store.dump();
    await expect(restarted.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
    expect(harness.store.dump()).not.toBe(before);
    const decrypts = restarted.cipher.decryptCalls;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(restarted.cipher.decryptCalls).toBe(decrypts);
  });
});

describe('checkSession: the machine woke up or the network came back', () => {
  let provider!: TestProvider;
  let harness!: Harness;
  freshProviderAndHarness({ accessTokenTtlSeconds: 1 }, (started, created) => {
    provider = started;
    harness = created;
  });

  it('a renewal that failed offline is tried at once, not after its back-off', async () => {
    await harness.service.signIn();
    await quitUntilTokenExpires(harness);
    const restarted = harness.restart();
    provider.intercept((req) => (req.path === '/token' ? 'drop' : undefined));
    const kept = await restarted.service.restore();
    expect(kept).toMatchObject({ status: 'signed-in' });
    provider.intercept(undefined);
    provider.clearRequests();
    const started = Date.now();
    const checked = await restarted.service.checkSession();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(provider.requests.map((r) => r.path)).toEqual(['/token']);
    if (checked.status !== 'signed-in' || kept.status !== 'signed-in') throw new Error('unreachable');
    expect(checked.expiresAt).toBeGreaterThan(kept.expiresAt);
  });

  it('a saved session the keystore would not unlock is tried again at once', async () => {
    await harness.service.signIn();
    await harness.service.dispose();
    const restarted = harness.restart();
    restarted.cipher.failDecrypt = true;
    await restarted.service.restore();
    restarted.cipher.failDecrypt = false;
    await expect(restarted.service.checkSession()).resolves.toMatchObject({ status: 'signed-in' });
  });

  it('signed out: nothing is asked of the provider', async () => {
    provider.clearRequests();
    await expect(harness.service.checkSession()).resolves.toEqual({ status: 'signed-out' });
    expect(provider.requests).toEqual([]);
  });
});
