/**
 * Several accounts at once, at the same provider or at different ones: one AuthService per
 * account, each with its session encrypted on its own under keys of its own, so that switching
 * never hands one account's token to another, signing out of one leaves the others alone, and a
 * refresh refused for one ends only that one. The store keeps, in clear text, only which
 * accounts exist, at which configured provider, and which is active: nothing that moves a token
 * (each account's provider configuration comes from the app, never from the store, and a session
 * restored under another configuration is refused by its service).
 */
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { AuthError, AuthErrorCode } from './errors.ts';
import { createAuthService } from './service.ts';
import type { AuthService, AuthServiceOptions, AuthState, KeyValueStore, ProviderConfig } from './types.ts';

/** One account as the window lists it (plain JSON, no token). */
export interface AccountSummary {
  id: string;
  /** Which configured provider it signs in with. */
  providerId: string;
  issuer: string;
  active: boolean;
  state: AuthState;
}

export interface AccountManagerOptions extends Omit<AuthServiceOptions, 'provider'> {
  /** The configured providers, by an id the app chooses. */
  providers: Readonly<Record<string, ProviderConfig>>;
  /** The largest random wait before each account but the active one is restored or checked, so
   *  that many accounts do not reach their providers in one burst. Default 2 s. */
  jitterMs?: number;
  random?: () => number;
}

/** The accounts, one active. */
export interface AccountManager {
  list(): AccountSummary[];
  /** The active account's service (the window's sign-in state, the protected API call). */
  active(): AuthService | undefined;
  onChange(listener: (accounts: AccountSummary[]) => void): () => void;
  /** Startup: every stored account restored, the active one first, the others spread out. */
  restore(): Promise<AccountSummary[]>;
  /** Signs in to one more account (the provider is asked to let the person choose which:
   *  `prompt=select_account` where supported, else `prompt=login`; or `loginHint`). It becomes
   *  the active one. The same person at
   *  the same provider again replaces the older account rather than listing it twice. */
  addAccount(providerId: string, options?: { loginHint?: string }): Promise<AccountSummary>;
  /** Makes another account the active one (no request, no token moves). */
  switchTo(id: string): AccountSummary[];
  /** Signs out of one account (revoking its tokens), leaving the others alone. */
  signOut(id: string, options?: { endProviderSession?: boolean }): Promise<AccountSummary[]>;
  /** Checks every account after a wake-up, the active one first, the others spread out. */
  checkSessions(): Promise<void>;
  dispose(): Promise<void>;
}

/** Store key of the account list. No dots: electron-store reads dots as nesting. */
export const ACCOUNTS_KEY = 'authAccounts';

const accountsSchema = v.object({
  version: v.literal(1),
  accounts: v.array(v.object({ id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/)), providerId: v.string() })),
  active: v.optional(v.string()),
});

/** An account's own corner of the store: its keys are prefixed, so sessions never collide. */
function namespaced(store: KeyValueStore, id: string): KeyValueStore {
  const key = (name: string) => `account-${id}-${name}`;
  return {
    get: (name) => store.get(key(name)),
    set: (name, value) => store.set(key(name), value),
    delete: (name) => store.delete(key(name)),
  };
}

/** Creates the manager. @throws AuthError `invalid_config` for a provider the core refuses. */
export function createAccountManager(options: AccountManagerOptions): AccountManager {
  const { store, providers } = options;
  const random = options.random ?? Math.random;
  const jitterMs = options.jitterMs ?? 2_000;
  const accounts = new Map<string, { providerId: string; service: AuthService; off: () => void }>();
  const listeners = new Set<(accounts: AccountSummary[]) => void>();
  let activeId: string | undefined;
  let disposed = false;

  const summaries = (): AccountSummary[] =>
    [...accounts].map(([id, account]) => ({
      id,
      providerId: account.providerId,
      issuer: account.service.describe().issuer,
      active: id === activeId,
      state: account.service.getState(),
    }));
  const emit = (): void => {
    const list = summaries();
    for (const listener of [...listeners]) listener(list);
  };
  const persist = (): void => {
    const list = [...accounts].map(([id, account]) => ({ id, providerId: account.providerId }));
    try {
      store.set(ACCOUNTS_KEY, { version: 1, accounts: list, ...(activeId ? { active: activeId } : {}) });
    } catch {
      // The list is rebuilt from what signs in next; the sessions themselves are each stored.
    }
  };
  const open = (id: string, providerId: string): AuthService => {
    const provider = providers[providerId];
    if (!provider) throw new AuthError(AuthErrorCode.invalidConfig, `No provider "${providerId}" is configured.`);
    const service = createAuthService({ ...options, provider, store: namespaced(store, id) });
    const off = service.onChange(() => emit());
    accounts.set(id, { providerId, service, off });
    return service;
  };
  const close = async (id: string): Promise<void> => {
    const account = accounts.get(id);
    if (!account) return;
    accounts.delete(id);
    account.off();
    await account.service.dispose();
  };
  const spread = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.floor(random() * jitterMs)).unref?.());
  /** The active account first, then the others, each after a random wait. */
  const eachSpread = async (run: (service: AuthService) => Promise<unknown>): Promise<void> => {
    const first = activeId ? accounts.get(activeId) : undefined;
    if (first) await run(first.service).catch(() => undefined);
    await Promise.all(
      [...accounts.values()]
        .filter((account) => account !== first)
        .map(async (account) => {
          await spread();
          if (!disposed) await run(account.service).catch(() => undefined);
        }),
    );
  };

  return {
    list: summaries,
    active: () => (activeId ? accounts.get(activeId)?.service : undefined),
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async restore() {
      const parsed = v.safeParse(accountsSchema, (() => {
        try {
          return store.get(ACCOUNTS_KEY);
        } catch {
          return undefined;
        }
      })());
      if (parsed.success) {
        for (const { id, providerId } of parsed.output.accounts) {
          // An account of a provider no longer configured is left in the store, unused.
          if (providers[providerId] && !accounts.has(id)) open(id, providerId);
        }
        activeId = parsed.output.active && accounts.has(parsed.output.active) ? parsed.output.active : accounts.keys().next().value;
      }
      await eachSpread((service) => service.restore());
      // Accounts whose session did not come back (expired, refused) are dropped from the list.
      for (const [id, account] of [...accounts]) {
        const state = account.service.getState();
        if (state.status === 'signed-out' && state.error?.code !== AuthErrorCode.keystoreUnavailable) await close(id);
      }
      if (activeId && !accounts.has(activeId)) activeId = accounts.keys().next().value;
      persist();
      emit();
      return summaries();
    },

    async addAccount(providerId, addOptions) {
      if (disposed) throw new AuthError(AuthErrorCode.disposed, 'The sign-in service has been shut down. Restart the app.');
      const id = randomUUID();
      const service = open(id, providerId);
      try {
        const state = await service.signIn(addOptions?.loginHint ? { loginHint: addOptions.loginHint } : { chooseAccount: true });
        if (state.status !== 'signed-in') throw new AuthError(AuthErrorCode.cancelled, 'The sign-in was cancelled.');
        // The same person at the same provider: the new session replaces the older account.
        for (const [otherId, other] of [...accounts]) {
          const otherState = other.service.getState();
          if (otherId !== id && other.providerId === providerId && otherState.status === 'signed-in' && otherState.claims.sub === state.claims.sub) {
            await other.service.signOut().catch(() => undefined);
            await close(otherId);
          }
        }
      } catch (error) {
        await close(id);
        emit();
        throw error;
      }
      activeId = id;
      persist();
      emit();
      return summaries().find((account) => account.id === id)!;
    },

    switchTo(id) {
      if (!accounts.has(id)) throw new AuthError(AuthErrorCode.notSignedIn, 'That account is not signed in here any more.');
      activeId = id;
      persist();
      emit();
      return summaries();
    },

    async signOut(id, signOutOptions) {
      const account = accounts.get(id);
      if (!account) return summaries();
      await account.service.signOut(signOutOptions);
      await close(id);
      if (activeId === id) activeId = accounts.keys().next().value;
      persist();
      emit();
      return summaries();
    },

    checkSessions: () => eachSpread((service) => service.checkSession()),

    async dispose() {
      disposed = true;
      await Promise.all([...accounts.keys()].map((id) => close(id)));
      listeners.clear();
    },
  };
}
