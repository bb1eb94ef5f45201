/**
 * The provider the app runs with, and switching it when the setup screen saves another one.
 * It is also the one AuthService face the window and deep links hold on to (`getState`,
 * `onChange`, `handleRedirect`): listeners follow each new service by themselves, so nothing
 * has to be re-pointed by hand, and nothing keeps talking to a disposed service.
 * No Electron: the service factory is passed in.
 */
import type { AuthService, AuthState } from './auth/types.ts';
import type { AppConfig } from './config.ts';
import type { DiagnosticsEvent } from './diagnostics-log.ts';

/** The provider in use: its configuration and its sign-in service. */
export interface ActiveProvider {
  readonly config: AppConfig;
  readonly auth: AuthService;
}

/** The running provider, switchable. Its AuthService face always speaks for the current one. */
export interface ProviderSwitch extends Pick<AuthService, 'getState' | 'onChange' | 'handleRedirect'> {
  /** The provider in use, or undefined while nothing is configured. */
  current(): ActiveProvider | undefined;
  /**
   * Replaces the running provider: signs out of the old one when the new one is another
   * provider or app (its tokens are revoked, not left behind), disposes it, creates the new
   * service with the same adapters and restores its session in the background.
   */
  switchTo(config: AppConfig): Promise<ActiveProvider>;
  /** Called when a provider's restore has settled (its metadata known, or its failure logged). */
  onReady(listener: (active: ActiveProvider) => void): () => void;
  /** Called after every switch. Returns the unsubscribe function. */
  onSwitch(listener: (active: ActiveProvider) => void): () => void;
  /** Disposes the current service (app quit). */
  dispose(): Promise<void>;
}

/** What the switch needs. */
export interface ProviderSwitchOptions {
  /** Creates a service for a configuration; the same adapters (store, cipher, browser) each time. */
  createService(config: AppConfig): AuthService;
  /** Where restore failures are reported. */
  log?: (event: DiagnosticsEvent) => void;
}

// States are immutable: the core freezes every state it emits, and this one likewise.
const SIGNED_OUT: AuthState = Object.freeze({ status: 'signed-out' });

function sameIdentity(a: AppConfig, b: AppConfig): boolean {
  return a.provider.issuer === b.provider.issuer && a.provider.clientId === b.provider.clientId;
}

/** Creates the switch, running `initial` (restored in the background) when there is one. */
export function createProviderSwitch(options: ProviderSwitchOptions, initial?: AppConfig): ProviderSwitch {
  const stateListeners = new Set<(state: AuthState) => void>();
  const switchListeners = new Set<(active: ActiveProvider) => void>();
  const readyListeners = new Set<(active: ActiveProvider) => void>();
  let active: ActiveProvider | undefined;
  let unsubscribe: (() => void) | undefined;
  // Switches run one at a time: two quick saves must not leave two services running.
  let queue: Promise<unknown> = Promise.resolve();
  let disposed = false;

  const emit = (state: AuthState): void => {
    for (const listener of [...stateListeners]) listener(state);
  };

  const restore = (auth: AuthService): void => {
    // Not awaited: the window must not wait for the provider; the outcome arrives as state.
    auth.restore().then(
      () => {
        // What the provider offers is known now (its metadata was read or restored): the
        // window's AppInfo may have changed (sign-in from another device).
        if (active?.auth === auth) for (const listener of [...readyListeners]) listener(active);
      },
      (error: unknown) => {
        options.log?.({ level: 'error', source: 'app', message: `Restoring the session failed: ${error instanceof Error ? error.message : String(error)}` });
      },
    );
  };

  const activate = (config: AppConfig, auth: AuthService): ActiveProvider => {
    unsubscribe = auth.onChange(emit);
    active = { config, auth };
    return active;
  };

  if (initial) restore(activate(initial, options.createService(initial)).auth);

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

    switchTo(config) {
      const run = queue.then(async () => {
        if (disposed) throw new Error('The app is shutting down.');
        // Created first: a configuration the core refuses leaves the running provider as it was.
        const auth = options.createService(config);
        const old = active;
        if (old) {
          if (!sameIdentity(old.config, config) && old.auth.getState().status !== 'signed-out') {
            // Another provider or app: the old session would otherwise be dropped unrevoked by
            // the new service's restore (it refuses a session of another issuer or client).
            await old.auth.signOut().catch(() => undefined);
          }
          unsubscribe?.();
          await old.auth.dispose();
        }
        const next = activate(config, auth);
        emit(next.auth.getState());
        for (const listener of [...switchListeners]) listener(next);
        restore(next.auth);
        return next;
      });
      queue = run.catch(() => undefined);
      return run;
    },

    async dispose() {
      disposed = true;
      await queue;
      unsubscribe?.();
      await active?.auth.dispose();
    },
  };
}
