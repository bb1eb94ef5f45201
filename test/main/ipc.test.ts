import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RENDERER_URL as APP_RENDERER_URL } from '../../main/app-protocol.ts';
import type { AppFacts, DiagnosticsBackend, IpcDependencies, IpcHandlers } from '../../main/ipc.ts';
import {
  createIpcHandlers,
  createTrustedFrameCheck,
  forwardAccountChanges,
  forwardAppInfoChanges,
  forwardStateChanges,
  forwardUpdateState,
  IpcArgumentError,
  IpcSenderError,
  parseSetupRequest,
  PUSH_CHANNELS,
  setupIpc,
} from '../../main/ipc.ts';
import type { AppInfo, ConnectionReport, SetupInfo, SetupRequest } from '#ipc-contract';
import type { AccountSummary } from '../../main/auth/accounts.ts';
import { IpcChannel } from '#ipc-contract';
import { SetupError, type SetupBackend } from '../../main/provider-setup.ts';
import { FakeAccounts, FakeAuthError as AuthError, FakeAuthService, SIGNED_IN as signedIn, SIGNED_OUT as signedOut } from '../fakes/auth-service.ts';
import { FakeIpcMain, FakeWebContents } from '../fakes/electron.ts';

const facts: AppFacts = {
  providerName: 'Example',
  demo: false,
  configured: true,
  apiUrl: 'https://api.example.com/me',
  appVersion: '1.2.3',
  storage: { persistent: true, backend: 'keychain', description: 'Encrypted with your macOS Keychain' },
};

const RENDERER_URL = 'file:///opt/My%20App/resources/app.asar/dist/renderer/index.html';
const appFrame = { url: RENDERER_URL, parent: null };
const event = { senderFrame: appFrame };

const report: ConnectionReport = {
  issuer: 'https://login.example.com',
  redirectUri: 'http://127.0.0.1/callback',
  notes: ['Register a public client.'],
  features: { pkceS256: true, refreshTokens: true, revocation: true, endSession: true, userInfo: true, issParameter: true, dpop: false, par: false, requirePar: false, deviceFlow: false },
};
const setupRequest: SetupRequest = { presetId: 'generic', values: { issuer: 'https://login.example.com', clientId: 'desktop' } };

/** A setup backend that records what reached it. */
class FakeSetup implements SetupBackend {
  readonly calls: Array<[string, ...unknown[]]> = [];
  testImpl: (request: SetupRequest) => Promise<ConnectionReport> = async () => report;
  saveImpl: (request: SetupRequest) => Promise<void> = async () => {};
  async getSetup(): Promise<SetupInfo> {
    this.calls.push(['getSetup']);
    return { presets: [], source: 'none' };
  }
  testConnection(request: SetupRequest): Promise<ConnectionReport> {
    this.calls.push(['testConnection', request]);
    return this.testImpl(request);
  }
  saveSetup(request: SetupRequest): Promise<void> {
    this.calls.push(['saveSetup', request]);
    return this.saveImpl(request);
  }
}

let auth: FakeAuthService;
let setup: FakeSetup;
let diagnostics: DiagnosticsBackend & { copied: string[] };
let logged: unknown[];
let clock: number;
let apiUrl: string | undefined;
let handlers: IpcHandlers;
let unexpected: Array<[string, unknown]>;
let confirmations: string[];
let confirmAnswer: boolean;

function dependencies(overrides: Partial<IpcDependencies> = {}): IpcDependencies {
  return {
    auth,
    appInfo: facts,
    setup,
    apiUrl: () => apiUrl,
    confirmApiOrigin: async (origin) => {
      confirmations.push(origin);
      return confirmAnswer;
    },
    diagnostics,
    log: (entry) => logged.push(entry),
    now: () => clock,
    onUnexpectedError: (channel, error) => unexpected.push([channel, error]),
    ...overrides,
  };
}

beforeEach(() => {
  confirmations = [];
  confirmAnswer = false;
  auth = new FakeAuthService();
  setup = new FakeSetup();
  const copied: string[] = [];
  diagnostics = { copied, report: async () => 'App: 1.2.3\nIssuer: https://login.example.com', copy: async (text) => void copied.push(text) };
  logged = [];
  clock = 1_000;
  apiUrl = 'https://api.example.com/me';
  unexpected = [];
  handlers = createIpcHandlers(dependencies());
});

describe('createIpcHandlers', () => {
  it('has a handler for every invoke channel and none for the push channels', () => {
    expect(PUSH_CHANNELS).toEqual([IpcChannel.stateChanged, IpcChannel.accountsChanged, IpcChannel.appInfoChanged, IpcChannel.updateStateChanged]);
    const invokeChannels = Object.values(IpcChannel).filter((channel) => !(PUSH_CHANNELS as readonly string[]).includes(channel));
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
    const lazy = createIpcHandlers(dependencies({ appInfo: async () => ({ ...facts, demo: true }) }));
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
      ['a prototype-pollution key', [JSON.parse('{"endProviderSession":true,"__proto__":{"x":1}}') as unknown]],
      ['a wrong type', [{ endProviderSession: 'true' }]],
      ['a missing field', [{}]],
      ['two arguments', [{ endProviderSession: true }, { endProviderSession: false }]],
    ])('refuses sign-out with %s, never reaching the core', async (_what, args) => {
      await expect(handlers[IpcChannel.signOut](event, ...args)).rejects.toBeInstanceOf(IpcArgumentError);
      expect(auth.calls).toEqual([]);
    });

    it('signs in on another device when asked { device: true }, and in the browser for nothing or { device: false }', async () => {
      await handlers[IpcChannel.signIn](event, { device: true });
      await handlers[IpcChannel.signIn](event, { device: false });
      await handlers[IpcChannel.signIn](event);
      expect(auth.calls).toEqual([['signIn', { device: true }], ['signIn'], ['signIn']]);
    });

    it.each([
      ['another field', [{ device: true, maxAge: 0 }]],
      ['a non-boolean device', [{ device: 'yes' }]],
      ['two arguments', [{ device: true }, {}]],
      ['a string', ['device']],
    ])('refuses sign-in with %s (the window asks nothing but device), never reaching the core', async (_what, args) => {
      await expect(handlers[IpcChannel.signIn](event, ...args)).rejects.toBeInstanceOf(IpcArgumentError);
      expect(auth.calls).toEqual([]);
    });

    it.each([IpcChannel.getState, IpcChannel.getAppInfo, IpcChannel.cancelSignIn, IpcChannel.reopenBrowser] as const)(
      'refuses arguments on %s',
      async (channel) => {
        await expect(handlers[channel](event, { anything: 1 })).rejects.toBeInstanceOf(IpcArgumentError);
        expect(auth.calls).toEqual([]);
      },
    );
  });
});

describe('the setup, API, session and diagnostics channels', () => {
  it('answers getSessionDetails from the core’s description, and signed out as not sender-constrained', async () => {
    await expect(handlers[IpcChannel.getSessionDetails](event)).resolves.toEqual({ senderConstrained: false });
    auth.description = { ...auth.description, session: { tokenType: 'dpop', senderConstrained: true } };
    await expect(handlers[IpcChannel.getSessionDetails](event)).resolves.toEqual({ tokenType: 'dpop', senderConstrained: true });
  });

  it('answers getDeviceQr with the QR code of the running sign-in from another device, drawn from the core\'s state, else {}; it takes no arguments', async () => {
    await expect(handlers[IpcChannel.getDeviceQr](event)).resolves.toEqual({});
    auth.state = { status: 'signing-in', device: { userCode: 'WDJB-MJHT', verificationUri: 'https://login.example.com/device', verificationUriComplete: 'https://login.example.com/device?user_code=WDJB-MJHT', expiresAt: Date.now() + 60_000 } };
    await expect(handlers[IpcChannel.getDeviceQr](event)).resolves.toEqual({ dataUrl: expect.stringMatching(/^data:image\/svg\+xml;base64,/) });
    auth.state = { status: 'signing-in' };
    await expect(handlers[IpcChannel.getDeviceQr](event)).resolves.toEqual({});
    await expect(handlers[IpcChannel.getDeviceQr](event, 'https://evil.example/')).rejects.toBeInstanceOf(IpcArgumentError);
  });

  it('answers getSetup from the backend', async () => {
    await expect(handlers[IpcChannel.getSetup](event)).resolves.toEqual({ presets: [], source: 'none' });
  });

  it('tests a connection with a fresh, narrowed copy of the request', async () => {
    const request = { ...setupRequest, apiUrl: '', providerName: ' ' };
    await expect(handlers[IpcChannel.testConnection](event, request)).resolves.toEqual({ ok: true, value: report });
    // Empty inputs mean "none"; the object the backend sees is not the renderer's.
    expect(setup.calls).toEqual([['testConnection', setupRequest]]);
    expect(setup.calls[0]?.[1]).not.toBe(request);
  });

  it('returns a setup failure with the field it is about, and notes it in the log', async () => {
    setup.testImpl = async () => {
      throw new SetupError('invalid_setup', 'Issuer URL must use https.', 'issuer');
    };
    await expect(handlers[IpcChannel.testConnection](event, setupRequest)).resolves.toEqual({
      ok: false,
      code: 'invalid_setup',
      message: 'Issuer URL must use https.',
      field: 'issuer',
    });
    expect(logged).toEqual([{ level: 'warn', source: 'ipc', code: 'invalid_setup', message: `${IpcChannel.testConnection}: Issuer URL must use https.` }]);
    expect(unexpected).toEqual([]);
  });

  it('returns the core’s error for an unreachable provider, without a field', async () => {
    setup.testImpl = async () => {
      throw new AuthError('provider_unreachable', 'Could not reach the identity provider at https://login.example.com (ECONNREFUSED).');
    };
    const result = await handlers[IpcChannel.testConnection](event, setupRequest);
    expect(result).toEqual({ ok: false, code: 'provider_unreachable', message: expect.stringContaining('Could not reach') });
    expect(result).not.toHaveProperty('field');
  });

  it('saves a setup and answers with the AppInfo of the provider now in use', async () => {
    let info: Partial<AppFacts> = { configured: false, providerName: '' };
    setup.saveImpl = async () => {
      info = { configured: true, providerName: 'Saved provider' };
    };
    const saving = createIpcHandlers(dependencies({ appInfo: () => ({ ...facts, ...info }) }));
    const result = (await saving[IpcChannel.saveSetup](event, setupRequest)) as { ok: true; value: AppInfo };
    expect(result.ok).toBe(true);
    expect(result.value).toMatchObject({ configured: true, providerName: 'Saved provider', issuer: 'https://login.example.com' });
    expect(setup.calls).toEqual([['saveSetup', setupRequest]]);
  });

  it('refuses to save over an environment configuration, saying why', async () => {
    setup.saveImpl = async () => {
      throw new SetupError('env_configured', 'The identity provider is set by environment variables.');
    };
    await expect(handlers[IpcChannel.saveSetup](event, setupRequest)).resolves.toEqual({
      ok: false,
      code: 'env_configured',
      message: 'The identity provider is set by environment variables.',
    });
  });

  it('calls the configured API: its status, telling headers, pretty JSON and duration', async () => {
    auth.callApiImpl = async () => {
      clock += 42;
      return {
        status: 200,
        statusText: 'OK',
        headers: { 'content-type': 'application/json', 'set-cookie': 'session=1', 'x-request-id': 'r-1' },
        body: '{"sub":"alice"}',
        retriedAfterRefresh: false,
      };
    };
    await expect(handlers[IpcChannel.callApi](event)).resolves.toEqual({
      ok: true,
      value: {
        url: 'https://api.example.com/me',
        status: 200,
        statusText: 'OK',
        headers: { 'content-type': 'application/json', 'x-request-id': 'r-1' },
        body: '{\n  "sub": "alice"\n}',
        contentType: 'application/json',
        durationMs: 42,
        retriedAfterRefresh: false,
      },
    });
    expect(auth.calls).toEqual([['callApi', { url: 'https://api.example.com/me' }]]);
  });

  it('surfaces a retry after a 401 and a refresh', async () => {
    auth.callApiImpl = async () => ({ status: 200, statusText: 'OK', headers: {}, body: 'hi', retriedAfterRefresh: true });
    await expect(handlers[IpcChannel.callApi](event)).resolves.toMatchObject({ ok: true, value: { retriedAfterRefresh: true, body: 'hi' } });
  });

  it('answers no_api when no API is configured, without calling the core', async () => {
    apiUrl = undefined;
    await expect(handlers[IpcChannel.callApi](event)).resolves.toEqual({ ok: false, code: 'no_api', message: expect.stringContaining('API URL') });
    expect(auth.calls).toEqual([]);
  });

  it('returns the core’s error when the API call fails (not signed in)', async () => {
    auth.callApiImpl = async () => {
      throw new AuthError('not_signed_in', 'Sign in first: calling the API needs a session.');
    };
    await expect(handlers[IpcChannel.callApi](event)).resolves.toEqual({ ok: false, code: 'not_signed_in', message: 'Sign in first: calling the API needs a session.' });
  });

  it('an API origin the session is not bound to: the person is asked in the main process; Cancel returns the core\'s refusal and binds nothing', async () => {
    auth.callApiImpl = async () => {
      throw new AuthError('api_origin_unconfirmed', 'Your access token was not sent.');
    };
    await expect(handlers[IpcChannel.callApi](event)).resolves.toMatchObject({ ok: false, code: 'api_origin_unconfirmed' });
    expect(confirmations).toEqual(['https://api.example.com']);
    expect(auth.calls.map(([name]) => name)).toEqual(['callApi']);
  });

  it('an API origin the session is not bound to: "Sign in again" runs a recent sign-in (max_age=0), which binds the new session, and calls again', async () => {
    let signedInAgain = false;
    auth.signInImpl = async (options) => {
      signedInAgain = options?.maxAge === 0;
      return auth.state;
    };
    auth.callApiImpl = async () => {
      if (!signedInAgain) throw new AuthError('api_origin_unconfirmed', 'Your access token was not sent.');
      return { status: 200, statusText: 'OK', headers: {}, body: 'hi', retriedAfterRefresh: false };
    };
    confirmAnswer = true;
    await expect(handlers[IpcChannel.callApi](event)).resolves.toMatchObject({ ok: true, value: { status: 200, body: 'hi' } });
    expect(auth.calls).toEqual([
      ['callApi', { url: 'https://api.example.com/me' }],
      ['signIn', { maxAge: 0 }],
      ['callApi', { url: 'https://api.example.com/me' }],
    ]);
  });

  it('other API failures never ask the person', async () => {
    auth.callApiImpl = async () => {
      throw new AuthError('not_signed_in', 'Sign in first: calling the API needs a session.');
    };
    await handlers[IpcChannel.callApi](event);
    expect(confirmations).toEqual([]);
  });

  it('copies the diagnostics report to the clipboard and returns it as the preview', async () => {
    await expect(handlers[IpcChannel.copyDiagnostics](event)).resolves.toEqual({ ok: true, value: { preview: 'App: 1.2.3\nIssuer: https://login.example.com' } });
    expect(diagnostics.copied).toEqual(['App: 1.2.3\nIssuer: https://login.example.com']);
  });

  it('hides a failing clipboard behind the generic message and reports it', async () => {
    diagnostics.copy = async () => {
      throw new Error('clipboard busy');
    };
    await expect(handlers[IpcChannel.copyDiagnostics](event)).resolves.toMatchObject({ ok: false, code: 'internal_error' });
    expect(unexpected).toHaveLength(1);
  });

  it.each([IpcChannel.getSessionDetails, IpcChannel.getSetup, IpcChannel.callApi, IpcChannel.copyDiagnostics] as const)('refuses arguments on %s', async (channel) => {
    await expect(handlers[channel](event, 'https://evil.example/steal')).rejects.toBeInstanceOf(IpcArgumentError);
    expect(auth.calls).toEqual([]);
  });
});

describe('while nothing is configured', () => {
  beforeEach(() => {
    handlers = createIpcHandlers(dependencies({ auth: () => undefined, appInfo: { ...facts, configured: false, providerName: '' } }));
  });

  it('reports signed out, an empty issuer, and configured: false', async () => {
    await expect(handlers[IpcChannel.getState](event)).resolves.toEqual(signedOut);
    await expect(handlers[IpcChannel.getAppInfo](event)).resolves.toMatchObject({ configured: false, issuer: '', redirectUri: '' });
    await expect(handlers[IpcChannel.getSessionDetails](event)).resolves.toEqual({ senderConstrained: false });
    await expect(handlers[IpcChannel.cancelSignIn](event)).resolves.toBeUndefined();
  });

  it.each([
    [IpcChannel.signIn, []],
    [IpcChannel.reopenBrowser, []],
    [IpcChannel.signOut, [{ endProviderSession: false }]],
    [IpcChannel.callApi, []],
  ] as const)('answers %s with not_configured', async (channel, args) => {
    await expect(handlers[channel](event, ...args)).resolves.toEqual({ ok: false, code: 'not_configured', message: expect.stringContaining('setup screen') });
  });

  it('still serves the setup channels', async () => {
    await expect(handlers[IpcChannel.testConnection](event, setupRequest)).resolves.toEqual({ ok: true, value: report });
  });
});

describe('parseSetupRequest', () => {
  it('keeps the known fields and drops empty optional inputs', () => {
    expect(parseSetupRequest(IpcChannel.saveSetup, [{ ...setupRequest, apiUrl: ' https://api.example.com ', providerName: 'Acme' }])).toEqual({
      ...setupRequest,
      apiUrl: ' https://api.example.com ',
      providerName: 'Acme',
    });
  });

  it.each([
    ['no argument', []],
    ['two arguments', [setupRequest, setupRequest]],
    ['a string', ['generic']],
    ['an unknown preset', [{ presetId: 'evil', values: {} }]],
    ['values that are not strings', [{ presetId: 'generic', values: { issuer: 42 } }]],
    ['nested values', [{ presetId: 'generic', values: { issuer: { href: 'x' } } }]],
    ['a strange value name', [{ presetId: 'generic', values: { 'is suer': 'x' } }]],
    ['a prototype-pollution key', [JSON.parse('{"presetId":"generic","values":{"__proto__":"x"}}')]],
    ['an extra field', [{ ...setupRequest, clientSecret: 'x' }]],
    ['a non-string apiUrl', [{ ...setupRequest, apiUrl: 42 }]],
    ['a huge value', [{ presetId: 'generic', values: { issuer: 'x'.repeat(5_000) } }]],
    ['too many values', [{ presetId: 'generic', values: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, 'x'])) }]],
  ])('refuses %s', (_what, args) => {
    expect(() => parseSetupRequest(IpcChannel.testConnection, args)).toThrow(IpcArgumentError);
  });

  it('refuses a malformed request before the backend hears of it', async () => {
    await expect(handlers[IpcChannel.saveSetup](event, { presetId: 'generic' })).rejects.toBeInstanceOf(IpcArgumentError);
    expect(setup.calls).toEqual([]);
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

describe('the account channels', () => {
  const ended = { status: 'signed-out', error: { code: 'session_expired', message: 'Your session ended. Sign in again.' } } as const;
  const summaries: AccountSummary[] = [
    { id: 'a-1', providerId: 'p', issuer: 'https://login.example.com', active: true, state: signedIn, profile: { sub: 'alice', name: 'Alice', email: 'alice@example.com', picture: 'https://example.com/a.png' } },
    { id: 'b-2', providerId: 'p', issuer: 'https://login.example.com', active: false, state: ended, profile: { sub: 'bob', username: 'bob' } },
    { id: 'c-3', providerId: 'p', issuer: 'https://login.example.com', active: false, state: { status: 'signed-out', error: { code: 'keystore_unavailable', message: 'Locked.' } } },
  ];
  let accounts: FakeAccounts;
  beforeEach(() => {
    accounts = new FakeAccounts(auth);
    accounts.listed = summaries;
    handlers = createIpcHandlers(dependencies({ accounts: () => ({ manager: accounts, providerId: 'p' }) }));
  });

  it('lists who each account is and whether it is signed in, never its claims or tokens', async () => {
    const listed = await handlers[IpcChannel.getAccounts](event);
    expect(listed).toEqual([
      { id: 'a-1', active: true, status: 'signed-in', issuer: 'https://login.example.com', name: 'Alice', email: 'alice@example.com', picture: 'https://example.com/a.png' },
      { id: 'b-2', active: false, status: 'signed-out', issuer: 'https://login.example.com', name: 'bob', error: ended.error },
      { id: 'c-3', active: false, status: 'signed-out', issuer: 'https://login.example.com', error: { code: 'keystore_unavailable', message: 'Locked.' } },
    ]);
    expect(JSON.stringify(listed)).not.toContain('claims');
    await expect(handlers[IpcChannel.getAccounts](event, 'x')).rejects.toBeInstanceOf(IpcArgumentError);
  });

  it('adds an account at the running provider, in the browser or on another device, and answers the new state', async () => {
    await expect(handlers[IpcChannel.addAccount](event)).resolves.toEqual({ ok: true, value: auth.state });
    await handlers[IpcChannel.addAccount](event, { device: true });
    expect(accounts.calls).toEqual([['addAccount', 'p'], ['addAccount', 'p', { device: true }]]);
  });

  it('answers a cancelled or failed add as { ok: false, code, message }', async () => {
    accounts.addImpl = () => Promise.reject(new AuthError('cancelled', 'The sign-in was cancelled.'));
    await expect(handlers[IpcChannel.addAccount](event)).resolves.toEqual({ ok: false, code: 'cancelled', message: 'The sign-in was cancelled.' });
  });

  it('switches to and signs out of the account named, answering the new list', async () => {
    await expect(handlers[IpcChannel.switchAccount](event, { id: 'b-2' })).resolves.toMatchObject({ ok: true, value: [{ id: 'a-1' }, { id: 'b-2' }, { id: 'c-3' }] });
    await handlers[IpcChannel.signOutAccount](event, { id: 'b-2', endProviderSession: true });
    expect(accounts.calls).toEqual([['switchTo', 'b-2'], ['signOut', 'b-2', { endProviderSession: true }]]);
  });

  it.each([
    [IpcChannel.switchAccount, []],
    [IpcChannel.switchAccount, ['a-1']],
    [IpcChannel.switchAccount, [{ id: 'a-1', extra: true }]],
    [IpcChannel.switchAccount, [{ id: '../authSession' }]],
    [IpcChannel.switchAccount, [{ id: 'a'.repeat(65) }]],
    [IpcChannel.switchAccount, [{ id: 7 }]],
    [IpcChannel.signOutAccount, [{ id: 'a-1' }]],
    [IpcChannel.signOutAccount, [{ id: 'a-1', endProviderSession: 'yes' }]],
    [IpcChannel.signOutAccount, [{ id: 'a-1', endProviderSession: true }, {}]],
    [IpcChannel.addAccount, [{ device: true, loginHint: 'x' }]],
  ] as const)('refuses %s with %j, never reaching the accounts', async (channel, args) => {
    await expect(handlers[channel](event, ...args)).rejects.toBeInstanceOf(IpcArgumentError);
    expect(accounts.calls).toEqual([]);
  });

  it('while nothing is configured: no accounts, and the actions answer not_configured', async () => {
    handlers = createIpcHandlers(dependencies({ auth: undefined, accounts: () => undefined }));
    await expect(handlers[IpcChannel.getAccounts](event)).resolves.toEqual([]);
    await expect(handlers[IpcChannel.addAccount](event)).resolves.toMatchObject({ ok: false, code: 'not_configured' });
    await expect(handlers[IpcChannel.switchAccount](event, { id: 'a-1' })).resolves.toMatchObject({ ok: false, code: 'not_configured' });
    await expect(handlers[IpcChannel.signOutAccount](event, { id: 'a-1', endProviderSession: false })).resolves.toMatchObject({ ok: false, code: 'not_configured' });
  });

  it('pushes every account list change, as the window sees it, until undone', () => {
    const contents = new FakeWebContents();
    const stop = forwardAccountChanges({ onAccountsChange: (listener) => accounts.onChange(listener) }, contents);
    accounts.emitList();
    stop();
    accounts.emitList();
    expect(contents.sent).toHaveLength(1);
    expect(contents.sent[0]).toMatchObject({ channel: IpcChannel.accountsChanged, args: [[{ id: 'a-1', name: 'Alice' }, { id: 'b-2' }, { id: 'c-3' }]] });
  });
});

describe('forwardAppInfoChanges', () => {
  it('pushes every AppInfo change on the app-info channel until undone', () => {
    const listeners = new Set<(info: AppInfo) => void>();
    const source = {
      onAppInfoChange: (listener: (info: AppInfo) => void) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    };
    const contents = new FakeWebContents();
    const stop = forwardAppInfoChanges(source, contents);
    const info = { ...facts, issuer: 'https://new.example.com', redirectUri: 'http://127.0.0.1/callback' };
    for (const listener of listeners) listener(info);
    stop();
    expect(listeners.size).toBe(0);
    expect(contents.sent).toEqual([{ channel: IpcChannel.appInfoChanged, args: [info] }]);
  });
});

describe('the update channels', () => {
  /** The app's updates, through the real controller and a fake electron-updater. */
  async function withUpdate(signingIn: () => boolean) {
    const { createUpdateController } = await import('../../main/updater.ts');
    const { FakeUpdater } = await import('../fakes/updater.ts');
    const updater = new FakeUpdater();
    const updates = createUpdateController({ policy: { enabled: true, feed: { provider: 'github', owner: 'acme', repo: 'signin' } }, port: updater, signInInProgress: signingIn, log: () => undefined });
    return { updater, updates, handlers: createIpcHandlers(dependencies({ updates })) };
  }

  it('answers the update state, and says updates are off when nothing drives them', async () => {
    await expect(handlers[IpcChannel.getUpdateState](event)).resolves.toEqual({ status: 'disabled', reason: 'this runtime has no updater' });
    await expect(handlers[IpcChannel.restartToUpdate](event)).resolves.toEqual({ ok: false, code: 'no_update', message: 'No update is ready to install yet.' });
    const { updater, updates, handlers: withUpdates } = await withUpdate(() => false);
    updater.offer('1.2.0');
    await updates.checkNow();
    await expect(withUpdates[IpcChannel.getUpdateState](event)).resolves.toEqual({ status: 'downloaded', version: '1.2.0' });
    await expect(withUpdates[IpcChannel.restartToUpdate](event)).resolves.toEqual({ ok: true, value: undefined });
    await vi.waitFor(() => expect(updater.installs).toBe(1));
  });

  it('refuses "Restart to update" while a sign-in runs, whatever the renderer thinks', async () => {
    auth.state = { status: 'signing-in' };
    const { updater, updates, handlers: withUpdates } = await withUpdate(() => auth.getState().status === 'signing-in');
    updater.offer('1.2.0');
    await updates.checkNow();
    await expect(withUpdates[IpcChannel.restartToUpdate](event)).resolves.toMatchObject({ ok: false, code: 'sign_in_in_progress' });
    expect(updater.installs).toBe(0);
  });

  it.each([IpcChannel.getUpdateState, IpcChannel.restartToUpdate] as const)('refuses arguments on %s', async (channel) => {
    const { updater, updates, handlers: withUpdates } = await withUpdate(() => false);
    updater.offer('1.2.0');
    await updates.checkNow();
    await expect(withUpdates[channel](event, { force: true })).rejects.toBeInstanceOf(IpcArgumentError);
    expect(updater.installs).toBe(0);
  });

  it('serves the update channels only to the app’s own window (the one wrapper)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { updater, updates, handlers: withUpdates } = await withUpdate(() => false);
    updater.offer('1.2.0');
    await updates.checkNow();
    const ipcMain = new FakeIpcMain();
    setupIpc(ipcMain, withUpdates, createTrustedFrameCheck(RENDERER_URL));
    await expect(ipcMain.invoke(IpcChannel.restartToUpdate, { url: 'https://evil.example/', parent: null })).rejects.toBeInstanceOf(IpcSenderError);
    expect(updater.installs).toBe(0);
    await expect(ipcMain.invoke(IpcChannel.getUpdateState, appFrame)).resolves.toEqual({ status: 'downloaded', version: '1.2.0' });
    warn.mockRestore();
  });

  it('pushes every update state on its channel until undone', async () => {
    const { updater, updates } = await withUpdate(() => false);
    const contents = new FakeWebContents();
    const stop = forwardUpdateState(updates, contents);
    updater.offer('1.2.0', []);
    await updates.checkNow();
    stop();
    expect(contents.sent.map((message) => message.channel)).toEqual(Array(4).fill(IpcChannel.updateStateChanged));
    expect(contents.sent.at(-1)).toEqual({ channel: IpcChannel.updateStateChanged, args: [{ status: 'downloaded', version: '1.2.0' }] });
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
