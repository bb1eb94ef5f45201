/**
 * The IPC handler table, as a function of its dependencies, and its registration behind one
 * wrapper that checks who is asking. The table is shared with the Playwright "harness", which
 * runs the renderer without Electron: this module imports Electron's types only.
 */
import type { IpcMain, WebContents } from 'electron';
import { toApiCallResult } from './api-call.ts';
import { AuthErrorCode } from './auth/errors.ts';
import { qrCodeDataUrl } from './device-qr.ts';
import type { AccountSummary } from './auth/accounts.ts';
import type { AuthService, AuthState, ProviderDescription } from './auth/types.ts';
import type { DiagnosticsEvent } from './diagnostics-log.ts';
import type {
  AccountInfo,
  AddAccountRequest,
  ApiCallResult,
  AppInfo,
  ConnectionReport,
  DeviceQr,
  IpcChannelName,
  IpcResult,
  PresetId,
  PushChannel,
  SessionDetails,
  SetupInfo,
  SetupRequest,
  SignInRequest,
  SignOutRequest,
  UpdateState,
} from '#ipc-contract';
import { IpcChannel } from '#ipc-contract';
import type { SetupBackend } from './provider-setup.ts';
import { PRESET_IDS } from './providers/presets.ts';


/** Channels the renderer invokes (everything but the main -> renderer pushes). */
export type InvokeChannel = Exclude<IpcChannelName, PushChannel>;

/** The push channels, for code that needs to tell them apart at run time. */
export const PUSH_CHANNELS: readonly PushChannel[] = [IpcChannel.stateChanged, IpcChannel.accountsChanged, IpcChannel.appInfoChanged, IpcChannel.updateStateChanged];

/** What a handler learns about the caller; Electron's IpcMainInvokeEvent fits it. */
export interface IpcSenderEvent {
  senderFrame: { url: string } | null;
}

/** One IPC handler: untrusted `unknown` arguments in, a structured-clonable value out. */
export type IpcHandler = (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>;

/** Every invoke channel's handler. */
export type IpcHandlers = Record<InvokeChannel, IpcHandler>;

/** The AppInfo facts the glue knows; issuer and redirect URI come from the core. */
export type AppFacts = Omit<AppInfo, 'issuer' | 'redirectUri'>;

/** "Copy diagnostics": builds the redacted report and puts text on the clipboard. */
export interface DiagnosticsBackend {
  report(): Promise<string>;
  copy(text: string): Promise<void>;
}

/** The app's updates as the handlers see them (main/updater.ts's controller fits it). */
export interface UpdatesBackend {
  getState(): UpdateState;
  restartToUpdate(): IpcResult<void>;
  onChange(listener: (state: UpdateState) => void): () => void;
}

/** The accounts as the handlers see them (the app runtime implements it). */
export interface AccountsBackend {
  list(): AccountInfo[];
  /** Adds an account; resolves the window's state once it is the active one. */
  add(request: AddAccountRequest): Promise<AuthState>;
  switchTo(id: string): AccountInfo[];
  signOut(id: string, options: { endProviderSession: boolean }): Promise<AccountInfo[]>;
}

/** Updates where nothing drives them (a runtime created without an update controller). */
export const NO_UPDATES: UpdatesBackend = {
  getState: () => ({ status: 'disabled', reason: 'this runtime has no updater' }),
  restartToUpdate: () => ({ ok: false, code: 'no_update', message: 'No update is ready to install yet.' }),
  onChange: () => () => undefined,
};

/** What the handlers need. */
export interface IpcDependencies {
  /** The running sign-in service, or a function giving it (saving a setup replaces it);
   *  undefined while nothing is configured (the setup screen comes first). */
  auth: AuthService | undefined | (() => AuthService | undefined);
  /** The running provider's accounts; undefined while nothing is configured. */
  accounts?: () => AccountsBackend | undefined;
  /** What the core knows of the configured provider, whichever account is active (default: the
   *  running service's description). */
  describeProvider?: () => ProviderDescription | undefined;
  /** Why the protected API may not be called now, if it may not (the active account signs in
   *  with another provider than the API's). */
  apiRefusal?: () => { code: string; message: string } | undefined;
  /** Facts, or a function giving them (read again after a setup is saved). */
  appInfo: AppFacts | (() => AppFacts | Promise<AppFacts>);
  /** The setup screen's backend. */
  setup: SetupBackend;
  /** The configured protected API, read on every call: the renderer never chooses the URL. */
  apiUrl: () => string | undefined;
  /**
   * Asks the person, in the main process (a native dialog, never the renderer's UI), whether to
   * sign in again so that the access token may go to `origin`, an API address the session was
   * not signed in for.
   */
  confirmApiOrigin: (origin: string) => Promise<boolean>;
  diagnostics: DiagnosticsBackend;
  /** The app's own updates; default {@link NO_UPDATES}. */
  updates?: UpdatesBackend;
  /** Where failures of the setup, API and diagnostics channels are noted (redacted there). */
  log?: (event: DiagnosticsEvent) => void;
  /** A monotonic clock in milliseconds, for the API call's duration. Default performance.now. */
  now?: () => number;
  /** Told about failures that are not expected ones (bugs), to log them. */
  onUnexpectedError: (channel: InvokeChannel, error: unknown) => void;
}

/** Thrown for malformed arguments: a renderer bug or an attack, never an expected failure. */
export class IpcArgumentError extends Error {
  override readonly name = 'IpcArgumentError';
}

/** Thrown when a request does not come from the app's own window. */
export class IpcSenderError extends Error {
  override readonly name = 'IpcSenderError';
}

const UNEXPECTED_MESSAGE = 'Something unexpected went wrong. Try again; if it keeps happening, restart the app.';

/** The failure the sign-in channels answer while no provider is set up. */
export const NOT_CONFIGURED = {
  ok: false,
  code: 'not_configured',
  message: 'No identity provider is set up yet. Choose your provider on the setup screen, test the connection and save it, then sign in.',
} as const satisfies IpcResult<never>;

/** The failure callApi answers when no API is configured. */
export const NO_API = {
  ok: false,
  code: 'no_api',
  message: 'No API is configured to call. Add an API URL on the setup screen (or set OIDC_API_URL), then try again.',
} as const satisfies IpcResult<never>;

// Recognised by shape, not `instanceof`: the harness may load the core as another module copy,
// and an instanceof check would then turn every AuthError into "unexpected".
function isExpectedError(error: unknown): error is Error & { code: string; field?: unknown } {
  return (
    error instanceof Error &&
    (error.name === 'AuthError' || error.name === 'SetupError') &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Guard: the channel takes no arguments. */
export function expectNoArguments(channel: InvokeChannel, args: readonly unknown[]): void {
  if (args.length !== 0) throw new IpcArgumentError(`${channel} takes no arguments`);
}

/** Guard: exactly one `{ endProviderSession: boolean }`, nothing more. */
export function parseSignOutRequest(args: readonly unknown[]): SignOutRequest {
  const channel = IpcChannel.signOut;
  if (args.length !== 1) throw new IpcArgumentError(`${channel} takes one argument: { endProviderSession: boolean }`);
  const [request] = args;
  if (!isPlainObject(request)) throw new IpcArgumentError(`${channel} takes an object: { endProviderSession: boolean }`);
  const extra = Object.keys(request).filter((key) => key !== 'endProviderSession');
  if (extra.length > 0) throw new IpcArgumentError(`${channel} does not accept ${extra.map((key) => JSON.stringify(key)).join(', ')}`);
  if (typeof request.endProviderSession !== 'boolean') {
    throw new IpcArgumentError(`${channel}: endProviderSession must be true or false`);
  }
  return { endProviderSession: request.endProviderSession };
}

const SETUP_KEYS = ['presetId', 'values', 'apiUrl', 'providerName'];
// Far above any real form, far below anything that could hurt.
const MAX_VALUES = 32;
const MAX_VALUE_LENGTH = 4_096;
const VALUE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function optionalText(channel: InvokeChannel, request: Record<string, unknown>, key: string): string | undefined {
  const value = request[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) throw new IpcArgumentError(`${channel}: ${key} must be a string`);
  // An empty form input means "none".
  return value.trim() === '' ? undefined : value;
}

/** Guard: exactly one SetupRequest (a known preset id, a flat object of strings), as a fresh copy. */
export function parseSetupRequest(
  channel: typeof IpcChannel.testConnection | typeof IpcChannel.saveSetup | typeof IpcChannel.addAccount,
  args: readonly unknown[],
): SetupRequest {
  if (args.length !== 1) throw new IpcArgumentError(`${channel} takes one argument: { presetId, values, apiUrl?, providerName? }`);
  const [request] = args;
  if (!isPlainObject(request)) throw new IpcArgumentError(`${channel} takes an object: { presetId, values, apiUrl?, providerName? }`);
  const extra = Object.keys(request).filter((key) => !SETUP_KEYS.includes(key));
  if (extra.length > 0) throw new IpcArgumentError(`${channel} does not accept ${extra.map((key) => JSON.stringify(key)).join(', ')}`);
  const { presetId, values } = request;
  if (typeof presetId !== 'string' || !(PRESET_IDS as readonly string[]).includes(presetId)) throw new IpcArgumentError(`${channel}: presetId must be one of ${PRESET_IDS.join(', ')}`);
  if (!isPlainObject(values)) throw new IpcArgumentError(`${channel}: values must be an object of strings`);
  const entries = Object.entries(values);
  if (entries.length > MAX_VALUES) throw new IpcArgumentError(`${channel}: values has too many fields`);
  const copy: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (!VALUE_NAME.test(name) || typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) {
      throw new IpcArgumentError(`${channel}: values must map field names to strings`);
    }
    copy[name] = value;
  }
  const apiUrl = optionalText(channel, request, 'apiUrl');
  const providerName = optionalText(channel, request, 'providerName');
  return {
    presetId: presetId as PresetId,
    values: copy,
    ...(apiUrl === undefined ? {} : { apiUrl }),
    ...(providerName === undefined ? {} : { providerName }),
  };
}

/** AppInfo as getAppInfo answers it: the facts, plus the issuer and redirect URI from the core. */
export async function readAppInfo(deps: Pick<IpcDependencies, 'auth' | 'appInfo' | 'describeProvider'>): Promise<AppInfo> {
  const facts = typeof deps.appInfo === 'function' ? await deps.appInfo() : deps.appInfo;
  const auth = typeof deps.auth === 'function' ? deps.auth() : deps.auth;
  const description = deps.describeProvider ? deps.describeProvider() : auth?.describe();
  return {
    ...facts,
    issuer: description?.issuer ?? '',
    redirectUri: description?.redirectUri ?? '',
    ...(description?.features?.deviceFlow ? { deviceSignIn: true } : {}),
  };
}

/** signIn takes nothing, or `{ device: boolean }`: anything else is a renderer bug or an attack. */
function parseSignInRequest(args: unknown[]): SignInRequest {
  if (args.length === 0 || (args.length === 1 && args[0] === undefined)) return {};
  const [request] = args;
  if (args.length !== 1 || !isPlainObject(request) || Object.keys(request).some((key) => key !== 'device') || (request.device !== undefined && typeof request.device !== 'boolean')) {
    throw new IpcArgumentError(`${IpcChannel.signIn} takes nothing or { device?: boolean }`);
  }
  return request.device ? { device: true } : {};
}

const MAX_PROVIDER_ID = 4_096;

/** addAccount takes nothing, or `{ device?, providerId?, setup? }` (at most one of the last two). */
function parseAddAccountRequest(args: unknown[]): AddAccountRequest {
  const channel = IpcChannel.addAccount;
  if (args.length === 0 || (args.length === 1 && args[0] === undefined)) return {};
  const [request] = args;
  const shape = '{ device?: boolean, providerId?: string, setup?: { presetId, values, providerName? } }';
  if (args.length !== 1 || !isPlainObject(request)) throw new IpcArgumentError(`${channel} takes nothing or ${shape}`);
  const extra = Object.keys(request).filter((key) => !['device', 'providerId', 'setup'].includes(key));
  if (extra.length > 0) throw new IpcArgumentError(`${channel} does not accept ${extra.map((key) => JSON.stringify(key)).join(', ')}`);
  if (request.device !== undefined && typeof request.device !== 'boolean') throw new IpcArgumentError(`${channel}: device must be true or false`);
  const { providerId, setup } = request;
  if (providerId !== undefined && (typeof providerId !== 'string' || providerId.length === 0 || providerId.length > MAX_PROVIDER_ID)) {
    throw new IpcArgumentError(`${channel}: providerId must be an account's providerId`);
  }
  if (providerId !== undefined && setup !== undefined) throw new IpcArgumentError(`${channel}: give providerId or setup, not both`);
  return {
    ...(request.device ? { device: true } : {}),
    ...(typeof providerId === 'string' ? { providerId } : {}),
    ...(setup === undefined ? {} : { setup: parseSetupRequest(channel, [setup]) }),
  };
}

const ACCOUNT_ID = /^[A-Za-z0-9-]{1,64}$/;

/** Guard: exactly one object with an account id and, for signing out, endProviderSession. */
function parseAccountRequest(channel: typeof IpcChannel.switchAccount, args: readonly unknown[]): { id: string };
function parseAccountRequest(channel: typeof IpcChannel.signOutAccount, args: readonly unknown[]): { id: string; endProviderSession: boolean };
function parseAccountRequest(channel: typeof IpcChannel.switchAccount | typeof IpcChannel.signOutAccount, args: readonly unknown[]): { id: string; endProviderSession?: boolean } {
  const signOut = channel === IpcChannel.signOutAccount;
  const shape = signOut ? '{ id: string, endProviderSession: boolean }' : '{ id: string }';
  const [request] = args;
  if (args.length !== 1 || !isPlainObject(request)) throw new IpcArgumentError(`${channel} takes one argument: ${shape}`);
  const allowed = signOut ? ['id', 'endProviderSession'] : ['id'];
  const extra = Object.keys(request).filter((key) => !allowed.includes(key));
  if (extra.length > 0) throw new IpcArgumentError(`${channel} does not accept ${extra.map((key) => JSON.stringify(key)).join(', ')}`);
  if (typeof request.id !== 'string' || !ACCOUNT_ID.test(request.id)) throw new IpcArgumentError(`${channel}: id must be an account id`);
  if (!signOut) return { id: request.id };
  if (typeof request.endProviderSession !== 'boolean') throw new IpcArgumentError(`${channel}: endProviderSession must be true or false`);
  return { id: request.id, endProviderSession: request.endProviderSession };
}

/** An account as the window sees it: who, where, and whether signed in; never a token. */
export function toAccountInfo(account: AccountSummary, providerName: string): AccountInfo {
  const { profile, state } = account;
  const name = profile?.name ?? profile?.username;
  return {
    id: account.id,
    active: account.active,
    status: state.status,
    providerId: account.providerId,
    providerName,
    issuer: account.issuer,
    ...(name ? { name } : {}),
    ...(profile?.email ? { email: profile.email } : {}),
    ...(profile?.picture ? { picture: profile.picture } : {}),
    ...(state.status === 'signed-out' && state.error ? { error: { code: state.error.code, message: state.error.message } } : {}),
  };
}

// Sign-in failures are logged by the core itself; these channels' failures would go unrecorded.
const LOGGED_CHANNELS: ReadonlySet<InvokeChannel> = new Set([IpcChannel.testConnection, IpcChannel.saveSetup, IpcChannel.addAccount, IpcChannel.callApi, IpcChannel.copyDiagnostics]);

/** The handler table: each entry narrows its arguments, then drives the core. */
export function createIpcHandlers(deps: IpcDependencies): IpcHandlers {
  const currentAuth = (): AuthService | undefined => (typeof deps.auth === 'function' ? deps.auth() : deps.auth);
  const now = deps.now ?? (() => performance.now());
  const updates = deps.updates ?? NO_UPDATES;
  const { onUnexpectedError } = deps;

  // Expected failures become values: a rejected invoke would lose AuthError's code.
  const asResult = async <T>(channel: InvokeChannel, run: () => Promise<T>): Promise<IpcResult<T>> => {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      if (isExpectedError(error)) {
        if (LOGGED_CHANNELS.has(channel)) deps.log?.({ level: 'warn', source: 'ipc', code: error.code, message: `${channel}: ${error.message}` });
        const field = typeof error.field === 'string' ? { field: error.field } : {};
        return { ok: false, code: error.code, message: error.message, ...field };
      }
      onUnexpectedError(channel, error);
      return { ok: false, code: 'internal_error', message: UNEXPECTED_MESSAGE };
    }
  };

  // The sign-in channels while nothing is configured: a value, not a crash, so the renderer
  // can send the person to the setup screen.
  const withAuth = async <T>(channel: InvokeChannel, run: (auth: AuthService) => Promise<T>): Promise<IpcResult<T>> => {
    const auth = currentAuth();
    if (!auth) return { ...NOT_CONFIGURED };
    return asResult(channel, () => run(auth));
  };

  return {
    [IpcChannel.getState]: async (_event, ...args): Promise<AuthState> => {
      expectNoArguments(IpcChannel.getState, args);
      return currentAuth()?.getState() ?? { status: 'signed-out' };
    },
    [IpcChannel.getAppInfo]: async (_event, ...args): Promise<AppInfo> => {
      expectNoArguments(IpcChannel.getAppInfo, args);
      return readAppInfo(deps);
    },
    [IpcChannel.signIn]: async (_event, ...args): Promise<IpcResult<AuthState>> => {
      const request = parseSignInRequest(args);
      return withAuth(IpcChannel.signIn, (auth) => auth.signIn(request.device ? { device: true } : undefined));
    },
    [IpcChannel.getAccounts]: async (_event, ...args): Promise<AccountInfo[]> => {
      expectNoArguments(IpcChannel.getAccounts, args);
      return deps.accounts?.()?.list() ?? [];
    },
    [IpcChannel.addAccount]: async (_event, ...args): Promise<IpcResult<AuthState>> => {
      const request = parseAddAccountRequest(args);
      const accounts = deps.accounts?.();
      if (!accounts) return { ...NOT_CONFIGURED };
      return asResult(IpcChannel.addAccount, () => accounts.add(request));
    },
    [IpcChannel.switchAccount]: async (_event, ...args): Promise<IpcResult<AccountInfo[]>> => {
      const { id } = parseAccountRequest(IpcChannel.switchAccount, args);
      const accounts = deps.accounts?.();
      if (!accounts) return { ...NOT_CONFIGURED };
      return asResult(IpcChannel.switchAccount, async () => accounts.switchTo(id));
    },
    [IpcChannel.signOutAccount]: async (_event, ...args): Promise<IpcResult<AccountInfo[]>> => {
      const { id, endProviderSession } = parseAccountRequest(IpcChannel.signOutAccount, args);
      const accounts = deps.accounts?.();
      if (!accounts) return { ...NOT_CONFIGURED };
      return asResult(IpcChannel.signOutAccount, () => accounts.signOut(id, { endProviderSession }));
    },
    [IpcChannel.cancelSignIn]: async (_event, ...args): Promise<void> => {
      expectNoArguments(IpcChannel.cancelSignIn, args);
      currentAuth()?.cancelSignIn();
    },
    [IpcChannel.reopenBrowser]: async (_event, ...args): Promise<IpcResult<void>> => {
      expectNoArguments(IpcChannel.reopenBrowser, args);
      return withAuth(IpcChannel.reopenBrowser, (auth) => auth.reopenBrowser());
    },
    [IpcChannel.signOut]: async (_event, ...args): Promise<IpcResult<AuthState>> => {
      const request = parseSignOutRequest(args);
      return withAuth(IpcChannel.signOut, (auth) => auth.signOut(request));
    },
    [IpcChannel.getDeviceQr]: async (_event, ...args): Promise<DeviceQr> => {
      expectNoArguments(IpcChannel.getDeviceQr, args);
      // Drawn from the core's own state, never from anything the window sends.
      const state = currentAuth()?.getState();
      if (state?.status !== 'signing-in' || !state.device) return {};
      const dataUrl = qrCodeDataUrl(state.device.verificationUriComplete ?? state.device.verificationUri);
      return dataUrl ? { dataUrl } : {};
    },
    [IpcChannel.getSessionDetails]: async (_event, ...args): Promise<SessionDetails> => {
      expectNoArguments(IpcChannel.getSessionDetails, args);
      const session = currentAuth()?.describe().session;
      return session ? { tokenType: session.tokenType, senderConstrained: session.senderConstrained } : { senderConstrained: false };
    },
    [IpcChannel.getSetup]: async (_event, ...args): Promise<SetupInfo> => {
      expectNoArguments(IpcChannel.getSetup, args);
      return deps.setup.getSetup();
    },
    [IpcChannel.testConnection]: async (_event, ...args): Promise<IpcResult<ConnectionReport>> => {
      const request = parseSetupRequest(IpcChannel.testConnection, args);
      return asResult(IpcChannel.testConnection, () => deps.setup.testConnection(request));
    },
    [IpcChannel.saveSetup]: async (_event, ...args): Promise<IpcResult<AppInfo>> => {
      const request = parseSetupRequest(IpcChannel.saveSetup, args);
      return asResult(IpcChannel.saveSetup, async () => {
        await deps.setup.saveSetup(request);
        return readAppInfo(deps);
      });
    },
    [IpcChannel.callApi]: async (_event, ...args): Promise<IpcResult<ApiCallResult>> => {
      expectNoArguments(IpcChannel.callApi, args);
      const refusal = deps.apiRefusal?.();
      if (refusal) return { ok: false, ...refusal };
      const url = deps.apiUrl();
      if (url === undefined) return { ...NO_API };
      return withAuth(IpcChannel.callApi, async (auth) => {
        const started = now();
        const response = await auth.callApi({ url }).catch(async (error: unknown) => {
          // The API address changed since the sign-in (the setup screen, or config.json): only
          // the person can let the token go there, by signing in again now (max_age=0), which
          // binds the new session to the configured API. Asked first in the main process.
          if (!isExpectedError(error) || error.code !== AuthErrorCode.apiOriginUnconfirmed) throw error;
          if (!(await deps.confirmApiOrigin(new URL(url).origin))) throw error;
          await auth.signIn({ maxAge: 0 });
          return auth.callApi({ url });
        });
        return toApiCallResult(url, response, now() - started);
      });
    },
    [IpcChannel.copyDiagnostics]: async (_event, ...args): Promise<IpcResult<{ preview: string }>> => {
      expectNoArguments(IpcChannel.copyDiagnostics, args);
      return asResult(IpcChannel.copyDiagnostics, async () => {
        const report = await deps.diagnostics.report();
        await deps.diagnostics.copy(report);
        return { preview: report };
      });
    },
    [IpcChannel.getUpdateState]: async (_event, ...args): Promise<UpdateState> => {
      expectNoArguments(IpcChannel.getUpdateState, args);
      return updates.getState();
    },
    [IpcChannel.restartToUpdate]: async (_event, ...args): Promise<IpcResult<void>> => {
      expectNoArguments(IpcChannel.restartToUpdate, args);
      // The controller refuses while a sign-in runs; the renderer's word is never taken for it.
      return updates.restartToUpdate();
    },
  };
}

/** The sender frame as far as trust is concerned; Electron's WebFrameMain fits it. */
export interface SenderFrameLike {
  readonly url: string;
  /** null for a top-level frame. */
  readonly parent: unknown;
}

/** Decides whether a frame is the app's own renderer page. */
export type TrustedFrameCheck = (frame: SenderFrameLike | null) => boolean;

function pageIdentity(url: URL, caseInsensitive: boolean): string {
  let path: string;
  try {
    // Chromium and Node percent-encode file paths slightly differently; compare decoded.
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  const identity = `${url.protocol}//${url.host}${path}`;
  return caseInsensitive ? identity.toLowerCase() : identity;
}

/** Trusts only a top-level frame showing `rendererUrl` (query and fragment ignored). */
export function createTrustedFrameCheck(
  rendererUrl: string,
  options: { caseInsensitivePaths?: boolean } = {},
): TrustedFrameCheck {
  // Windows paths are case-insensitive and Chromium may report another drive-letter case.
  const caseInsensitive = options.caseInsensitivePaths ?? process.platform === 'win32';
  const expected = pageIdentity(new URL(rendererUrl), caseInsensitive);
  return (frame) => {
    if (frame === null || frame.parent !== null) return false;
    let url: URL;
    try {
      url = new URL(frame.url);
    } catch {
      return false;
    }
    return pageIdentity(url, caseInsensitive) === expected;
  };
}

/** The part of `ipcMain` the registration uses. */
export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** Registers every handler through one wrapper that refuses foreign senders; returns an undo. */
export function setupIpc(ipcMain: IpcMainLike, handlers: IpcHandlers, isTrustedFrame: TrustedFrameCheck): () => void {
  const channels = Object.keys(handlers) as InvokeChannel[];
  for (const channel of channels) {
    const handler = handlers[channel];
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      if (!isTrustedFrame(event.senderFrame)) {
        console.warn(`[ipc] refused ${channel}: the sender is not the app's own window`);
        throw new IpcSenderError(`${channel} refused: the request did not come from the app's window`);
      }
      return handler(event, ...args);
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** Where state changes are pushed; a WebContents fits it. */
export type StateSink = Pick<WebContents, 'send' | 'isDestroyed'>;

/** Pushes every AuthState change to the renderer on `IpcChannel.stateChanged`; returns an undo. */
export function forwardStateChanges(auth: Pick<AuthService, 'onChange'>, sink: StateSink): () => void {
  return auth.onChange((state) => {
    if (!sink.isDestroyed()) sink.send(IpcChannel.stateChanged, state);
  });
}

/** Something that says when the account list changed (the app runtime). */
export interface AccountsSource {
  onAccountsChange(listener: (accounts: AccountInfo[]) => void): () => void;
}

/** Pushes every account list change to the renderer on `IpcChannel.accountsChanged`; returns an undo. */
export function forwardAccountChanges(source: AccountsSource, sink: StateSink): () => void {
  return source.onAccountsChange((accounts) => {
    if (!sink.isDestroyed()) sink.send(IpcChannel.accountsChanged, accounts);
  });
}

/** Pushes every UpdateState change to the renderer on `IpcChannel.updateStateChanged`; returns an undo. */
export function forwardUpdateState(updates: Pick<UpdatesBackend, 'onChange'>, sink: StateSink): () => void {
  return updates.onChange((state) => {
    if (!sink.isDestroyed()) sink.send(IpcChannel.updateStateChanged, state);
  });
}

/** Something that says when AppInfo changed (the app runtime, after a setup is saved). */
export interface AppInfoSource {
  onAppInfoChange(listener: (info: AppInfo) => void): () => void;
}

/** Pushes every AppInfo change to the renderer on `IpcChannel.appInfoChanged`; returns an undo. */
export function forwardAppInfoChanges(source: AppInfoSource, sink: StateSink): () => void {
  return source.onAppInfoChange((info) => {
    if (!sink.isDestroyed()) sink.send(IpcChannel.appInfoChanged, info);
  });
}
