/**
 * Several accounts at once, at the same provider or at different ones: one AuthService per
 * account, each with its session encrypted on its own under keys of its own, so that switching
 * never hands one account's token to another, signing out of one leaves the others alone, and a
 * refresh refused for one ends only that one. The store keeps, in clear text, only which
 * accounts exist, at which configured provider, and which is active: nothing that moves a token
 * (each account's provider configuration comes from the app, never from the store, and a session
 * restored under another configuration is refused by its service). Who an account is (its name,
 * email and picture) is known from its claims while the app runs, and kept in memory only.
 *
 * `service` is the one AuthService the window, deep links and the wake-up checks hold on to: it
 * speaks for the account being added while its sign-in runs, else for the active account, else
 * for the next account to sign in (a service with no session yet, which reads the provider's
 * metadata at startup exactly as a single account would).
 */
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { resolveOptions } from './config.ts';
import { AuthError, AuthErrorCode } from './errors.ts';
import { LEGACY_PROVIDER_CACHE_KEY } from './provider-cache.ts';
import { createAuthService, shareProviderKnowledge } from './service.ts';
import type { AuthService, AuthServiceOptions, AuthState, KeyValueStore, ProviderConfig, ProviderDescription, SignInOptions } from './types.ts';
import { SESSION_KEY } from './vault.ts';

/** Who an account is, from its ID token and UserInfo claims (memory only, never stored). */
export interface AccountProfile {
  sub: string;
  name?: string;
  email?: string;
  picture?: string;
  /** `preferred_username`. */
  username?: string;
}

/** One account as the window lists it (plain JSON, no token). */
export interface AccountSummary {
  id: string;
  /** Which configured provider it signs in with. */
  providerId: string;
  issuer: string;
  active: boolean;
  state: AuthState;
  /** Known once the account has been signed in during this run (also after its session ended). */
  profile?: AccountProfile;
}

export interface AccountManagerOptions extends Omit<AuthServiceOptions, 'provider'> {
  /** The configured providers, by an id the app chooses (more can be added: `addProvider`). */
  providers: Readonly<Record<string, ProviderConfig>>;
  /** Opens the browser for one provider's sign-ins, where it differs from `openExternal`
   *  (the app lets each provider's sign-in open only that provider's pages). */
  openExternalFor?: (providerId: string) => ((url: string) => Promise<void>) | undefined;
  /** The provider of a first sign-in through `service`, and of a session kept from before there
   *  were several accounts. Default: the first of `providers`. */
  defaultProviderId?: string;
  /** The largest random wait before each account but the active one is restored or checked, so
   *  that many accounts do not reach their providers in one burst. Default 2 s. */
  jitterMs?: number;
  random?: () => number;
}

/** The accounts, one active. */
export interface AccountManager {
  /** The window's AuthService: the account being added while its sign-in runs, else the active
   *  account, else the next one to sign in. Its `signIn` signs the active account in again (with
   *  its login hint when its session ended) or, with no account yet, the first one; its `signOut`
   *  signs out of the active account only; `checkSession` checks every account; `callApi` uses
   *  the active account's token only. */
  readonly service: AuthService;
  list(): AccountSummary[];
  /** The active account's service (the window's sign-in state, the protected API call). */
  active(): AuthService | undefined;
  onChange(listener: (accounts: AccountSummary[]) => void): () => void;
  /** Startup: every stored account restored, the active one first, the others spread out. An
   *  account whose session ended (refused at the provider, not decrypted by the keystore) stays
   *  listed, signed out with the reason, until it is signed in again or out of; one with nothing
   *  stored any more is dropped. A session stored before there were several accounts becomes the
   *  first account. */
  restore(): Promise<AccountSummary[]>;
  /** Signs in to one more account (the provider is asked to let the person choose which:
   *  `prompt=select_account` where supported, else `prompt=login`; or `loginHint`), in this
   *  browser or from another device. It becomes the active one. The same person at the same
   *  provider again replaces the older account rather than listing it twice. A failed or
   *  cancelled attempt leaves every account as it was. */
  addAccount(providerId: string, options?: { loginHint?: string; device?: boolean }): Promise<AccountSummary>;
  /** Makes another account the active one (no request, no token moves). */
  switchTo(id: string): AccountSummary[];
  /** Signs out of one account (revoking its tokens), leaving the others alone. */
  signOut(id: string, options?: { endProviderSession?: boolean }): Promise<AccountSummary[]>;
  /** Signs out of every account, or of every account at one provider (another provider
   *  replaces it). */
  signOutAll(providerId?: string): Promise<void>;
  /** Adds a provider accounts can be added at. One already configured is left as it is.
   *  @throws AuthError `invalid_config` for a configuration the core refuses. */
  addProvider(providerId: string, provider: ProviderConfig): void;
  /** Forgets a provider no account uses any more; false (and nothing changes) while one does. */
  removeProvider(providerId: string): boolean;
  /** What is known of one provider (from its active account, another of its accounts, or the
   *  next account to sign in there); undefined while no service of it runs. */
  describeProvider(providerId: string): ProviderDescription | undefined;
  /** Checks every account after a wake-up, the active one first, the others spread out. */
  checkSessions(): Promise<void>;
  dispose(): Promise<void>;
}

/** Store key of the account list. No dots: electron-store reads dots as nesting. */
export const ACCOUNTS_KEY = 'authAccounts';

const storedAccount = v.object({ id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/)), providerId: v.string() });
const accountsSchema = v.object({
  version: v.literal(1),
  accounts: v.array(storedAccount),
  active: v.optional(v.string()),
});
type StoredAccount = v.InferOutput<typeof storedAccount>;
type StoredList = v.InferOutput<typeof accountsSchema>;

/** The store key of one account's value. */
export function accountKey(id: string, name: string): string {
  return `account-${id}-${name}`;
}

/** An account's own corner of the store: its keys are prefixed, so sessions never collide. */
function namespaced(store: KeyValueStore, id: string): KeyValueStore {
  return {
    get: (name) => store.get(accountKey(id, name)),
    set: (name, value) => store.set(accountKey(id, name), value),
    delete: (name) => store.delete(accountKey(id, name)),
  };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

function profileOf(claims: Record<string, unknown>): AccountProfile | undefined {
  const sub = text(claims.sub);
  if (!sub) return undefined;
  const fields = { name: text(claims.name), email: text(claims.email), picture: text(claims.picture), username: text(claims.preferred_username) };
  return { sub, ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) };
}

interface Entry {
  id: string;
  providerId: string;
  service: AuthService;
  off: () => void;
}

/** Creates the manager. @throws AuthError `invalid_config` for a provider the core refuses. */
export function createAccountManager(options: AccountManagerOptions): AccountManager {
  const { store } = options;
  const providers = new Map(Object.entries(options.providers));
  const random = options.random ?? Math.random;
  const jitterMs = options.jitterMs ?? 2_000;
  const defaultProviderId = options.defaultProviderId ?? providers.keys().next().value;
  const accounts = new Map<string, Entry>();
  /** The next account to sign in: not listed, nothing stored, until its sign-in succeeds. */
  let pending: Entry | undefined;
  /** Accounts of providers not configured now: kept in the list, untouched, for when they are. */
  let dormant: StoredAccount[] = [];
  const profiles = new Map<string, AccountProfile>();
  const listeners = new Set<(accounts: AccountSummary[]) => void>();
  const stateListeners = new Set<(state: AuthState) => void>();
  let lastState: AuthState | undefined;
  let activeId: string | undefined;
  let disposed = false;

  const disposedError = (): AuthError => new AuthError(AuthErrorCode.disposed, 'The sign-in service has been shut down. Restart the app.');
  const notSignedIn = (): AuthError => new AuthError(AuthErrorCode.notSignedIn, 'You are not signed in. Sign in, then try again.');
  const requireProvider = (providerId: string): ProviderConfig => {
    const provider = providers.get(providerId);
    if (!provider) throw new AuthError(AuthErrorCode.invalidConfig, `No provider "${providerId}" is configured.`);
    return provider;
  };

  const summary = (entry: Entry): AccountSummary => {
    const profile = profiles.get(entry.id);
    return {
      id: entry.id,
      providerId: entry.providerId,
      issuer: entry.service.describe().issuer,
      active: entry.id === activeId,
      state: entry.service.getState(),
      ...(profile ? { profile } : {}),
    };
  };
  const summaries = (): AccountSummary[] => [...accounts.values()].map(summary);

  /** One account's service, its claims remembered (in memory) and its changes passed on. */
  const createEntry = (id: string, providerId: string): Entry => {
    const provider = requireProvider(providerId);
    const openExternal = options.openExternalFor?.(providerId) ?? options.openExternal;
    const service = createAuthService({ ...options, provider, openExternal, store: namespaced(store, id) });
    const entry: Entry = { id, providerId, service, off: () => undefined };
    entry.off = service.onChange((state) => {
      if (state.status === 'signed-in') {
        const profile = profileOf(state.claims);
        if (profile) profiles.set(id, profile);
      }
      emit();
    });
    return entry;
  };

  const ensurePending = (providerId: string): Entry => {
    if (pending?.providerId === providerId) return pending;
    requireProvider(providerId);
    if (pending) void release(pending);
    pending = createEntry(randomUUID(), providerId);
    // What an account of this provider knows of it (metadata, keys): the click opens the browser
    // without reading them again.
    const known = [...accounts.values()].find((entry) => entry.providerId === providerId);
    if (known) shareProviderKnowledge(known.service, pending.service);
    return pending;
  };

  const activeEntry = (): Entry | undefined => (activeId ? accounts.get(activeId) : undefined);

  /** The account the window speaks for. */
  const focus = (): Entry | undefined => {
    if (pending && pending.service.getState().status === 'signing-in') return pending;
    const active = activeEntry();
    if (active) return active;
    if (disposed || !defaultProviderId || !providers.has(defaultProviderId)) return pending;
    return ensurePending(defaultProviderId);
  };
  const focusState = (): AuthState => focus()?.service.getState() ?? Object.freeze({ status: 'signed-out' as const });
  const focusService = (): AuthService => {
    const entry = focus();
    if (!entry) throw disposed ? disposedError() : new AuthError(AuthErrorCode.invalidConfig, 'No provider is configured.');
    return entry.service;
  };

  function emit(): void {
    const list = summaries();
    for (const listener of [...listeners]) listener(list);
    const state = focusState();
    if (state === lastState) return;
    lastState = state;
    for (const listener of [...stateListeners]) listener(state);
  }

  const persist = (): void => {
    const list = [...[...accounts.values()].map(({ id, providerId }) => ({ id, providerId })), ...dormant];
    try {
      store.set(ACCOUNTS_KEY, { version: 1, accounts: list, ...(activeId ? { active: activeId } : {}) });
    } catch {
      // The list is rebuilt from what signs in next; the sessions themselves are each stored.
    }
  };

  async function release(entry: Entry): Promise<void> {
    if (pending === entry) pending = undefined;
    if (accounts.get(entry.id) === entry) accounts.delete(entry.id);
    profiles.delete(entry.id);
    entry.off();
    await entry.service.dispose();
  }

  /** The account was signed in as a person another account already is (same provider): the
   *  older one goes, revoked, so nobody is listed twice. */
  const replaceOlder = async (entry: Entry): Promise<void> => {
    const sub = profiles.get(entry.id)?.sub;
    if (!sub) return;
    for (const other of [...accounts.values()]) {
      if (other === entry || other.providerId !== entry.providerId || profiles.get(other.id)?.sub !== sub) continue;
      await other.service.signOut().catch(() => undefined);
      await release(other);
    }
  };

  /** A pending account signed in: listed and made active. */
  const promote = async (entry: Entry): Promise<void> => {
    if (pending === entry) pending = undefined;
    accounts.set(entry.id, entry);
    activeId = entry.id;
    await replaceOlder(entry);
    persist();
    emit();
  };

  const read = (key: string): unknown => {
    try {
      return store.get(key);
    } catch {
      return undefined;
    }
  };

  /** A session stored before there were several accounts becomes an account of its own: its
   *  ciphertext moves as it is (nothing is decrypted here), then the old key goes. */
  const migrateSingleSession = (list: StoredList | undefined): StoredList | undefined => {
    const legacy = read(SESSION_KEY);
    if (legacy === undefined || !defaultProviderId) return list;
    const next: StoredList = list ?? { version: 1, accounts: [] };
    try {
      const serialized = JSON.stringify(legacy);
      // Moved already (the app stopped before the old key went): only the old key is left to remove.
      const moved = next.accounts.some(({ id }) => JSON.stringify(read(accountKey(id, SESSION_KEY))) === serialized);
      if (!moved) {
        const id = randomUUID();
        store.set(accountKey(id, SESSION_KEY), legacy);
        next.accounts.push({ id, providerId: defaultProviderId });
        next.active ??= id;
        store.set(ACCOUNTS_KEY, next);
      }
      store.delete(SESSION_KEY);
      store.delete(LEGACY_PROVIDER_CACHE_KEY);
    } catch {
      // The store refused a write: the session stays where it was, and is moved at the next start.
      return list;
    }
    return next;
  };

  const spread = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.floor(random() * jitterMs)).unref?.());
  /** The active account first (unless `done` already), then the others, each after a random wait. */
  const eachSpread = async (run: (service: AuthService) => Promise<unknown>, done?: Entry): Promise<void> => {
    const first = activeEntry();
    if (first && first !== done) await run(first.service).catch(() => undefined);
    await Promise.all(
      [...accounts.values()]
        .filter((account) => account !== first && account !== done)
        .map(async (account) => {
          await spread();
          if (!disposed && accounts.get(account.id) === account) await run(account.service).catch(() => undefined);
        }),
    );
  };

  /** Startup: the active account restored first (`active` settles then), the others after a
   *  random wait each (`all` settles once every one has). */
  const startRestore = (): { active: Promise<void>; all: Promise<AccountSummary[]> } => {
    if (disposed) throw disposedError();
    const parsed = v.safeParse(accountsSchema, read(ACCOUNTS_KEY));
    const list = migrateSingleSession(parsed.success ? parsed.output : undefined);
    if (list) {
      dormant = [];
      for (const stored of list.accounts) {
        if (accounts.has(stored.id)) continue;
        // An account of a provider no longer configured stays in the list, untouched.
        if (providers.has(stored.providerId)) accounts.set(stored.id, createEntry(stored.id, stored.providerId));
        else dormant.push(stored);
      }
      activeId = list.active && accounts.has(list.active) ? list.active : accounts.keys().next().value;
    }
    if (accounts.size === 0) {
      // Nothing stored: the next account's service reads the provider's metadata now, so that
      // the first click opens the browser without waiting for it.
      const next = focus();
      const active = (next ? next.service.restore().then(() => undefined, () => undefined) : Promise.resolve()).then(() => emit());
      return { active, all: active.then(() => summaries()) };
    }
    const first = activeEntry();
    const active = first ? first.service.restore().then(() => undefined, () => undefined) : Promise.resolve();
    const all = active.then(async () => {
      await eachSpread((service) => service.restore(), first);
      // An account with nothing stored any more is dropped; one that ended stays, with its reason.
      for (const entry of [...accounts.values()]) {
        const state = entry.service.getState();
        if (state.status === 'signed-out' && !state.error) await release(entry);
      }
      if (!activeId || !accounts.has(activeId)) activeId = accounts.keys().next().value;
      persist();
      emit();
      return summaries();
    });
    return { active, all };
  };

  const signOutOne = async (id: string, signOutOptions?: { endProviderSession?: boolean }): Promise<AccountSummary[]> => {
    const entry = accounts.get(id);
    if (!entry) return summaries();
    // Off the list first, so the window moves on at once (to the next account, with one change)
    // while the provider is told; the last one stays on screen, signed out with whatever the
    // provider said, and is what signs in next.
    accounts.delete(id);
    profiles.delete(id);
    if (activeId === id) activeId = accounts.keys().next().value;
    const last = accounts.size === 0 && !disposed;
    if (last) {
      if (pending && pending !== entry) await release(pending);
      pending = entry;
    } else {
      entry.off();
    }
    persist();
    emit();
    try {
      await entry.service.signOut(signOutOptions);
    } finally {
      if (!last) await entry.service.dispose();
    }
    return summaries();
  };

  const service: AuthService = {
    getState: focusState,
    onChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    async restore() {
      // Settles once the active account is back; the others follow in the background.
      const restoring = startRestore();
      restoring.all.catch(() => undefined);
      await restoring.active;
      return focusState();
    },
    async signIn(signInOptions?: SignInOptions) {
      if (disposed) throw disposedError();
      const active = activeEntry();
      if (active) {
        // The active account again (its session ended, or a recent sign-in is asked for): the
        // provider is told who, unless the caller said.
        const profile = profiles.get(active.id);
        const hint = active.service.getState().status === 'signed-out' ? (profile?.email ?? profile?.username) : undefined;
        const state = await active.service.signIn({ ...(hint ? { loginHint: hint } : {}), ...signInOptions });
        await replaceOlder(active);
        persist();
        emit();
        return state;
      }
      const entry = focus();
      if (!entry) throw new AuthError(AuthErrorCode.invalidConfig, 'No provider is configured.');
      const state = await entry.service.signIn(signInOptions);
      if (state.status === 'signed-in') await promote(entry);
      return state;
    },
    cancelSignIn: () => focus()?.service.cancelSignIn(),
    reopenBrowser: () => focusService().reopenBrowser(),
    async handleRedirect(url) {
      for (const entry of [...(pending ? [pending] : []), ...accounts.values()]) {
        if (await entry.service.handleRedirect(url)) return true;
      }
      return false;
    },
    callApi(request) {
      // The active account's token, never the one being added.
      const active = activeEntry();
      return active ? active.service.callApi(request) : Promise.reject(notSignedIn());
    },
    allowApiOrigin(origin) {
      const active = activeEntry();
      return active ? active.service.allowApiOrigin(origin) : Promise.reject(notSignedIn());
    },
    async signOut(signOutOptions) {
      if (disposed) throw disposedError();
      if (activeId && accounts.has(activeId)) {
        await signOutOne(activeId, signOutOptions);
        return focusState();
      }
      return focusService().signOut(signOutOptions);
    },
    probe: () => focusService().probe(),
    describe: () => focusService().describe(),
    async checkSession() {
      await eachSpread((each) => each.checkSession());
      return focusState();
    },
    dispose: () => manager.dispose(),
  };

  const manager: AccountManager = {
    service,
    list: summaries,
    active: () => activeEntry()?.service,
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    restore: async () => startRestore().all,

    async addAccount(providerId, addOptions) {
      if (disposed) throw disposedError();
      requireProvider(providerId);
      const entry = ensurePending(providerId);
      const signInOptions: SignInOptions = {
        ...(addOptions?.loginHint ? { loginHint: addOptions.loginHint } : { chooseAccount: true }),
        ...(addOptions?.device ? { device: true } : {}),
      };
      let state: AuthState;
      try {
        state = await entry.service.signIn(signInOptions);
      } finally {
        // A failed attempt: the window goes back to the active account; the service is kept for
        // the next attempt (nothing of it was stored).
        emit();
      }
      if (disposed) throw disposedError();
      if (state.status !== 'signed-in') throw new AuthError(AuthErrorCode.cancelled, 'The sign-in was cancelled.');
      await promote(entry);
      return summary(entry);
    },

    switchTo(id) {
      if (!accounts.has(id)) throw new AuthError(AuthErrorCode.notSignedIn, 'That account is not signed in here any more.');
      activeId = id;
      persist();
      emit();
      return summaries();
    },

    signOut: signOutOne,

    async signOutAll(providerId) {
      for (const entry of [...accounts.values()]) {
        if (providerId === undefined || entry.providerId === providerId) await signOutOne(entry.id).catch(() => undefined);
      }
    },

    addProvider(providerId, provider) {
      if (providers.has(providerId)) return;
      // Checked now, as a service checks it: a configuration the core refuses is never listed.
      resolveOptions({ ...options, provider });
      providers.set(providerId, provider);
    },

    describeProvider(providerId) {
      const active = activeEntry();
      const entry =
        (active?.providerId === providerId ? active : undefined) ??
        [...accounts.values()].find((candidate) => candidate.providerId === providerId) ??
        (pending?.providerId === providerId ? pending : undefined);
      return entry?.service.describe();
    },

    removeProvider(providerId) {
      if ([...accounts.values()].some((entry) => entry.providerId === providerId) || providerId === defaultProviderId) return false;
      if (pending?.providerId === providerId && pending.service.getState().status === 'signing-in') return false;
      if (pending?.providerId === providerId) void release(pending);
      return providers.delete(providerId);
    },

    checkSessions: () => eachSpread((each) => each.checkSession()),

    async dispose() {
      if (disposed) return;
      disposed = true;
      await Promise.all([...accounts.values(), ...(pending ? [pending] : [])].map((entry) => release(entry)));
      listeners.clear();
      stateListeners.clear();
    },
  };
  return manager;
}
