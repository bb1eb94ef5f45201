/**
 * The contract between the renderer, the preload bridge and the main process: channel names
 * (the only place they are spelled) and the plain-JSON shapes that cross IPC. Tokens never do.
 * Imported by main, preload and (types only) renderer; it must stay free of Electron imports.
 */
import type { AuthState } from './auth/types.ts';

export type { AuthState };

/** Every IPC channel the app uses. No channel string literal may appear anywhere else. */
export const IpcChannel = {
  getState: 'auth:get-state',
  getAppInfo: 'app:get-info',
  signIn: 'auth:sign-in',
  cancelSignIn: 'auth:cancel-sign-in',
  reopenBrowser: 'auth:reopen-browser',
  signOut: 'auth:sign-out',
  /** main -> renderer push of every AuthState change. */
  stateChanged: 'auth:state-changed',
} as const;

export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel];

/** Expected failures cross IPC as values: thrown errors lose their class and fields. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

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
  providerName: string;
  issuer: string;
  /** True when the built-in demo provider is in use (nothing was configured). */
  demo: boolean;
  redirectUri: string;
  storage: StorageProtection;
  appVersion: string;
}

export interface SignOutRequest {
  endProviderSession: boolean;
}

/** The API the preload exposes on `window.desktop`, and nothing more. */
export interface DesktopApi {
  getState(): Promise<AuthState>;
  getAppInfo(): Promise<AppInfo>;
  signIn(): Promise<IpcResult<AuthState>>;
  cancelSignIn(): Promise<void>;
  reopenBrowser(): Promise<IpcResult<void>>;
  signOut(request: SignOutRequest): Promise<IpcResult<AuthState>>;
  /** Subscribes to state changes; returns the unsubscribe function. */
  onStateChange(listener: (state: AuthState) => void): () => void;
}
