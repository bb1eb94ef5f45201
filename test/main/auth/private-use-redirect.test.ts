import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultClientMetadata, startTestProvider, type TestProvider } from '../../support/provider.ts';
import { createHarness, type Harness } from './setup.ts';

const REDIRECT = 'com.example.oidcdesktop:/callback';

/** Where the provider sent the browser: a real browser hands the app's own scheme to the
 *  operating system; here the provider's redirect is read as it passes the proxy. */
async function authorizationRedirect(provider: TestProvider, harness: Harness, url: string): Promise<string> {
  let location: string | undefined;
  provider.transform((_req, res) => {
    const header = res.headers.location;
    const value = Array.isArray(header) ? header[0] : header;
    if (value?.startsWith(REDIRECT)) location = value;
    return undefined;
  });
  harness.browser.signIn(url, { followCallback: false }).catch(() => undefined); // fetch cannot follow a custom scheme
  await expect.poll(() => location, { timeout: 5_000 }).toBeDefined();
  return location!;
}

describe('a private-use URI redirect (RFC 8252 §7.1)', () => {
  let provider: TestProvider;
  let harness: Harness;

  beforeEach(async () => {
    provider = await startTestProvider({ clients: [{ ...defaultClientMetadata(), redirect_uris: [REDIRECT] }] });
    harness = createHarness(provider, { provider: { privateUseRedirectUri: REDIRECT } });
  });

  afterEach(async () => {
    await harness.dispose();
    await provider.close();
  });

  it('signs in when the operating system hands the redirect to the app', async () => {
    harness.onOpen(undefined);
    const signingIn = harness.service.signIn();
    const url = await harness.waitForOpen();
    expect(new URL(url).searchParams.get('redirect_uri')).toBe(REDIRECT);
    const redirect = await authorizationRedirect(provider, harness, url);

    const forged = new URL(redirect);
    forged.searchParams.set('state', 'forged');
    expect(await harness.service.handleRedirect(forged.href)).toBe(false);
    expect(await harness.service.handleRedirect('com.other.app:/callback?code=x&state=y')).toBe(false);
    expect(await harness.service.handleRedirect('not a url')).toBe(false);

    expect(await harness.service.handleRedirect(redirect)).toBe(true);
    await expect(signingIn).resolves.toMatchObject({ status: 'signed-in' });
    expect(await harness.service.handleRedirect(redirect)).toBe(false);
  });

  it('the same redirect delivered twice at once (open-url and second-instance) redeems the code once: one token request, the second delivery answered false', async () => {
    harness.onOpen(undefined);
    const signingIn = harness.service.signIn();
    const redirect = await authorizationRedirect(provider, harness, await harness.waitForOpen());
    provider.clearRequests();
    const deliveries = await Promise.all([harness.service.handleRedirect(redirect), harness.service.handleRedirect(redirect)]);
    expect(deliveries).toEqual([true, false]);
    await expect(signingIn).resolves.toMatchObject({ status: 'signed-in' });
    expect(provider.requests.filter((r) => r.path === '/token')).toHaveLength(1);
  });

  it('ignores redirects when no sign-in is running', async () => {
    expect(await harness.service.handleRedirect(`${REDIRECT}?code=x&state=y`)).toBe(false);
  });
});
