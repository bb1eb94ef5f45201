/**
 * The runtime main/index.ts and the harness both run, with the REAL core against the local
 * provider: the IPC handlers end to end, switching providers from the setup screen, the API
 * call, and the proof that nothing secret reaches the diagnostics log.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppRuntime, type AppRuntime, type AppRuntimeOptions } from '../../main/app-runtime.ts';
import { SESSION_KEY } from '../../main/auth/vault.ts';
import type { AppConfig } from '../../main/config.ts';
import { loadConfig } from '../../main/config.ts';
import { createDiagnosticsLog } from '../../main/diagnostics-log.ts';
import type { AccountInfo, ApiCallResult, AppInfo, AuthState, IpcResult, SetupRequest } from '#ipc-contract';
import { loadOtherProviders } from '../../main/other-providers.ts';
import { IpcChannel } from '#ipc-contract';
import { FakeCipher } from '../support/fake-cipher.ts';
import { createHttpBrowser, type HttpSignInResult } from '../support/http-browser.ts';
import { MemoryStore } from '../support/memory-store.ts';
import { startTestProvider, TEST_ACCOUNTS, type TestProvider, type TestProviderOptions } from '../support/provider.ts';
import { MemoryLogTransport } from '../fakes/log-transport.ts';

const event = { senderFrame: { url: 'app://renderer/index.html' } };
const providers: TestProvider[] = [];
const runtimes: AppRuntime[] = [];

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.dispose()));
  await Promise.all(providers.splice(0).map((provider) => provider.close()));
});

async function provider(options: TestProviderOptions = {}): Promise<TestProvider> {
  const started = await startTestProvider(options);
  providers.push(started);
  return started;
}

function envConfig(env: Record<string, string>): AppConfig {
  const loaded = loadConfig({ env });
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.config;
}

const providerEnv = (local: TestProvider, extra: Record<string, string> = {}) => ({
  OIDC_ISSUER: local.issuer,
  OIDC_CLIENT_ID: local.clientId,
  OIDC_ALLOW_INSECURE_REQUESTS: 'true',
  ...extra,
});

/** A runtime with test adapters; the "person" signs in as alice whenever the browser opens. */
function start(config: AppConfig | undefined, overrides: Partial<AppRuntimeOptions> = {}) {
  const transport = new MemoryLogTransport();
  const store = new MemoryStore();
  const cipher = new FakeCipher();
  const browser = createHttpBrowser();
  const opened: string[] = [];
  /** Who the person signs in as at the next browser opening. */
  const person = { next: 'alice' };
  const callbacks: URL[] = [];
  const clipboard: string[] = [];
  const userDataDir = mkdtempSync(join(tmpdir(), 'app-runtime-'));
  const runtime = createAppRuntime({
    env: {},
    userDataDir,
    config,
    openExternal: async (url) => {
      opened.push(url);
      // The person acts in the browser while the app waits: never block openExternal.
      if (new URL(url).pathname.startsWith('/auth')) {
        void browser.signIn(url, { username: person.next }).then((result: HttpSignInResult) => callbacks.push(result.callbackUrl));
      }
    },
    cipher,
    store,
    diagnostics: createDiagnosticsLog(transport),
    storage: async () => ({ persistent: true, backend: 'gnome_libsecret', description: 'Encrypted with the GNOME keyring (libsecret)' }),
    appVersion: '9.9.9',
    host: { versions: { node: process.versions.node }, platform: 'linux', arch: 'x64', osRelease: '6.1.0', packaged: false },
    writeClipboard: async (text) => void clipboard.push(text),
    confirmApiOrigin: async () => false,
    ...overrides,
  });
  runtimes.push(runtime);
  const invoke = (channel: keyof typeof runtime.handlers, ...args: unknown[]) => runtime.handlers[channel](event, ...args);
  return { runtime, invoke, transport, store, cipher, opened, callbacks, clipboard, userDataDir, browser: person };
}

describe('the diagnostics log through a full session (redaction proof)', () => {
  it('writes no token, code, verifier, state, nonce or DPoP key to the log through sign-in, refresh, API calls and sign-out', async () => {
    const local = await provider({ dpop: true });
    const secrets = new Map<string, string>(); // value -> what it is
    const keep = (what: string, value: unknown): void => {
      // First sighting names it (a refresh token is later revoked as `token`).
      if (typeof value === 'string' && value.length >= 8 && !secrets.has(value)) secrets.set(value, what);
    };
    const tokenResponses: string[] = [];
    const tokenRequests: string[] = [];
    local.transform((req, res) => {
      // Everything secret that crosses the wire: request parameters, credentials, proofs...
      for (const [name, value] of new URLSearchParams(req.body)) {
        if (['code', 'code_verifier', 'refresh_token', 'token', 'id_token_hint'].includes(name)) keep(name, value);
      }
      keep('access_token', req.headers.authorization?.replace(/^\S+\s+/, ''));
      keep('dpop_proof', req.headers.dpop);
      // ...and the token endpoint's answers.
      if (req.path === '/token') {
        tokenRequests.push(req.body);
        tokenResponses.push(res.body);
        const body = JSON.parse(res.body) as Record<string, unknown>;
        for (const name of ['access_token', 'refresh_token', 'id_token']) keep(name, body[name]);
      }
      return undefined;
    });
    let denied = false;
    local.intercept((req) => {
      // Every request, the protected resource's included: its DPoP-bound token and proofs.
      keep('access_token', req.headers.authorization?.replace(/^\S+\s+/, ''));
      keep('dpop_proof', req.headers.dpop);
      // The second API call meets a 401 once: the core refreshes and retries.
      if (req.path === '/api/profile' && tokenResponses.length === 1 && !denied && (denied = true)) {
        return { status: 401, headers: { 'www-authenticate': 'DPoP error="invalid_token"' }, body: { error: 'invalid_token' } };
      }
      return undefined;
    });

    const app = start(envConfig(providerEnv(local, { OIDC_API_URL: local.apiUrl })));
    await expect(app.invoke(IpcChannel.signIn)).resolves.toMatchObject({ ok: true, value: { status: 'signed-in' } });
    await expect(app.invoke(IpcChannel.getSessionDetails)).resolves.toEqual({ tokenType: 'dpop', senderConstrained: true });
    denied = true; // the first call goes through
    await expect(app.invoke(IpcChannel.callApi)).resolves.toMatchObject({ ok: true, value: { status: 200, retriedAfterRefresh: false } });
    denied = false;
    const retried = (await app.invoke(IpcChannel.callApi)) as IpcResult<ApiCallResult>;
    expect(retried).toMatchObject({ ok: true, value: { status: 200, retriedAfterRefresh: true } });
    expect(tokenResponses).toHaveLength(2); // the sign-in's, and the refresh's

    // What only the app knew: the authorization request's state and nonce, the callback's code,
    // and the DPoP private key kept inside the encrypted session.
    const authorization = new URL(app.opened[0]!);
    keep('state', authorization.searchParams.get('state'));
    keep('nonce', authorization.searchParams.get('nonce'));
    keep('code', app.callbacks[0]!.searchParams.get('code'));
    keep('state', app.callbacks[0]!.searchParams.get('state'));
    // The one account's session, under its own key.
    const sessionKey = [...app.store.data.keys()].find((key) => key.endsWith(`-${SESSION_KEY}`))!;
    const envelope = app.store.get(sessionKey) as { ciphertext: string };
    const { session } = JSON.parse((await app.cipher.decrypt(Buffer.from(envelope.ciphertext, 'base64'))).plainText) as { session: { dpopKey?: { privateJwk: Record<string, unknown> } } };
    keep('dpop_private_key', session.dpopKey?.privateJwk.d);
    expect(session.dpopKey?.privateJwk.d).toBeTypeOf('string');

    await expect(app.invoke(IpcChannel.signOut, { endProviderSession: false })).resolves.toMatchObject({ ok: true, value: { status: 'signed-out' } });

    // A careless glue message quoting what it had at hand still writes nothing secret.
    const log = createDiagnosticsLog(app.transport);
    log.write({ level: 'error', source: 'app', message: `authorization request ${app.opened[0]}` });
    log.write({ level: 'error', source: 'app', message: `callback ${app.callbacks[0]!.href}` });
    for (const body of tokenResponses) log.write({ level: 'error', source: 'app', message: `token response ${body}` });
    for (const body of tokenRequests) log.write({ level: 'error', source: 'app', message: `token request ${body}` });
    log.write({ level: 'error', source: 'app', message: `DPoP key ${JSON.stringify(session.dpopKey)}` });
    const copied = (await app.invoke(IpcChannel.copyDiagnostics)) as IpcResult<{ preview: string }>;
    expect(copied.ok).toBe(true);

    const written = app.transport.text();
    // Not vacuous: the session's story is there, and so are the careless lines, redacted.
    expect(written).toContain('[auth] Signed in.');
    expect(written).toContain('[auth] Signed out.');
    expect(written).toContain(`callback ${app.callbacks[0]!.origin}/callback?[redacted]`);
    // Every kind of secret was caught on the wire.
    const kinds = [...secrets.values()];
    for (const kind of ['code', 'code_verifier', 'state', 'nonce', 'access_token', 'refresh_token', 'id_token', 'dpop_proof', 'dpop_private_key']) {
      expect(kinds, kind).toContain(kind);
    }
    // Two access tokens: the sign-in's and the refresh's (a DPoP-bound refresh token is not rotated).
    expect(kinds.filter((kind) => kind === 'access_token').length).toBeGreaterThanOrEqual(2);
    const leaked = [...secrets].filter(([secret]) => written.includes(secret) || app.clipboard.join('\n').includes(secret));
    expect(leaked).toEqual([]);
    expect(app.clipboard).toHaveLength(1);
    expect(app.clipboard[0]).toContain(`Issuer: ${local.issuer}`);
    expect(app.clipboard[0]).toContain('DPoP: on in the configuration; advertised by the provider: yes');
  });
});

describe('createAppRuntime', () => {
  it('starts with nothing configured: the setup screen first, sign-in answers not_configured', async () => {
    const app = start(undefined);
    await expect(app.invoke(IpcChannel.getAppInfo)).resolves.toMatchObject({ configured: false, demo: false, providerName: '', issuer: '', redirectUri: '' });
    await expect(app.invoke(IpcChannel.getState)).resolves.toEqual({ status: 'signed-out' });
    await expect(app.invoke(IpcChannel.signIn)).resolves.toMatchObject({ ok: false, code: 'not_configured' });
    await expect(app.invoke(IpcChannel.getSetup)).resolves.toMatchObject({ source: 'none' });
    await expect(app.invoke(IpcChannel.callApi)).resolves.toMatchObject({ ok: false, code: 'no_api' });
    const report = (await app.invoke(IpcChannel.copyDiagnostics)) as IpcResult<{ preview: string }>;
    expect(report).toMatchObject({ ok: true, value: { preview: expect.stringContaining('Provider: not configured') } });
  });

  it('saving a setup switches the running app: old service signed out and disposed, AppInfo pushed, the new provider signs in', async () => {
    const demo = await provider();
    const next = await provider({ accounts: [{ ...TEST_ACCOUNTS.bob, username: 'alice', password: 'wonderland', sub: 'next-alice' }] });
    const env = { OIDC_DEMO_ISSUER: demo.issuer };
    const app = start(envConfig(env), { env });
    const pushed: AppInfo[] = [];
    app.runtime.onAppInfoChange((info) => pushed.push(info));
    const states: string[] = [];
    app.runtime.provider.onChange((state) => states.push(state.status));

    await expect(app.invoke(IpcChannel.getAppInfo)).resolves.toMatchObject({ demo: true, configured: true, issuer: demo.issuer, apiUrl: demo.apiUrl });
    await expect(app.invoke(IpcChannel.signIn)).resolves.toMatchObject({ ok: true });
    const demoService = app.runtime.provider.current()!.auth;

    // The Okta preset's "org" server: its issuer is the bare origin, like the local provider's.
    const request: SetupRequest = { presetId: 'okta', values: { domain: next.issuer, authorizationServer: 'org', clientId: next.clientId }, apiUrl: next.apiUrl, providerName: 'Next' };
    await expect(app.invoke(IpcChannel.testConnection, request)).resolves.toMatchObject({ ok: true, value: { issuer: next.issuer, features: { pkceS256: true } } });
    demo.clearRequests();
    const opened = app.opened.length;
    const saved = (await app.invoke(IpcChannel.saveSetup, request)) as IpcResult<AppInfo>;
    expect(saved).toMatchObject({ ok: true, value: { configured: true, demo: false, providerName: 'Next', issuer: next.issuer, apiUrl: next.apiUrl } });
    // Signed in: the change was saved only after a recent sign-in at the provider in use.
    expect(app.opened).toHaveLength(opened + 1);
    expect(new URL(app.opened[opened]!).origin).toBe(demo.issuer);
    expect(new URL(app.opened[opened]!).searchParams.get('max_age')).toBe('0');
    // The demo session was revoked at the demo provider, not just dropped.
    expect(demo.requests.map((request) => request.path)).toContain('/token/revocation');
    await expect(demoService.signIn()).rejects.toMatchObject({ code: 'disposed' });
    // Pushed at the switch, and again once the new provider's restore has settled.
    await expect.poll(() => pushed.filter((info) => info.issuer === next.issuer).length).toBeGreaterThanOrEqual(1);
    expect(pushed.at(-1)).toMatchObject({ providerName: 'Next', issuer: next.issuer });
    expect(JSON.parse(readFileSync(join(app.userDataDir, 'config.json'), 'utf8'))).toMatchObject({ issuer: next.issuer, presetId: 'okta' });
    await expect(app.invoke(IpcChannel.getSetup)).resolves.toMatchObject({ source: 'file', saved: request });

    await expect(app.invoke(IpcChannel.signIn)).resolves.toMatchObject({ ok: true, value: { status: 'signed-in', claims: { sub: 'next-alice' } } });
    const api = (await app.invoke(IpcChannel.callApi)) as IpcResult<ApiCallResult>;
    expect(api).toMatchObject({ ok: true, value: { url: next.apiUrl, status: 200, headers: { 'x-resource': 'test-provider-api' } } });
    if (api.ok) expect(JSON.parse(api.value.body)).toMatchObject({ sub: 'next-alice' });
    // Repeats collapsed: a signed-in state is followed by another when UserInfo merges.
    const changes = states.filter((status, index) => index === 0 || status !== states[index - 1] || status === 'signed-out');
    expect(changes).toEqual(['signing-in', 'signed-in', 'signing-in', 'signed-in', 'signed-out', 'signed-out', 'signing-in', 'signed-in']);
  });

  it('from an unconfigured start, refuses a local http provider: only the demo provider’s presence allows one', async () => {
    const local = await provider();
    const request: SetupRequest = { presetId: 'okta', values: { domain: local.issuer, authorizationServer: 'org', clientId: local.clientId } };
    const app = start(undefined, { env: { OIDC_ALLOW_INSECURE_REQUESTS: 'true' } });
    await expect(app.invoke(IpcChannel.testConnection, request)).resolves.toMatchObject({ ok: false, code: 'invalid_setup', field: 'domain' });
    await expect(app.invoke(IpcChannel.saveSetup, request)).resolves.toMatchObject({ ok: false, code: 'invalid_setup', field: 'domain' });
    expect(readdirSync(app.userDataDir)).toEqual([]);
  });

  it('refuses to save while environment variables configure the provider', async () => {
    const local = await provider();
    const env = providerEnv(local);
    const app = start(envConfig(env), { env: { ...env, OIDC_DEMO_ISSUER: local.issuer } });
    const request: SetupRequest = { presetId: 'okta', values: { domain: local.issuer, authorizationServer: 'org', clientId: 'c' } };
    await expect(app.invoke(IpcChannel.saveSetup, request)).resolves.toMatchObject({ ok: false, code: 'env_configured' });
    await expect(app.invoke(IpcChannel.getSetup)).resolves.toMatchObject({ source: 'env' });
    expect(app.transport.text()).toContain(`[ipc] ${IpcChannel.saveSetup}: The identity provider is set by environment variables`);
  });

  it('passes the app’s fetch to every service (Electron: net.fetch, the system proxy)', async () => {
    const local = await provider();
    const fetched: string[] = [];
    const app = start(envConfig(providerEnv(local)), {
      fetch: (input, init) => {
        fetched.push(String(input instanceof Request ? input.url : input));
        return globalThis.fetch(input, init);
      },
    });
    await expect(app.invoke(IpcChannel.signIn)).resolves.toMatchObject({ ok: true });
    expect(fetched).toContain(`${local.issuer}/token`);
  });

  it('an API address changed from the window while signed in gets no token until the person confirms it in the main process and signs in again; an echoed token comes back redacted', async () => {
    const demo = await provider();
    const echoed: string[] = [];
    // An API that echoes the request headers, as a hostile or careless one would.
    const echo = createServer((request, response) => {
      echoed.push(String(request.headers.authorization ?? ''));
      response.writeHead(200, { 'content-type': 'application/json', 'x-echo': String(request.headers.authorization ?? '') });
      response.end(JSON.stringify({ headers: request.headers }));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/echo`;
    try {
      const env = { OIDC_DEMO_ISSUER: demo.issuer };
      const asked: string[] = [];
      let answer = false;
      const app = start(envConfig(env), {
        env,
        confirmApiOrigin: async (origin) => {
          asked.push(origin);
          return answer;
        },
      });
      await expect(app.invoke(IpcChannel.signIn)).resolves.toMatchObject({ ok: true, value: { status: 'signed-in' } });
      // The window saves the same provider and app with another API address: the session stays.
      const request: SetupRequest = { presetId: 'okta', values: { domain: demo.issuer, authorizationServer: 'org', clientId: demo.clientId }, apiUrl: echoUrl };
      await expect(app.invoke(IpcChannel.saveSetup, request)).resolves.toMatchObject({ ok: true });
      await expect.poll(() => app.runtime.provider.getState().status).toBe('signed-in');

      await expect(app.invoke(IpcChannel.callApi)).resolves.toMatchObject({ ok: false, code: 'api_origin_unconfirmed' });
      expect(asked).toEqual([new URL(echoUrl).origin]);
      expect(echoed).toEqual([]);

      answer = true;
      const opened = app.opened.length;
      const api = (await app.invoke(IpcChannel.callApi)) as IpcResult<ApiCallResult>;
      // The recent sign-in: the browser opened with max_age=0.
      expect(app.opened).toHaveLength(opened + 1);
      expect(new URL(app.opened.at(-1)!).searchParams.get('max_age')).toBe('0');
      expect(api).toMatchObject({ ok: true, value: { status: 200 } });
      expect(echoed).toHaveLength(1);
      const token = echoed[0]!.replace(/^\S+\s+/, '');
      expect(token.length).toBeGreaterThan(8);
      if (!api.ok) throw new Error('unreachable');
      expect(api.value.body).not.toContain(token);
      expect(JSON.stringify(api.value.headers)).not.toContain(token);
      expect(api.value.body).toContain('[redacted]');
      // Signed in again for it once: the new session is bound to the new address.
      await expect(app.invoke(IpcChannel.callApi)).resolves.toMatchObject({ ok: true });
      expect(asked).toHaveLength(2);
    } finally {
      await new Promise((resolve) => echo.close(resolve));
    }
  });

  it('a changed setup is saved only after a recent sign-in while signed in: cancelled, nothing is written and the app runs on as it was', async () => {
    const demo = await provider();
    const next = await provider();
    const env = { OIDC_DEMO_ISSUER: demo.issuer };
    let hold = false;
    const browser = createHttpBrowser();
    const app = start(envConfig(env), {
      env,
      openExternal: async (url) => {
        app.opened.push(url);
        if (!hold) void browser.signIn(url).catch(() => undefined);
      },
    });
    await expect(app.invoke(IpcChannel.signIn)).resolves.toMatchObject({ ok: true });
    const request: SetupRequest = { presetId: 'okta', values: { domain: next.issuer, authorizationServer: 'org', clientId: next.clientId }, providerName: 'Next' };

    hold = true;
    const saving = app.invoke(IpcChannel.saveSetup, request);
    await expect.poll(() => app.opened.length).toBe(2);

    expect(app.runtime.provider.getState().status).toBe('signing-in');
    expect(new URL(app.opened[1]!).searchParams.get('max_age')).toBe('0');
    await app.invoke(IpcChannel.cancelSignIn);
    const refused = (await saving) as IpcResult<AppInfo>;
    expect(refused).toMatchObject({ ok: false, code: 'cancelled', message: expect.stringMatching(/^Nothing was saved: changing the setup asks you to sign in again first\./) });
    expect(readdirSync(app.userDataDir)).not.toContain('config.json');
    expect(app.runtime.provider.current()?.config.provider.issuer).toBe(demo.issuer);
    expect(app.runtime.provider.getState().status).toBe('signed-in');
  });

  it('asks for no sign-in to save while signed out, or to save the setup in use unchanged', async () => {
    const demo = await provider();
    const env = { OIDC_DEMO_ISSUER: demo.issuer };
    const app = start(envConfig(env), { env });
    const same: SetupRequest = { presetId: 'okta', values: { domain: demo.issuer, authorizationServer: 'org', clientId: demo.clientId }, apiUrl: demo.apiUrl, providerName: 'Demo' };
    await expect(app.invoke(IpcChannel.saveSetup, same)).resolves.toMatchObject({ ok: true });
    expect(app.opened).toEqual([]);
    await expect(app.invoke(IpcChannel.signIn)).resolves.toMatchObject({ ok: true });
    await expect.poll(() => app.runtime.provider.getState().status).toBe('signed-in');
    await expect(app.invoke(IpcChannel.saveSetup, same)).resolves.toMatchObject({ ok: true });
    expect(app.opened).toHaveLength(1);
  });
});

describe('several accounts through the IPC channels', () => {
  it('adds, lists, switches, calls the API as the active one, signs out of one, and pushes every change', async () => {
    const local = await provider();
    const app = start(envConfig(providerEnv(local, { OIDC_API_URL: local.apiUrl })));
    const pushed: AccountInfo[][] = [];
    app.runtime.onAccountsChange((accounts) => pushed.push(accounts));
    await expect(app.invoke(IpcChannel.signIn)).resolves.toMatchObject({ ok: true, value: { status: 'signed-in', claims: { sub: TEST_ACCOUNTS.alice.sub } } });
    app.browser.next = 'bob';
    await expect(app.invoke(IpcChannel.addAccount)).resolves.toMatchObject({ ok: true, value: { status: 'signed-in', claims: { sub: TEST_ACCOUNTS.bob.sub } } });
    // The provider was asked to let the person choose (it offers no select_account: login).
    expect(new URL(app.opened.at(-1)!).searchParams.get('prompt')).toBe('login consent');

    await expect.poll(async () => ((await app.invoke(IpcChannel.getAccounts)) as AccountInfo[]).map((account) => [account.name, account.active, account.status])).toEqual([
      [TEST_ACCOUNTS.alice.claims.name, false, 'signed-in'],
      [TEST_ACCOUNTS.bob.claims.name, true, 'signed-in'],
    ]);
    const [alice, bob] = (await app.invoke(IpcChannel.getAccounts)) as AccountInfo[];
    // Support learns how many, never who.
    const report = (await app.invoke(IpcChannel.copyDiagnostics)) as IpcResult<{ preview: string }>;
    if (!report.ok) throw new Error(report.message);
    expect(report.value.preview).toContain('Accounts: 2 (2 signed in)');
    expect(report.value.preview).not.toMatch(/alice|bob/i);
    const asBob = (await app.invoke(IpcChannel.callApi)) as IpcResult<ApiCallResult>;
    if (!asBob.ok) throw new Error(asBob.message);
    expect(JSON.parse(asBob.value.body)).toMatchObject({ sub: TEST_ACCOUNTS.bob.sub });

    await expect(app.invoke(IpcChannel.switchAccount, { id: alice!.id })).resolves.toMatchObject({ ok: true, value: [{ id: alice!.id, active: true }, { id: bob!.id, active: false }] });
    await expect(app.invoke(IpcChannel.getState)).resolves.toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.alice.sub } });
    const asAlice = (await app.invoke(IpcChannel.callApi)) as IpcResult<ApiCallResult>;
    if (!asAlice.ok) throw new Error(asAlice.message);
    expect(JSON.parse(asAlice.value.body)).toMatchObject({ sub: TEST_ACCOUNTS.alice.sub });

    local.clearRequests();
    await expect(app.invoke(IpcChannel.signOutAccount, { id: bob!.id, endProviderSession: false })).resolves.toMatchObject({ ok: true, value: [{ id: alice!.id, active: true }] });
    expect(local.requests.map((request) => request.path)).toContain('/token/revocation');
    await expect(app.invoke(IpcChannel.getState)).resolves.toMatchObject({ status: 'signed-in', claims: { sub: TEST_ACCOUNTS.alice.sub } });
    expect(pushed.at(-1)).toEqual([expect.objectContaining({ id: alice!.id, active: true, status: 'signed-in' })]);
    expect(JSON.stringify(pushed)).not.toMatch(/eyJ|access_token|refresh_token/);
  });

  it('a session stored by a version with one account comes back as the first account', async () => {
    const local = await provider();
    const config = envConfig(providerEnv(local));
    const first = start(config);
    await expect(first.invoke(IpcChannel.signIn)).resolves.toMatchObject({ ok: true });
    await first.runtime.dispose();
    // What the earlier version stored: the session under its one key, and no account list.
    const sessionKey = [...first.store.data.keys()].find((key) => key.endsWith(`-${SESSION_KEY}`))!;
    const store = new MemoryStore();
    store.set(SESSION_KEY, first.store.get(sessionKey));
    const upgraded = start(config, { store, cipher: first.cipher });
    await expect.poll(() => upgraded.runtime.provider.getState().status).toBe('signed-in');
    await expect(upgraded.invoke(IpcChannel.getAccounts)).resolves.toEqual([expect.objectContaining({ active: true, status: 'signed-in' })]);
    expect(store.data.has(SESSION_KEY)).toBe(false);
  });

  it('an account at another provider: set up like the setup form, listed with its provider, kept in providers.json, never given the API, forgotten with its last account', async () => {
    const demo = await provider();
    // Bob has an account of his own there, under another subject and name.
    const other = await provider({ accounts: [{ ...TEST_ACCOUNTS.bob, sub: 'other-bob', claims: { ...TEST_ACCOUNTS.bob.claims, name: 'Bob at Other' } }] });
    const env = { OIDC_DEMO_ISSUER: demo.issuer };
    const app = start(envConfig(env), { env });
    await expect(app.invoke(IpcChannel.signIn)).resolves.toMatchObject({ ok: true });
    const setup: SetupRequest = { presetId: 'okta', values: { domain: other.issuer, authorizationServer: 'org', clientId: other.clientId }, providerName: 'Other' };

    app.browser.next = 'bob';
    const added = (await app.invoke(IpcChannel.addAccount, { setup })) as IpcResult<AuthState>;
    expect(added).toMatchObject({ ok: true, value: { status: 'signed-in', claims: { sub: 'other-bob', iss: other.issuer } } });
    // Its browser page was the other provider's, asking to choose the account.
    expect(new URL(app.opened.at(-1)!).origin).toBe(other.issuer);
    await expect.poll(async () => ((await app.invoke(IpcChannel.getAccounts)) as AccountInfo[]).map((account) => [account.providerName, account.name, account.active])).toEqual([
      [envConfig(env).providerName, TEST_ACCOUNTS.alice.claims.name, false],
      ['Other', 'Bob at Other', true],
    ]);
    const saved = JSON.parse(readFileSync(join(app.userDataDir, 'providers.json'), 'utf8')) as unknown;
    expect(saved).toEqual({ version: 1, providers: [{ presetId: 'okta', values: setup.values, providerName: 'Other' }] });

    // AppInfo speaks for the configured provider, whichever account is active.
    await expect(app.invoke(IpcChannel.getAppInfo)).resolves.toMatchObject({ providerId: `${demo.issuer} ${demo.clientId}`, issuer: demo.issuer, demo: true });
    // The configured API belongs to the demo provider: the other provider's token never goes there.
    demo.clearRequests();
    await expect(app.invoke(IpcChannel.callApi)).resolves.toMatchObject({ ok: false, code: 'api_other_provider' });
    expect(demo.requests).toEqual([]);

    // Another account there is added through its provider id, without the form.
    const [alice, bob] = (await app.invoke(IpcChannel.getAccounts)) as AccountInfo[];
    await app.invoke(IpcChannel.switchAccount, { id: alice!.id });
    await expect(app.invoke(IpcChannel.callApi)).resolves.toMatchObject({ ok: true, value: { status: 200 } });

    // After a restart both come back, at their providers.
    await app.runtime.dispose();
    const again = start(envConfig(env), { env, store: app.store, cipher: app.cipher, userDataDir: app.userDataDir, otherProviders: (await loadOtherProviders({ env, userDataDir: app.userDataDir })).configs });
    // The active account first; the other after a random wait of up to 2 s.
    await expect.poll(async () => ((await again.invoke(IpcChannel.getAccounts)) as AccountInfo[]).map((account) => [account.id, account.status]), { timeout: 5_000 }).toEqual([
      [alice!.id, 'signed-in'],
      [bob!.id, 'signed-in'],
    ]);

    // Signed out of its last account, the other provider is forgotten.
    await expect(again.invoke(IpcChannel.signOutAccount, { id: bob!.id, endProviderSession: false })).resolves.toMatchObject({ ok: true, value: [{ id: alice!.id }] });
    expect(other.requests.map((request) => request.path)).toContain('/token/revocation');
    expect(JSON.parse(readFileSync(join(app.userDataDir, 'providers.json'), 'utf8'))).toEqual({ version: 1, providers: [] });
    await expect(again.invoke(IpcChannel.addAccount, { providerId: bob!.providerId })).resolves.toMatchObject({ ok: false, code: 'invalid_setup' });
  });

  it('an account at another provider that is cancelled or refused keeps nothing: no provider, no account, no file', async () => {
    const demo = await provider();
    const other = await provider();
    const env = { OIDC_DEMO_ISSUER: demo.issuer };
    const app = start(envConfig(env), { env, openExternal: async (url) => void app.opened.push(url) });
    const setup: SetupRequest = { presetId: 'okta', values: { domain: other.issuer, authorizationServer: 'org', clientId: other.clientId } };
    const adding = app.invoke(IpcChannel.addAccount, { setup });
    await expect.poll(() => app.opened.length).toBe(1);
    expect(app.runtime.provider.getState().status).toBe('signing-in');
    await app.invoke(IpcChannel.cancelSignIn);
    await expect(adding).resolves.toMatchObject({ ok: false, code: 'cancelled' });
    await expect(app.invoke(IpcChannel.getAccounts)).resolves.toEqual([]);
    expect(readdirSync(app.userDataDir)).not.toContain('providers.json');
    // A form the presets refuse names its field, and nothing starts.
    await expect(app.invoke(IpcChannel.addAccount, { setup: { ...setup, values: { ...setup.values, domain: 'not a url' } } })).resolves.toMatchObject({ ok: false, code: 'invalid_setup', field: 'domain' });
    expect(app.opened).toHaveLength(1);
  });

  it('saving another configured provider signs out of its accounts only: accounts at other providers stay', async () => {
    const demo = await provider();
    const other = await provider();
    const next = await provider();
    const env = { OIDC_DEMO_ISSUER: demo.issuer };
    const app = start(envConfig(env), { env });
    await expect(app.invoke(IpcChannel.signIn)).resolves.toMatchObject({ ok: true });
    const setup: SetupRequest = { presetId: 'okta', values: { domain: other.issuer, authorizationServer: 'org', clientId: other.clientId }, providerName: 'Other' };
    await expect(app.invoke(IpcChannel.addAccount, { setup })).resolves.toMatchObject({ ok: true });
    const saved = (await app.invoke(IpcChannel.saveSetup, { presetId: 'okta', values: { domain: next.issuer, authorizationServer: 'org', clientId: next.clientId }, providerName: 'Next' })) as IpcResult<AppInfo>;
    expect(saved).toMatchObject({ ok: true, value: { providerName: 'Next' } });
    expect(demo.requests.map((request) => request.path)).toContain('/token/revocation');
    await expect.poll(async () => ((await app.invoke(IpcChannel.getAccounts)) as AccountInfo[]).map((account) => [account.providerName, account.status])).toEqual([['Other', 'signed-in']]);
  });

  it('two providers set up under one name are told apart by their addresses when the API is refused', async () => {
    const demo = await provider();
    const other = await provider();
    const env = { OIDC_DEMO_ISSUER: demo.issuer };
    const app = start(envConfig(env), { env });
    const name = envConfig(env).providerName;
    await expect(app.invoke(IpcChannel.addAccount, { setup: { presetId: 'okta', values: { domain: other.issuer, authorizationServer: 'org', clientId: other.clientId }, providerName: name } })).resolves.toMatchObject({ ok: true });
    const refused = (await app.invoke(IpcChannel.callApi)) as IpcResult<ApiCallResult>;
    expect(refused).toMatchObject({ ok: false, code: 'api_other_provider' });
    if (refused.ok) throw new Error('unreachable');
    expect(refused.message).toContain(`${name} (${new URL(demo.issuer).host})`);
    expect(refused.message).toContain(`${name} (${new URL(other.issuer).host})`);
  });
});
