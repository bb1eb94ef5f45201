/**
 * The IPC handler table, as a function of its dependencies, and its registration behind one
 * wrapper that checks who is asking. The table is shared with the Playwright "harness", which
 * runs the renderer without Electron: this module imports Electron's types only.
 */
import type { IpcMain, WebContents } from 'electron';
import type { AuthService, AuthState } from './auth/types.ts';
import type { AppInfo, IpcChannelName, IpcResult, SignOutRequest } from './ipc-contract.ts';
import { IpcChannel } from './ipc-contract.ts';

/** Channels the renderer invokes (everything but the main -> renderer push). */
export type InvokeChannel = Exclude<IpcChannelName, typeof IpcChannel.stateChanged>;

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

/** What the handlers need. */
export interface IpcDependencies {
  auth: AuthService;
  /** Static facts, or a function giving them (e.g. memoized after probing safeStorage). */
  appInfo: AppFacts | (() => AppFacts | Promise<AppFacts>);
  /** Told about failures that are not AuthErrors (bugs); default console.error. */
  onUnexpectedError?: (channel: InvokeChannel, error: unknown) => void;
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

// Recognised by shape, not `instanceof`: the harness may load the core as another module copy,
// and an instanceof check would then turn every AuthError into "unexpected".
function isAuthError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && error.name === 'AuthError' && typeof (error as { code?: unknown }).code === 'string';
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

/** The handler table: each entry narrows its arguments, then drives the core. */
export function createIpcHandlers(deps: IpcDependencies): IpcHandlers {
  const { auth } = deps;
  const onUnexpectedError =
    deps.onUnexpectedError ??
    ((channel: InvokeChannel, error: unknown) => {
      // Name and message only: the core keeps tokens out of its errors, but a stack is noise here.
      const summary = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      console.error(`[ipc] ${channel} failed unexpectedly: ${summary}`);
    });

  // Expected failures become values: a rejected invoke would lose AuthError's code.
  const asResult = async <T>(channel: InvokeChannel, run: () => Promise<T>): Promise<IpcResult<T>> => {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      if (isAuthError(error)) return { ok: false, code: error.code, message: error.message };
      onUnexpectedError(channel, error);
      return { ok: false, code: 'internal_error', message: UNEXPECTED_MESSAGE };
    }
  };

  return {
    [IpcChannel.getState]: async (_event, ...args): Promise<AuthState> => {
      expectNoArguments(IpcChannel.getState, args);
      return auth.getState();
    },
    [IpcChannel.getAppInfo]: async (_event, ...args): Promise<AppInfo> => {
      expectNoArguments(IpcChannel.getAppInfo, args);
      const facts = typeof deps.appInfo === 'function' ? await deps.appInfo() : deps.appInfo;
      const { issuer, redirectUri } = auth.describe();
      return { ...facts, issuer, redirectUri };
    },
    [IpcChannel.signIn]: async (_event, ...args): Promise<IpcResult<AuthState>> => {
      expectNoArguments(IpcChannel.signIn, args);
      return asResult(IpcChannel.signIn, () => auth.signIn());
    },
    [IpcChannel.cancelSignIn]: async (_event, ...args): Promise<void> => {
      expectNoArguments(IpcChannel.cancelSignIn, args);
      auth.cancelSignIn();
    },
    [IpcChannel.reopenBrowser]: async (_event, ...args): Promise<IpcResult<void>> => {
      expectNoArguments(IpcChannel.reopenBrowser, args);
      return asResult(IpcChannel.reopenBrowser, () => auth.reopenBrowser());
    },
    [IpcChannel.signOut]: async (_event, ...args): Promise<IpcResult<AuthState>> => {
      const request = parseSignOutRequest(args);
      return asResult(IpcChannel.signOut, () => auth.signOut(request));
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
