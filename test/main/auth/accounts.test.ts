/**
 * Several accounts at once, against the real local providers: listed, switched, signed out one
 * by one, back after a restart, each session encrypted on its own, and a refresh refused for one
 * account ending that one only.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCOUNTS_KEY, createAccountManager, type AccountManager } from '../../../main/auth/accounts.ts';
import { createAuthService } from '../../../main/auth/service.ts';
import type { AuthState } from '../../../main/auth/types.ts';
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
  /** Who the person signs in as at the next browser opening; `hold`: the person does nothing. */
  next: { username: string; hold?: boolean };
  start(): AccountManager;
}

async function world(options: { accessTokenTtlSeconds?: number; second?: boolean } = {}): Promise<{ world: World; work: TestProvider; home: TestProvider | undefined }> {
  const work = await startTestProvider({ ...(options.accessTokenTtlSeconds ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}) });
  const home = options.second ? await startTestProvider() : undefined;
  providers.push(work, ...(home ? [home] : []));
  const store = new MemoryStore();
  const cipher = new FakeCipher();
  const opened: string[] = [];
  const next: World['next'] = { username: 'alice' };
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
          if (next.hold) return;
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

/** Alice, then Bob, each added as an account at the work provider; Bob is active. */
async function addAliceThenBob(w: World, manager: AccountManager) {
  const alice = await manager.addAccount('work');
  w.next.username = 'bob';
  const bob = await manager.addAccount('work');
  return { alice, bob };
}

/** Alice signed in through the window's service (the first account), then Bob added; Bob is active. */
async function signInAliceThenAddBob(w: World, manager: AccountManager): Promise<void> {
  await manager.service.signIn();
  w.next.username = 'bob';
  await manager.addAccount(manager.list()[0]!.providerId);
}

const subOf = (manager: AccountManager, id: string) => {
  const state = manager.list().find((account) => account.id === id)?.state;
  return state?.status === 'signed-in' ? state.claims.sub : undefined;
};

describe('several accounts', () => {
  it('two accounts at the same provider: listed, switched, the API called as the active one, each session encrypted on its own', async () => {
    const { world: w, work } = await world();
    const manager = w.start();
    const { alice, bob } = await addAliceThenBob(w, manager);
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
    const { alice, bob } = await addAliceThenBob(w, manager);
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
    const { alice, bob } = await addAliceThenBob(w, manager);
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
    // The refused account stays listed for this run, signed out with the reason and still named
    // (its stored identity was shown before the refresh came back); the other is signed in.
    const ended = restored.find((account) => account.state.status === 'signed-out')!;
    const kept = restored.find((account) => account.state.status === 'signed-in')!;
    expect([ended.id, kept.id].sort()).toEqual([alice.id, bob.id].sort());
    expect(ended.state).toMatchObject({ error: { code: 'session_expired' } });
    expect(ended.profile?.sub).toBe(ended.id === alice.id ? TEST_ACCOUNTS.alice.sub : TEST_ACCOUNTS.bob.sub);
    expect(kept.profile?.sub).toBe(kept.id === alice.id ? TEST_ACCOUNTS.alice.sub : TEST_ACCOUNTS.bob.sub);
    expect([...w.store.data.keys()].some((key) => key.includes(ended.id) && key !== ACCOUNTS_KEY)).toBe(false);
    await restarted.dispose();

    // Nothing of it is stored any more: the next start lists the other account alone.
    const again = w.start();
    expect((await again.restore()).map((account) => [account.id, account.state.status])).toEqual([[kept.id, 'signed-in']]);
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

describe('the window\'s service over several accounts', () => {
  const who = (sub: string | undefined) => Object.entries(TEST_ACCOUNTS).find(([, account]) => account.sub === sub)?.[0];
  const statuses = (manager: AccountManager) => manager.list().map((account) => [who(account.profile?.sub), account.active, account.state.status]);

  it('reads the provider at startup with no account, and its first sign-in becomes the first account, without asking to choose', async () => {
    const { world: w, work } = await world();
    const manager = w.start();
    await manager.service.restore();
    expect(work.requests.map((r) => r.path)).toContain('/.well-known/openid-configuration');
    expect(manager.service.describe().features).toBeDefined();
    expect(manager.list()).toEqual([]);

    const state = await manager.service.signIn();
    expect(state.status).toBe('signed-in');
    expect(new URL(w.opened[0]!).searchParams.get('prompt')).toBe('consent');
    expect(statuses(manager)).toEqual([['alice', true, 'signed-in']]);
    expect(manager.service.getState()).toBe(manager.list()[0]!.state);
  });

  it('speaks for the account being added while its sign-in runs; a cancelled add goes back to the active account and stores nothing', async () => {
    const { world: w } = await world();
    const manager = w.start();
    await manager.service.signIn();
    const keys = [...w.store.data.keys()].sort();
    const seen: AuthState['status'][] = [];
    manager.service.onChange((state) => seen.push(state.status));

    w.next.hold = true;
    const adding = manager.addAccount(manager.list()[0]!.providerId);
    await vi.waitFor(() => expect(w.opened).toHaveLength(2));
    expect(manager.service.getState().status).toBe('signing-in');
    // The protected API is still called as the active account, never the one being added.
    expect(manager.active()).toBeDefined();
    manager.service.cancelSignIn();
    await expect(adding).rejects.toMatchObject({ code: 'cancelled' });

    expect(seen).toEqual(['signing-in', 'signed-in']);
    expect(statuses(manager)).toEqual([['alice', true, 'signed-in']]);
    expect([...w.store.data.keys()].sort()).toEqual(keys);
  });

  it('adding an account reads nothing from the provider before the browser opens: what the first account knows of it is reused', async () => {
    const { world: w, work } = await world();
    const manager = w.start();
    await manager.service.restore();
    await manager.service.signIn();
    work.clearRequests();
    w.next.hold = true;
    const adding = manager.addAccount(manager.list()[0]!.providerId);
    await vi.waitFor(() => expect(w.opened).toHaveLength(2));
    const opened = Date.now();
    expect(work.requests.filter((request) => request.time <= opened).map((request) => request.path)).not.toContain('/.well-known/openid-configuration');
    expect(work.requests.map((request) => request.path)).not.toContain('/jwks');
    manager.service.cancelSignIn();
    await expect(adding).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('signs out of the active account only; the next one becomes active; the last one leaves the window signed out', async () => {
    const { world: w, work } = await world();
    const manager = w.start();
    await signInAliceThenAddBob(w, manager);
    expect(statuses(manager)).toEqual([['alice', false, 'signed-in'], ['bob', true, 'signed-in']]);

    // The window moves to Alice in one change: it never shows Bob, or nobody, signed out between.
    const seen: AuthState[] = [];
    const stop = manager.service.onChange((state) => seen.push(state));
    const afterBob = await manager.service.signOut();
    stop();
    expect(afterBob).toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.alice.sub } });
    expect(seen).toEqual([afterBob]);
    expect(statuses(manager)).toEqual([['alice', true, 'signed-in']]);
    const asAlice = await manager.service.callApi({ url: work.apiUrl });
    expect(JSON.parse(asAlice.body)).toMatchObject({ sub: TEST_ACCOUNTS.alice.sub });

    expect((await manager.service.signOut()).status).toBe('signed-out');
    expect(manager.list()).toEqual([]);
    await expect(manager.service.callApi({ url: work.apiUrl })).rejects.toMatchObject({ code: 'not_signed_in' });
    expect([...w.store.data.keys()]).toEqual([ACCOUNTS_KEY]);
    // And the next sign-in is the first account again.
    w.next.username = 'alice';
    expect((await manager.service.signIn()).status).toBe('signed-in');
    expect(statuses(manager)).toEqual([['alice', true, 'signed-in']]);
  });

  it('switching changes whose token the API gets, and the window\'s state with it', async () => {
    const { world: w, work } = await world();
    const manager = w.start();
    await signInAliceThenAddBob(w, manager);
    const alice = manager.list()[0]!;
    const seen: unknown[] = [];
    manager.service.onChange((state) => seen.push(state.status === 'signed-in' ? state.claims.sub : state.status));
    manager.switchTo(alice.id);
    expect(seen).toEqual([TEST_ACCOUNTS.alice.sub]);
    const response = await manager.service.callApi({ url: work.apiUrl });
    expect(JSON.parse(response.body)).toMatchObject({ sub: TEST_ACCOUNTS.alice.sub });
  });

  it('an account whose session ended stays listed with its name and reason, and is signed in again through the window with its login hint', async () => {
    const { world: w, work } = await world({ accessTokenTtlSeconds: 1 });
    const manager = w.start();
    await signInAliceThenAddBob(w, manager);
    const bob = manager.list()[1]!;
    await vi.waitFor(() => expect(manager.list()[1]!.profile?.email).toBe(TEST_ACCOUNTS.bob.claims.email));
    // The provider refuses Bob's refresh token (read from his sealed session), and his only.
    const envelope = w.store.get(`account-${bob.id}-authSession`) as { ciphertext: string };
    const sealed = JSON.parse((await w.cipher.decrypt(Buffer.from(envelope.ciphertext, 'base64'))).plainText) as { session: { refreshToken: string } };
    let refusals = 0;
    work.intercept((req) => {
      if (req.path !== '/token' || new URLSearchParams(req.body).get('refresh_token') !== sealed.session.refreshToken) return undefined;
      refusals++;
      return { status: 400, body: { error: 'invalid_grant' } };
    });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await manager.active()!.checkSession();
    expect(refusals).toBe(1);
    const ended = manager.list().find((account) => account.id === bob.id)!;
    expect(ended).toMatchObject({ active: true, state: { status: 'signed-out', error: { code: 'session_expired' } }, profile: { sub: TEST_ACCOUNTS.bob.sub } });
    expect(manager.service.getState()).toBe(ended.state);
    expect(statuses(manager)[0]).toEqual(['alice', false, 'signed-in']);

    const again = await manager.service.signIn();
    expect(again).toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.bob.sub } });
    expect(new URL(w.opened.at(-1)!).searchParams.get('login_hint')).toBe(TEST_ACCOUNTS.bob.claims.email);
    expect(manager.list().map((account) => [account.id, account.state.status])).toEqual([
      [manager.list()[0]!.id, 'signed-in'],
      [bob.id, 'signed-in'],
    ]);
  });

  it('a session stored before there were several accounts becomes the first account, moved unread, restored signed in', async () => {
    const { world: w, work } = await world();
    const browser = createHttpBrowser();
    const single = createAuthService({
      provider: { issuer: work.issuer, clientId: work.clientId, apiUrl: work.apiUrl, allowInsecureRequests: true },
      store: w.store,
      cipher: w.cipher.sameKey(),
      openExternal: async (url) => {
        void browser.signIn(url, { username: 'alice' }).catch(() => undefined);
      },
    });
    await single.signIn();
    await single.dispose();
    const legacy = w.store.data.get('authSession');
    expect(legacy).toBeDefined();

    const manager = w.start();
    const restored = await manager.restore();
    expect(restored.map((account) => [account.profile?.sub, account.active, account.state.status])).toEqual([[TEST_ACCOUNTS.alice.sub, true, 'signed-in']]);
    expect(w.store.data.has('authSession')).toBe(false);
    expect(w.store.data.get(`account-${restored[0]!.id}-authSession`)).toBeDefined();
    await manager.dispose();

    // Stopped after the move but before the old key went: the old key goes, no second account.
    w.store.data.set('authSession', legacy!);
    const again = w.start();
    const afterCrash = await again.restore();
    expect(afterCrash.map((account) => account.id)).toEqual([restored[0]!.id]);
    expect(w.store.data.has('authSession')).toBe(false);
  });
});
