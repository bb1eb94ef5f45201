/**
 * The test provider and its two browsers, proven with openid-client 6 directly (no app code):
 * tokens, refresh rotation, revocation, UserInfo, consent denial, RFC 9207 `iss`, RP-initiated
 * logout to any loopback port, key rotation, tampering hooks, and one real Chromium sign-in.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmLogoutWithChromium, launchChromium, signInWithChromium } from './chromium.ts';
import { createHttpBrowser, HttpBrowserError } from './http-browser.ts';
import { DEMO_ACCOUNTS, startTestProvider, TEST_ACCOUNTS, TEST_CLIENT_ID, type TestProvider } from './provider.ts';

async function discover(provider: TestProvider, clientId = TEST_CLIENT_ID, clientSecret?: string): Promise<oidc.Configuration> {
  const auth = clientSecret === undefined ? oidc.None() : oidc.ClientSecretBasic(clientSecret);
  return oidc.discovery(new URL(provider.issuer), clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });
}

interface PendingAuth {
  url: URL;
  verifier: string;
  state: string;
  redirectUri: string;
}

async function authorizationRequest(
  config: oidc.Configuration,
  options: { port?: number; path?: string; scope?: string; prompt?: string } = {},
): Promise<PendingAuth> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const redirectUri = `http://127.0.0.1:${options.port ?? 49_152 + Math.floor(Math.random() * 10_000)}${options.path ?? '/callback'}`;
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: options.scope ?? 'openid profile email offline_access',
    prompt: options.prompt ?? 'consent',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  return { url, verifier, state, redirectUri };
}

/** A stand-in for the app's loopback listener: answers every request with a small page. */
async function startCallbackServer(): Promise<{ port: number; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><title>Done</title><p>You can return to the app.</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('test provider', () => {
  let provider: TestProvider;
  let config: oidc.Configuration;

  async function signIn(options: { username?: string; browser?: ReturnType<typeof createHttpBrowser> } = {}) {
    const pending = await authorizationRequest(config);
    const browser = options.browser ?? createHttpBrowser();
    const { callbackUrl } = await browser.signIn(pending.url, { username: options.username, followCallback: false });
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
    });
    return { tokens, callbackUrl, browser };
  }

  beforeAll(async () => {
    provider = await startTestProvider();
    config = await discover(provider);
  });
  afterAll(async () => {
    await provider.close();
  });

  it('serves discovery for an http://127.0.0.1 issuer with PKCE S256, iss, revocation, end session, introspection', () => {
    expect(provider.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(provider.issuer);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    expect(metadata.revocation_endpoint).toBe(`${provider.issuer}/token/revocation`);
    expect(metadata.end_session_endpoint).toBe(`${provider.issuer}/session/end`);
    expect(metadata.introspection_endpoint).toBe(`${provider.issuer}/token/introspection`);
    expect(metadata.userinfo_endpoint).toBe(`${provider.issuer}/me`);
    expect(metadata.dpop_signing_alg_values_supported).toBeUndefined();
    expect(metadata.pushed_authorization_request_endpoint).toBeUndefined();
  });

  it('signs alice in with login + consent and issues access, ID and refresh tokens', async () => {
    const started = performance.now();
    const { tokens, callbackUrl } = await signIn();
    const elapsed = performance.now() - started;
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.id_token).toBeTruthy();
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.scope?.split(' ').sort()).toEqual(['email', 'offline_access', 'openid', 'profile']);
    const claims = tokens.claims();
    expect(claims?.sub).toBe(TEST_ACCOUNTS.alice.sub);
    expect(claims?.iss).toBe(provider.issuer);
    expect(claims?.aud).toBe(TEST_CLIENT_ID);
    // Scope claims go to UserInfo, not into the code flow's ID token.
    expect(claims?.name).toBeUndefined();
    expect(decodeProtectedHeader(tokens.id_token!).kid).toBe(provider.kid);
    expect(callbackUrl.pathname).toBe('/callback');
    expect(elapsed).toBeLessThan(2_000);
  });

  it('puts the RFC 9207 iss parameter in the authorization response', async () => {
    const pending = await authorizationRequest(config);
    const { callbackUrl } = await createHttpBrowser().signIn(pending.url, { followCallback: false });
    expect(callbackUrl.searchParams.get('iss')).toBe(provider.issuer);
    expect(callbackUrl.searchParams.get('state')).toBe(pending.state);
    expect(callbackUrl.searchParams.get('code')).toBeTruthy();
  });

  it('requests the app callback when followCallback is left on', async () => {
    const app = await startCallbackServer();
    try {
      const pending = await authorizationRequest(config, { port: app.port });
      const result = await createHttpBrowser().signIn(pending.url, { username: 'bob' });
      expect(result.callbackUrl.origin).toBe(`http://127.0.0.1:${app.port}`);
      expect(result.status).toBe(200);
      expect(result.body).toContain('You can return to the app.');
      expect(app.hits).toHaveLength(1);
      expect(app.hits[0]).toContain('code=');
    } finally {
      await app.close();
    }
  });

  it('rotates refresh tokens; reusing the old one gives invalid_grant', async () => {
    const { tokens } = await signIn();
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).toBeTruthy();
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()?.sub).toBe(TEST_ACCOUNTS.alice.sub);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('revokes refresh and access tokens', async () => {
    const { tokens } = await signIn();
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(true);
    await oidc.tokenRevocation(config, tokens.access_token);
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    await oidc.tokenRevocation(config, tokens.refresh_token!);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it("returns alice's claims from UserInfo", async () => {
    const { tokens } = await signIn();
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, TEST_ACCOUNTS.alice.sub);
    expect(userinfo).toEqual({ sub: TEST_ACCOUNTS.alice.sub, ...TEST_ACCOUNTS.alice.claims });
  });

  it('signs in each of the demo’s accounts, next to the default ones, with its own claims', async () => {
    const demo = await startTestProvider({ accounts: [...DEMO_ACCOUNTS] });
    try {
      const demoConfig = await discover(demo);
      for (const account of [...DEMO_ACCOUNTS, TEST_ACCOUNTS.bob]) {
        const pending = await authorizationRequest(demoConfig);
        const { callbackUrl } = await createHttpBrowser().signIn(pending.url, { username: account.username, password: account.password, followCallback: false });
        const tokens = await oidc.authorizationCodeGrant(demoConfig, callbackUrl, { pkceCodeVerifier: pending.verifier, expectedState: pending.state });
        const userinfo = await oidc.fetchUserInfo(demoConfig, tokens.access_token, account.sub);
        expect(userinfo).toEqual({ sub: account.sub, ...account.claims });
      }
    } finally {
      await demo.close();
    }
  });

  it('ends in error=access_denied when the user presses Deny', async () => {
    const pending = await authorizationRequest(config);
    const { callbackUrl } = await createHttpBrowser().signIn(pending.url, { consent: 'deny', followCallback: false });
    expect(callbackUrl.searchParams.get('error')).toBe('access_denied');
    expect(callbackUrl.searchParams.get('state')).toBe(pending.state);
    expect(callbackUrl.searchParams.get('iss')).toBe(provider.issuer);
    await expect(
      oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: pending.verifier, expectedState: pending.state }),
    ).rejects.toMatchObject({ error: 'access_denied' });
  });

  it('re-shows the login form with an error after a wrong password', async () => {
    const pending = await authorizationRequest(config);
    const browser = createHttpBrowser();
    const login = await browser.get(pending.url);
    expect(login.text).toContain('Sign in');
    const again = await browser.submit(login, { fields: { Username: 'alice', Password: 'nope' }, button: 'Sign in' });
    expect(again.status).toBe(200);
    expect(again.text).toContain('Wrong username or password');
    expect(again.forms.some((form) => form.fields.some((field) => field.label === 'Password'))).toBe(true);
    await expect(createHttpBrowser().signIn(pending.url, { password: 'nope' })).rejects.toThrow(HttpBrowserError);
  });

  it('skips the login form on a second sign-in in the same browser, but still asks for consent', async () => {
    const { browser } = await signIn();
    provider.clearRequests();
    await signIn({ browser });
    const paths = provider.requests.map((request) => `${request.method} ${request.path}`);
    expect(paths.some((path) => path.endsWith('/login'))).toBe(false);
    expect(paths.some((path) => path.endsWith('/confirm'))).toBe(true);
  });

  it('accepts a post-logout redirect to an arbitrary loopback port and ends the provider session', async () => {
    const { tokens, browser } = await signIn();
    const app = await startCallbackServer();
    try {
      const endSession = oidc.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: `http://127.0.0.1:${app.port}/signed-out`,
        state: 'bye',
      });
      const result = await browser.confirmLogout(endSession);
      expect(result.url.origin).toBe(`http://127.0.0.1:${app.port}`);
      expect(result.url.pathname).toBe('/signed-out');
      expect(result.url.searchParams.get('state')).toBe('bye');
      expect(result.status).toBe(200);
      expect(app.hits).toEqual([`/signed-out?state=bye`]);
    } finally {
      await app.close();
    }
    // The provider session is gone: the next sign-in asks for the password again.
    provider.clearRequests();
    await signIn({ browser });
    expect(provider.requests.some((request) => request.path.endsWith('/login'))).toBe(true);
    // An unregistered post-logout path is refused.
    const wrong = oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: 'http://127.0.0.1:4000/elsewhere' });
    await expect(createHttpBrowser().confirmLogout(wrong, { followRedirect: false })).rejects.toThrow(/post_logout_redirect_uri/);
  });

  it('refuses a redirect URI the client did not register', async () => {
    const pending = await authorizationRequest(config, { path: '/not-registered' });
    await expect(createHttpBrowser().signIn(pending.url, { followCallback: false })).rejects.toThrow(/redirect_uri/);
  });

  it('records requests, and intercept answers (or drops) instead of the provider', async () => {
    const { tokens } = await signIn();
    provider.clearRequests();
    provider.intercept((req) => {
      if (req.path === '/token' && req.body.includes('grant_type=refresh_token')) {
        return { status: 400, body: { error: 'invalid_grant', error_description: 'forged by the test' } };
      }
      if (req.path === '/me') return 'drop';
      return undefined;
    });
    try {
      await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
        error_description: 'forged by the test',
      });
      await expect(oidc.fetchUserInfo(config, tokens.access_token, oidc.skipSubjectCheck)).rejects.toThrow();
    } finally {
      provider.intercept(undefined);
    }
    // The provider never saw the forged refresh: the real token still works.
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).toBeTruthy();
    expect(provider.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /token',
      'GET /me',
      'POST /token',
    ]);
    expect(provider.requests.every((request) => typeof request.time === 'number')).toBe(true);
  });

  it("transform rewrites the provider's responses (discovery, UserInfo)", async () => {
    const { tokens } = await signIn();
    provider.transform((req, res) => {
      if (req.path === '/.well-known/openid-configuration') {
        const metadata = JSON.parse(res.body) as Record<string, unknown>;
        delete metadata.code_challenge_methods_supported;
        return { ...res, body: JSON.stringify(metadata) };
      }
      if (req.path === '/me') {
        return { ...res, body: JSON.stringify({ ...(JSON.parse(res.body) as object), sub: 'someone-else' }) };
      }
      return undefined;
    });
    try {
      const tampered = await discover(provider);
      expect(tampered.serverMetadata().code_challenge_methods_supported).toBeUndefined();
      await expect(oidc.fetchUserInfo(config, tokens.access_token, TEST_ACCOUNTS.alice.sub)).rejects.toMatchObject({
        code: 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
      });
    } finally {
      provider.transform(undefined);
    }
    expect((await oidc.fetchUserInfo(config, tokens.access_token, TEST_ACCOUNTS.alice.sub)).sub).toBe(TEST_ACCOUNTS.alice.sub);
  });

  it('signJwt signs with the current key, verifiable against the published JWKS', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await provider.signJwt({ iss: provider.issuer, aud: TEST_CLIENT_ID, sub: 'forged', iat: now, exp: now + 60 });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: provider.kid });
    const published = (await (await fetch(`${provider.issuer}/jwks`)).json()) as { keys: Array<{ kid: string }> };
    expect(published.keys.map((key) => key.kid)).toEqual([provider.kid]);
    const { payload } = await jwtVerify(token, createLocalJWKSet(provider.jwks), { issuer: provider.issuer });
    expect(payload.sub).toBe('forged');
    expect(decodeProtectedHeader(await provider.signJwt({}, { kid: 'unknown-kid' })).kid).toBe('unknown-kid');
    expect(decodeProtectedHeader(await provider.signJwt({}, { kid: null })).kid).toBeUndefined();
  });

  // Runs last in this block: it replaces the signing key of the shared provider.
  it('rotateKeys changes the kid and keeps port, sessions, grants and refresh tokens', async () => {
    const { tokens, browser } = await signIn();
    const oldKid = provider.kid;
    const port = provider.port;
    await provider.rotateKeys();
    expect(provider.kid).not.toBe(oldKid);
    expect(provider.port).toBe(port);
    const published = (await (await fetch(`${provider.issuer}/jwks`)).json()) as { keys: Array<{ kid: string }> };
    expect(published.keys.map((key) => key.kid)).toEqual([provider.kid]);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(decodeProtectedHeader(refreshed.id_token!).kid).toBe(provider.kid);
    expect(refreshed.claims()?.sub).toBe(TEST_ACCOUNTS.alice.sub);
    expect((await oidc.fetchUserInfo(config, refreshed.access_token, TEST_ACCOUNTS.alice.sub)).name).toBe('Alice Liddell');

    provider.clearRequests();
    await signIn({ browser });
    expect(provider.requests.some((request) => request.path.endsWith('/login'))).toBe(false);

    await provider.rotateKeys({ keepPrevious: true });
    expect(provider.jwks.keys.map((key) => key.kid)).toHaveLength(2);
  });
});

describe('test provider options', () => {
  it('can drop revocation, end session and UserInfo, sign with ES256, strip iss, and add a confidential client', async () => {
    const provider = await startTestProvider({
      revocation: false,
      endSession: false,
      userinfo: false,
      introspection: false,
      issParameter: false,
      signingAlg: 'ES256',
      extraClients: [
        {
          client_id: 'confidential-app',
          client_secret: 'confidential-secret',
          token_endpoint_auth_method: 'client_secret_basic',
          application_type: 'native',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: ['http://127.0.0.1/callback'],
        },
      ],
    });
    try {
      const config = await discover(provider, 'confidential-app', 'confidential-secret');
      const metadata = config.serverMetadata();
      expect(metadata.revocation_endpoint).toBeUndefined();
      expect(metadata.end_session_endpoint).toBeUndefined();
      expect(metadata.userinfo_endpoint).toBeUndefined();
      expect(metadata.introspection_endpoint).toBeUndefined();
      expect(metadata.authorization_response_iss_parameter_supported).toBeUndefined();

      const pending = await authorizationRequest(config);
      const { callbackUrl } = await createHttpBrowser().signIn(pending.url, { username: 'bob', followCallback: false });
      expect(callbackUrl.searchParams.has('iss')).toBe(false);
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
      });
      expect(decodeProtectedHeader(tokens.id_token!)).toMatchObject({ alg: 'ES256', kid: provider.kid });
      // Without a UserInfo endpoint, oidc-provider puts the scope claims into the ID token.
      expect(tokens.claims()).toMatchObject({ sub: TEST_ACCOUNTS.bob.sub, name: 'Bob Builder', email: 'bob@example.com' });
    } finally {
      await provider.close();
      await provider.close();
    }
    // The port is free again.
    const again = await startTestProvider({ port: provider.port });
    expect(again.issuer).toBe(provider.issuer);
    await again.close();
  });

  it('applies the TTL options, and the DPoP and PAR switches', async () => {
    const provider = await startTestProvider({ accessTokenTtlSeconds: 5, idTokenTtlSeconds: 7, dpop: true, par: true });
    try {
      const config = await discover(provider);
      expect(config.serverMetadata().dpop_signing_alg_values_supported).toContain('ES256');
      expect(config.serverMetadata().pushed_authorization_request_endpoint).toBe(`${provider.issuer}/request`);
      const pending = await authorizationRequest(config);
      const { callbackUrl } = await createHttpBrowser().signIn(pending.url, { followCallback: false });
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
      });
      expect(tokens.expires_in).toBe(5);
      const claims = tokens.claims()!;
      expect(claims.exp - claims.iat).toBe(7);
    } finally {
      await provider.close();
    }
  });
});

describe('Chromium', () => {
  it('signs in through the real login and consent pages, then signs out', async () => {
    const launching = launchChromium();
    launching.catch(() => undefined);
    const [provider, app] = await Promise.all([startTestProvider(), startCallbackServer()]);
    try {
      const chromium = await launching;
      const config = await discover(provider);
      const page = await (await chromium.newContext()).newPage();
      const pending = await authorizationRequest(config, { port: app.port });
      const { callbackUrl, text } = await signInWithChromium(page, pending.url, {
        username: 'alice',
        password: 'wonderland',
        consent: 'allow',
      });
      expect(callbackUrl.origin).toBe(`http://127.0.0.1:${app.port}`);
      expect(text).toContain('You can return to the app.');
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
      });
      expect(tokens.claims()?.sub).toBe(TEST_ACCOUNTS.alice.sub);

      const endSession = oidc.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: `http://127.0.0.1:${app.port}/signed-out`,
      });
      const logout = await confirmLogoutWithChromium(page, endSession);
      expect(logout.url.href).toBe(`http://127.0.0.1:${app.port}/signed-out`);
      expect(logout.text).toContain('You can return to the app.');
    } finally {
      await launching.then((browser) => browser.close(), () => undefined);
      await app.close();
      await provider.close();
    }
  });
});
