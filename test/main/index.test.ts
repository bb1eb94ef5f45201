/**
 * The entry's wiring, with Electron faked and the real core behind it: what gets registered,
 * in which order, and what a person sees when the app cannot start.
 */
import type * as Fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { WINDOW_ICON_DATA_URL } from '../../main/app-icon.ts';
import { applicationMenuTemplate } from '../../main/app-menu.ts';
import { APP_SCHEME_PRIVILEGES, RENDERER_URL } from '../../main/app-protocol.ts';
import type * as AuthCore from '../../main/auth/index.ts';
import type * as Config from '../../main/config.ts';
import type { RedirectReceiver } from '../../main/deep-link.ts';
import { PUSH_CHANNELS } from '../../main/ipc.ts';
import type { AppInfo, IpcResult } from '#ipc-contract';
import { IpcChannel } from '#ipc-contract';
import { PROVIDER_PARTITION } from '../../main/net-fetch.ts';
import { APP_TITLE } from '../../main/window-options.ts';
import { SECRET } from '../support/credential-samples.ts';
import { startTestProvider } from '../support/provider.ts';

// Source layout: main/index.ts looks for ../preload/index.cjs and ../renderer/index.html.
const root = fileURLToPath(new URL('../../', import.meta.url));
const preloadPath = join(root, 'preload', 'index.cjs');
const rendererIndexPath = join(root, 'renderer', 'index.html');
const built = vi.hoisted(() => ({ paths: new Set<string>(), missing: new Set<string>() }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const existsSync = (path: Fs.PathLike): boolean => !built.missing.has(String(path)) && (built.paths.has(String(path)) || fs.existsSync(path));
  return { ...fs, default: { ...fs, existsSync }, existsSync };
});

async function startApp(
  options: { built?: boolean; rendererBuilt?: boolean; env?: Record<string, string>; singleInstance?: boolean; packaged?: boolean; argv?: string[] } = {},
) {
  vi.resetModules();
  // A fresh fake per start, handed to the fresh module graph (vi.mock's factory result would
  // outlive resetModules and point at an older copy).
  const fake = await import('../fakes/electron.ts');
  vi.doMock('electron', () => fake);
  fake.resetFakeElectron();
  fake.app.userData = mkdtempSync(join(tmpdir(), 'index-test-'));
  fake.app.singleInstanceLock = options.singleInstance ?? true;
  fake.app.isPackaged = options.packaged ?? false;
  if (options.argv) vi.spyOn(process, 'argv', 'get').mockReturnValue(options.argv);
  built.paths = new Set(options.built === false ? [] : [preloadPath, rendererIndexPath]);
  built.missing = new Set(options.rendererBuilt === false ? [rendererIndexPath] : []);
  for (const [name, value] of Object.entries(options.env ?? {})) vi.stubEnv(name, value);
  await import('../../main/index.ts');
  return fake;
}

const DEMO = { OIDC_DEMO_ISSUER: 'http://127.0.0.1:9', OIDC_DEMO_CLIENT_ID: 'desktop-app' };
// A provider that refuses loopback redirects (port 9 answers nothing: no test reaches it).
const PRIVATE_USE = {
  OIDC_ISSUER: 'http://127.0.0.1:9',
  OIDC_ALLOW_INSECURE_REQUESTS: 'true',
  OIDC_CLIENT_ID: 'desktop-app',
  OIDC_PRIVATE_USE_REDIRECT_URI: 'com.example.oidcdesktop:/callback',
};
const appFrame = { url: RENDERER_URL, parent: null };

let errorLog: MockInstance<typeof console.error>;
beforeEach(() => {
  for (const name of Object.keys(process.env)) if (name.startsWith('OIDC_')) vi.stubEnv(name, '');
  errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('main/index.ts', () => {
  it('checks the session when the machine resumes or unlocks, and stops listening when the app quits', async () => {
    const fake = await startApp({ env: DEMO });
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances).toHaveLength(1));
    expect(fake.powerMonitor.listenerCount('resume')).toBe(1);
    expect(fake.powerMonitor.listenerCount('unlock-screen')).toBe(1);
    fake.app.emit('will-quit');
    expect(fake.powerMonitor.listenerCount('resume')).toBe(0);
    expect(fake.powerMonitor.listenerCount('unlock-screen')).toBe(0);
  });

  it('wires hardening, permissions, IPC and the window, and serves the renderer', async () => {
    const fake = await startApp({ env: DEMO });
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances).toHaveLength(1));
    const window = fake.FakeBrowserWindow.instances[0]!;

    expect(window.options.webPreferences).toMatchObject({ preload: preloadPath, sandbox: true, contextIsolation: true });
    // The app's own icon (build/icons/256x256.png, bundled) on Linux and Windows windows.
    if (process.platform === 'linux' || process.platform === 'win32') {
      expect(window.options.icon).toEqual(fake.nativeImage.createFromDataURL(WINDOW_ICON_DATA_URL));
      expect(WINDOW_ICON_DATA_URL).toMatch(/^data:image\/png;base64,/);
    }
    expect(window.loadedUrls).toEqual([RENDERER_URL]);
    expect(window.loadedFiles).toEqual([]);
    expect(fake.protocol.privileged).toEqual([APP_SCHEME_PRIVILEGES]);
    expect([...fake.protocol.handlers.keys()]).toEqual(['app']);
    expect(fake.app.listenerCount('web-contents-created')).toBe(1);
    expect(fake.session.defaultSession.permissionCheckHandler?.(null, 'media', 'file://', {} as never)).toBe(false);

    const channels = Object.values(IpcChannel).filter((channel) => !(PUSH_CHANNELS as readonly string[]).includes(channel));
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...channels].sort());
    await expect(fake.ipcMain.invoke(IpcChannel.getAppInfo, appFrame)).resolves.toMatchObject({
      providerName: 'the local demo provider',
      issuer: 'http://127.0.0.1:9',
      demo: true,
      configured: true,
      apiUrl: 'http://127.0.0.1:9/api/profile',
      appVersion: '0.0.0-test',
      storage: { persistent: true },
    });
    await expect(fake.ipcMain.invoke(IpcChannel.getState, { url: 'https://evil.example/', parent: null })).rejects.toThrow(/refused/);
    // The page used to live on file://; that origin is no longer trusted.
    await expect(fake.ipcMain.invoke(IpcChannel.getState, { url: `file://${rendererIndexPath}`, parent: null })).rejects.toThrow(/refused/);
    // The loopback redirect is configured: nothing is registered with the OS.
    expect(fake.app.protocolClients).toEqual([]);

    // A plain second launch (no link) brings the window forward.
    fake.app.emit('second-instance', fake.fakeEvent({}), ['/opt/app/oidc-desktop-signin'], '/', null);
    await vi.waitFor(() => expect(window.calls).toContain('focus'));
    fake.app.emit('will-quit');
    expect(fake.dialog.errorBoxes).toEqual([]);
  });

  it('in a packaged build: sets the minimal application menu (no View menu, no DevTools, no reload) and turns DevTools off', async () => {
    const fake = await startApp({ env: DEMO, packaged: true });
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances).toHaveLength(1));
    const window = fake.FakeBrowserWindow.instances[0]!;
    expect(fake.FakeMenu.applicationMenu?.template).toEqual(applicationMenuTemplate({ platform: process.platform, appName: APP_TITLE }));
    expect(window.options.webPreferences?.devTools).toBe(false);
    // Outside Electron there is no resources folder, so no app-update.yml: updates stay off.
    await expect(fake.ipcMain.invoke(IpcChannel.getUpdateState, appFrame)).resolves.toEqual({
      status: 'disabled',
      reason: 'this build has no update feed (it was packaged without a release repository)',
    });
    const contents = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', fake.fakeEvent({}), contents);
    contents.openDevTools();
    expect(contents.devToolsOpen).toBe(false);
    fake.app.emit('will-quit');
  });

  it('in a development build: sets the same menu and keeps DevTools', async () => {
    const fake = await startApp({ env: DEMO, packaged: false });
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances).toHaveLength(1));
    expect(fake.FakeMenu.applicationMenu?.template).toEqual(applicationMenuTemplate({ platform: process.platform, appName: APP_TITLE }));
    expect(fake.FakeBrowserWindow.instances[0]!.options.webPreferences?.devTools).toBe(true);
    const contents = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', fake.fakeEvent({}), contents);
    contents.openDevTools();
    expect(contents.devToolsOpen).toBe(true);
    fake.app.emit('will-quit');
  });

  it('under npm run dev (not packaged): loads the dev server named by OIDC_DESKTOP_DEV_SERVER_URL and trusts only that page, even before the renderer is built', async () => {
    const devServer = 'http://localhost:5173/';
    const fake = await startApp({ env: { ...DEMO, OIDC_DESKTOP_DEV_SERVER_URL: devServer }, packaged: false, rendererBuilt: false });
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances).toHaveLength(1));
    expect(fake.FakeBrowserWindow.instances[0]!.loadedUrls).toEqual([devServer]);
    await expect(fake.ipcMain.invoke(IpcChannel.getAppInfo, { url: devServer, parent: null })).resolves.toMatchObject({ demo: true });
    await expect(fake.ipcMain.invoke(IpcChannel.getState, appFrame)).rejects.toThrow(/refused/);
    await expect(fake.ipcMain.invoke(IpcChannel.getState, { url: 'http://localhost:5174/', parent: null })).rejects.toThrow(/refused/);
    expect(fake.dialog.errorBoxes).toEqual([]);
    fake.app.emit('will-quit');
  });

  it('without the dev server, a missing renderer build stops the app and says to build it', async () => {
    const fake = await startApp({ env: DEMO, rendererBuilt: false });
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(1));
    expect(fake.dialog.errorBoxes[0]?.title).toBe('The app is not built');
  });

  it('in a packaged build: ignores OIDC_DESKTOP_DEV_SERVER_URL, loads only its own app:// page and logs why', async () => {
    const fake = await startApp({ env: { ...DEMO, OIDC_DESKTOP_DEV_SERVER_URL: 'http://localhost:5173/' }, packaged: true });
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances).toHaveLength(1));
    expect(fake.FakeBrowserWindow.instances[0]!.loadedUrls).toEqual([RENDERER_URL]);
    await expect(fake.ipcMain.invoke(IpcChannel.getState, { url: 'http://localhost:5173/', parent: null })).rejects.toThrow(/refused/);
    const logs = join(fake.app.userData, 'logs');
    const [file] = readdirSync(logs);
    expect(readFileSync(join(logs, file!), 'utf8')).toContain('OIDC_DESKTOP_DEV_SERVER_URL is ignored: a packaged app loads only its own files.');
    fake.app.emit('will-quit');
  });

  it('starts on the setup screen when no provider is configured, and logs why', async () => {
    const fake = await startApp();
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances).toHaveLength(1));
    expect(fake.app.exitCode).toBeUndefined();
    expect(fake.dialog.errorBoxes).toEqual([]);
    await expect(fake.ipcMain.invoke(IpcChannel.getAppInfo, appFrame)).resolves.toMatchObject({ configured: false, demo: false, issuer: '' });
    await expect(fake.ipcMain.invoke(IpcChannel.signIn, appFrame)).resolves.toMatchObject({ ok: false, code: 'not_configured' });
    await expect(fake.ipcMain.invoke(IpcChannel.getSetup, appFrame)).resolves.toMatchObject({ source: 'none' });
    // This run's log file, in the user-data folder.
    const logs = join(fake.app.userData, 'logs');
    const [file] = readdirSync(logs);
    expect(file).toMatch(/^run-.*\.log$/);
    expect(readFileSync(join(logs, file!), 'utf8')).toContain('[app] No provider is configured: showing the setup screen.');
    expect(errorLog).not.toHaveBeenCalled();
  });

  it('sends the provider requests through the in-memory oidc-provider session, none through the window’s default session', async () => {
    const local = await startTestProvider();
    try {
      const fake = await startApp({ env: { OIDC_DEMO_ISSUER: local.issuer, OIDC_DEMO_CLIENT_ID: local.clientId } });
      await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances).toHaveLength(1));
      const request = { presetId: 'okta', values: { domain: local.issuer, authorizationServer: 'org', clientId: local.clientId }, providerName: 'Saved' };
      await expect(fake.ipcMain.invoke(IpcChannel.testConnection, appFrame, request)).resolves.toMatchObject({ ok: true });

      const provider = fake.session.partitions.get(PROVIDER_PARTITION);
      expect(provider?.persistent).toBe(false);
      expect(provider?.session.requests).toContain(`${local.issuer}/.well-known/openid-configuration`);
      expect(fake.session.defaultSession.requests).toEqual([]);
      fake.app.emit('will-quit');
    } finally {
      await local.close();
    }
  });

  it('tests a setup against the provider, saves it, switches to it, tells the window and copies diagnostics naming it', async () => {
    const local = await startTestProvider();
    try {
      const fake = await startApp({ env: { OIDC_DEMO_ISSUER: local.issuer, OIDC_DEMO_CLIENT_ID: local.clientId } });
      await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances).toHaveLength(1));
      const window = fake.FakeBrowserWindow.instances[0]!;
      const request = { presetId: 'okta', values: { domain: local.issuer, authorizationServer: 'org', clientId: local.clientId }, providerName: 'Saved' };
      await expect(fake.ipcMain.invoke(IpcChannel.testConnection, appFrame, request)).resolves.toMatchObject({ ok: true, value: { issuer: local.issuer } });

      const saved = (await fake.ipcMain.invoke(IpcChannel.saveSetup, appFrame, request)) as IpcResult<AppInfo>;
      expect(saved).toMatchObject({ ok: true, value: { providerName: 'Saved', demo: false, configured: true } });
      expect(JSON.parse(readFileSync(join(fake.app.userData, 'config.json'), 'utf8'))).toMatchObject({ presetId: 'okta', providerName: 'Saved' });
      await vi.waitFor(() =>
        expect(window.webContents.sent).toContainEqual({ channel: IpcChannel.appInfoChanged, args: [expect.objectContaining({ providerName: 'Saved', issuer: local.issuer })] }),
      );

      const copied = (await fake.ipcMain.invoke(IpcChannel.copyDiagnostics, appFrame)) as IpcResult<{ preview: string }>;
      expect(copied.ok).toBe(true);
      expect(fake.clipboard.written).toEqual([copied.ok ? copied.value.preview : '']);
      expect(fake.clipboard.written[0]).toContain('Provider: Saved, configured from file');
      // Development build: electron-updater is never loaded, and the report says why.
      expect(fake.clipboard.written[0]).toContain('Updates: off (development build: only installed copies update themselves)');
      await expect(fake.ipcMain.invoke(IpcChannel.getUpdateState, appFrame)).resolves.toEqual({
        status: 'disabled',
        reason: 'development build: only installed copies update themselves',
      });
      fake.app.emit('will-quit');
    } finally {
      await local.close();
    }
  });
  it('names the bad field when the configuration is invalid', async () => {
    const fake = await startApp({ env: { OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'c', OIDC_REDIRECT_PORT: '99999' } });
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(1));
    expect(fake.dialog.errorBoxes[0]?.content).toContain('OIDC_REDIRECT_PORT must be an integer from 1 to 65535');
  });

  it('when the app cannot start: prints and logs the reason redacted, and shows it in the dialog as it is', async () => {
    const reason = `config.json could not be read: {"client_secret":"${SECRET}"}`;
    vi.doMock('../../main/config.ts', async (importOriginal) => ({
      ...(await importOriginal<typeof Config>()),
      loadAppConfig: async () => {
        throw new Error(reason);
      },
    }));
    try {
      const fake = await startApp({ env: DEMO });
      await vi.waitFor(() => expect(fake.app.exitCode).toBe(1));
      const printed = errorLog.mock.calls.map((args: unknown[]) => args.join(' ')).join('\n');
      expect(printed).toContain('The app could not start');
      expect(printed).not.toContain(SECRET);
      const logs = join(fake.app.userData, 'logs');
      const logged = readFileSync(join(logs, readdirSync(logs)[0]!), 'utf8');
      expect(logged).toContain('The app could not start');
      expect(logged).not.toContain(SECRET);
      // The person's own screen: the dialog says exactly what went wrong.
      expect(fake.dialog.errorBoxes[0]?.content).toBe(reason);
    } finally {
      vi.doUnmock('../../main/config.ts');
    }
  });

  it('says to build first when the bundles are missing', async () => {
    const fake = await startApp({ env: DEMO, built: false });
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(1));
    expect(fake.dialog.errorBoxes[0]?.title).toBe('The app is not built');
    expect(fake.dialog.errorBoxes[0]?.content).toContain('npm run build');
  });

  it('serves the built renderer on app://renderer/ with the CSP header', async () => {
    const fake = await startApp({ env: DEMO });
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances).toHaveLength(1));
    // The source index.html stands in for the built one (the test runs from the source layout).
    const response = await fake.protocol.request(RENDERER_URL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await fake.protocol.request('app://renderer/../package.json')).status).toBe(404);
  });

  it('hands private-use redirects to the core (launch argv, second instance, macOS open-url), focusing the window only for the one that completed a sign-in', async () => {
    // The core completes a waiting sign-in with the "warm" redirect only.
    const handleRedirect = vi.fn<RedirectReceiver['handleRedirect']>(async (url) => new URL(url).searchParams.get('code') === 'warm');
    vi.doMock('../../main/auth/index.ts', async (importOriginal) => {
      const core = await importOriginal<typeof AuthCore>();
      return {
        ...core,
        createAccountManager: (...args: Parameters<typeof core.createAccountManager>) => {
          const accounts = core.createAccountManager(...args);
          Object.assign(accounts.service, { handleRedirect });
          return accounts;
        },
      };
    });
    try {
      const fake = await startApp({
        env: PRIVATE_USE,
        argv: ['/opt/app/oidc-desktop-signin', '--', 'com.example.oidcdesktop:/callback?code=cold&state=s'],
      });
      await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances).toHaveLength(1));
      const window = fake.FakeBrowserWindow.instances[0]!;
      expect(handleRedirect.mock.calls).toEqual([['com.example.oidcdesktop:/callback?code=cold&state=s']]);
      const focused = () => window.calls.filter((call) => call === 'focus').length;

      const openUrl = fake.fakeEvent({});
      fake.app.emit('open-url', openUrl, 'com.example.oidcdesktop:/callback?code=mac&state=s');
      expect(openUrl.defaultPrevented).toBe(true);
      fake.app.emit('open-url', fake.fakeEvent({}), 'https://evil.example/callback?code=x');
      await vi.waitFor(() => expect(handleRedirect).toHaveBeenCalledTimes(2));
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(focused()).toBe(0);

      fake.app.emit('second-instance', fake.fakeEvent({}), ['C:\\app.exe', '--', 'com.example.oidcdesktop:/callback?code=warm&state=s'], 'C:\\', null);
      await vi.waitFor(() => expect(focused()).toBe(1));
      expect(handleRedirect.mock.calls.map(([url]) => new URL(url).searchParams.get('code'))).toEqual(['cold', 'mac', 'warm']);
      expect(fake.dialog.errorBoxes).toEqual([]);
    } finally {
      vi.doUnmock('../../main/auth/index.ts');
    }
  });

  it('registers the scheme itself only where no installer did: the Windows portable build', async () => {
    const env = { ...PRIVATE_USE, PORTABLE_EXECUTABLE_FILE: 'D:\\Tools\\app-portable.exe' };
    vi.spyOn(process, 'platform', 'get').mockReturnValue('win32');
    const fake = await startApp({ env, packaged: true });
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances).toHaveLength(1));
    expect(fake.app.protocolClients).toEqual([{ protocol: 'com.example.oidcdesktop', path: 'D:\\Tools\\app-portable.exe', args: ['--'] }]);
  });

  it('refuses a private-use redirect URI of another scheme, naming the one to use', async () => {
    const fake = await startApp({ env: { OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'c', OIDC_PRIVATE_USE_REDIRECT_URI: 'com.other.app:/callback' } });
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(1));
    expect(fake.dialog.errorBoxes[0]?.content).toContain('com.example.oidcdesktop:/callback');
  });

  it('leaves at once as a second instance, touching nothing', async () => {
    const fake = await startApp({ env: DEMO, singleInstance: false });
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.app.listenerCount('web-contents-created')).toBe(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
  });
});
