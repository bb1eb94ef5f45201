/**
 * The contract between the renderer, the preload bridge and the main process: channel names
 * (the only place they are spelled) and the plain-JSON shapes that cross IPC. Tokens never do.
 *
 * It is the one module the three processes share, and the only one the renderer may import
 * from outside renderer/: everyone imports it as `#ipc-contract` (package.json `imports`,
 * which Node, Vite, Vitest, tsx, Playwright and TypeScript all resolve). The core's types that
 * cross IPC are re-exported here, so the renderer never reaches into main/. It must stay free
 * of Electron and of anything that runs: it imports types only (ESLint enforces both), so the
 * renderer's build and type check see plain shapes, never Node code.
 */
import type { AuthErrorInfo, AuthState, DeviceCode, ProviderDescription } from '../main/auth/types.ts';

export type { AuthErrorInfo, AuthState, DeviceCode, ProviderDescription };

/** The provider presets the setup screen offers (main/providers/presets.ts implements them). */
export type PresetId = 'oci' | 'keycloak' | 'okta' | 'auth0' | 'entra' | 'google' | 'generic';

/** One input of a preset's form. */
export interface PresetField {
  name: string;
  label: string;
  kind: 'url' | 'text' | 'port' | 'secret';
  required: boolean;
  placeholder?: string;
  help?: string;
  defaultValue?: string;
}

/** Every IPC channel the app uses. No channel string literal may appear anywhere else. */
export const IpcChannel = {
  getState: 'auth:get-state',
  getAppInfo: 'app:get-info',
  signIn: 'auth:sign-in',
  cancelSignIn: 'auth:cancel-sign-in',
  reopenBrowser: 'auth:reopen-browser',
  signOut: 'auth:sign-out',
  /** The accounts signed in here, the active one marked. */
  getAccounts: 'auth:get-accounts',
  /** Signs in to one more account (the provider lets the person choose which); it becomes the active one. */
  addAccount: 'auth:add-account',
  /** Makes another account the active one (no request, no token moves). */
  switchAccount: 'auth:switch-account',
  /** Signs out of one account, leaving the others signed in. */
  signOutAccount: 'auth:sign-out-account',
  /** The current session's token binding (bearer or DPoP). */
  getSessionDetails: 'auth:get-session-details',
  /** The QR code of the running sign-in from another device (its verification address). */
  getDeviceQr: 'auth:get-device-qr',
  /** The presets and the saved setup, for the setup screen. */
  getSetup: 'setup:get',
  /** Derives a configuration from a preset and runs discovery against it. */
  testConnection: 'setup:test-connection',
  /** Validates, saves to config.json and switches the app to the new provider. */
  saveSetup: 'setup:save',
  /** Calls the configured protected API with the session's access token. */
  callApi: 'api:call',
  /** Puts a redacted diagnostics report on the clipboard. */
  copyDiagnostics: 'app:copy-diagnostics',
  /** main -> renderer push of every AuthState change. */
  stateChanged: 'auth:state-changed',
  /** main -> renderer push of every change to the account list (AccountInfo[]). */
  accountsChanged: 'auth:accounts-changed',
  /** main -> renderer push when the provider configuration changed (AppInfo). */
  appInfoChanged: 'app:info-changed',
  /** The app's update state (main/updater.ts). */
  getUpdateState: 'update:get-state',
  /** "Restart to update": quits, installs the downloaded update and starts it. */
  restartToUpdate: 'update:restart',
  /** main -> renderer push of every UpdateState change. */
  updateStateChanged: 'update:state-changed',
} as const;

export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel];

/** Where the configuration in use comes from (`SetupInfo.source` adds 'none'). */
export type ConfigSource = 'env' | 'file' | 'demo';

/** Channels main pushes to the renderer. */
export type PushChannel =
  | typeof IpcChannel.stateChanged
  | typeof IpcChannel.accountsChanged
  | typeof IpcChannel.appInfoChanged
  | typeof IpcChannel.updateStateChanged;

/** Expected failures cross IPC as values: thrown errors lose their class and fields.
 *  `field` names the setup form's input a failure is about (testConnection, saveSetup). */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string; field?: string };

/** How the session is protected on this device, for the UI. */
export interface StorageProtection {
  /** True when sessions are encrypted at rest and survive a restart. */
  persistent: boolean;
  /** The OS facility in use: 'keychain' | 'dpapi' | 'gnome_libsecret' | 'kwallet' | ...
   *  or 'basic_text' / 'unavailable' when nothing protects it. */
  backend: string;
  /** One sentence for a person, e.g. "Encrypted with your macOS Keychain". */
  description: string;
}

/** Facts the renderer shows that do not change while the app runs. */
export interface AppInfo {
  /** The configured provider's id, as AccountInfo.providerId names it (absent while nothing is
   *  configured). Everything below speaks for this provider, whichever account is active. */
  providerId?: string;
  providerName: string;
  issuer: string;
  /** True when the built-in demo provider is in use (nothing was configured). */
  demo: boolean;
  redirectUri: string;
  storage: StorageProtection;
  appVersion: string;
  /** False when nothing is configured (no demo, no config): the setup screen comes first. */
  configured: boolean;
  /** The protected API the app can call, when one is configured. */
  apiUrl?: string;
  /** True once the provider is known to offer sign-in from another device (RFC 8628). */
  deviceSignIn?: boolean;
}

/** What the window may ask of a sign-in (everything else is the main process's to decide). */
export interface SignInRequest {
  /** Sign in from another device: the window shows a code to enter there (RFC 8628). */
  device?: boolean;
}

/**
 * One account as the account list shows it: who it is and whether it is signed in. Plain JSON,
 * never a token. The window's main screen (AuthState) always speaks for the active account, or
 * for the account being added while its sign-in runs.
 */
export interface AccountInfo {
  /** Opaque, chosen by the main process; what switchAccount and signOutAccount take. */
  id: string;
  active: boolean;
  status: AuthState['status'];
  /** Which provider the account signs in with: opaque, what addAccount's `providerId` takes
   *  to add another account there. */
  providerId: string;
  /** That provider's name, for the person ("Okta", "the local demo provider"). */
  providerName: string;
  issuer: string;
  /** From the account's claims, when known (a session locked in the keystore has none yet). */
  name?: string;
  email?: string;
  /** The `picture` claim, as the provider gave it: the renderer shows only safe image URLs. */
  picture?: string;
  /** Why the account is signed out: its session ended at the provider, its keystore is locked. */
  error?: AuthErrorInfo;
}

/**
 * Adding an account: in this browser (default) or from another device (RFC 8628); at the
 * configured provider (default), at the provider of an account already listed (`providerId`), or
 * at another provider, set up like the setup screen's form (`setup`; kept once an account there
 * has signed in, forgotten with its last account). At most one of `providerId` and `setup`.
 */
export interface AddAccountRequest {
  device?: boolean;
  providerId?: string;
  setup?: SetupRequest;
}

/** Which account becomes the active one. */
export interface SwitchAccountRequest {
  id: string;
}

/** Which account to sign out of, and whether to end its session at the provider too. */
export interface SignOutAccountRequest {
  id: string;
  endProviderSession: boolean;
}

/** A QR code of the verification address with the user code in it. */
export interface DeviceQr {
  /** An SVG `data:` URL, for an <img>. */
  dataUrl?: string;
}

/** How the session's tokens are bound (plain JSON). */
export interface SessionDetails {
  /** `dpop` (sender-constrained, RFC 9449) or `bearer`; undefined when signed out. */
  tokenType?: string;
  senderConstrained: boolean;
}

/** A preset as the setup screen shows it. */
export interface PresetSummary {
  id: PresetId;
  name: string;
  /** Path of the registration guide in the repository (docs/providers/<id>.md). */
  docs: string;
  /** The guide's published page (https), which the setup screen opens in the browser. */
  docsUrl: string;
  fields: PresetField[];
}

/** What the setup screen starts from. */
export interface SetupInfo {
  presets: PresetSummary[];
  /** The saved setup (config.json), when there is one. */
  saved?: SetupRequest;
  /** Where the configuration in use comes from; `env` cannot be changed from the app. */
  source: ConfigSource | 'none';
}

/** A preset and the values the person filled in, plus the optional protected API. */
export interface SetupRequest {
  presetId: PresetId;
  values: Record<string, string>;
  /** A protected API to call after signing in (https). */
  apiUrl?: string;
  /** A display name for the provider. */
  providerName?: string;
}

/** What "Test connection" found (or `{ ok: false, code, message, field? }` through IpcResult). */
export interface ConnectionReport {
  issuer: string;
  expectedIssuer?: string;
  /** The exact redirect URI to register at the provider. */
  redirectUri: string;
  postLogoutRedirectUri?: string;
  notes: string[];
  features: NonNullable<ProviderDescription['features']>;
}

/** A protected API's answer as the renderer shows it. */
export interface ApiCallResult {
  url: string;
  status: number;
  statusText: string;
  /** A selection of response headers (content-type, cache-control, date, www-authenticate...). */
  headers: Record<string, string>;
  /** The body, pretty-printed when JSON, cut at 64 KB. */
  body: string;
  contentType?: string;
  durationMs: number;
  retriedAfterRefresh: boolean;
}

/**
 * Where the app's own updates stand (main/updater.ts). `disabled` says why (development,
 * unsigned or feedless builds); the window offers a restart only when `downloaded`.
 */
export type UpdateState =
  | { status: 'disabled'; reason: string }
  | { status: 'idle'; checkedAt?: string }
  | { status: 'checking' }
  | { status: 'available'; version: string }
  | { status: 'downloading'; version: string; percent: number }
  | { status: 'downloaded'; version: string }
  | { status: 'error'; message: string; checkedAt: string };

export interface SignOutRequest {
  endProviderSession: boolean;
}

/** The API the preload exposes on `window.desktop`, and nothing more. */
export interface DesktopApi {
  getState(): Promise<AuthState>;
  getAppInfo(): Promise<AppInfo>;
  signIn(request?: SignInRequest): Promise<IpcResult<AuthState>>;
  cancelSignIn(): Promise<void>;
  reopenBrowser(): Promise<IpcResult<void>>;
  signOut(request: SignOutRequest): Promise<IpcResult<AuthState>>;
  /** Subscribes to state changes; returns the unsubscribe function. */
  onStateChange(listener: (state: AuthState) => void): () => void;
  getAccounts(): Promise<AccountInfo[]>;
  /** Signs in to one more account, asking the provider to let the person choose; resolves with
   *  the new active account's state (or the failure; the earlier accounts are untouched). */
  addAccount(request?: AddAccountRequest): Promise<IpcResult<AuthState>>;
  switchAccount(request: SwitchAccountRequest): Promise<IpcResult<AccountInfo[]>>;
  /** Signs out of one account (revoking its tokens); the others stay signed in. */
  signOutAccount(request: SignOutAccountRequest): Promise<IpcResult<AccountInfo[]>>;
  /** Subscribes to account list changes; returns the unsubscribe function. */
  onAccountsChange(listener: (accounts: AccountInfo[]) => void): () => void;
  getSessionDetails(): Promise<SessionDetails>;
  /** The QR code for the code on screen (sign-in from another device), as an image data: URL;
   *  `{}` when no such sign-in is running. */
  getDeviceQr(): Promise<DeviceQr>;
  getSetup(): Promise<SetupInfo>;
  testConnection(request: SetupRequest): Promise<IpcResult<ConnectionReport>>;
  saveSetup(request: SetupRequest): Promise<IpcResult<AppInfo>>;
  callApi(): Promise<IpcResult<ApiCallResult>>;
  copyDiagnostics(): Promise<IpcResult<{ preview: string }>>;
  /** Subscribes to provider configuration changes; returns the unsubscribe function. */
  onAppInfoChange(listener: (info: AppInfo) => void): () => void;
  getUpdateState(): Promise<UpdateState>;
  /** Quits and installs the downloaded update, unless a sign-in is running. */
  restartToUpdate(): Promise<IpcResult<void>>;
  /** Subscribes to update state changes; returns the unsubscribe function. */
  onUpdateStateChange(listener: (state: UpdateState) => void): () => void;
}
