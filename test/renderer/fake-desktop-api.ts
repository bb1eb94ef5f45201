import { vi } from 'vitest';
import type {
  AccountInfo,
  AddAccountRequest,
  ApiCallResult,
  AppInfo,
  AuthState,
  ConnectionReport,
  DesktopApi,
  IpcResult,
  SessionDetails,
  SetupInfo,
  SetupRequest,
  UpdateState,
} from '#ipc-contract';
import { providerGuideUrl } from '../../main/docs-url.ts';
import { derivePreset, findPreset, PRESETS, PresetError, type DerivedProvider } from '../../main/providers/presets.ts';

type SignedIn = Extract<AuthState, { status: 'signed-in' }>;

/** The providerId of the app's configured provider's accounts (opaque, as main's). */
export const CONFIGURED_PROVIDER_ID = 'configured-provider';

export const demoAppInfo: AppInfo = {
  providerId: CONFIGURED_PROVIDER_ID,
  providerName: 'Demo provider',
  issuer: 'http://127.0.0.1:4000',
  demo: true,
  redirectUri: 'http://127.0.0.1:53682/callback',
  storage: { persistent: true, backend: 'gnome_libsecret', description: 'Encrypted with your GNOME keyring' },
  appVersion: '0.1.0',
  configured: true,
};

/** Every preset as main's getSetup lists them (the real presets, without their derive()). */
export const presetSummaries = (): SetupInfo['presets'] =>
  PRESETS.map(({ id, name, docs, fields }) => ({ id, name, docs, docsUrl: providerGuideUrl(id), fields: fields.map((field) => ({ ...field })) }));

/** Everything a provider can support, all on: tests switch features off one by one. */
export const allFeatures = (): ConnectionReport['features'] => ({
  pkceS256: true,
  refreshTokens: true,
  revocation: true,
  endSession: true,
  userInfo: true,
  issParameter: true,
  dpop: true,
  par: true,
  requirePar: false,
    deviceFlow: false,
});

/** What the protected API beside the test provider answers. */
export const apiResult = (overrides: Partial<ApiCallResult> = {}): ApiCallResult => ({
  url: 'https://api.example.com/me',
  status: 200,
  statusText: 'OK',
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify({ message: 'Hello from the protected resource', sub: 'user-1234', token_type: 'DPoP' }, null, 2),
  contentType: 'application/json; charset=utf-8',
  durationMs: 84.4,
  retriedAfterRefresh: false,
  ...overrides,
});

/** A signed-in state as the core would push it; `claims` and the rest can be overridden. */
export const signedInState = (overrides: Partial<Omit<SignedIn, 'status'>> = {}): SignedIn => ({
  status: 'signed-in',
  claims: {
    sub: 'user-1234',
    iss: 'http://127.0.0.1:4000',
    aud: 'desktop-app',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    email_verified: true,
    iat: 1_767_225_600,
    exp: 1_767_229_200,
    auth_time: 1_767_225_590,
    amr: ['pwd'],
    address: { locality: 'London', country: 'UK' },
  },
  expiresAt: Date.now() + 5 * 60_000,
  scopes: ['openid', 'profile', 'email', 'offline_access'],
  persisted: true,
  ...overrides,
});

/** Ada's session with someone else's claims: `signedInAs('Bob Builder', 'bob@example.com')`. */
export const signedInAs = (name: string, email: string, overrides: Partial<Omit<SignedIn, 'status'>> = {}): SignedIn => {
  const base = signedInState(overrides);
  return { ...base, claims: { ...base.claims, sub: `sub-${email}`, name, email, ...overrides.claims } };
};

/** A provider besides the configured one, where accounts were added ("at another provider"). */
export interface FakeProvider {
  /** Opaque to the window, as main's are. */
  id: string;
  name: string;
  issuer: string;
}


/** Another provider, as tests list accounts at it: `otherProvider('Okta', 'https://acme.okta.com')`. */
export const otherProvider = (name: string, issuer: string): FakeProvider => ({ id: `other ${issuer}`, name, issuer });

/** What callApi answers for an account at another provider than the API's (main's wording). */
export const apiOtherProviderMessage = (apiProvider: string, accountProvider: string): string =>
  `The protected API is set up for accounts at ${apiProvider}, and this account signs in with ${accountProvider}. Switch to an account at ${apiProvider} to call it.`;

/** One account of the fake core: its own state, and what the list knows without claims. */
export interface FakeAccount {
  id: string;
  state: AuthState;
  /** Where it signs in; default: the app's configured provider. */
  provider?: FakeProvider;
  /** Shown when the state has no claims (a session locked in the keystore). */
  name?: string;
  email?: string;
  picture?: string;
}

export interface FakeDesktopOptions {
  /** The window's state; default: the active account's, else signed-out. */
  state?: AuthState;
  /** The accounts, oldest first; default: one account when `state` is signed-in, else none. */
  accounts?: FakeAccount[];
  /** The active account's id; default: the first account's. */
  activeId?: string;
  appInfo?: AppInfo;
  /** What getSetup answers besides the presets (default: the demo is in use, nothing saved). */
  setup?: Omit<SetupInfo, 'presets'>;
  /** The signed-in session's token binding (default: DPoP). */
  sessionDetails?: SessionDetails;
}

type Failure = Extract<IpcResult<never>, { ok: false }>;

/** A setup failure as main sends it: an IpcResult failure that names the field it is about. */
export const fieldFailure = (code: string, message: string, field: string): Failure => ({ ok: false, code, message, field });

/** What main's preset handling does with a request: derive, or fail naming the field. */
const derive = (request: SetupRequest): { ok: true; derived: DerivedProvider } | Failure => {
  const preset = findPreset(request.presetId);
  if (!preset) return { ok: false, code: 'invalid_setup', message: 'Unknown provider preset.', field: 'presetId' };
  if (request.apiUrl !== undefined && !/^https:\/\//.test(request.apiUrl)) {
    return { ok: false, code: 'invalid_setup', message: 'Protected API URL must use https.', field: 'apiUrl' };
  }
  try {
    return { ok: true, derived: derivePreset(preset, request.values, { allowInsecureLoopback: true }) };
  } catch (error) {
    if (error instanceof PresetError) return { ok: false, code: 'invalid_setup', message: error.message, field: error.field };
    throw error;
  }
};

/** The QR code the fake main process draws for it (a 1x1 SVG will do for the window). */
export const DEVICE_QR = `data:image/svg+xml;base64,${btoa('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')}`;

/** The code the fake core shows for a sign-in on another device. */
export const DEVICE_CODE = { userCode: 'WDJB-MJHT', verificationUri: 'https://login.example.com/device', expiresAt: Date.now() + 600_000 };

/**
 * A `window.desktop` that behaves like the preload bridge over a tiny in-memory core: `signIn`
 * moves to signing-in and stays pending until `cancelSignIn`, `completeSignIn` or `failSignIn`;
 * `signOut` moves to signed-out. Every method is a `vi.fn`, so tests can assert calls or swap
 * one behaviour with `mockImplementationOnce`.
 */
export const createFakeDesktop = ({
  state: initialState,
  accounts: initialAccounts,
  activeId: initialActiveId,
  appInfo: initialAppInfo = demoAppInfo,
  setup: initialSetup = { source: 'demo' },
  sessionDetails = { tokenType: 'dpop', senderConstrained: true },
}: FakeDesktopOptions = {}) => {
  let accounts: FakeAccount[] = (
    initialAccounts ?? (initialState?.status === 'signed-in' ? [{ id: 'account-1', state: initialState }] : [])
  ).map((account) => ({ ...account }));
  let activeId = initialActiveId ?? accounts[0]?.id;
  let addedCount = accounts.length;
  const activeAccount = () => accounts.find((account) => account.id === activeId);
  let state: AuthState = initialState ?? activeAccount()?.state ?? { status: 'signed-out' };
  let appInfo = initialAppInfo;
  let setup: SetupInfo = { presets: presetSummaries(), ...initialSetup };
  const listeners = new Set<(state: AuthState) => void>();
  const appInfoListeners = new Set<(info: AppInfo) => void>();
  let updateState: UpdateState = { status: 'disabled', reason: 'development build: only installed copies update themselves' };
  const updateListeners = new Set<(state: UpdateState) => void>();

  /** Pushes a provider change, as the main process does when a setup is saved. */
  const emitAppInfo = (next: AppInfo): void => {
    appInfo = next;
    for (const listener of appInfoListeners) listener(next);
  };
  /** The running flow: a sign-in, an account being added, or the fresh sign-in a save asked for
   *  (`before` is the active account's state, which a failed add or save returns to; `provider`
   *  is where an account is added, when not at the configured provider). */
  let flow:
    | { kind: 'sign-in' | 'add' | 'save'; before: AuthState; provider?: FakeProvider | undefined; finish: (result: IpcResult<AuthState>) => void }
    | undefined;

  /** Pushes a state change, as the main process does on every change. */
  const emit = (next: AuthState): void => {
    state = next;
    for (const listener of listeners) listener(next);
  };

  const accountsListeners = new Set<(accounts: AccountInfo[]) => void>();
  /** The list as main's getAccounts answers it. */
  const accountList = (): AccountInfo[] =>
    accounts.map(({ id, state: own, provider, name, email, picture }) => {
      const claims = own.status === 'signed-in' ? own.claims : {};
      const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
      const info: AccountInfo = {
        id,
        active: id === activeId,
        status: own.status,
        providerId: provider?.id ?? CONFIGURED_PROVIDER_ID,
        providerName: provider?.name ?? appInfo.providerName,
        issuer: provider?.issuer ?? appInfo.issuer,
      };
      const known = { name: text(claims.name) ?? name, email: text(claims.email) ?? email, picture: text(claims.picture) ?? picture };
      for (const [key, value] of Object.entries(known)) if (value !== undefined) Object.assign(info, { [key]: value });
      if (own.status === 'signed-out' && own.error) info.error = own.error;
      return info;
    });
  /** Pushes the account list, as main does on every change to it. */
  const emitAccounts = (): void => {
    const list = accountList();
    for (const listener of accountsListeners) listener(list);
  };
  /** The active account is gone: the next one becomes active, or none is left. */
  const removeAccount = (id: string): void => {
    accounts = accounts.filter((account) => account.id !== id);
    if (activeId === id) {
      activeId = accounts[0]?.id;
      emit(activeAccount()?.state ?? { status: 'signed-out' });
    }
    emitAccounts();
  };

  const fail = (code: string, message: string): void => {
    const running = flow;
    flow = undefined;
    if (running && running.kind !== 'sign-in') {
      // Adding or re-authenticating for a save: the active account is as it was.
      emit(running.before);
    } else {
      const next: AuthState = { status: 'signed-out', error: { code, message } };
      const active = activeAccount();
      if (active) active.state = next;
      emit(next);
      emitAccounts();
    }
    running?.finish({ ok: false, code, message });
  };

  /** Starts a flow in the browser (or on another device): the state goes signing-in until it ends. */
  const startFlow = (kind: 'sign-in' | 'add' | 'save', device = false, provider?: FakeProvider) =>
    new Promise<IpcResult<AuthState>>((resolve) => {
      flow = { kind, before: state, provider, finish: resolve };
      emit(device ? { status: 'signing-in', device: DEVICE_CODE } : { status: 'signing-in' });
    });

  /** The other providers main knows: those of the accounts listed (a provider is forgotten with
   *  its last account, and kept only once an account there signed in). */
  const knownProvider = (id: string): FakeProvider | undefined => accounts.find((account) => account.provider?.id === id)?.provider;

  /** addAccount as main runs it: at the configured provider, at a listed one, or set up from the form. */
  const addAccount = async (request: AddAccountRequest = {}): Promise<IpcResult<AuthState>> => {
    if (request.setup) {
      // Derived like the setup screen's form, without the API (another provider never gets it).
      const setupRequest: SetupRequest = { ...request.setup };
      delete setupRequest.apiUrl;
      const outcome = derive(setupRequest);
      if (!outcome.ok) return outcome;
      const { issuer } = outcome.derived.provider;
      // The configured provider's own issuer: one more account there.
      const provider =
        issuer === appInfo.issuer ? undefined : otherProvider(setupRequest.providerName ?? findPreset(setupRequest.presetId)?.name ?? issuer, issuer);
      return startFlow('add', request.device, provider);
    }
    if (request.providerId !== undefined && request.providerId !== CONFIGURED_PROVIDER_ID) {
      const provider = knownProvider(request.providerId);
      if (!provider) return { ok: false, code: 'invalid_setup', message: 'That provider is not set up here any more. Add the account with "another provider" instead.' };
      return startFlow('add', request.device, provider);
    }
    return startFlow('add', request.device);
  };

  const api = {
    getState: vi.fn<DesktopApi['getState']>(async () => state),
    getAppInfo: vi.fn<DesktopApi['getAppInfo']>(async () => appInfo),
    signIn: vi.fn<DesktopApi['signIn']>((request) => startFlow('sign-in', request?.device)),
    cancelSignIn: vi.fn<DesktopApi['cancelSignIn']>(async () => {
      fail('cancelled', 'Sign-in cancelled. You can sign in again whenever you are ready.');
    }),
    reopenBrowser: vi.fn<DesktopApi['reopenBrowser']>(async () => ({ ok: true, value: undefined })),
    signOut: vi.fn<DesktopApi['signOut']>(async () => {
      if (activeId === undefined) emit({ status: 'signed-out' });
      else removeAccount(activeId);
      return { ok: true, value: state };
    }),
    onStateChange: vi.fn<DesktopApi['onStateChange']>((listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
    getAccounts: vi.fn<DesktopApi['getAccounts']>(async () => accountList()),
    addAccount: vi.fn<DesktopApi['addAccount']>(addAccount),
    switchAccount: vi.fn<DesktopApi['switchAccount']>(async ({ id }) => {
      const account = accounts.find((candidate) => candidate.id === id);
      if (!account) return { ok: false, code: 'not_signed_in', message: 'That account is not signed in here any more.' };
      activeId = id;
      emit(account.state);
      emitAccounts();
      return { ok: true, value: accountList() };
    }),
    signOutAccount: vi.fn<DesktopApi['signOutAccount']>(async ({ id }) => {
      removeAccount(id);
      return { ok: true, value: accountList() };
    }),
    onAccountsChange: vi.fn<DesktopApi['onAccountsChange']>((listener) => {
      accountsListeners.add(listener);
      return () => accountsListeners.delete(listener);
    }),
    getSessionDetails: vi.fn<DesktopApi['getSessionDetails']>(async () =>
      state.status === 'signed-in' ? sessionDetails : { senderConstrained: false },
    ),
    getSetup: vi.fn<DesktopApi['getSetup']>(async () => setup),
    getDeviceQr: vi.fn<DesktopApi['getDeviceQr']>(async () => (state.status === 'signing-in' && state.device ? { dataUrl: DEVICE_QR } : {})),
    testConnection: vi.fn<DesktopApi['testConnection']>(async (request) => {
      const outcome = derive(request);
      if (!outcome.ok) return outcome;
      const { provider, redirectUri, postLogoutRedirectUri, notes } = outcome.derived;
      return {
        ok: true,
        value: {
          issuer: provider.issuer,
          ...(provider.expectedIssuer ? { expectedIssuer: provider.expectedIssuer } : {}),
          redirectUri,
          ...(postLogoutRedirectUri ? { postLogoutRedirectUri } : {}),
          notes,
          features: allFeatures(),
        },
      };
    }),
    saveSetup: vi.fn<DesktopApi['saveSetup']>(async (request) => {
      if (setup.source === 'env') return { ok: false, code: 'config_from_env', message: 'The configuration comes from environment variables.' };
      const outcome = derive(request);
      if (!outcome.ok) return outcome;
      // Signed in: a fresh sign-in at the current provider first (max_age=0), or nothing is saved.
      if (state.status === 'signed-in') {
        const reauthenticated = await startFlow('save');
        if (!reauthenticated.ok) return reauthenticated;
      }
      const preset = findPreset(request.presetId);
      setup = { ...setup, saved: request, source: 'file' };
      const next: AppInfo = {
        ...appInfo,
        providerName: request.providerName ?? preset?.name ?? 'Provider',
        issuer: outcome.derived.provider.issuer,
        redirectUri: outcome.derived.redirectUri,
        demo: false,
        configured: true,
        apiUrl: request.apiUrl,
      };
      if (!request.apiUrl) delete next.apiUrl;
      // Another provider (its issuer changed): main signs out of the old one's accounts; accounts
      // added at other providers stay. The same provider keeps its accounts, under the new name.
      if (next.issuer !== appInfo.issuer) {
        accounts = accounts.filter((account) => account.provider !== undefined);
        if (!activeAccount()) activeId = accounts[0]?.id;
        emit(activeAccount()?.state ?? { status: 'signed-out' });
      }
      emitAppInfo(next);
      emitAccounts();
      return { ok: true, value: next };
    }),
    callApi: vi.fn<DesktopApi['callApi']>(async () => {
      // The API is the configured provider's: another provider's token never goes there.
      const other = activeAccount()?.provider;
      if (other) return { ok: false, code: 'api_other_provider', message: apiOtherProviderMessage(appInfo.providerName, other.name) };
      return appInfo.apiUrl
        ? { ok: true, value: apiResult({ url: appInfo.apiUrl }) }
        : { ok: false, code: 'no_api', message: 'No protected API is configured. Add one in the setup screen.' };
    }),
    copyDiagnostics: vi.fn<DesktopApi['copyDiagnostics']>(async () => ({ ok: true, value: { preview: 'OIDC Desktop Sign-in 0.1.0' } })),
    onAppInfoChange: vi.fn<DesktopApi['onAppInfoChange']>((listener) => {
      appInfoListeners.add(listener);
      return () => appInfoListeners.delete(listener);
    }),
    getUpdateState: vi.fn<DesktopApi['getUpdateState']>(async () => updateState),
    restartToUpdate: vi.fn<DesktopApi['restartToUpdate']>(async () =>
      updateState.status === 'downloaded' ? { ok: true, value: undefined } : { ok: false, code: 'no_update', message: 'No update is ready to install yet.' },
    ),
    onUpdateStateChange: vi.fn<DesktopApi['onUpdateStateChange']>((listener) => {
      updateListeners.add(listener);
      return () => updateListeners.delete(listener);
    }),
  } satisfies DesktopApi;

  return {
    api,
    emit,
    emitAppInfo,
    /** main pushes an update state (main/updater.ts). */
    emitUpdate: (next: UpdateState): void => {
      updateState = next;
      for (const listener of updateListeners) listener(next);
    },
    emitAccounts,
    listenerCount: () => listeners.size,
    accountsListenerCount: () => accountsListeners.size,
    /** An account's session ended (its refresh was refused): it stays listed, signed out, with why. */
    endSession: (id: string, error = { code: 'session_expired', message: 'Your session has ended. Sign in again.' }): void => {
      const account = accounts.find((candidate) => candidate.id === id);
      if (!account) throw new Error(`no account ${id}`);
      // Main still knows who it was: the list keeps the name, email and picture.
      if (account.state.status === 'signed-in') {
        const { name, email, picture } = account.state.claims;
        Object.assign(account, { name, email, picture });
      }
      account.state = { status: 'signed-out', error };
      if (id === activeId) emit(account.state);
      emitAccounts();
    },
    appInfoListenerCount: () => appInfoListeners.size,
    /** The browser flow succeeded: the core pushes signed-in (and the account list), then the
     *  flow's call resolves. A sign-in with no account, or an add, makes a new active account. */
    completeSignIn: (next: AuthState = signedInState()): void => {
      const running = flow;
      flow = undefined;
      const active = activeAccount();
      if (running?.kind === 'add' || !active) {
        addedCount += 1;
        const id = `account-${addedCount}`;
        accounts.push({ id, state: next, ...(running?.provider ? { provider: running.provider } : {}) });
        activeId = id;
      } else {
        active.state = next;
      }
      emit(next);
      emitAccounts();
      running?.finish({ ok: true, value: next });
    },
    /** The browser flow failed: the core pushes signed-out with the error, then `signIn` rejects it. */
    failSignIn: fail,
  };
};

export type FakeDesktop = ReturnType<typeof createFakeDesktop>;

/** Installs the fake as `window.desktop` (the preload bridge). */
export const installFakeDesktop = (options?: FakeDesktopOptions): FakeDesktop => {
  const fake = createFakeDesktop(options);
  window.desktop = fake.api;
  return fake;
};

export const removeFakeDesktop = (): void => {
  Reflect.deleteProperty(window, 'desktop');
};
