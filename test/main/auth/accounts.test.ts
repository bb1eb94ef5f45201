/**
 * Several accounts at once, against the real local providers: listed, switched, signed out one
 * by one, back after a restart, each session encrypted on its own, and a refresh refused for one
 * account ending that one only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNTS_KEY, createAccountManager, type AccountManager } from '../../../main/auth/accounts.ts';
import { FakeCipher } from '../../support/fake-cipher.ts';
import { createHttpBrowser } from '../../support/http-browser.ts';
import { MemoryStore } from '../../support/memory-store.ts';
import { startTestProvider, TEST_ACCOUNTS, type TestProvider } from '../../support/provider.ts';

let providers: TestProvider[] = [];
let managers: AccountManager[] = [];

afterEach(async () => {
  await Promise.all(managers.map((manager) => manager.dispose()));
  await Promise.all(providers.map((provider) => provider.close()));
  providers = [];
  managers = [];
});

interface World {
  store: MemoryStore;
  cipher: FakeCipher;
  opened: string[];
  /** Who the person signs in as at the next browser opening. */
  next: { username: string };
  start(): AccountManager;
}

async function world(options: { accessTokenTtlSeconds?: number; second?: boolean } = {}): Promise<{ world: World; work: TestProvider; home: TestProvider | undefined }> {
  const work = await startTestProvider({ ...(options.accessTokenTtlSeconds ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}) });
  const home = options.second ? await startTestProvider() : undefined;
  providers.push(work, ...(home ? [home] : []));
  const store = new MemoryStore();
  const cipher = new FakeCipher();
  const opened: string[] = [];
  const next = { username: 'alice' };
  const browser = createHttpBrowser();
  const config = (provider: TestProvider) => ({ issuer: provider.issuer, clientId: provider.clientId, apiUrl: provider.apiUrl, allowInsecureRequests: true });
  const w: World = {
    store,
    cipher,
    opened,
    next,
    start() {
      const manager = createAccountManager({
        providers: { work: config(work), ...(home ? { home: config(home) } : {}) },
        store,
        cipher: cipher.sameKey(),
        jitterMs: 50,
        openExternal: async (url) => {
          opened.push(url);
          browser.clearCookies();
          void browser.signIn(url, { username: next.username }).catch(() => undefined);
        },
      });
      managers.push(manager);
      return manager;
    },
  };
  return { world: w, work, home };
}

const subOf = (manager: AccountManager, id: string) => {
  const state = manager.list().find((account) => account.id === id)?.state;
  return state?.status === 'signed-in' ? state.claims.sub : undefined;
};

describe('several accounts', () => {
  it('two accounts at the same provider: listed, switched, the API called as the active one, each session encrypted on its own', async () => {
    const { world: w, work } = await world();
    const manager = w.start();
    const alice = await manager.addAccount('work');
    w.next.username = 'bob';
    const bob = await manager.addAccount('work');
    // The local provider does not list select_account among its prompt values: login lets the person choose.
    expect(new URL(w.opened[0]!).searchParams.get('prompt')).toBe('login consent');

    expect(manager.list().map((account) => [account.id, account.active])).toEqual([
      [alice.id, false],
      [bob.id, true],
    ]);
    expect(subOf(manager, alice.id)).toBe(TEST_ACCOUNTS.alice.sub);
    expect(subOf(manager, bob.id)).toBe(TEST_ACCOUNTS.bob.sub);

    const asBob = await manager.active()!.callApi({ url: work.apiUrl });
    expect(JSON.parse(asBob.body)).toMatchObject({ sub: TEST_ACCOUNTS.bob.sub });
    manager.switchTo(alice.id);
    const asAlice = await manager.active()!.callApi({ url: work.apiUrl });
    expect(JSON.parse(asAlice.body)).toMatchObject({ sub: TEST_ACCOUNTS.alice.sub });

    // Two envelopes under keys of their own, and the account list: no token, no claim in clear.
    const keys = [...w.store.data.keys()].sort();
    expect(keys).toEqual([ACCOUNTS_KEY, `account-${alice.id}-authSession`, `account-${bob.id}-authSession`].sort());
    expect(w.store.dump()).not.toContain(TEST_ACCOUNTS.alice.sub);
    expect(w.store.dump()).not.toContain(TEST_ACCOUNTS.bob.sub);
  });

  it('signing out of one account leaves the other signed in; after a restart both come back, the same one active', async () => {
    const { world: w } = await world();
    const manager = w.start();
    const alice = await manager.addAccount('work');
    w.next.username = 'bob';
    const bob = await manager.addAccount('work');
    manager.switchTo(alice.id);
    await manager.dispose();

    const restarted = w.start();
    const restored = await restarted.restore();
    expect(restored.map((account) => [account.id, account.active, account.state.status])).toEqual([
      [alice.id, true, 'signed-in'],
      [bob.id, false, 'signed-in'],
    ]);
    await restarted.signOut(alice.id);
    expect(restarted.list().map((account) => [account.id, account.active])).toEqual([[bob.id, true]]);
    expect(subOf(restarted, bob.id)).toBe(TEST_ACCOUNTS.bob.sub);
    expect([...w.store.data.keys()].some((key) => key.includes(alice.id))).toBe(false);
  });

  it('accounts at two different providers, each at its own', async () => {
    const { world: w, work, home } = await world({ second: true });
    const manager = w.start();
    const atWork = await manager.addAccount('work');
    const atHome = await manager.addAccount('home');
    expect(manager.list().map((account) => account.issuer)).toEqual([work.issuer, home!.issuer]);
    expect(work.requests.some((r) => r.path === '/token')).toBe(true);
    expect(home!.requests.some((r) => r.path === '/token')).toBe(true);
    expect(manager.active()!.describe().issuer).toBe(home!.issuer);
    manager.switchTo(atWork.id);
    expect(manager.active()!.describe().issuer).toBe(work.issuer);
    expect(atHome.providerId).toBe('home');
  });

  it('a refresh refused for one account ends that one only', async () => {
    const { world: w, work } = await world({ accessTokenTtlSeconds: 1 });
    const manager = w.start();
    const alice = await manager.addAccount('work');
    w.next.username = 'bob';
    const bob = await manager.addAccount('work');
    await manager.dispose();
    await new Promise((resolve) => setTimeout(resolve, 1_200));

    // The provider refuses Alice's refresh token only (found by the grant it answers for).
    let refusals = 0;
    work.intercept((req) => {
      if (req.path !== '/token' || new URLSearchParams(req.body).get('grant_type') !== 'refresh_token') return undefined;
      return refusals++ === 0 ? { status: 400, body: { error: 'invalid_grant' } } : undefined;
    });
    const restarted = w.start();
    const restored = await restarted.restore();
    expect(refusals).toBe(2);
    expect(restored).toHaveLength(1);
    expect([alice.id, bob.id]).toContain(restored[0]!.id);
    expect(restored[0]!.state.status).toBe('signed-in');
  });

  it('the same person again at the same provider replaces the older account instead of listing it twice', async () => {
    const { world: w } = await world();
    const manager = w.start();
    const first = await manager.addAccount('work');
    const again = await manager.addAccount('work', { loginHint: 'alice' });
    expect(new URL(w.opened[1]!).searchParams.get('login_hint')).toBe('alice');
    expect(manager.list().map((account) => account.id)).toEqual([again.id]);
    expect(again.id).not.toBe(first.id);
  });

  it('an unknown provider or account is refused with a coded error, nothing stored', async () => {
    const { world: w } = await world();
    const manager = w.start();
    await expect(manager.addAccount('nowhere')).rejects.toMatchObject({ code: 'invalid_config' });
    expect(() => manager.switchTo('nobody')).toThrow(expect.objectContaining({ code: 'not_signed_in' }) as Error);
    expect([...w.store.data.keys()]).toEqual([]);
  });
});
