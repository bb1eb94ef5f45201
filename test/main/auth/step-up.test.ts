/**
 * Step-up and recent sign-in (OpenID Connect Core 3.1.2.1, 3.1.3.7): signIn() asks for max_age,
 * acr_values, login_hint and prompt, and the ID token must show the provider honoured them.
 */
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestProvider, TEST_ACCOUNTS, type TestProvider, type TestProviderOptions } from '../../support/provider.ts';
import { createHarness, signInWithProfile, type Harness } from './setup.ts';

let provider: TestProvider | undefined;
let harness: Harness | undefined;

async function start(options: TestProviderOptions = {}) {
  provider = await startTestProvider(options);
  harness = createHarness(provider);
  return { provider, harness };
}

afterEach(async () => {
  await harness?.dispose();
  await provider?.close();
});

describe('signIn options', () => {
  it('sends max_age, acr_values, login_hint and prompt with the authorization request', async () => {
    const { harness } = await start({ acrValues: ['urn:example:mfa'] });
    await harness.service.signIn({ maxAge: 0, acrValues: ['urn:example:mfa'], loginHint: 'alice', prompt: 'login' });
    const url = new URL(harness.opened[0]!);
    expect(url.searchParams.get('max_age')).toBe('0');
    expect(url.searchParams.get('acr_values')).toBe('urn:example:mfa');
    expect(url.searchParams.get('login_hint')).toBe('alice');
    expect(url.searchParams.get('prompt')).toBe('login');
  });

  it('chooseAccount: prompt=select_account where the provider lists it, login where it does not, consent kept for offline_access', async () => {
    const { provider, harness } = await start();
    await harness.service.signIn({ chooseAccount: true });
    expect(new URL(harness.opened[0]!).searchParams.get('prompt')).toBe('login consent');
    await harness.service.dispose();
    provider.transform((req, res) =>
      req.path === '/.well-known/openid-configuration' ? { ...res, body: JSON.stringify({ ...(JSON.parse(res.body) as object), prompt_values_supported: ['none', 'login', 'consent', 'select_account'] }) } : undefined,
    );
    const fresh = createHarness(provider);
    try {
      fresh.onOpen(undefined);
      void fresh.service.signIn({ chooseAccount: true }).catch(() => undefined);
      expect(new URL(await fresh.waitForOpen()).searchParams.get('prompt')).toBe('select_account consent');
    } finally {
      await fresh.dispose();
    }
  });

  it('maxAge 0 while signed in: the provider asks the person to authenticate again, and the new session stands', async () => {
    const { provider, harness } = await start();
    await signInWithProfile(harness);
    provider.clearRequests();
    const again = await harness.service.signIn({ maxAge: 0 });
    expect(again).toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.alice.sub } });
    // The login form was shown and submitted again, although the provider session was alive.
    expect(provider.requests.some((r) => r.method === 'POST' && /\/interaction\/[^/]+\/login$/.test(r.path))).toBe(true);
    if (again.status !== 'signed-in') throw new Error('unreachable');
    expect(Math.abs((again.claims.auth_time as number) - Date.now() / 1000)).toBeLessThan(10);
  });

  it('while a sign-in runs over a session, neither the session\'s UserInfo nor its renewal shows it as signed in; a cancel shows it again, UserInfo merged', async () => {
    const { provider, harness } = await start({ accessTokenTtlSeconds: 1 });
    // UserInfo answers late: it lands while the next sign-in waits for the person.
    let releaseUserInfo!: () => void;
    const userInfoHeld = new Promise<void>((resolve) => (releaseUserInfo = resolve));
    provider.intercept(async (req) => {
      if (req.path === '/me') await userInfoHeld;
      return undefined;
    });
    await harness.service.signIn();
    harness.onOpen(async () => undefined);
    const seen: string[] = [];
    harness.service.onChange((state) => seen.push(state.status));
    const again = harness.service.signIn({ maxAge: 0 });
    await harness.waitForOpen(2);
    releaseUserInfo();
    // The access token (1 s) is renewed meanwhile too.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await harness.service.checkSession();
    expect(provider.requests.filter((r) => r.path === '/me')).toHaveLength(1);
    expect(harness.service.getState().status).toBe('signing-in');
    expect(seen).toEqual(['signing-in']);
    harness.service.cancelSignIn();
    await expect(again).rejects.toMatchObject({ code: 'cancelled' });
    expect(harness.service.getState()).toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.alice.sub, email: TEST_ACCOUNTS.alice.claims.email } });
  });

  it('an auth_time older than maxAge allows: recent_sign_in_required, the earlier session kept', async () => {
    const { provider, harness } = await start();
    const before = await signInWithProfile(harness);
    provider.transform(async (req, res) => {
      if (req.path !== '/token' || res.status !== 200) return undefined;
      const body = JSON.parse(res.body) as { id_token: string };
      body.id_token = await provider.signJwt({ ...decodeJwt(body.id_token), auth_time: Math.floor(Date.now() / 1000) - 3_600 });
      return { ...res, body: JSON.stringify(body) };
    });
    await expect(harness.service.signIn({ maxAge: 60 })).rejects.toMatchObject({ code: 'recent_sign_in_required' });
    expect(harness.service.getState()).toEqual(before);
  });

  it('an acr the provider honours: signed in, the acr among the claims', async () => {
    const { harness } = await start({ acrValues: ['urn:example:mfa'] });
    await expect(harness.service.signIn({ acrValues: ['urn:example:mfa'] })).resolves.toMatchObject({ status: 'signed-in', claims: { acr: 'urn:example:mfa' } });
  });

  it('an acr the provider did not honour: acr_not_satisfied naming what was asked and what came, nothing kept, what was issued revoked', async () => {
    const { provider, harness } = await start({ acrValues: ['urn:example:password'] });
    const error = await harness.service.signIn({ acrValues: ['urn:example:mfa'] }).then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(error).toMatchObject({ code: 'acr_not_satisfied' });
    expect(error?.message).toContain('urn:example:mfa');
    expect([...harness.store.data.keys()]).toEqual([]);
    expect(harness.service.getState()).toMatchObject({ status: 'signed-out', error: { code: 'acr_not_satisfied' } });
    await expect.poll(() => provider.requests.filter((r) => r.path === '/token/revocation').length).toBe(2);
  });

  it.each([
    [{ maxAge: -1 }, /maxAge/],
    [{ maxAge: 1.5 }, /maxAge/],
    [{ acrValues: [] }, /acrValues/],
    [{ acrValues: ['has space'] }, /acrValues/],
    [{ loginHint: ' ' }, /loginHint/],
    [{ prompt: 'none login' }, /prompt/],
    [{ prompt: 'always' }, /prompt/],
  ])('refuses %j before a browser opens (invalid_config naming the option)', async (options, field) => {
    const { harness } = await start();
    await expect(harness.service.signIn(options as never)).rejects.toMatchObject({ code: 'invalid_config', message: expect.stringMatching(field) });
    expect(harness.opened).toEqual([]);
    expect(harness.service.getState()).toEqual({ status: 'signed-out' });
  });
});
