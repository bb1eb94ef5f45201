/**
 * A computer whose clock is far from the provider's: allowed for (and logged) when the offset is
 * small, reported in words when it is not, never "ID token expired".
 */
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestProvider, TEST_ACCOUNTS, type TestProvider } from '../../support/provider.ts';
import { createHarness, type Harness } from './setup.ts';

let provider: TestProvider | undefined;
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.dispose();
  await provider?.close();
});

/** Makes the provider's clock run `offsetSeconds` from ours: its Date header and its ID tokens'
 *  times (re-signed with its own key). */
function providerClockOff(target: TestProvider, offsetSeconds: number): void {
  target.transform(async (req, res) => {
    const shifted = { ...res, headers: { ...res.headers, date: new Date(Date.now() + offsetSeconds * 1000).toUTCString() } };
    if (req.path !== '/token' || res.status !== 200) return shifted;
    const body = JSON.parse(res.body) as Record<string, unknown>;
    if (typeof body.id_token === 'string') {
      const claims = decodeJwt(body.id_token);
      for (const name of ['iat', 'exp', 'auth_time'] as const) if (typeof claims[name] === 'number') claims[name] += offsetSeconds;
      body.id_token = await target.signJwt(claims);
    }
    return { ...shifted, body: JSON.stringify(body) };
  });
}

describe("a computer clock far from the provider's", () => {
  it('10 minutes ahead, with 5-minute ID tokens: clock_skew saying "your computer\'s clock is 10 minutes ahead", not an expired token', async () => {
    provider = await startTestProvider({ idTokenTtlSeconds: 300 });
    harness = createHarness(provider);
    providerClockOff(provider, -600);
    const error = await harness.service.signIn().then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(error).toMatchObject({ code: 'clock_skew' });
    expect(error?.message).toMatch(/Your computer's clock is 10 minutes ahead of the identity provider's/);
    expect(error?.message).not.toMatch(/expir/i);
    expect([...harness.store.data.keys()]).toEqual([]);
  });

  it('2 minutes ahead, with 1-minute ID tokens: allowed for and logged, the sign-in succeeds', async () => {
    provider = await startTestProvider({ idTokenTtlSeconds: 60 });
    harness = createHarness(provider);
    const logged: string[] = [];
    harness.onLog((event) => logged.push(event.message));
    providerClockOff(provider, -120);
    await expect(harness.service.signIn()).resolves.toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.alice.sub } });
    expect(logged.join('\n')).toMatch(/clock is -1[12]\d s off the provider's: allowing for it/);
    // One token request: the same answer was validated again, the code not redeemed twice.
    expect(provider.requests.filter((r) => r.path === '/token')).toHaveLength(1);
  });

  it('10 minutes behind, with an ID token not valid before its issue time: clock_skew saying "behind"', async () => {
    provider = await startTestProvider();
    harness = createHarness(provider);
    provider.transform(async (req, res) => {
      const shifted = { ...res, headers: { ...res.headers, date: new Date(Date.now() + 600_000).toUTCString() } };
      if (req.path !== '/token' || res.status !== 200) return shifted;
      const body = JSON.parse(res.body) as Record<string, unknown>;
      const claims = decodeJwt(body.id_token as string);
      body.id_token = await provider!.signJwt({ ...claims, nbf: (claims.iat as number) + 600, iat: (claims.iat as number) + 600, exp: (claims.exp as number) + 600 });
      return { ...shifted, body: JSON.stringify(body) };
    });
    await expect(harness.service.signIn()).rejects.toMatchObject({ code: 'clock_skew', message: expect.stringMatching(/10 minutes behind the identity provider's/) });
  });
});
