/**
 * The provider the app runs with, with its accounts, and switching it when the setup screen saves
 * another one. It is also the one AuthService face the window and deep links hold on to (`getState`,
 * `onChange`, `handleRedirect`): listeners follow each new service by themselves, so nothing
 * has to be re-pointed by hand, and nothing keeps talking to a disposed service.
 * No Electron: the service factory is passed in.
 */
import type { AccountManager, AccountSummary } from './auth/accounts.ts';
import type { AuthService, AuthState } from './auth/types.ts';
import type { AppConfig } from './config.ts';
import type { DiagnosticsEvent } from './diagnostics-log.ts';

/** The provider in use: its configuration, its accounts, and the service that speaks for the
 *  active one (`accounts.service`). */
export interface ActiveProvider {
  readonly config: AppConfig;
  readonly auth: AuthService;
  readonly accounts: AccountManager;
}

/** The running provider, switchable. Its AuthService face always speaks for the current one. */
export interface ProviderSwitch extends Pick<AuthService, 'getState' | 'onChange' | 'handleRedirect'> {
  /** The provider in use, or undefined while nothing is configured. */
  current(): ActiveProvider | undefined;
  /**
   * Replaces the running provider: signs out of every account of the old one when the new one is
   * another provider or app (their tokens are revoked, not left behind), disposes them, creates
   * the new provider's accounts with the same adapters and restores them in the background.
   */
  switchTo(config: AppConfig): Promise<ActiveProvider>;
  /** Called when a provider's restore has settled (its metadata known, or its failure logged). */
  onReady(listener: (active: ActiveProvider) => void): () => void;
  /** Called after every switch. Returns the unsubscribe function. */
  onSwitch(listener: (active: ActiveProvider) => void): () => void;
  /** The running provider's accounts (none while nothing is configured). */
  accounts(): AccountSummary[];
  /** Called with the account list on every change, and after a switch. */
  onAccountsChange(listener: (accounts: AccountSummary[]) => void): () => void;
  /** Disposes the current service (app quit). */
  dispose(): Promise<void>;
}

/** What the switch needs. */
export interface ProviderSwitchOptions {
  /** Creates the accounts of a configuration; the same adapters (store, cipher, browser) each time. */
  createAccounts(config: AppConfig): AccountManager;
  /** The id the accounts know a configuration's provider by (the app's `providerKey`). */
  providerId(config: AppConfig): string;
  /** Where restore failures are reported. */
  log?: (event: DiagnosticsEvent) => void;
}

// States are immutable: the core freezes every state it emits, and this one likewise.
const SIGNED_OUT: AuthState = Object.freeze({ status: 'signed-out' });

/** Creates the switch, running `initial` (restored in the background) when there is one. */
export function createProviderSwitch(options: ProviderSwitchOptions, initial?: AppConfig): ProviderSwitch {
  const stateListeners = new Set<(state: AuthState) => void>();
  const switchListeners = new Set<(active: ActiveProvider) => void>();
  const readyListeners = new Set<(active: ActiveProvider) => void>();
  const accountListeners = new Set<(accounts: AccountSummary[]) => void>();
  let active: ActiveProvider | undefined;
  let unsubscribe: (() => void) | undefined;
  // Switches run one at a time: two quick saves must not leave two services running.
  let queue: Promise<unknown> = Promise.resolve();
  let disposed = false;

  const emit = (state: AuthState): void => {
    for (const listener of [...stateListeners]) listener(state);
  };
  const emitAccounts = (accounts: AccountSummary[]): void => {
    for (const listener of [...accountListeners]) listener(accounts);
  };

  const restoreFailed = (error: unknown): void => {
    options.log?.({ level: 'error', source: 'app', message: `Restoring the session failed: ${error instanceof Error ? error.message : String(error)}` });
  };

  const restore = (auth: AuthService): void => {
    // Not awaited: the window must not wait for the provider; the outcome arrives as state.
    auth.restore().then(
      () => {
        // What the provider offers is known now (its metadata was read or restored): the
        // window's AppInfo may have changed (sign-in from another device).
        if (active?.auth === auth) for (const listener of [...readyListeners]) listener(active);
      },
      restoreFailed,
    );
  };

  const activate = (config: AppConfig, accounts: AccountManager): ActiveProvider => {
    const stopState = accounts.service.onChange(emit);
    const stopAccounts = accounts.onChange(emitAccounts);
    unsubscribe = () => {
      stopState();
      stopAccounts();
    };
    active = { config, auth: accounts.service, accounts };
    return active;
  };

  if (initial) restore(activate(initial, options.createAccounts(initial)).auth);

  return {
    current: () => active,
    getState: () => active?.auth.getState() ?? SIGNED_OUT,
    onChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    handleRedirect: async (url) => (active ? active.auth.handleRedirect(url) : false),
    onReady(listener) {
      readyListeners.add(listener);
      return () => {
        readyListeners.delete(listener);
      };
    },
    onSwitch(listener) {
      switchListeners.add(listener);
      return () => {
        switchListeners.delete(listener);
      };
    },
    accounts: () => active?.accounts.list() ?? [],
    onAccountsChange(listener) {
      accountListeners.add(listener);
      return () => {
        accountListeners.delete(listener);
      };
    },

    switchTo(config) {
      const run = queue.then(async () => {
        if (disposed) throw new Error('The app is shutting down.');
        // Created first: a configuration the core refuses leaves the running provider as it was.
        const accounts = options.createAccounts(config);
        const old = active;
        const same = old !== undefined && options.providerId(old.config) === options.providerId(config);
        if (old) {
          if (!same) {
            // Another provider or app: its sessions would otherwise be left unrevoked (the new
            // provider's accounts are others). Accounts added at other providers stay.
            await old.accounts.signOutAll(options.providerId(old.config)).catch(() => undefined);
          }
          unsubscribe?.();
          await old.accounts.dispose();
        }
        if (same) {
          // The same accounts under new settings: brought back before the window hears of the
          // switch, so that it never sees them signed out in between (the old ones are disposed,
          // and one store never has two managers at once).
          await accounts.service.restore().catch(restoreFailed);
        }
        const next = activate(config, accounts);
        emit(next.auth.getState());
        emitAccounts(next.accounts.list());
        for (const listener of [...switchListeners]) listener(next);
        if (same) for (const listener of [...readyListeners]) listener(next);
        else restore(next.auth);
        return next;
      });
      queue = run.catch(() => undefined);
      return run;
    },

    async dispose() {
      disposed = true;
      await queue;
      unsubscribe?.();
      await active?.accounts.dispose();
    },
  };
}
