/**
 * Sign-in from another device (RFC 8628): the code shown through the state, polling at the
 * provider's interval, slow_down honoured, cancel, expiry, denial, and the same checks and
 * encrypted session as the browser sign-in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthService, type AuthState } from '../../../main/auth/index.ts';
import { FakeCipher } from '../../support/fake-cipher.ts';
import { MemoryStore } from '../../support/memory-store.ts';
import { SESSION_KEY } from '../../../main/auth/vault.ts';
import { startTestProvider, TEST_ACCOUNTS, type TestProvider, type TestProviderOptions } from '../../support/provider.ts';
import { createHarness, until, type Harness } from './setup.ts';

let provider: TestProvider | undefined;
let harness: Harness | undefined;

async function start(options: TestProviderOptions = {}) {
  provider = await startTestProvider({ deviceFlow: { interval: 1 }, ...options });
  harness = createHarness(provider);
  harness.onOpen(undefined);
  return { provider, harness };
}

afterEach(async () => {
  await harness?.dispose();
  await provider?.close();
});

/** The device code the state shows once the provider has handed one out. */
async function deviceCode(target: Harness) {
  const state = await until(target, (next) => next.status === 'signing-in' && next.device !== undefined);
  if (state.status !== 'signing-in' || !state.device) throw new Error('unreachable');
  return state.device;
}

describe('sign-in from another device', () => {
  it('shows the code and where to enter it, polls until the person approves there, then signs in with an encrypted session', async () => {
    const { provider, harness } = await start();
    const signingIn = harness.service.signIn({ device: true });
    const code = await deviceCode(harness);
    expect(code.userCode).toMatch(/^[A-Z0-9-]{4,}$/);
    expect(code.verificationUri).toBe(`${provider.issuer}/device`);
    expect(code.verificationUriComplete).toContain(encodeURIComponent(code.userCode).slice(0, 4));
    expect(code.expiresAt).toBeGreaterThan(Date.now());
    expect(harness.opened).toEqual([]);

    const page = await harness.browser.approveDevice(code.verificationUriComplete!);
    expect(page.text).toContain('Signed in');
    await expect(signingIn).resolves.toMatchObject({ status: 'signed-in', persisted: true, claims: { sub: TEST_ACCOUNTS.alice.sub } });
    expect(harness.store.data.has(SESSION_KEY)).toBe(true);
    expect(harness.store.dump()).not.toContain(TEST_ACCOUNTS.alice.sub);
  });

  it('typing the code on the verification page works too', async () => {
    const { harness } = await start();
    const signingIn = harness.service.signIn({ device: true });
    const code = await deviceCode(harness);
    await harness.browser.approveDevice(code.verificationUri, { userCode: code.userCode });
    await expect(signingIn).resolves.toMatchObject({ status: 'signed-in' });
  });

  it('slow_down: polls further apart, and still signs in', async () => {
    const { provider, harness } = await start();
    const polls: number[] = [];
    provider.intercept((req) => {
      if (req.path !== '/token') return undefined;
      polls.push(Date.now());
      return polls.length === 1 ? { status: 400, body: { error: 'slow_down' } } : undefined;
    });
    const signingIn = harness.service.signIn({ device: true });
    const code = await deviceCode(harness);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await harness.browser.approveDevice(code.verificationUriComplete!);
    await expect(signingIn).resolves.toMatchObject({ status: 'signed-in' });
    // 1 s interval, then 1 + 5 s after slow_down (RFC 8628 §3.5).
    expect(polls[1]! - polls[0]!).toBeGreaterThanOrEqual(5_500);
  }, 20_000);

  it('denied on the other device: access_denied, nothing kept', async () => {
    const { harness } = await start();
    const signingIn = harness.service.signIn({ device: true });
    const code = await deviceCode(harness);
    await harness.browser.approveDevice(code.verificationUriComplete!, { consent: 'deny' });
    await expect(signingIn).rejects.toMatchObject({ code: 'access_denied', message: expect.stringMatching(/denied on the other device/) });
    expect([...harness.store.data.keys()]).toEqual([]);
  });

  it('the code expires before anyone enters it: device_code_expired, saying to start again', async () => {
    const { provider, harness } = await start();
    provider.transform((req, res) => (req.path === '/device/auth' && res.status === 200 ? { ...res, body: JSON.stringify({ ...(JSON.parse(res.body) as object), expires_in: 2, interval: 1 }) } : undefined));
    await expect(harness.service.signIn({ device: true })).rejects.toMatchObject({ code: 'device_code_expired', message: expect.stringMatching(/Start again/) });
    expect(harness.service.getState()).toMatchObject({ status: 'signed-out', error: { code: 'device_code_expired' } });
  });

  it('cancelled while waiting: cancelled, and the polling stops', async () => {
    const { provider, harness } = await start();
    const signingIn = harness.service.signIn({ device: true });
    await deviceCode(harness);
    harness.service.cancelSignIn();
    await expect(signingIn).rejects.toMatchObject({ code: 'cancelled' });
    const polled = provider.requests.filter((r) => r.path === '/token').length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(provider.requests.filter((r) => r.path === '/token')).toHaveLength(polled);
  });

  it('a browser that cannot be opened hands over to sign-in from another device when the provider offers it', async () => {
    const { provider, harness } = await start();
    // openExternal rejects: a kiosk, a remote desktop without a browser.
    const service = createAuthService({
      provider: { issuer: provider.issuer, clientId: provider.clientId, allowInsecureRequests: true },
      store: new MemoryStore(),
      cipher: new FakeCipher(),
      openExternal: async () => {
        throw new Error('no browser here');
      },
    });
    try {
      const states: AuthState[] = [];
      service.onChange((state) => states.push(state));
      const signingIn = service.signIn();
      await expect.poll(() => states.find((state) => state.status === 'signing-in' && state.device)).toBeDefined();
      const shown = states.find((state) => state.status === 'signing-in' && state.device);
      if (shown?.status !== 'signing-in' || !shown.device) throw new Error('unreachable');
      await harness.browser.approveDevice(shown.device.verificationUriComplete!);
      await expect(signingIn).resolves.toMatchObject({ status: 'signed-in' });
    } finally {
      await service.dispose();
    }
  });

  it('a provider without a device authorization endpoint: provider_unsupported, saying to use the browser', async () => {
    provider = await startTestProvider();
    harness = createHarness(provider);
    await expect(harness.service.signIn({ device: true })).rejects.toMatchObject({ code: 'provider_unsupported', message: expect.stringMatching(/another device/) });
  });
});
