import { vi } from 'vitest';
import type { AppInfo, AuthState, DesktopApi, IpcResult } from '../../main/ipc-contract.ts';

type SignedIn = Extract<AuthState, { status: 'signed-in' }>;

export const demoAppInfo: AppInfo = {
  providerName: 'Demo provider',
  issuer: 'http://127.0.0.1:4000',
  demo: true,
  redirectUri: 'http://127.0.0.1:53682/callback',
  storage: { persistent: true, backend: 'gnome_libsecret', description: 'Encrypted with your GNOME keyring' },
  appVersion: '0.1.0',
};

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

export interface FakeDesktopOptions {
  state?: AuthState;
  appInfo?: AppInfo;
}

/**
 * A `window.desktop` that behaves like the preload bridge over a tiny in-memory core: `signIn`
 * moves to signing-in and stays pending until `cancelSignIn`, `completeSignIn` or `failSignIn`;
 * `signOut` moves to signed-out. Every method is a `vi.fn`, so tests can assert calls or swap
 * one behaviour with `mockImplementationOnce`.
 */
export const createFakeDesktop = ({ state: initial = { status: 'signed-out' }, appInfo = demoAppInfo }: FakeDesktopOptions = {}) => {
  let state = initial;
  const listeners = new Set<(state: AuthState) => void>();
  let finishSignIn: ((result: IpcResult<AuthState>) => void) | undefined;

  /** Pushes a state change, as the main process does on every change. */
  const emit = (next: AuthState): void => {
    state = next;
    for (const listener of listeners) listener(next);
  };

  const fail = (code: string, message: string): void => {
    emit({ status: 'signed-out', error: { code, message } });
    finishSignIn?.({ ok: false, code, message });
    finishSignIn = undefined;
  };

  const api = {
    getState: vi.fn<DesktopApi['getState']>(async () => state),
    getAppInfo: vi.fn<DesktopApi['getAppInfo']>(async () => appInfo),
    signIn: vi.fn<DesktopApi['signIn']>(
      () =>
        new Promise<IpcResult<AuthState>>((resolve) => {
          finishSignIn = resolve;
          emit({ status: 'signing-in' });
        }),
    ),
    cancelSignIn: vi.fn<DesktopApi['cancelSignIn']>(async () => {
      fail('cancelled', 'Sign-in cancelled. You can sign in again whenever you are ready.');
    }),
    reopenBrowser: vi.fn<DesktopApi['reopenBrowser']>(async () => ({ ok: true, value: undefined })),
    signOut: vi.fn<DesktopApi['signOut']>(async () => {
      emit({ status: 'signed-out' });
      return { ok: true, value: state };
    }),
    onStateChange: vi.fn<DesktopApi['onStateChange']>((listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
  } satisfies DesktopApi;

  return {
    api,
    emit,
    listenerCount: () => listeners.size,
    /** The browser flow succeeded: the core pushes signed-in, then `signIn` resolves. */
    completeSignIn: (next: AuthState = signedInState()): void => {
      emit(next);
      finishSignIn?.({ ok: true, value: next });
      finishSignIn = undefined;
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
