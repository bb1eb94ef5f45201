import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { portIsClosed } from '../../support/net.ts';
import { SESSION_KEY } from '../../../main/auth/vault.ts';
import { startTestProvider, TEST_ACCOUNTS, type TestProvider } from '../../support/provider.ts';
import type { AuthState } from '../../../main/auth/index.ts';
import { containsAny, createHarness, quitUntilTokenExpires, signInWithProfile, until, type Harness } from './setup.ts';


function redirectPortOf(url: string): number {
  return Number(new URL(new URL(url).searchParams.get('redirect_uri')!).port);
}

/** Records every token the provider hands out, so tests can prove none is stored or leaked. */
function captureTokens(provider: TestProvider): string[] {
  const tokens: string[] = [];
  provider.transform((req, res) => {
    if (req.path === '/token' && res.status === 200) {
      const body = JSON.parse(res.body) as Record<string, unknown>;
      for (const name of ['access_token', 'refresh_token', 'id_token']) {
        if (typeof body[name] === 'string') tokens.push(body[name]);
      }
    }
    return undefined;
  });
  return tokens;
}

describe('sign-in against a real OpenID provider', () => {
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

  it('signs in with PKCE S256, state and nonce, and shows validated claims merged with UserInfo', async () => {
    const tokens = captureTokens(provider);
    const seen: string[] = [];
    harness.service.onChange((state) => seen.push(state.status));

    const state = await signInWithProfile(harness);

    expect(state).toMatchObject({ status: 'signed-in', persisted: true });
    if (state.status !== 'signed-in') throw new Error('unreachable');
    const alice = TEST_ACCOUNTS.alice;
    expect(state.claims).toMatchObject({ iss: provider.issuer, sub: alice.sub, aud: provider.clientId, email: alice.claims.email, name: alice.claims.name });
    expect(state.scopes).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'offline_access']));
    expect(state.expiresAt).toBeGreaterThan(Date.now() + 3_000_000);
    expect(seen).toEqual(['signing-in', 'signed-in', 'signed-in']);

    const url = new URL(harness.opened[0]!);
    expect(url.origin + url.pathname).toBe(`${provider.issuer}/auth`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('prompt')).toBe('consent');

    // Tokens never leave the core, are never stored in the clear, and neither are the claims.
    expect(tokens.length).toBe(3);
    expect(JSON.stringify(state)).not.toSatisfy((text: string) => containsAny(text, tokens));
    expect(containsAny(harness.store.dump(), tokens)).toBe(false);
    expect(harness.store.dump()).not.toContain(alice.claims.email as string);
    expect(harness.store.dump()).not.toContain(alice.sub);
    expect(await portIsClosed(redirectPortOf(harness.opened[0]!))).toBe(true);
    expect(harness.browserErrors).toEqual([]);
  });

  it('is signed in one request after the redirect (the token): keys were read while the person was in the browser, UserInfo merges in a second state change', async () => {
    let redirected = 0;
    const afterRedirect: string[] = [];
    provider.intercept((req) => {
      if (req.path === '/token') redirected++;
      if (redirected > 0) afterRedirect.push(req.path);
      return undefined;
    });
    const states: AuthState[] = [];
    harness.service.onChange((state) => states.push(state));
    const signedIn = await harness.service.signIn();
    // Only the token request stood between the redirect and the signed-in state.
    expect(afterRedirect).toEqual(['/token']);
    expect(signedIn).toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.alice.sub } });
    if (signedIn.status !== 'signed-in') throw new Error('unreachable');
    expect(signedIn.claims.email).toBeUndefined();
    const merged = await until(harness, (state) => state.status === 'signed-in' && state.claims.email !== undefined);
    expect(merged).toMatchObject({ claims: { sub: TEST_ACCOUNTS.alice.sub, email: TEST_ACCOUNTS.alice.claims.email, iss: provider.issuer } });
    expect(states.map((state) => state.status)).toEqual(['signing-in', 'signed-in', 'signed-in']);
  });

  it('restores the session in a new service instance without asking the provider while the token is valid', async () => {
    const first = await signInWithProfile(harness);
    provider.clearRequests();
    const restarted = harness.restart();
    const restored = await restarted.service.restore();
    expect(restored).toEqual(first);
    expect(provider.requests).toEqual([]);
  });

  it('refreshes an expired session at restore, rotating the refresh token, and keeps the identity', async () => {
    await provider.close();
    provider = await startTestProvider({ accessTokenTtlSeconds: 2 });
    const tokens = captureTokens(provider);
    harness = createHarness(provider);
    const first = await harness.service.signIn();
    await quitUntilTokenExpires(harness, 2);

    const restarted = harness.restart();
    const restored = await restarted.service.restore();
    expect(restored.status).toBe('signed-in');
    if (restored.status !== 'signed-in' || first.status !== 'signed-in') throw new Error('unreachable');
    expect(restored.claims.sub).toBe(first.claims.sub);
    expect(restored.expiresAt).toBeGreaterThan(first.expiresAt);
    expect(tokens.filter((t) => !t.includes('.')).length).toBeGreaterThanOrEqual(4); // two access + two refresh tokens
    expect(containsAny(harness.store.dump(), tokens)).toBe(false);

    // The refresh token was rotated: a third instance restores with the new one.
    await quitUntilTokenExpires(restarted, 2);
    const again = await harness.restart().service.restore();
    expect(again.status).toBe('signed-in');
  });

  it('refreshes on its own before the access token expires', async () => {
    await provider.close();
    provider = await startTestProvider({ accessTokenTtlSeconds: 4 });
    harness = createHarness(provider);
    const first = await harness.service.signIn();
    if (first.status !== 'signed-in') throw new Error('unreachable');
    const renewed = await until(harness, (state) => state.status === 'signed-in' && state.expiresAt > first.expiresAt, 8_000);
    expect(renewed.status).toBe('signed-in');
    // The refresh happened before expiry, not after.
    expect(Date.now()).toBeLessThan(first.expiresAt);
  });

  it('signs out: revokes at the provider, wipes the device, and the refresh token is dead', async () => {
    const tokens = captureTokens(provider);
    await harness.service.signIn();
    provider.clearRequests();
    const state = await harness.service.signOut();
    expect(state).toEqual({ status: 'signed-out' });
    expect(provider.requests.filter((r) => r.path === '/token/revocation').length).toBeGreaterThanOrEqual(1);
    // Nothing is left on the device: not the session, not what was kept with it.
    expect([...harness.store.data.keys()]).toEqual([]);

    const refreshToken = tokens.find((token) => !token.includes('.') && token !== tokens[0]);
    const response = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken!, client_id: provider.clientId }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    expect(await harness.restart().service.restore()).toMatchObject({ status: 'signed-out' });
  });

  it('ends the provider session in the browser with id_token_hint and comes back to a loopback page', async () => {
    await harness.service.signIn();
    harness.onOpen(undefined);
    await harness.service.signOut({ endProviderSession: true });
    const endSession = new URL(harness.opened.at(-1)!);
    expect(endSession.pathname).toBe('/session/end');
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(endSession.searchParams.get('client_id')).toBe(provider.clientId);
    const postLogout = new URL(endSession.searchParams.get('post_logout_redirect_uri')!);
    expect(postLogout.hostname).toBe('127.0.0.1');

    const result = await harness.browser.confirmLogout(endSession);
    expect(result.url.origin).toBe(postLogout.origin);
    expect(result.status).toBe(200);
    expect(result.body).toContain('You are signed out');
    await expect.poll(() => portIsClosed(Number(postLogout.port))).toBe(true);
  });

  it('keeps the session in memory only when the cipher is unavailable', async () => {
    harness.cipher.available = false;
    const state = await harness.service.signIn();
    expect(state).toMatchObject({ status: 'signed-in', persisted: false });
    expect(harness.store.data.has(SESSION_KEY)).toBe(false);
    const restarted = harness.restart();
    restarted.cipher.available = false;
    expect(await restarted.service.restore()).toMatchObject({ status: 'signed-out' });
  });

  it('joins a second signIn() to the one running and opens the browser once', async () => {
    const [a, b] = await Promise.all([harness.service.signIn(), harness.service.signIn()]);
    expect(a).toEqual(b);
    expect(harness.opened).toHaveLength(1);
  });

  it('cancels: rejects with "cancelled", closes the port, leaves the store alone', async () => {
    harness.onOpen(undefined);
    const signingIn = harness.service.signIn();
    const url = await harness.waitForOpen();
    expect(harness.service.getState()).toEqual({ status: 'signing-in' });
    harness.service.cancelSignIn();
    await expect(signingIn).rejects.toMatchObject({ name: 'AuthError', code: 'cancelled' });
    expect(harness.service.getState()).toMatchObject({ status: 'signed-out', error: { code: 'cancelled' } });
    expect(await portIsClosed(redirectPortOf(url))).toBe(true);
    expect([...harness.store.data.keys()]).toEqual([]);
  });

  it('times out: rejects with "timeout" and closes the port', async () => {
    await harness.dispose();
    harness = createHarness(provider, { provider: { signInTimeoutMs: 300 } });
    harness.onOpen(undefined);
    const signingIn = harness.service.signIn();
    const url = await harness.waitForOpen();
    await expect(signingIn).rejects.toMatchObject({ code: 'timeout', message: expect.stringMatching(/not completed/) });
    expect(await portIsClosed(redirectPortOf(url))).toBe(true);
  });

  it('reports access_denied when the person refuses consent', async () => {
    harness.onOpen((url) => harness.browser.signIn(url, { consent: 'deny' }));
    await expect(harness.service.signIn()).rejects.toMatchObject({ code: 'access_denied', message: expect.stringMatching(/denied/) });
    expect(harness.service.getState()).toMatchObject({ status: 'signed-out', error: { code: 'access_denied' } });
    expect(harness.store.data.has(SESSION_KEY)).toBe(false);
  });

  it('keeps the earlier session when a new sign-in fails, and replaces it only when one succeeds', async () => {
    const alice = await signInWithProfile(harness);
    const stored = harness.store.dump();
    harness.onOpen((url) => harness.browser.signIn(url, { consent: 'deny' }));
    await expect(harness.service.signIn()).rejects.toMatchObject({ code: 'access_denied' });
    expect(harness.service.getState()).toEqual(alice);
    expect(harness.store.dump()).toBe(stored);

    harness.browser.clearCookies();
    harness.onOpen((url) => harness.browser.signIn(url, { username: 'bob' }));
    const bob = await signInWithProfile(harness);
    expect(bob).toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.bob.sub } });
    expect(await harness.restart().service.restore()).toEqual(bob);
  });

  it('answers 400 to a callback with a wrong state (right iss), with no iss, or with another iss, and still completes the genuine sign-in', async () => {
    harness.onOpen(async (url) => {
      const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
      const state = new URL(url).searchParams.get('state')!;
      const iss = encodeURIComponent(provider.issuer);
      // Each forgery differs from the genuine callback in one parameter only, so each rule is
      // what turns it away (the provider advertises RFC 9207, so iss is required).
      const wrongState = await fetch(`${redirect.href}?code=attacker-code&state=attacker-state&iss=${iss}`);
      expect(wrongState.status).toBe(400);
      const noIssuer = await fetch(`${redirect.href}?code=attacker-code&state=${state}`);
      expect(noIssuer.status).toBe(400);
      const wrongIssuer = await fetch(`${redirect.href}?code=attacker-code&state=${state}&iss=https%3A%2F%2Fevil.example`);
      expect(wrongIssuer.status).toBe(400);
      return harness.browser.signIn(url);
    });
    await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
    expect(harness.browserErrors).toEqual([]);
  });

  it('opens the same authorization URL again on request', async () => {
    harness.onOpen(undefined);
    const signingIn = harness.service.signIn();
    const first = await harness.waitForOpen();
    harness.onOpen((url) => harness.browser.signIn(url));
    await harness.service.reopenBrowser();
    expect(harness.opened[1]).toBe(first);
    await expect(signingIn).resolves.toMatchObject({ status: 'signed-in' });
    await expect(harness.service.reopenBrowser()).rejects.toMatchObject({ code: 'no_sign_in' });
  });
});
