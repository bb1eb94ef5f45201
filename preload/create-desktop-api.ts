/**
 * The `window.desktop` API as a pure function of an ipcRenderer-like object, so it is tested
 * without Electron and reused by the Playwright harness. Named actions only: no channel name,
 * no `ipcRenderer` and no IPC event object ever reaches the page.
 */
import type { AppInfo, AuthState, DesktopApi, IpcResult, SignOutRequest } from '../main/ipc-contract.ts';
import { IpcChannel } from '../main/ipc-contract.ts';

/** The part of `ipcRenderer` the API uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Builds the API the preload exposes on `window.desktop`. */
export function createDesktopApi(ipc: IpcRendererLike): DesktopApi {
  // Main is trusted and replies with the contract's shapes; the casts only restore the types
  // that `invoke`'s `unknown` loses.
  return {
    getState: async () => (await ipc.invoke(IpcChannel.getState)) as AuthState,
    getAppInfo: async () => (await ipc.invoke(IpcChannel.getAppInfo)) as AppInfo,
    signIn: async () => (await ipc.invoke(IpcChannel.signIn)) as IpcResult<AuthState>,
    cancelSignIn: async () => {
      await ipc.invoke(IpcChannel.cancelSignIn);
    },
    reopenBrowser: async () => (await ipc.invoke(IpcChannel.reopenBrowser)) as IpcResult<void>,
    // Passed as given: main is the one place that validates it.
    signOut: async (request: SignOutRequest) => (await ipc.invoke(IpcChannel.signOut, request)) as IpcResult<AuthState>,
    onStateChange: (listener) => {
      // The event is dropped: it carries `sender`, the ipcRenderer itself.
      const forward = (_event: unknown, state: unknown): void => listener(state as AuthState);
      ipc.on(IpcChannel.stateChanged, forward);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(IpcChannel.stateChanged, forward);
      };
    },
  };
}
