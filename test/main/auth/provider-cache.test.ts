import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestProvider, type TestProvider } from '../../support/provider.ts';
import { createHarness, editSealed, quitUntilTokenExpires, signInWithProfile, type Harness } from './setup.ts';

/** The requests the app itself makes (the browser's requests to /auth, /interaction... aside). */
const CLIENT_PATHS = new Set(['/.well-known/openid-configuration', '/jwks', '/token', '/me', '/token/revocation']);

describe('provider metadata and keys kept with the session', () => {
  let provider: TestProvider;
  let harness: Harness;

  const clientRequests = () => provider.requests.filter((r) => CLIENT_PATHS.has(r.path)).map((r) => r.path);

  beforeEach(async () => {
    provider = await startTestProvider({ accessTokenTtlSeconds: 1 });
    harness = createHarness(provider);
  });

  afterEach(async () => {
    await harness.dispose();
    await provider.close();
  });

  async function expireAndRestart(): Promise<Harness> {
    await quitUntilTokenExpires(harness);
    provider.clearRequests();
    return harness.restart();
  }

  it('a cold sign-in reads metadata and keys once, the keys before the redirect; a warm one needs only the token, then UserInfo', async () => {
    await signInWithProfile(harness);
    // Discovery on the click (no restore ran), the keys while the person is in the browser.
    expect(clientRequests()).toEqual(['/.well-known/openid-configuration', '/jwks', '/token', '/me']);
    provider.clearRequests();
    harness.browser.clearCookies();
    await signInWithProfile(harness);
    expect(clientRequests()).toEqual(['/token', '/me']);
  });

  it('restore reads the metadata at startup when nothing is stored: the click opens the browser without a request first', async () => {
    await harness.service.restore();
    await expect.poll(() => clientRequests()).toEqual(['/.well-known/openid-configuration']);
    provider.clearRequests();
    let requestsBeforeBrowser: string[] | undefined;
    harness.onOpen(async (url) => {
      requestsBeforeBrowser ??= clientRequests();
      return harness.browser.signIn(url);
    });
    await signInWithProfile(harness);
    expect(requestsBeforeBrowser).toEqual([]);
  });

  it('a restart with an expired access token costs one request: the refresh', async () => {
    await harness.service.signIn();
    const restarted = await expireAndRestart();
    await expect(restarted.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
    expect(clientRequests()).toEqual(['/token']);
  });

  it('rotated keys after a restart: exactly one key read', async () => {
    await harness.service.signIn();
    await provider.rotateKeys();
    const restarted = await expireAndRestart();
    await expect(restarted.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
    expect(clientRequests()).toEqual(['/token', '/jwks']);
  });

  it('cached metadata naming another issuer is never used', async () => {
    await harness.service.signIn();
    await editSealed(harness, ({ session, provider: entry }) => ({
      session,
      provider: { ...entry!, metadata: { ...(entry!.metadata as object), issuer: 'https://evil.example', token_endpoint: 'https://evil.example/token' } },
    }));
    const restarted = await expireAndRestart();
    await expect(restarted.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
    expect(clientRequests()[0]).toBe('/.well-known/openid-configuration');
    expect(provider.requests.some((r) => r.url.includes('evil'))).toBe(false);
  });

  it('a cached endpoint that moved: metadata read again, the request tried once more', async () => {
    await harness.service.signIn();
    await editSealed(harness, ({ session, provider: entry }) => ({
      session,
      provider: { ...entry!, metadata: { ...(entry!.metadata as object), token_endpoint: `${provider.issuer}/old-token` } },
    }));
    const restarted = await expireAndRestart();
    await expect(restarted.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
    expect(clientRequests()).toEqual(['/.well-known/openid-configuration', '/token']);
  });

  it('a garbled cache is ignored', async () => {
    await harness.service.signIn();
    await editSealed(harness, ({ session }) => ({ session, provider: { version: 1, issuer: provider.issuer, metadata: 'nope' } }));
    const restarted = await expireAndRestart();
    await expect(restarted.service.restore()).resolves.toMatchObject({ status: 'signed-in' });
    expect(clientRequests()).toEqual(['/.well-known/openid-configuration', '/token', '/jwks']);
  });
});
