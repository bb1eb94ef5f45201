import { describe, expect, it } from 'vitest';
import type { AuthState } from '../../main/auth/types.ts';
import type { AppConfig } from '../../main/config.ts';
import { createProviderSwitch } from '../../main/provider-switch.ts';
import { FakeAccounts, FakeAuthService, SIGNED_IN, SIGNED_OUT } from '../fakes/auth-service.ts';

const config = (issuer: string, clientId = 'desktop'): AppConfig => ({
  provider: { issuer, clientId },
  providerName: new URL(issuer).host,
  demo: false,
  browserOrigins: [],
  source: 'file',
});
const first = config('https://one.example.com');
const second = config('https://two.example.com');

function setup(initial?: AppConfig) {
  const created: Array<{ config: AppConfig; service: FakeAuthService; accounts: FakeAccounts }> = [];
  const logged: unknown[] = [];
  let refuse = false;
  const providers = createProviderSwitch(
    {
      createAccounts: (next) => {
        if (refuse) throw Object.assign(new Error('clientId is missing'), { name: 'AuthError', code: 'invalid_config' });
        const service = new FakeAuthService();
        service.description = { ...service.description, issuer: next.provider.issuer };
        const accounts = new FakeAccounts(service);
        created.push({ config: next, service, accounts });
        return accounts;
      },
      log: (event) => logged.push(event),
    },
    initial,
  );
  return { providers, created, logged, refuseNext: () => void (refuse = true) };
}

describe('createProviderSwitch', () => {
  it('starts without a provider when nothing is configured: signed out, redirects ignored', async () => {
    const { providers, created } = setup();
    expect(providers.current()).toBeUndefined();
    expect(providers.getState()).toEqual(SIGNED_OUT);
    await expect(providers.handleRedirect('com.example.oidcdesktop:/callback?code=x')).resolves.toBe(false);
    expect(created).toEqual([]);
  });

  it('starts the configured provider and restores its session in the background', () => {
    const { providers, created } = setup(first);
    expect(providers.current()?.config).toBe(first);
    expect(created[0]?.service.calls).toEqual([['restore']]);
  });

  it('switching disposes the old service, starts and restores the new one, and tells who listens', async () => {
    const { providers, created } = setup(first);
    const switched: string[] = [];
    providers.onSwitch((active) => switched.push(active.config.provider.issuer));
    const active = await providers.switchTo(second);
    const [old, next] = created;
    expect(old?.service.disposed).toBe(true);
    expect(next?.service.calls).toEqual([['restore']]);
    expect(active.auth).toBe(next?.service);
    expect(providers.current()?.config).toBe(second);
    expect(switched).toEqual(['https://two.example.com']);
  });

  it('signs out of the old provider first (revoking its tokens) when the new one is another provider', async () => {
    const { providers, created } = setup(first);
    created[0]!.service.state = SIGNED_IN;
    await providers.switchTo(second);
    expect(created[0]?.service.calls.map(([name]) => name)).toEqual(['restore', 'signOut', 'dispose']);
  });

  it('keeps the session when only the app’s own settings changed (same issuer and client)', async () => {
    const { providers, created } = setup(first);
    created[0]!.service.state = SIGNED_IN;
    await providers.switchTo({ ...first, apiUrl: 'https://api.example.com/me', providerName: 'Renamed' });
    expect(created[0]?.service.calls.map(([name]) => name)).toEqual(['restore', 'dispose']);
  });

  it('carries state listeners, redirects and getState over to the new service', async () => {
    const { providers, created } = setup(first);
    const seen: AuthState[] = [];
    providers.onChange((state) => seen.push(state));
    created[0]!.service.emit({ status: 'signing-in' });
    await providers.switchTo(second);
    // The old service falls silent; the new one speaks, starting with its state at the switch.
    created[0]!.service.emit(SIGNED_IN);
    created[1]!.service.emit(SIGNED_IN);
    expect(seen).toEqual([{ status: 'signing-in' }, SIGNED_OUT, SIGNED_IN]);
    expect(providers.getState()).toEqual(SIGNED_IN);
    await providers.handleRedirect('com.example.oidcdesktop:/callback?code=x');
    expect(created[1]?.service.calls).toContainEqual(['handleRedirect', 'com.example.oidcdesktop:/callback?code=x']);
    expect(created[0]?.service.calls).not.toContainEqual(['handleRedirect', expect.anything()]);
  });

  it('passes account list changes on, from the new provider after a switch, and lists its accounts at the switch', async () => {
    const { providers, created } = setup(first);
    const seen: string[][] = [];
    providers.onAccountsChange((accounts) => seen.push(accounts.map((account) => account.issuer)));
    created[0]!.service.state = SIGNED_IN;
    created[0]!.accounts.emitList();
    await providers.switchTo(second);
    // The old provider's accounts fall silent; the new one's list (empty) is said at the switch.
    created[0]!.accounts.emitList();
    created[1]!.service.state = SIGNED_IN;
    created[1]!.accounts.emitList();
    expect(seen).toEqual([['https://one.example.com'], [], ['https://two.example.com']]);
    expect(providers.accounts().map((account) => account.issuer)).toEqual(['https://two.example.com']);
  });

  it('leaves the running provider as it was when the core refuses the new configuration', async () => {
    const { providers, created, refuseNext } = setup(first);
    refuseNext();
    await expect(providers.switchTo(second)).rejects.toThrow('clientId is missing');
    expect(providers.current()?.config).toBe(first);
    expect(created[0]?.service.disposed).toBe(false);
    // The queue survives a failed switch.
    expect(providers.current()?.auth).toBe(created[0]?.service);
  });

  it('runs switches one at a time, so two quick saves never leave two services running', async () => {
    const { providers, created } = setup(first);
    await Promise.all([providers.switchTo(second), providers.switchTo(config('https://three.example.com'))]);
    expect(created.map(({ service }) => service.disposed)).toEqual([true, true, false]);
    expect(providers.current()?.config.provider.issuer).toBe('https://three.example.com');
  });

  it('reports a failed restore instead of throwing it', async () => {
    const logged: unknown[] = [];
    const failing = (): FakeAccounts => new FakeAccounts(Object.assign(new FakeAuthService(), { restoreImpl: () => Promise.reject(new Error('disk gone')) }));
    const providers = createProviderSwitch({ createAccounts: failing, log: (event) => logged.push(event) }, first);
    await providers.switchTo(second);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(logged).toEqual([
      { level: 'error', source: 'app', message: 'Restoring the session failed: disk gone' },
      { level: 'error', source: 'app', message: 'Restoring the session failed: disk gone' },
    ]);
  });

  it('disposes the running service on quit, and refuses switches after', async () => {
    const { providers, created } = setup(first);
    await providers.dispose();
    expect(created[0]?.service.disposed).toBe(true);
    await expect(providers.switchTo(second)).rejects.toThrow(/shutting down/);
  });
});
