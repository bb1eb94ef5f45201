import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_KEY } from '../../../main/auth/vault.ts';
import { startTestProvider, TEST_ACCOUNTS, type TestProvider, type TestProviderOptions } from '../../support/provider.ts';
import { createHarness, editSealed, quitUntilTokenExpires, signInWithProfile, type Harness, type HarnessOptions, type Sealed } from './setup.ts';

describe('DPoP, pushed authorization requests and protected API calls', () => {
  let provider: TestProvider | undefined;
  let harness: Harness | undefined;

  async function start(providerOptions: TestProviderOptions = {}, harnessOptions: HarnessOptions = {}) {
    provider = await startTestProvider(providerOptions);
    harness = createHarness(provider, harnessOptions);
    return { provider, harness };
  }

  afterEach(async () => {
    await harness?.dispose();
    await provider?.close();
  });

  describe('calling a protected API', () => {
    it('sends the access token and returns the answer as plain JSON', async () => {
      const { provider, harness } = await start();
      await harness.service.signIn();
      const response = await harness.service.callApi({ url: provider.apiUrl });
      expect(response).toMatchObject({ status: 200, retriedAfterRefresh: false, headers: { 'x-resource': 'test-provider-api' } });
      expect(JSON.parse(response.body)).toMatchObject({ sub: TEST_ACCOUNTS.alice.sub, token_type: 'Bearer' });
      expect(harness.service.describe().session).toEqual({ tokenType: 'bearer', senderConstrained: false });
    });

    it('refreshes once and retries when the API answers 401', async () => {
      const { provider, harness } = await start();
      await signInWithProfile(harness);
      let denied = 0;
      provider.intercept((req) => {
        if (req.path === '/api/profile' && denied++ === 0) return { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' }, body: { error: 'invalid_token' } };
        return undefined;
      });
      provider.clearRequests();
      const response = await harness.service.callApi({ url: provider.apiUrl });
      expect(response).toMatchObject({ status: 200, retriedAfterRefresh: true });
      expect(provider.requests.map((r) => r.path)).toEqual(['/api/profile', '/token', '/api/profile']);
    });

    it('gives up after one retry and reports the 401', async () => {
      const { provider, harness } = await start();
      await harness.service.signIn();
      provider.intercept((req) => (req.path === '/api/profile' ? { status: 401, body: { error: 'invalid_token' } } : undefined));
      await expect(harness.service.callApi({ url: provider.apiUrl })).resolves.toMatchObject({ status: 401, retriedAfterRefresh: true });
    });

    it('refuses without a session, and for URLs without https', async () => {
      const { provider, harness } = await start();
      await expect(harness.service.callApi({ url: provider.apiUrl })).rejects.toMatchObject({ code: 'not_signed_in' });
      await harness.service.signIn();
      await expect(harness.service.callApi({ url: 'http://api.example.com/x' })).rejects.toMatchObject({ code: 'invalid_config' });
      await expect(harness.service.callApi({ url: 'https://user:pw@api.example.com/x' })).rejects.toMatchObject({ code: 'invalid_config' });
      await expect(harness.service.callApi({ url: 'file:///etc/passwd' })).rejects.toMatchObject({ code: 'invalid_config' });
    });

    it('a dead API is a clear error, and the session stays', async () => {
      const { provider, harness } = await start();
      await harness.service.signIn();
      provider.intercept((req) => (req.path === '/api/profile' ? 'drop' : undefined));
      await expect(harness.service.callApi({ url: provider.apiUrl })).rejects.toMatchObject({ code: 'provider_unreachable', message: expect.stringMatching(/Could not reach the API/) });
      expect(harness.service.getState().status).toBe('signed-in');
    });
  });

  describe('DPoP (RFC 9449)', () => {
    it('binds the tokens to a key when the provider offers DPoP, and the API accepts only proofs', async () => {
      const { provider, harness } = await start({ dpop: true });
      const dpopHeaders: string[] = [];
      provider.transform((req) => {
        if (req.path === '/token' && typeof req.headers.dpop === 'string') dpopHeaders.push(req.headers.dpop);
        return undefined;
      });
      await harness.service.signIn();
      expect(dpopHeaders).toHaveLength(1);
      expect(harness.service.describe().session).toEqual({ tokenType: 'dpop', senderConstrained: true });
      expect(harness.service.describe().features).toMatchObject({ dpop: true });
      const response = await harness.service.callApi({ url: provider.apiUrl });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ token_type: 'DPoP' });
      // Each call carries a fresh proof: a second call is not a replay.
      expect((await harness.service.callApi({ url: provider.apiUrl })).status).toBe(200);
    });

    it('keeps the key with the encrypted session, so a restored DPoP-bound refresh token still works', async () => {
      const { provider, harness } = await start({ dpop: true, accessTokenTtlSeconds: 1 });
      await harness.service.signIn();
      expect(harness.store.dump()).not.toMatch(/"d":|privateJwk/); // the private key is inside the ciphertext only
      await quitUntilTokenExpires(harness);
      const restarted = harness.restart();
      provider.clearRequests();
      await expect(restarted.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
      expect(provider.requests.map((r) => r.path)).toEqual(['/token']);
      expect(restarted.service.describe().session).toEqual({ tokenType: 'dpop', senderConstrained: true });
      expect((await restarted.service.callApi({ url: provider.apiUrl })).status).toBe(200);
    });

    it('a replayed proof is refused by the provider', async () => {
      const { provider, harness } = await start({ dpop: true, accessTokenTtlSeconds: 1 });
      const captured: Array<{ dpop: string; body: string }> = [];
      provider.transform((req) => {
        if (req.path === '/token' && typeof req.headers.dpop === 'string') captured.push({ dpop: req.headers.dpop, body: req.body });
        return undefined;
      });
      await harness.service.signIn();
      await quitUntilTokenExpires(harness);
      await harness.restart().service.restore();
      const refresh = captured.at(-1)!;
      const replay = await fetch(`${provider.issuer}/token`, { method: 'POST', headers: { dpop: refresh.dpop, 'content-type': 'application/x-www-form-urlencoded' }, body: refresh.body });
      expect(replay.status).toBe(400);
    });

    it('with PAR and provider nonces, the nonce learned at the pushed request is reused at the token endpoint: one token request', async () => {
      const { provider, harness } = await start({ dpopNonce: true, par: true });
      await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
      expect(harness.service.describe().session).toEqual({ tokenType: 'dpop', senderConstrained: true });
      expect(provider.requests.filter((r) => r.path === '/token')).toHaveLength(1);
    });

    it('a session whose key was swapped for another is refused at refresh and ends clearly', async () => {
      const other = await startTestProvider({ dpop: true });
      const otherHarness = createHarness(other);
      try {
        await otherHarness.service.signIn();
        const { harness } = await start({ dpop: true, accessTokenTtlSeconds: 1 });
        await harness.service.signIn();
        await harness.service.dispose();
        // Put the other session's key into this session (as an attacker with the store and the key would).
        const theirs = JSON.parse((await otherHarness.cipher.decrypt(new Uint8Array(Buffer.from((otherHarness.store.get(SESSION_KEY) as { ciphertext: string }).ciphertext, 'base64')))).plainText) as Sealed;
        await editSealed(harness, ({ session, provider }) => ({ session: { ...session, dpopKey: theirs.session.dpopKey }, provider }));
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        const restored = await harness.restart().service.restore();
        expect(restored).toMatchObject({ status: 'signed-out', error: { code: 'session_expired', message: expect.stringMatching(/Sign in again/) } });
      } finally {
        await otherHarness.dispose();
        await other.close();
      }
    });

    it('can be turned off', async () => {
      const { harness } = await start({ dpop: true }, { provider: { dpop: false } });
      await harness.service.signIn();
      expect(harness.service.describe().session).toEqual({ tokenType: 'bearer', senderConstrained: false });
    });
  });

  describe('pushed authorization requests (RFC 9126)', () => {
    it('the browser carries only client_id and request_uri', async () => {
      const { provider, harness } = await start({ par: true });
      await harness.service.signIn();
      const url = new URL(harness.opened[0]!);
      expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
      expect(provider.requests.some((r) => r.path === '/request')).toBe(true);
      expect(harness.service.describe().features).toMatchObject({ par: true });
    });

    it('with DPoP too: the pushed request is bound to the key', async () => {
      const { provider, harness } = await start({ par: true, dpop: true });
      const parProofs: string[] = [];
      provider.transform((req) => {
        if (req.path === '/request' && typeof req.headers.dpop === 'string') parProofs.push(req.headers.dpop);
        return undefined;
      });
      await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
      expect(parProofs).toHaveLength(1);
    });

    it('is used when the provider requires it, even if turned off', async () => {
      const { harness } = await start({ requirePar: true }, { provider: { pushedAuthorizationRequests: false } });
      await harness.service.signIn();
      expect([...new URL(harness.opened[0]!).searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    });

    it('a redirect URI the provider refuses is reported at once, before a browser opens', async () => {
      const { harness } = await start({ par: true, clients: [{ client_id: 'desktop-app', application_type: 'native', token_endpoint_auth_method: 'none', redirect_uris: ['http://127.0.0.1/elsewhere'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }] });
      await expect(harness.service.signIn()).rejects.toMatchObject({ code: 'redirect_uri_rejected', message: expect.stringMatching(/Register http:\/\/127\.0\.0\.1\/callback/) });
      expect(harness.opened).toEqual([]);
    });
  });

  it('a provider without DPoP or PAR: plain authorization request, bearer tokens', async () => {
    const { harness } = await start();
    await harness.service.signIn();
    const url = new URL(harness.opened[0]!);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(harness.service.describe().features).toMatchObject({ dpop: false, par: false });
  });
});
