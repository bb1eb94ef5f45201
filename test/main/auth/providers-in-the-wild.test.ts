/**
 * What real providers do every day (a dead host, exact redirect matching, refused revocation,
 * undecoded Basic credentials, PAR without nonces, a refresh refused with the wrong error
 * code): each ends in a clear, coded error within seconds, or works, and loses nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../../../main/auth/index.ts';
import { SESSION_KEY } from '../../../main/auth/vault.ts';
import { freePort } from '../../support/net.ts';
import { defaultClientMetadata, startTestProvider, type TestProvider, type TestProviderOptions } from '../../support/provider.ts';
import { createHarness, quitUntilTokenExpires, until, type Harness } from './setup.ts';

/** Well below the five-minute sign-in time-out: "within seconds". */
const PROMPTLY_MS = 10_000;

let provider: TestProvider | undefined;
let harness: Harness | undefined;

async function start(options: TestProviderOptions = {}, config: Partial<ProviderConfig> = {}) {
  provider = await startTestProvider(options);
  harness = createHarness(provider, { provider: config });
  return { provider, harness };
}

afterEach(async () => {
  await harness?.dispose();
  await provider?.close();
  harness = undefined;
  provider = undefined;
});

/** The sign-in's rejection, and how long it took. */
async function signInFailure(service: Harness['service']): Promise<{ error: { code?: string; message?: string }; ms: number }> {
  const started = Date.now();
  const error = await service.signIn().then(
    () => {
      throw new Error('the sign-in succeeded');
    },
    (e: unknown) => e as { code?: string; message?: string },
  );
  return { error, ms: Date.now() - started };
}

describe('a provider that is down while its metadata is already known', () => {
  it('metadata in memory: provider_unreachable within seconds, the earlier session kept', async () => {
    const { provider, harness } = await start();
    const signedIn = await harness.service.signIn();
    harness.onOpen(undefined);
    const stored = harness.store.dump();
    await provider.close();
    const { error, ms } = await signInFailure(harness.service);
    expect(error).toMatchObject({ code: 'provider_unreachable', message: expect.stringMatching(/Could not reach the identity provider/) });
    expect(ms).toBeLessThan(PROMPTLY_MS);
    expect(harness.service.getState()).toEqual(signedIn);
    expect(harness.store.dump()).toBe(stored);
  });

  it('metadata kept with the session, after a restart: provider_unreachable within seconds', async () => {
    const { provider, harness } = await start();
    await harness.service.signIn();
    await harness.service.dispose();
    const restarted = harness.restart();
    await restarted.service.restore();
    restarted.onOpen(undefined);
    await provider.close();
    const { error, ms } = await signInFailure(restarted.service);
    expect(error).toMatchObject({ code: 'provider_unreachable' });
    expect(ms).toBeLessThan(PROMPTLY_MS);
    expect(restarted.service.getState()).toMatchObject({ status: 'signed-in' });
  });
});

describe('a provider that refuses the authorization request', () => {
  it('exact redirect URI matching (a bare 403): redirect_uri_rejected within seconds, naming the URI to register and the redirect port', async () => {
    const { harness } = await start({ quirks: { exactRedirectUris: true } });
    harness.onOpen(undefined);
    const { error, ms } = await signInFailure(harness.service);
    const port = new URL(new URL(harness.opened[0]!).searchParams.get('redirect_uri')!).port;
    expect(error).toMatchObject({ code: 'redirect_uri_rejected' });
    expect(error.message).toContain(`http://127.0.0.1:${port}/callback`);
    expect(error.message).toMatch(/set (a fixed|the) redirect port/i);
    expect(error.message).toMatch(/HTTP 403/);
    expect(ms).toBeLessThan(PROMPTLY_MS);
    expect([...harness.store.data.keys()]).toEqual([]);
  });

  it('exact redirect URI matching with the port registered and configured: signs in', async () => {
    const port = await freePort();
    const { harness } = await start(
      { quirks: { exactRedirectUris: true }, clients: [{ ...defaultClientMetadata(), redirect_uris: [`http://127.0.0.1:${port}/callback`] }] },
      { redirectPort: port },
    );
    await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
  });

  it('exact redirect URI matching with PAR: refused at the push, before a browser opens, the pushed request never spent', async () => {
    const { provider, harness } = await start({ par: true, quirks: { exactRedirectUris: true } });
    const { error, ms } = await signInFailure(harness.service);
    expect(error).toMatchObject({ code: 'redirect_uri_rejected' });
    expect(ms).toBeLessThan(PROMPTLY_MS);
    expect(harness.opened).toEqual([]);
    expect(provider.requests.filter((r) => r.path === '/auth')).toEqual([]);
  });

  it('a 5xx at the authorization endpoint: provider_error within seconds', async () => {
    const { provider, harness } = await start();
    harness.onOpen(undefined);
    provider.intercept((req) => (req.path === '/auth' ? { status: 503, headers: { 'content-type': 'text/html' }, body: '<h1>maintenance</h1>' } : undefined));
    const { error, ms } = await signInFailure(harness.service);
    expect(error).toMatchObject({ code: 'provider_error', message: expect.stringMatching(/HTTP 503/) });
    expect(error.message).not.toMatch(/maintenance/);
    expect(ms).toBeLessThan(PROMPTLY_MS);
  });

  it('a check of the authorization request never completes the sign-in for the person: the browser still does', async () => {
    const { provider, harness } = await start();
    await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
    // The browser's request and the app's check: the same URL, asked twice.
    expect(provider.requests.filter((r) => r.path === '/auth')).toHaveLength(2);
  });
});

describe('messages that say what is true', () => {
  it('a provider that refuses revocation from a public client: signed out here, told the refresh token may stay valid there and how to end it', async () => {
    const { harness } = await start({ quirks: { refusePublicRevocation: true } });
    await harness.service.signIn();
    const state = await harness.service.signOut();
    expect(state).toMatchObject({ status: 'signed-out', error: { code: 'revocation_refused' } });
    if (state.status !== 'signed-out') throw new Error('unreachable');
    expect(state.error?.message).toMatch(/removed from this device/);
    expect(state.error?.message).toMatch(/did not let this app revoke/);
    expect(state.error?.message).toMatch(/until it expires/);
    expect(state.error?.message).toMatch(/sign out at the provider|remove the app's access/i);
    expect(state.error?.message).not.toMatch(/try again|not what the protocol/i);
    expect([...harness.store.data.keys()]).toEqual([]);
  });

  it('unauthorized_client from a client that sent credentials names client authentication as a possible cause', async () => {
    const confidential = { ...defaultClientMetadata(), client_id: 'desktop-confidential', client_secret: 'a-secret-value', token_endpoint_auth_method: 'client_secret_basic' as const };
    const { provider, harness } = await start({ clients: [confidential] }, { clientId: 'desktop-confidential', clientSecret: 'a-secret-value' });
    provider.intercept((req) => (req.path === '/token' ? { status: 400, body: { error: 'unauthorized_client' } } : undefined));
    const { error } = await signInFailure(harness.service);
    expect(error).toMatchObject({ code: 'invalid_client' });
    expect(error.message).toMatch(/client authentication/i);
    expect(error.message).toMatch(/grant/i);
  });
});

describe('client authentication at the token endpoint', () => {
  const confidential = { ...defaultClientMetadata(), client_id: 'desktop-confidential', client_secret: 'a-secret-value', token_endpoint_auth_method: 'client_secret_basic' as const };

  it('a provider that does not decode Basic credentials: refused with a message that names tokenEndpointAuthMethod client_secret_post', async () => {
    const { harness } = await start({ clients: [confidential], quirks: { basicCredentialsNotDecoded: true } }, { clientId: 'desktop-confidential', clientSecret: 'a-secret-value' });
    const { error, ms } = await signInFailure(harness.service);
    expect(error).toMatchObject({ code: 'invalid_client' });
    expect(error.message).toMatch(/client_secret_post/);
    expect(ms).toBeLessThan(PROMPTLY_MS);
  });

  it('tokenEndpointAuthMethod client_secret_post: signs in with the same provider', async () => {
    const { provider, harness } = await start(
      { clients: [{ ...confidential, token_endpoint_auth_method: 'client_secret_post' }], quirks: { basicCredentialsNotDecoded: true } },
      { clientId: 'desktop-confidential', clientSecret: 'a-secret-value', tokenEndpointAuthMethod: 'client_secret_post' },
    );
    provider.clearRequests();
    await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
  });

  it('the default follows the provider: client_secret_post when it is the only method it lists', async () => {
    const { provider, harness } = await start(
      { clients: [{ ...confidential, token_endpoint_auth_method: 'client_secret_post' }], quirks: { basicCredentialsNotDecoded: true } },
      { clientId: 'desktop-confidential', clientSecret: 'a-secret-value' },
    );
    provider.transform((req, res) => {
      if (req.path !== '/.well-known/openid-configuration') return undefined;
      return { ...res, body: JSON.stringify({ ...JSON.parse(res.body), token_endpoint_auth_methods_supported: ['client_secret_post'] }) };
    });
    await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
  });

  it('an invalid tokenEndpointAuthMethod is refused at creation, naming the field', async () => {
    await expect(start({}, { tokenEndpointAuthMethod: 'private_key_jwt' as never })).rejects.toMatchObject({ code: 'invalid_config', message: expect.stringContaining('tokenEndpointAuthMethod') });
  });
});

describe('PAR with a provider that demands DPoP nonces but sends none at its PAR endpoint', () => {
  it('signs in anyway: the code is bound with dpop_jkt at the push instead of a proof (RFC 9449 §10)', async () => {
    const { provider, harness } = await start({ par: true, dpopNonce: true, quirks: { parRejectsNoncelessProof: true } });
    await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in' });
    expect(harness.service.describe().session).toEqual({ tokenType: 'dpop', senderConstrained: true });
    expect(provider.requests.filter((r) => r.path === '/request').length).toBeGreaterThanOrEqual(1);
  });
});

describe('a refresh the provider refuses with another error than invalid_grant', () => {
  it('a dead refresh token answered invalid_request: the session ends with a message naming what the provider said', async () => {
    const { provider, harness } = await start({ accessTokenTtlSeconds: 1, quirks: { deadRefreshAsInvalidRequest: true } });
    await harness.service.signIn();
    await quitUntilTokenExpires(harness);
    // The refresh token dies at the provider (an administrator revoked it, or it expired there).
    const envelope = harness.store.get(SESSION_KEY) as { ciphertext: string };
    const { plainText } = await harness.cipher.decrypt(new Uint8Array(Buffer.from(envelope.ciphertext, 'base64')));
    const { session } = JSON.parse(plainText) as { session: { refreshToken: string } };
    const revoked = await fetch(`${provider.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: session.refreshToken, token_type_hint: 'refresh_token', client_id: provider.clientId }),
    });
    expect(revoked.status).toBe(200);
    const restarted = harness.restart();
    const state = await restarted.service.restore();
    expect(state).toMatchObject({ status: 'signed-out', error: { code: 'session_expired', message: expect.stringContaining('invalid_request') } });
    expect(harness.store.data.has(SESSION_KEY)).toBe(false);
  });

  it('a 5xx answer to the refresh keeps the session and retries', async () => {
    const { provider, harness } = await start({ accessTokenTtlSeconds: 1 });
    await harness.service.signIn();
    await quitUntilTokenExpires(harness);
    const restarted = harness.restart();
    provider.intercept((req) => (req.path === '/token' ? { status: 503, body: { error: 'temporarily_unavailable' } } : undefined));
    await expect(restarted.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
    expect(harness.store.data.has(SESSION_KEY)).toBe(true);
  });
});

describe('callApi when the refresh after a 401 fails', () => {
  it('a network failure of that refresh: a coded error (provider_unreachable), never "Body is unusable", the session kept', async () => {
    const { provider, harness } = await start();
    await harness.service.signIn();
    provider.intercept((req) => {
      if (req.path === '/api/profile') return { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' }, body: { error: 'invalid_token' } };
      if (req.path === '/token') return 'drop';
      return undefined;
    });
    await expect(harness.service.callApi({ url: provider.apiUrl })).rejects.toMatchObject({ name: 'AuthError', code: 'provider_unreachable' });
    expect(harness.service.getState()).toMatchObject({ status: 'signed-in' });
  });

  it('a refusal of that refresh: the session ends and callApi rejects with session_expired', async () => {
    const { provider, harness } = await start();
    await harness.service.signIn();
    provider.intercept((req) => {
      if (req.path === '/api/profile') return { status: 401, body: { error: 'invalid_token' } };
      if (req.path === '/token') return { status: 400, body: { error: 'invalid_grant' } };
      return undefined;
    });
    await expect(harness.service.callApi({ url: provider.apiUrl })).rejects.toMatchObject({ name: 'AuthError', code: 'session_expired' });
    await until(harness, (state) => state.status === 'signed-out');
  });
});

describe('metadata that does not advertise the refresh grant', () => {
  it('probe() reports refreshTokens false (the setup screen says "not advertised"), and a real sign-in still gets a refresh token that renews the session', async () => {
    const { harness } = await start({ accessTokenTtlSeconds: 1, quirks: { refreshGrantNotAdvertised: true } });
    await expect(harness.service.probe()).resolves.toMatchObject({ features: { refreshTokens: false } });
    await harness.service.signIn();
    await quitUntilTokenExpires(harness);
    const restarted = harness.restart();
    await expect(restarted.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
  });
});
