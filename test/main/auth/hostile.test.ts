import { createServer } from 'node:net';
import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../support/net.ts';
import { createAuthService } from '../../../main/auth/index.ts';
import { SESSION_KEY } from '../../../main/auth/vault.ts';
import { FakeCipher } from '../../support/fake-cipher.ts';
import { MemoryStore } from '../../support/memory-store.ts';
import { defaultClientMetadata, startTestProvider, TEST_ACCOUNTS, type TestProvider } from '../../support/provider.ts';
import { createHarness, quitUntilTokenExpires, until, type Harness } from './setup.ts';

const WELL_KNOWN = '/.well-known/openid-configuration';

function encodePart(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Rewrites the ID token of the next token responses with `forge`. */
function forgeIdToken(provider: TestProvider, forge: (claims: Record<string, unknown>) => Promise<string>, when: (body: URLSearchParams) => boolean = () => true) {
  provider.transform(async (req, res) => {
    if (req.path !== '/token' || res.status !== 200 || !when(new URLSearchParams(req.body))) return undefined;
    const body = JSON.parse(res.body) as Record<string, unknown>;
    if (typeof body.id_token !== 'string') return undefined;
    body.id_token = await forge(decodeJwt(body.id_token));
    return { ...res, body: JSON.stringify(body) };
  });
}


describe('a misconfigured, broken or hostile provider', () => {
  let provider: TestProvider;
  let harness: Harness;

  beforeEach(async () => {
    provider = await startTestProvider();
    harness = createHarness(provider);
  });

  afterEach(async () => {
    await harness.dispose();
    await provider.close();
  });

  function metadata(edit: (doc: Record<string, unknown>) => void) {
    provider.transform((req, res) => {
      if (req.path !== WELL_KNOWN) return undefined;
      const doc = JSON.parse(res.body) as Record<string, unknown>;
      edit(doc);
      return { ...res, body: JSON.stringify(doc) };
    });
  }

  async function expectSignInFails(code: string, message?: RegExp) {
    const error = await harness.service.signIn().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'AuthError', code });
    if (message) expect((error as Error).message).toMatch(message);
    expect(harness.service.getState()).toMatchObject({ status: 'signed-out', error: { code } });
    // A failed sign-in leaves the store as it found it: empty.
    expect([...harness.store.data.keys()]).toEqual([]);
    return error as Error;
  }

  describe('discovery', () => {
    it('a provider that is down: provider_unreachable, and no browser opened', async () => {
      const port = await freePort();
      await harness.dispose();
      harness = createHarness(provider, { provider: { issuer: `http://127.0.0.1:${port}` } });
      await expectSignInFails('provider_unreachable', /Could not reach the identity provider at http:\/\/127\.0\.0\.1:\d+ .*Check your network connection/);
      expect(harness.opened).toEqual([]);
    });

    it('a dead network (fetch rejects): provider_unreachable', async () => {
      await harness.dispose();
      harness = createHarness(provider, { fetch: async () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }) })) });
      await expectSignInFails('provider_unreachable', /ENOTFOUND/);
    });

    it('metadata that is not JSON: discovery_failed', async () => {
      provider.intercept((req) => (req.path === WELL_KNOWN ? { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>login portal</html>' } : undefined));
      await expectSignInFails('discovery_failed', /\.well-known\/openid-configuration did not answer with OpenID provider metadata/);
    });

    it('no metadata at all: discovery_failed naming the HTTP status', async () => {
      provider.intercept((req) => (req.path === WELL_KNOWN ? { status: 404, body: 'not found' } : undefined));
      await expectSignInFails('discovery_failed', /answered with HTTP 404\. Check that the issuer URL/);
    });

    it('metadata that names another issuer: issuer_mismatch', async () => {
      metadata((doc) => (doc.issuer = 'https://evil.example'));
      await expectSignInFails('issuer_mismatch', /names the issuer "https:\/\/evil\.example"/);
    });

    it('no PKCE S256: refused before the browser opens', async () => {
      metadata((doc) => (doc.code_challenge_methods_supported = ['plain']));
      await expectSignInFails('provider_unsupported', /does not support PKCE with S256 \(it offers plain\)/);
      expect(harness.opened).toEqual([]);
    });

    it('PKCE methods not advertised: refused unless the escape hatch is set', async () => {
      metadata((doc) => delete doc.code_challenge_methods_supported);
      await expectSignInFails('provider_unsupported', /assumeS256PkceSupport/);
      await harness.dispose();
      harness = createHarness(provider, { provider: { assumeS256PkceSupport: true } });
      await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
    });

    it('no code flow: refused', async () => {
      metadata((doc) => (doc.response_types_supported = ['id_token']));
      await expectSignInFails('provider_unsupported', /authorization code flow/);
    });

    it('only symmetric ID token algorithms: refused', async () => {
      metadata((doc) => (doc.id_token_signing_alg_values_supported = ['HS256', 'none']));
      await expectSignInFails('provider_unsupported', /HS256, none/);
    });
  });

  describe('the loopback redirect', () => {
    it('a redirect URI the provider does not accept is diagnosed while the browser opens, not at the time-out', async () => {
      await harness.dispose();
      await provider.close();
      provider = await startTestProvider({ clients: [{ ...defaultClientMetadata(), redirect_uris: ['http://127.0.0.1/elsewhere'] }] });
      harness = createHarness(provider);
      harness.onOpen(undefined);
      const started = Date.now();
      const error = await expectSignInFails('redirect_uri_rejected');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(error.message).toMatch(/^The provider rejected the redirect URI http:\/\/127\.0\.0\.1:\d+\/callback \(it answered HTTP 400, text\/html\)\. Register http:\/\/127\.0\.0\.1\/callback for a native app/);
    });

    it('a client ID the provider does not know is diagnosed while the browser opens, not at the time-out', async () => {
      await harness.dispose();
      harness = createHarness(provider, { provider: { clientId: 'no-such-client' } });
      harness.onOpen(undefined);
      await expectSignInFails('invalid_client', /does not accept client "no-such-client"/);
    });

    it('a fixed redirect port that is taken: port_in_use, and no browser opened', async () => {
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const { port } = blocker.address() as { port: number };
      try {
        await harness.dispose();
        harness = createHarness(provider, { provider: { redirectPort: port } });
        await expectSignInFails('port_in_use', new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is in use`));
        expect(harness.opened).toEqual([]);
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    });

    it('a fixed redirect port is used when configured', async () => {
      const port = await freePort();
      await harness.dispose();
      harness = createHarness(provider, { provider: { redirectPort: port } });
      await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
      expect(new URL(harness.opened[0]!).searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/callback`);
    });

    it('a fixed port still serving the post-logout page is handed back to the next sign-in', async () => {
      const port = await freePort();
      await harness.dispose();
      harness = createHarness(provider, { provider: { redirectPort: port } });
      await harness.service.signIn();
      harness.onOpen(undefined); // the person never finishes the provider's logout page
      await harness.service.signOut({ endProviderSession: true });
      expect(new URL(new URL(harness.opened.at(-1)!).searchParams.get('post_logout_redirect_uri')!).port).toBe(String(port));
      harness.browser.clearCookies();
      harness.onOpen((url) => harness.browser.signIn(url));
      await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
    });

    it('a browser that cannot be opened: browser_open_failed', async () => {
      const service = createAuthService({
        provider: { issuer: provider.issuer, clientId: provider.clientId, allowInsecureRequests: true },
        store: harness.store,
        cipher: harness.cipher,
        openExternal: async () => {
          throw new Error('No application is registered for http');
        },
      });
      await expect(service.signIn()).rejects.toMatchObject({ code: 'browser_open_failed', message: expect.stringMatching(/default web browser/) });
      await service.dispose();
    });

    it('an authorization response with the right state but another issuer is turned away (mix-up)', async () => {
      harness.onOpen(async (url) => {
        const { callbackUrl } = await harness.browser.signIn(url, { followCallback: false });
        const mixed = new URL(callbackUrl);
        mixed.searchParams.set('iss', 'https://evil.example');
        expect((await fetch(mixed)).status).toBe(400);
        expect((await fetch(callbackUrl)).status).toBe(200);
      });
      await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
      expect(harness.browserErrors).toEqual([]);
    });
  });

  describe('the ID token', () => {
    it('signed with another key under the provider key id: invalid_response, nothing kept', async () => {
      const other = await startTestProvider();
      try {
        forgeIdToken(provider, (claims) => other.signJwt(claims, { kid: provider.kid }));
        await expectSignInFails('invalid_response', /Nothing was saved/);
      } finally {
        await other.close();
      }
    });

    it.each([
      ['HS256 (key confusion)', async (claims: Record<string, unknown>) => `${encodePart({ alg: 'HS256', kid: 'x' })}.${encodePart(claims)}.c2lnbmF0dXJl`],
      ['alg none', async (claims: Record<string, unknown>) => `${encodePart({ alg: 'none' })}.${encodePart(claims)}.`],
    ])('with %s: invalid_response', async (_name, forge) => {
      forgeIdToken(provider, forge);
      await expectSignInFails('invalid_response');
    });

    it.each([
      ['another audience', (c: Record<string, unknown>) => ({ ...c, aud: 'someone-else' })],
      ['another nonce', (c: Record<string, unknown>) => ({ ...c, nonce: 'replayed' })],
      ['another issuer', (c: Record<string, unknown>) => ({ ...c, iss: 'https://evil.example' })],
      ['an expiry in the past', (c: Record<string, unknown>) => ({ ...c, exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 })],
      ['no subject', (c: Record<string, unknown>) => ({ ...c, sub: undefined })],
    ])('validly signed but with %s: invalid_response', async (_name, edit) => {
      forgeIdToken(provider, (claims) => provider.signJwt(edit(claims)));
      await expectSignInFails('invalid_response');
    });

    it('a key id the cached key set lacks makes it read the keys exactly once more', async () => {
      await harness.service.signIn();
      await provider.rotateKeys();
      provider.clearRequests();
      harness.browser.clearCookies();
      await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
      expect(provider.requests.filter((r) => r.path === '/jwks')).toHaveLength(1);
    });

    it('a key id nobody publishes: one more key read, then invalid_response', async () => {
      await harness.service.signIn();
      provider.clearRequests();
      harness.browser.clearCookies();
      const stranger = await startTestProvider();
      try {
        forgeIdToken(provider, (claims) => stranger.signJwt(claims));
        await expect(harness.service.signIn()).rejects.toMatchObject({ code: 'invalid_response' });
        expect(provider.requests.filter((r) => r.path === '/jwks')).toHaveLength(1);
        expect(harness.service.getState().status).toBe('signed-in'); // the earlier session stays
      } finally {
        await stranger.close();
      }
    });
  });

  describe('UserInfo', () => {
    it('answering for another subject: the session ends at once with subject_mismatch naming another account, the tokens are revoked, nothing kept', async () => {
      provider.transform((req, res) => {
        if (req.path !== '/me') return undefined;
        return { ...res, body: JSON.stringify({ ...JSON.parse(res.body), sub: 'mallory', email: 'mallory@evil.example' }) };
      });
      // Signed in as soon as the ID token passed; UserInfo, merged after, ends it.
      await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
      const ended = await until(harness, (state) => state.status === 'signed-out');
      expect(ended).toMatchObject({ status: 'signed-out', error: { code: 'subject_mismatch', message: expect.stringMatching(/another account/) } });
      expect([...harness.store.data.keys()]).toEqual([]);
      await expect.poll(() => provider.requests.filter((r) => r.path === '/token/revocation').length).toBe(2);
      await expect(harness.service.callApi({ url: provider.apiUrl })).rejects.toMatchObject({ code: 'not_signed_in' });
    });

    it('failing: the session stands on the ID token', async () => {
      provider.intercept((req) => (req.path === '/me' ? { status: 500, body: 'oops' } : undefined));
      await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.alice.sub } });
      await expect.poll(() => provider.requests.filter((r) => r.path === '/me').length).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(harness.service.getState()).toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.alice.sub } });
    });
  });

  describe('the token endpoint', () => {
    it('a server error: provider_error, nothing kept', async () => {
      provider.intercept((req) => (req.path === '/token' ? { status: 500, body: { error: 'server_error', error_description: 'database down' } } : undefined));
      const error = await expectSignInFails('provider_error', /HTTP 500\. Try again in a moment/);
      expect(error.message).not.toMatch(/database down/);
    });

    it('HTML instead of JSON: provider_error naming the endpoint, status and content type, never quoting the body', async () => {
      provider.intercept((req) => (req.path === '/token' ? { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>upstream proxy error</html>' } : undefined));
      const error = await expectSignInFails('provider_error');
      expect(error.message).toMatch(/token endpoint/);
      expect(error.message).toMatch(/HTTP 200/);
      expect(error.message).toMatch(/text\/html/);
      expect(error.message).not.toMatch(/<html|upstream|proxy error|Unexpected token/);
    });

    it('a body that claims to be JSON but is not: provider_error naming the endpoint, never quoting the body', async () => {
      provider.intercept((req) => (req.path === '/token' ? { status: 200, headers: { 'content-type': 'application/json' }, body: '<html>upstream proxy error</html>' } : undefined));
      const error = await expectSignInFails('provider_error');
      expect(error.message).toMatch(/token endpoint/);
      expect(error.message).not.toMatch(/<html|upstream|proxy error|Unexpected token/);
    });

    it('an error_description is never quoted to the person (it goes to the log)', async () => {
      const logged: string[] = [];
      harness.onLog((event) => logged.push(event.message));
      provider.intercept((req) => (req.path === '/token' ? { status: 400, body: { error: 'invalid_grant', error_description: 'bad\u0000\u001b[31m code from the provider' } } : undefined));
      const error = await expectSignInFails('invalid_grant');
      expect(error.message).not.toMatch(/code from the provider/);
      expect(error.message).not.toMatch(/[\u0000-\u001f]/);
      expect(logged.join('\n')).toMatch(/code from the provider/);
      expect(logged.join('\n')).not.toMatch(/[\u0000-\u001f]/);
    });
  });
});

describe('a session over time', () => {
  let provider: TestProvider;
  let harness: Harness;

  beforeEach(async () => {
    provider = await startTestProvider({ accessTokenTtlSeconds: 1 });
    harness = createHarness(provider);
  });

  afterEach(async () => {
    await harness.dispose();
    await provider.close();
  });

  async function signedInThenExpired(): Promise<Harness> {
    await harness.service.signIn();
    await quitUntilTokenExpires(harness);
    return harness.restart();
  }

  it('a refresh that returns another subject ends the session and wipes it', async () => {
    const restarted = await signedInThenExpired();
    forgeIdToken(provider, (claims) => provider.signJwt({ ...claims, sub: TEST_ACCOUNTS.bob.sub }), (body) => body.get('grant_type') === 'refresh_token');
    const state = await restarted.service.restore();
    expect(state).toMatchObject({ status: 'signed-out', error: { code: 'identity_changed' } });
    expect(harness.store.data.has(SESSION_KEY)).toBe(false);
  });

  it('a refresh the provider refuses (invalid_grant) ends the session and wipes it', async () => {
    const restarted = await signedInThenExpired();
    provider.intercept((req) => (req.path === '/token' ? { status: 400, body: { error: 'invalid_grant', error_description: 'grant revoked' } } : undefined));
    const state = await restarted.service.restore();
    expect(state).toMatchObject({ status: 'signed-out', error: { code: 'session_expired', message: expect.stringMatching(/Sign in again/) } });
    expect(harness.store.data.has(SESSION_KEY)).toBe(false);
  });

  it('a network failure during refresh keeps the session, and a retry renews it', async () => {
    const restarted = await signedInThenExpired();
    const stored = harness.store.dump();
    provider.intercept((req) => (req.path === '/token' ? 'drop' : undefined));
    const state = await restarted.service.restore();
    expect(state).toMatchObject({ status: 'signed-in' });
    expect(harness.store.dump()).toBe(stored);
    if (state.status !== 'signed-in') throw new Error('unreachable');

    provider.intercept(undefined);
    const renewed = await until(restarted, (next) => next.status === 'signed-in' && next.expiresAt > state.expiresAt);
    expect(renewed.status).toBe('signed-in');
  });

  it('a save that fails after a refresh (keystore gone) removes the older stored session and reports persisted: false', async () => {
    await harness.service.signIn();
    expect(harness.store.data.has(SESSION_KEY)).toBe(true);
    harness.cipher.available = false;
    // The one-second access token is renewed at once; its save finds no keystore.
    await until(harness, (state) => state.status === 'signed-in' && !state.persisted);
    expect(harness.store.data.has(SESSION_KEY)).toBe(false);
  });

  it('a provider that is down at startup keeps the session', async () => {
    const restarted = await signedInThenExpired();
    await provider.close();
    expect(await restarted.service.restore()).toMatchObject({ status: 'signed-in' });
    expect(harness.store.data.has(SESSION_KEY)).toBe(true);
  });

  it('concurrent restores share one refresh request', async () => {
    const restarted = await signedInThenExpired();
    provider.clearRequests();
    const states = await Promise.all([restarted.service.restore(), restarted.service.restore(), restarted.service.restore()]);
    expect(new Set(states.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(provider.requests.filter((r) => r.path === '/token')).toHaveLength(1);
  });

  it('signing out while the provider is down still wipes the device, and says so', async () => {
    await harness.service.signIn();
    await provider.close();
    const state = await harness.service.signOut();
    expect(state).toMatchObject({ status: 'signed-out', error: { code: 'revocation_failed', message: expect.stringMatching(/signed out on this device/) } });
    expect(harness.store.data.has(SESSION_KEY)).toBe(false);
  });
});

describe('a corrupted or foreign stored session', () => {
  const options = (store: MemoryStore, cipher = new FakeCipher()) => ({
    provider: { issuer: 'https://idp.example.com', clientId: 'app' },
    store,
    cipher,
    openExternal: async () => undefined,
    fetch: async () => {
      throw new Error('no network in this test');
    },
  });

  it.each([
    ['a string', 'garbage'],
    ['a number', 42],
    ['an unknown envelope', { version: 99, ciphertext: 'AAAA' }],
    ['ciphertext that is not base64', { version: 1, ciphertext: '%%%not base64%%%' }],
  ])('%s: signed out, cleaned up, never thrown', async (_name, value) => {
    const store = new MemoryStore();
    store.set(SESSION_KEY, value);
    const service = createAuthService(options(store));
    await expect(service.restore()).resolves.toMatchObject({ status: 'signed-out', error: { code: 'session_unreadable' } });
    expect(store.data.has(SESSION_KEY)).toBe(false);
    await service.dispose();
  });

  it('decrypted text that is not a session: signed out, cleaned up', async () => {
    const store = new MemoryStore();
    const cipher = new FakeCipher();
    for (const plainText of ['not json', '{"hello":"world"}', 'null']) {
      store.set(SESSION_KEY, { version: 1, ciphertext: Buffer.from(await cipher.encrypt(plainText)).toString('base64') });
      const service = createAuthService(options(store, cipher));
      await expect(service.restore()).resolves.toMatchObject({ status: 'signed-out' });
      expect(store.data.has(SESSION_KEY)).toBe(false);
      await service.dispose();
    }
  });

  it('ciphertext the keystore does not decrypt (garbage, or a keyring not unlocked: the two look alike): signed out with keystore_unavailable, kept for a later try, never thrown', async () => {
    const store = new MemoryStore();
    store.set(SESSION_KEY, { version: 1, ciphertext: Buffer.from('random bytes that are not ours').toString('base64') });
    const service = createAuthService(options(store));
    await expect(service.restore()).resolves.toMatchObject({ status: 'signed-out', error: { code: 'keystore_unavailable' } });
    expect(store.data.has(SESSION_KEY)).toBe(true);
    await service.dispose();
  });

  it('a keystore that fails to decrypt: signed out with keystore_unavailable saying why, the ciphertext kept', async () => {
    const store = new MemoryStore();
    const cipher = new FakeCipher();
    store.set(SESSION_KEY, { version: 1, ciphertext: Buffer.from(await cipher.encrypt('{}')).toString('base64') });
    const stored = store.dump();
    cipher.failDecrypt = true;
    const service = createAuthService(options(store, cipher));
    try {
      await expect(service.restore()).resolves.toMatchObject({ status: 'signed-out', error: { code: 'keystore_unavailable', message: expect.stringMatching(/keyring did not unlock it/) } });
      expect(store.dump()).toBe(stored);
    } finally {
      await service.dispose();
    }
  });

  it('a keystore that is unavailable now: signed out, the stored session left for later', async () => {
    const store = new MemoryStore();
    const cipher = new FakeCipher();
    store.set(SESSION_KEY, { version: 1, ciphertext: Buffer.from(await cipher.encrypt('{}')).toString('base64') });
    cipher.available = false;
    const service = createAuthService(options(store, cipher));
    await expect(service.restore()).resolves.toEqual({ status: 'signed-out' });
    expect(store.data.has(SESSION_KEY)).toBe(true);
  });

  it('a store that throws: signed out, never thrown', async () => {
    const store = new MemoryStore();
    store.get = () => {
      throw new Error('EACCES: permission denied');
    };
    const service = createAuthService(options(store));
    await expect(service.restore()).resolves.toMatchObject({ status: 'signed-out' });
  });
});

describe('a session that needs re-encryption or belongs elsewhere', () => {
  let provider: TestProvider;
  let harness: Harness;

  beforeEach(async () => {
    provider = await startTestProvider();
    harness = createHarness(provider);
  });

  afterEach(async () => {
    await harness.dispose();
    await provider.close();
  });

  it('re-encrypts when the keystore asks for it', async () => {
    await harness.service.signIn();
    const before = harness.store.dump();
    const restarted = harness.restart();
    restarted.cipher.reEncrypt = true;
    await expect(restarted.service.restore()).resolves.toMatchObject({ status: 'signed-in', persisted: true });
    expect(restarted.cipher.encryptCalls).toBe(1);
    expect(harness.store.dump()).not.toBe(before);
  });

  it('ignores and removes a session saved for another client', async () => {
    await harness.service.signIn();
    const other = harness.restart({ clientId: 'another-app' });
    await expect(other.service.restore()).resolves.toEqual({ status: 'signed-out' });
    expect(harness.store.data.has(SESSION_KEY)).toBe(false);
  });

  it('dispose during a sign-in ends it and closes the port', async () => {
    harness.onOpen(undefined);
    const signingIn = harness.service.signIn();
    const url = await harness.waitForOpen();
    await harness.service.dispose();
    await expect(signingIn).rejects.toMatchObject({ code: 'cancelled' });
    const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
    await expect(fetch(redirect)).rejects.toThrow();
    await expect(harness.service.signIn()).rejects.toMatchObject({ code: 'disposed' });
  });
});
