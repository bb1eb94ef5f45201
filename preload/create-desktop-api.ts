/**
 * The `window.desktop` API as a pure function of an ipcRenderer-like object, so it is tested
 * without Electron and reused by the Playwright harness. Named actions only: no channel name,
 * no `ipcRenderer` and no IPC event object ever reaches the page.
 */
import type {
  AccountInfo,
  AddAccountRequest,
  ApiCallResult,
  AppInfo,
  AuthState,
  ConnectionReport,
  DesktopApi,
  DeviceQr,
  IpcChannelName,
  IpcResult,
  PushChannel,
  SessionDetails,
  SetupInfo,
  SetupRequest,
  SignInRequest,
  SignOutAccountRequest,
  SignOutRequest,
  SwitchAccountRequest,
  UpdateState,
} from '#ipc-contract';
import { IpcChannel } from '#ipc-contract';

/** The three IPC operations the API is built on, limited to the contract's channels. */
export interface IpcRendererLike {
  invoke(channel: IpcChannelName, ...args: unknown[]): Promise<unknown>;
  on(channel: IpcChannelName, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: IpcChannelName, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Builds the API the preload exposes on `window.desktop`. */
export function createDesktopApi(ipc: IpcRendererLike): DesktopApi {
  // One listener per subscription, removed once: the event is dropped, since it carries
  // `sender`, the ipcRenderer itself.
  const subscribe = <T>(channel: PushChannel, listener: (value: T) => void): (() => void) => {
    const forward = (_event: unknown, value: unknown): void => listener(value as T);
    ipc.on(channel, forward);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(channel, forward);
    };
  };

  // Main is trusted and replies with the contract's shapes; the casts only restore the types
  // that `invoke`'s `unknown` loses. Requests are passed as given: main is the one place that
  // validates them.
  return Object.freeze({
    getState: async () => (await ipc.invoke(IpcChannel.getState)) as AuthState,
    getAppInfo: async () => (await ipc.invoke(IpcChannel.getAppInfo)) as AppInfo,
    signIn: async (request?: SignInRequest) =>
      (await (request === undefined ? ipc.invoke(IpcChannel.signIn) : ipc.invoke(IpcChannel.signIn, request))) as IpcResult<AuthState>,
    cancelSignIn: async () => {
      await ipc.invoke(IpcChannel.cancelSignIn);
    },
    reopenBrowser: async () => (await ipc.invoke(IpcChannel.reopenBrowser)) as IpcResult<void>,
    signOut: async (request: SignOutRequest) => (await ipc.invoke(IpcChannel.signOut, request)) as IpcResult<AuthState>,
    onStateChange: (listener) => subscribe<AuthState>(IpcChannel.stateChanged, listener),
    getAccounts: async () => (await ipc.invoke(IpcChannel.getAccounts)) as AccountInfo[],
    addAccount: async (request?: AddAccountRequest) =>
      (await (request === undefined ? ipc.invoke(IpcChannel.addAccount) : ipc.invoke(IpcChannel.addAccount, request))) as IpcResult<AuthState>,
    switchAccount: async (request: SwitchAccountRequest) => (await ipc.invoke(IpcChannel.switchAccount, request)) as IpcResult<AccountInfo[]>,
    signOutAccount: async (request: SignOutAccountRequest) =>
      (await ipc.invoke(IpcChannel.signOutAccount, request)) as IpcResult<AccountInfo[]>,
    onAccountsChange: (listener) => subscribe<AccountInfo[]>(IpcChannel.accountsChanged, listener),
    getSessionDetails: async () => (await ipc.invoke(IpcChannel.getSessionDetails)) as SessionDetails,
    getDeviceQr: async () => (await ipc.invoke(IpcChannel.getDeviceQr)) as DeviceQr,
    getSetup: async () => (await ipc.invoke(IpcChannel.getSetup)) as SetupInfo,
    testConnection: async (request: SetupRequest) => (await ipc.invoke(IpcChannel.testConnection, request)) as IpcResult<ConnectionReport>,
    saveSetup: async (request: SetupRequest) => (await ipc.invoke(IpcChannel.saveSetup, request)) as IpcResult<AppInfo>,
    // No argument: the renderer never chooses the URL the access token goes to.
    callApi: async () => (await ipc.invoke(IpcChannel.callApi)) as IpcResult<ApiCallResult>,
    copyDiagnostics: async () => (await ipc.invoke(IpcChannel.copyDiagnostics)) as IpcResult<{ preview: string }>,
    onAppInfoChange: (listener) => subscribe<AppInfo>(IpcChannel.appInfoChanged, listener),
    getUpdateState: async () => (await ipc.invoke(IpcChannel.getUpdateState)) as UpdateState,
    // No argument: main decides whether a restart may happen now (never during a sign-in).
    restartToUpdate: async () => (await ipc.invoke(IpcChannel.restartToUpdate)) as IpcResult<void>,
    onUpdateStateChange: (listener) => subscribe<UpdateState>(IpcChannel.updateStateChanged, listener),
  } satisfies DesktopApi);
}
