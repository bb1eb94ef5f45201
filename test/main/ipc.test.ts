import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RENDERER_URL as APP_RENDERER_URL } from '../../main/app-protocol.ts';
import type { ApiResponse, AuthService, AuthState, ProviderDescription } from '../../main/auth/types.ts';
import type { AppFacts, IpcHandlers } from '../../main/ipc.ts';
import {
  createIpcHandlers,
  createTrustedFrameCheck,
  forwardStateChanges,
  IpcArgumentError,
  IpcSenderError,
  setupIpc,
} from '../../main/ipc.ts';
import { IpcChannel } from '../../main/ipc-contract.ts';
import { FakeIpcMain, FakeWebContents } from '../fakes/electron.ts';

/** Shaped like the core's AuthError (a name, a string code), without needing the core. */
class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const signedIn: AuthState = {
  status: 'signed-in',
  claims: { sub: 'alice', name: 'Alice' },
  expiresAt: 1_900_000_000_000,
  scopes: ['openid', 'profile'],
  persisted: true,
};
const signedOut: AuthState = { status: 'signed-out' };

class FakeAuthService implements AuthService {
  state: AuthState = signedOut;
  readonly listeners = new Set<(state: AuthState) => void>();
  readonly calls: Array<[string, ...unknown[]]> = [];
  signInImpl: () => Promise<AuthState> = async () => signedIn;
  signOutImpl: (options?: { endProviderSession?: boolean }) => Promise<AuthState> = async () => signedOut;
  reopenImpl: () => Promise<void> = async () => {};

  getState(): AuthState {
    return this.state;
  }
  onChange(listener: (state: AuthState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(state: AuthState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
  async restore(): Promise<AuthState> {
    return this.state;
  }
  signIn(): Promise<AuthState> {
    this.calls.push(['signIn']);
    return this.signInImpl();
  }
  cancelSignIn(): void {
    this.calls.push(['cancelSignIn']);
  }
  async probe(): Promise<ProviderDescription> {
    return this.describe();
  }
  async callApi(): Promise<ApiResponse> {
    this.calls.push(['callApi']);
    return { status: 200, statusText: 'OK', headers: {}, body: '{}', retriedAfterRefresh: false };
  }
  async handleRedirect(url: string): Promise<boolean> {
    this.calls.push(['handleRedirect', url]);
    return false;
  }
  reopenBrowser(): Promise<void> {
    this.calls.push(['reopenBrowser']);
    return this.reopenImpl();
  }
  signOut(options?: { endProviderSession?: boolean }): Promise<AuthState> {
    this.calls.push(['signOut', options]);
    return this.signOutImpl(options);
  }
  describe(): ProviderDescription {
    return { issuer: 'https://login.example.com', clientId: 'desktop', redirectUri: 'http://127.0.0.1:53123/callback' };
  }
  async dispose(): Promise<void> {}
}

const facts: AppFacts = {
  providerName: 'Example',
  demo: false,
  appVersion: '1.2.3',
  storage: { persistent: true, backend: 'keychain', description: 'Encrypted with your macOS Keychain' },
};

const RENDERER_URL = 'file:///opt/My%20App/resources/app.asar/dist/renderer/index.html';
const appFrame = { url: RENDERER_URL, parent: null };
const event = { senderFrame: appFrame };

let auth: FakeAuthService;
let handlers: IpcHandlers;
let unexpected: Array<[string, unknown]>;

beforeEach(() => {
  auth = new FakeAuthService();
  unexpected = [];
  handlers = createIpcHandlers({ auth, appInfo: facts, onUnexpectedError: (channel, error) => unexpected.push([channel, error]) });
});

describe('createIpcHandlers', () => {
  it('has a handler for every invoke channel and none for the push channel', () => {
    const invokeChannels = Object.values(IpcChannel).filter((channel) => channel !== IpcChannel.stateChanged);
    expect(Object.keys(handlers).sort()).toEqual([...invokeChannels].sort());
  });

  it('answers getState and getAppInfo, merging the core’s issuer and redirect URI', async () => {
    auth.state = signedIn;
    await expect(handlers[IpcChannel.getState](event)).resolves.toEqual(signedIn);
    await expect(handlers[IpcChannel.getAppInfo](event)).resolves.toEqual({
      ...facts,
      issuer: 'https://login.example.com',
      redirectUri: 'http://127.0.0.1:53123/callback',
    });
  });

  it('accepts app facts from an async function', async () => {
    const lazy = createIpcHandlers({ auth, appInfo: async () => ({ ...facts, demo: true }) });
    await expect(lazy[IpcChannel.getAppInfo](event)).resolves.toMatchObject({ demo: true, providerName: 'Example' });
  });

  it('wraps a successful sign-in as { ok: true, value }', async () => {
    await expect(handlers[IpcChannel.signIn](event)).resolves.toEqual({ ok: true, value: signedIn });
  });

  it('returns { ok: false, code, message } for an AuthError, so the code survives IPC', async () => {
    auth.signInImpl = async () => {
      throw new AuthError('access_denied', 'You declined the sign-in at the provider. Sign in again to continue.');
    };
    await expect(handlers[IpcChannel.signIn](event)).resolves.toEqual({
      ok: false,
      code: 'access_denied',
      message: 'You declined the sign-in at the provider. Sign in again to continue.',
    });
    auth.reopenImpl = async () => {
      throw new AuthError('no_sign_in', 'No sign-in is running.');
    };
    await expect(handlers[IpcChannel.reopenBrowser](event)).resolves.toEqual({ ok: false, code: 'no_sign_in', message: 'No sign-in is running.' });
    auth.signOutImpl = async () => {
      throw new AuthError('revocation_failed', 'Signed out here, but the provider could not be told.');
    };
    await expect(handlers[IpcChannel.signOut](event, { endProviderSession: false })).resolves.toMatchObject({
      ok: false,
      code: 'revocation_failed',
    });
    expect(unexpected).toEqual([]);
  });

  it('hides the details of unexpected errors (even ones with a code) and reports them', async () => {
    const bug = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9 /home/alice/secret-path'), { code: 'ECONNREFUSED' });
    auth.signInImpl = async () => {
      throw bug;
    };
    const result = await handlers[IpcChannel.signIn](event);
    expect(result).toMatchObject({ ok: false, code: 'internal_error' });
    expect(JSON.stringify(result)).not.toContain('secret-path');
    expect(unexpected).toEqual([[IpcChannel.signIn, bug]]);
  });

  it('answers reopenBrowser with { ok: true } and cancels without a result', async () => {
    await expect(handlers[IpcChannel.reopenBrowser](event)).resolves.toEqual({ ok: true, value: undefined });
    await expect(handlers[IpcChannel.cancelSignIn](event)).resolves.toBeUndefined();
    expect(auth.calls).toEqual([['reopenBrowser'], ['cancelSignIn']]);
  });

  describe('argument narrowing', () => {
    it('passes a well-formed sign-out request to the core as a fresh object', async () => {
      const request = { endProviderSession: true };
      await expect(handlers[IpcChannel.signOut](event, request)).resolves.toEqual({ ok: true, value: signedOut });
      expect(auth.calls).toEqual([['signOut', { endProviderSession: true }]]);
      expect(auth.calls[0]?.[1]).not.toBe(request);
    });

    it.each([
      ['no argument', []],
      ['a non-object', ['yes']],
      ['null', [null]],
      ['an array', [[true]]],
      ['a boolean', [true]],
      ['a class instance', [new (class { endProviderSession = true })()]],
      ['extra fields', [{ endProviderSession: true, redirect: 'https://evil.example' }]],
      ['a prototype-pollution key', [JSON.parse('{"endProviderSession":true,"__proto__":{"x":1}}')]],
      ['a wrong type', [{ endProviderSession: 'true' }]],
      ['a missing field', [{}]],
      ['two arguments', [{ endProviderSession: true }, { endProviderSession: false }]],
    ])('refuses sign-out with %s, never reaching the core', async (_what, args) => {
      await expect(handlers[IpcChannel.signOut](event, ...args)).rejects.toBeInstanceOf(IpcArgumentError);
      expect(auth.calls).toEqual([]);
    });

    it.each([IpcChannel.getState, IpcChannel.getAppInfo, IpcChannel.signIn, IpcChannel.cancelSignIn, IpcChannel.reopenBrowser] as const)(
      'refuses arguments on %s',
      async (channel) => {
        await expect(handlers[channel](event, { anything: 1 })).rejects.toBeInstanceOf(IpcArgumentError);
        expect(auth.calls).toEqual([]);
      },
    );
  });
});

describe('createTrustedFrameCheck', () => {
  const isTrusted = createTrustedFrameCheck(RENDERER_URL, { caseInsensitivePaths: false });

  it("trusts the app's own top-level page, whatever its hash or query", () => {
    expect(isTrusted(appFrame)).toBe(true);
    expect(isTrusted({ url: `${RENDERER_URL}#/settings`, parent: null })).toBe(true);
    expect(isTrusted({ url: `${RENDERER_URL}?x=1`, parent: null })).toBe(true);
    // Chromium may leave characters encoded differently than Node's pathToFileURL.
    expect(isTrusted({ url: 'file:///opt/My App/resources/app.asar/dist/renderer/index.html', parent: null })).toBe(true);
  });

  it.each([
    ['a foreign https page', { url: 'https://evil.example/index.html', parent: null }],
    ['another local file', { url: 'file:///opt/My%20App/resources/app.asar/dist/renderer/other.html', parent: null }],
    ['a file elsewhere with the same name', { url: 'file:///tmp/dist/renderer/index.html', parent: null }],
    ['a data: page', { url: 'data:text/html,hi', parent: null }],
    ['about:blank', { url: 'about:blank', parent: null }],
    ['a subframe of the app', { url: RENDERER_URL, parent: appFrame }],
    ['a frame that went away', null],
    ['garbage', { url: 'not a url', parent: null }],
  ])('refuses %s', (_what, frame) => {
    expect(isTrusted(frame)).toBe(false);
  });

  it('compares Windows paths without regard to case', () => {
    const windows = createTrustedFrameCheck('file:///C:/Program%20Files/App/dist/renderer/index.html', { caseInsensitivePaths: true });
    expect(windows({ url: 'file:///c:/program%20files/app/dist/renderer/index.html', parent: null })).toBe(true);
  });

  it('trusts the page on the app protocol, as main/index.ts wires it, and nothing else there', () => {
    const onAppProtocol = createTrustedFrameCheck(APP_RENDERER_URL);
    expect(onAppProtocol({ url: 'app://renderer/index.html', parent: null })).toBe(true);
    expect(onAppProtocol({ url: 'app://renderer/index.html#/x', parent: null })).toBe(true);
    for (const url of ['app://renderer/other.html', 'app://evil/index.html', 'file:///app/dist/renderer/index.html', 'https://renderer/index.html']) {
      expect(onAppProtocol({ url, parent: null }), url).toBe(false);
    }
  });
});

describe('setupIpc', () => {
  let ipcMain: FakeIpcMain;
  beforeEach(() => {
    ipcMain = new FakeIpcMain();
    setupIpc(ipcMain, handlers, createTrustedFrameCheck(RENDERER_URL));
  });

  it('registers every channel of the table', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(handlers).sort());
  });

  it('serves the app’s own window', async () => {
    await expect(ipcMain.invoke(IpcChannel.signIn, appFrame)).resolves.toEqual({ ok: true, value: signedIn });
  });

  it('refuses a foreign frame before the core hears of it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(ipcMain.invoke(IpcChannel.signIn, { url: 'https://evil.example/', parent: null })).rejects.toBeInstanceOf(IpcSenderError);
    await expect(ipcMain.invoke(IpcChannel.signOut, { url: 'https://evil.example/', parent: null }, { endProviderSession: true })).rejects.toBeInstanceOf(IpcSenderError);
    expect(auth.calls).toEqual([]);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('refuses a subframe, even one showing the app’s page', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(ipcMain.invoke(IpcChannel.getState, { url: RENDERER_URL, parent: appFrame })).rejects.toBeInstanceOf(IpcSenderError);
    await expect(ipcMain.invoke(IpcChannel.getState, null)).rejects.toBeInstanceOf(IpcSenderError);
    warn.mockRestore();
  });

  it('narrows arguments behind the sender check too', async () => {
    await expect(ipcMain.invoke(IpcChannel.signOut, appFrame, 'everything')).rejects.toBeInstanceOf(IpcArgumentError);
    expect(auth.calls).toEqual([]);
  });

  it('can be undone', () => {
    const other = new FakeIpcMain();
    const undo = setupIpc(other, handlers, () => true);
    undo();
    expect(other.handlers.size).toBe(0);
  });
});

describe('forwardStateChanges', () => {
  it('pushes every state change on the state channel until undone, and not to a closed page', () => {
    const contents = new FakeWebContents();
    const stop = forwardStateChanges(auth, contents);
    auth.emit({ status: 'signing-in' });
    auth.emit(signedIn);
    contents.destroyed = true;
    auth.emit(signedOut);
    contents.destroyed = false;
    stop();
    auth.emit({ status: 'signing-in' });
    expect(contents.sent).toEqual([
      { channel: IpcChannel.stateChanged, args: [{ status: 'signing-in' }] },
      { channel: IpcChannel.stateChanged, args: [signedIn] },
    ]);
  });
});

describe('with the real core’s AuthError', () => {
  it('recognises it through the seam, so its code and message reach the renderer', async () => {
    const core = await import('../../main/auth/index.ts');
    auth.signInImpl = async () => {
      throw new core.AuthError('cancelled', 'The sign-in was cancelled.');
    };
    await expect(handlers[IpcChannel.signIn](event)).resolves.toEqual({ ok: false, code: 'cancelled', message: 'The sign-in was cancelled.' });
    expect(unexpected).toEqual([]);
  });
});
