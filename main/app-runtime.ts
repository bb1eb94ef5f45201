/**
 * The app's main-process runtime without Electron: the running provider (switchable), its
 * sign-in service built from the platform adapters, the setup backend, the diagnostics, and the
 * IPC handler table over all of them. main/index.ts creates it with Electron's adapters; the
 * Playwright harness creates it with fakes; so both run the same wiring by construction.
 */
import { AuthError, createAccountManager, type AccountManager } from './auth/index.ts';
import type { AuthService, AuthState, KeyValueStore, ProviderConfig, ProviderDescription, SecretCipher } from './auth/types.ts';
import type { AppConfig, LoadConfigInput } from './config.ts';
import { configFilePath, demoProviderPresent } from './config.ts';
import type { DiagnosticsLog } from './diagnostics-log.ts';
import { buildDiagnosticsReport } from './diagnostics-report.ts';
import { createProviderOpener, createProviderUrlPolicy } from './external-url.ts';
import type { AccountInfo, AddAccountRequest, AppInfo, StorageProtection } from '#ipc-contract';
import { createIpcHandlers, readAppInfo, toAccountInfo, type AccountsBackend, type AppFacts, type AppInfoSource, type IpcHandlers, type UpdatesBackend } from './ipc.ts';
import { OTHER_PROVIDERS_FILE, otherProviderConfig, writeOtherProviders } from './other-providers.ts';
import { createSetupService, SetupError, SetupErrorCode } from './provider-setup.ts';
import { createProviderSwitch, type ActiveProvider, type ProviderSwitch } from './provider-switch.ts';
import { APP_TITLE } from './window-options.ts';

/** Facts about the machine the diagnostics report names. */
export interface HostFacts {
  versions: { electron?: string | undefined; chrome?: string | undefined; node?: string | undefined };
  platform: string;
  arch: string;
  osRelease: string;
  /** `app.isPackaged`. */
  packaged: boolean;
}

/** Which provider an account signs in with, as the account list stores it: the issuer and the
 *  client, so that accounts of a provider set up again later are found again, and accounts of
 *  another one are never handed its configuration. */
export function providerKey(config: AppConfig): string {
  return `${config.provider.issuer} ${config.provider.clientId}`;
}

/** The platform adapters and facts the runtime is built from. */
export interface AppRuntimeOptions {
  env: LoadConfigInput['env'];
  /** The user-data folder: config.json is read from and saved to it. */
  userDataDir: string;
  /** The configuration at start, or undefined when nothing is configured (setup screen first). */
  config: AppConfig | undefined;
  /** Providers besides the configured one where accounts were added (providers.json). */
  otherProviders?: AppConfig[];
  /** Opens a URL in the system browser (shell.openExternal); only checked provider URLs reach it. */
  openExternal: (url: string) => Promise<void>;
  cipher: SecretCipher;
  store: KeyValueStore;
  /** The fetch every sign-in service uses (Electron: the fetch of an in-memory session of its own,
   *  which follows the system proxy; see net-fetch.ts). */
  fetch?: typeof globalThis.fetch;
  diagnostics: DiagnosticsLog;
  /** How sessions are protected here (probed once, memoized by the caller or here). */
  storage(): Promise<StorageProtection>;
  appVersion: string;
  host: HostFacts;
  /** Puts text on the clipboard. */
  writeClipboard(text: string): Promise<void>;
  /** This run's log file name, for the report. */
  logFileName?: string;
  /** A monotonic clock in milliseconds (API call durations). */
  now?: () => number;
  /** Asks the person in the main process (Electron: a native dialog) whether the access token
   *  may go to an API origin the session was not signed in for. */
  confirmApiOrigin(origin: string): Promise<boolean>;
  /** The app's own updates (main/updater.ts's controller: electron-updater in the app, a fake in
   *  the harness); without one, the handlers and the report say updates are off. */
  updates?: UpdatesBackend & { describe(): string };
}

/** What the entry (or the harness) wires to the window, IPC and the OS. */
export interface AppRuntime extends AppInfoSource {
  /** Every invoke channel's handler: register with `setupIpc`. */
  readonly handlers: IpcHandlers;
  /** The running provider; also the AuthService face for state pushes, focus and deep links. */
  readonly provider: ProviderSwitch;
  /** AppInfo as getAppInfo answers it. */
  appInfo(): Promise<AppInfo>;
  /** The account list as the window shows it. */
  accounts(): AccountInfo[];
  /** Called with the account list on every change. */
  onAccountsChange(listener: (accounts: AccountInfo[]) => void): () => void;
  /** Disposes the running sign-in service (app quit). */
  dispose(): Promise<void>;
}

/** Creates the runtime and starts the configured provider (restoring its session in the background). */
export function createAppRuntime(options: AppRuntimeOptions): AppRuntime {
  const { diagnostics } = options;
  const log = diagnostics.write.bind(diagnostics);

  /** Each provider's sign-ins may open only its own pages in the browser. */
  const openerFor = (config: AppConfig) =>
    createProviderOpener(
      options.openExternal,
      createProviderUrlPolicy({
        issuer: config.provider.issuer,
        browserOrigins: config.browserOrigins,
        allowInsecureRequests: config.provider.allowInsecureRequests === true,
      }),
    );
  // Providers besides the configured one where the person added an account (providers.json),
  // by provider id; the configured provider's id is never among them.
  const others = new Map<string, AppConfig>((options.otherProviders ?? []).map((config) => [providerKey(config), config]));
  const allowInsecureLoopback = demoProviderPresent(options.env);

  const createAccounts = (config: AppConfig): AccountManager => {
    const providerId = providerKey(config);
    const providers: Record<string, ProviderConfig> = {
      // The API address goes to the core, which binds a sign-in's session to its origin.
      [providerId]: config.apiUrl ? { ...config.provider, apiUrl: config.apiUrl } : config.provider,
    };
    for (const [id, other] of others) if (id !== providerId) providers[id] = other.provider;
    return createAccountManager({
      providers,
      defaultProviderId: providerId,
      openExternal: openerFor(config),
      openExternalFor: (id) => {
        const other = id === providerId ? undefined : others.get(id);
        return other ? openerFor(other) : undefined;
      },
      cipher: options.cipher,
      store: options.store,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      // The core's events never hold a token; the log redacts them anyway.
      log: (event) => log({ ...event, source: 'auth' }),
    });
  };

  const provider = createProviderSwitch({ createAccounts, providerId: providerKey, log }, options.config);

  const providerNameOf = (active: ActiveProvider, providerId: string): string =>
    providerId === providerKey(active.config) ? active.config.providerName : (others.get(providerId)?.providerName ?? providerId);
  const accountInfos = (active: ActiveProvider): AccountInfo[] =>
    active.accounts.list().map((account) => toAccountInfo(account, providerNameOf(active, account.providerId)));

  const saveOthers = async (): Promise<void> => {
    const main = provider.current();
    const kept = [...others].filter(([id]) => !main || id !== providerKey(main.config)).map(([, config]) => config);
    await writeOtherProviders(options.userDataDir, kept);
  };
  /** Forgets other providers no account uses any more (their last account signed out or ended
   *  for good); providers.json follows. */
  const forgetUnused = async (active: ActiveProvider): Promise<void> => {
    let changed = false;
    for (const id of [...others.keys()]) {
      if (id === providerKey(active.config)) continue;
      if (active.accounts.removeProvider(id)) {
        others.delete(id);
        changed = true;
      }
    }
    if (changed) {
      await saveOthers().catch((error: unknown) => {
        log({ level: 'warn', source: 'app', message: `Could not update ${OTHER_PROVIDERS_FILE}: ${error instanceof Error ? error.message : String(error)}` });
      });
    }
  };

  const addAccount = async (active: ActiveProvider, request: AddAccountRequest): Promise<AuthState> => {
    const mainId = providerKey(active.config);
    let providerId = request.providerId ?? mainId;
    let added: AppConfig | undefined;
    if (request.setup) {
      const config = otherProviderConfig(request.setup, { allowInsecureLoopback });
      providerId = providerKey(config);
      if (providerId !== mainId && !others.has(providerId)) {
        // Known from now on (its pages may open in the browser), kept only if the sign-in succeeds.
        others.set(providerId, config);
        added = config;
        try {
          active.accounts.addProvider(providerId, config.provider);
        } catch (error) {
          others.delete(providerId);
          throw error;
        }
      }
    } else if (providerId !== mainId && !others.has(providerId)) {
      throw new SetupError(SetupErrorCode.invalidSetup, 'That provider is not set up here any more. Add the account with "another provider" instead.');
    }
    try {
      await active.accounts.addAccount(providerId, request.device ? { device: true } : undefined);
    } catch (error) {
      if (added) {
        active.accounts.removeProvider(providerId);
        others.delete(providerId);
      }
      throw error;
    }
    if (added) await saveOthers();
    return active.auth.getState();
  };

  const accountsBackend = (): AccountsBackend | undefined => {
    const active = provider.current();
    if (!active) return undefined;
    return {
      list: () => accountInfos(active),
      add: (request) => addAccount(active, request),
      switchTo: (id) => {
        active.accounts.switchTo(id);
        return accountInfos(active);
      },
      signOut: async (id, signOutOptions) => {
        await active.accounts.signOut(id, signOutOptions);
        await forgetUnused(active);
        return accountInfos(active);
      },
    };
  };

  // Other providers whose accounts did not come back at startup are forgotten.
  provider.onReady((active) => void forgetUnused(active));

  /** The protected API belongs to the configured provider: another provider's token never goes there. */
  const apiRefusal = (): { code: string; message: string } | undefined => {
    const active = provider.current();
    const account = active?.accounts.list().find((candidate) => candidate.active);
    if (!active || !account || account.providerId === providerKey(active.config)) return undefined;
    let home = active.config.providerName;
    let away = providerNameOf(active, account.providerId);
    // Two providers set up under one name are told apart by their addresses.
    if (home === away) {
      home = `${home} (${new URL(active.config.provider.issuer).host})`;
      away = `${away} (${new URL(account.issuer).host})`;
    }
    return {
      code: 'api_other_provider',
      message: `The protected API is set up for accounts at ${home}, and this account signs in with ${away}. Switch to an account at ${home} to call it.`,
    };
  };

  let storage: Promise<StorageProtection> | undefined;
  const storageProtection = (): Promise<StorageProtection> => (storage ??= options.storage());

  const facts = async (): Promise<AppFacts> => {
    const config = provider.current()?.config;
    return {
      ...(config ? { providerId: providerKey(config) } : {}),
      providerName: config?.providerName ?? '',
      demo: config?.demo ?? false,
      configured: config !== undefined,
      ...(config?.apiUrl ? { apiUrl: config.apiUrl } : {}),
      storage: await storageProtection(),
      appVersion: options.appVersion,
    };
  };
  const auth = (): AuthService | undefined => provider.current()?.auth;
  /** The configured provider as its accounts know it; before any of its services runs (every
   *  listed account is at another provider), its address from the configuration. */
  const describeProvider = (): ProviderDescription | undefined => {
    const active = provider.current();
    if (!active) return undefined;
    return (
      active.accounts.describeProvider(providerKey(active.config)) ?? {
        issuer: active.config.provider.issuer,
        clientId: active.config.provider.clientId,
        redirectUri: '',
      }
    );
  };
  const appInfo = (): Promise<AppInfo> => readAppInfo({ auth, appInfo: facts, describeProvider });

  const setup = createSetupService({
    env: options.env,
    // Only while the demo provider runs may a local http provider be set up.
    allowInsecureLoopback: demoProviderPresent(options.env),
    configPath: configFilePath(options.userDataDir),
    current: () => provider.current()?.config,
    apply: async (config) => {
      await provider.switchTo(config);
    },
    // Whoever sits at a signed-in app must not repoint it on its word alone: a changed setup is
    // saved only after a recent sign-in (max_age=0) of the active account at the current provider.
    beforeChange: async () => {
      const active = provider.current();
      if (!active?.accounts.list().some((account) => account.state.status === 'signed-in')) return;
      try {
        await active.auth.signIn({ maxAge: 0 });
      } catch (error) {
        if (error instanceof AuthError) throw new AuthError(error.code, `Nothing was saved: changing the setup asks you to sign in again first. ${error.message}`, { cause: error, detail: error.detail });
        throw error;
      }
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    log,
  });

  const report = async (): Promise<string> => {
    const active = provider.current();
    return buildDiagnosticsReport({
      generatedAt: new Date(),
      app: { name: APP_TITLE, version: options.appVersion, packaged: options.host.packaged },
      updates: options.updates?.describe() ?? 'off (this runtime has no updater)',
      versions: options.host.versions,
      os: { platform: options.host.platform, arch: options.host.arch, release: options.host.osRelease },
      ...(active
        ? {
            provider: {
              name: active.config.providerName,
              source: active.config.source,
              demo: active.config.demo,
              description: active.auth.describe(),
              dpopEnabled: active.config.provider.dpop !== false,
              signedIn: active.auth.getState().status === 'signed-in',
              accounts: {
                listed: active.accounts.list().length,
                signedIn: active.accounts.list().filter((account) => account.state.status === 'signed-in').length,
              },
              ...(active.config.apiUrl ? { apiUrl: active.config.apiUrl } : {}),
            },
          }
        : {}),
      storage: await storageProtection(),
      ...(options.logFileName ? { logFile: options.logFileName } : {}),
      errors: diagnostics.recentErrors(),
    });
  };

  const handlers = createIpcHandlers({
    auth,
    describeProvider,
    accounts: accountsBackend,
    apiRefusal,
    appInfo: facts,
    setup,
    apiUrl: () => provider.current()?.config.apiUrl,
    confirmApiOrigin: (origin) => options.confirmApiOrigin(origin),
    diagnostics: { report, copy: (text) => options.writeClipboard(text) },
    ...(options.updates ? { updates: options.updates } : {}),
    log,
    ...(options.now ? { now: options.now } : {}),
    onUnexpectedError: (channel, error) => {
      // Name and message only (redacted by the log): a stack is noise for the person reading it.
      const summary = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      log({ level: 'error', source: 'ipc', message: `${channel} failed unexpectedly: ${summary}` });
    },
  });

  return {
    handlers,
    provider,
    appInfo,
    accounts: () => {
      const active = provider.current();
      return active ? accountInfos(active) : [];
    },
    onAccountsChange(listener) {
      return provider.onAccountsChange(() => {
        const active = provider.current();
        listener(active ? accountInfos(active) : []);
      });
    },
    onAppInfoChange(listener) {
      const push = (): void => {
        appInfo().then(listener, (error: unknown) => {
          log({ level: 'error', source: 'app', message: `Reading the app info after a provider switch failed: ${error instanceof Error ? error.message : String(error)}` });
        });
      };
      const stopSwitch = provider.onSwitch(push);
      const stopReady = provider.onReady(push);
      return () => {
        stopSwitch();
        stopReady();
      };
    },
    dispose: () => provider.dispose(),
  };
}
