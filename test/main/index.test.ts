/**
 * The entry's wiring, with Electron faked and the real core behind it: what gets registered,
 * in which order, and what a person sees when the app cannot start.
 */
import type * as Fs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcChannel } from '../../main/ipc-contract.ts';

// Source layout: main/index.ts looks for ../preload/index.cjs and ../renderer/index.html.
const root = fileURLToPath(new URL('../../', import.meta.url));
const preloadPath = join(root, 'preload', 'index.cjs');
const rendererIndexPath = join(root, 'renderer', 'index.html');
const built = vi.hoisted(() => ({ paths: new Set<string>() }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const existsSync = (path: Fs.PathLike): boolean => built.paths.has(String(path)) || fs.existsSync(path);
  return { ...fs, default: { ...fs, existsSync }, existsSync };
});

async function startApp(options: { built?: boolean; env?: Record<string, string>; singleInstance?: boolean } = {}) {
  vi.resetModules();
  // A fresh fake per start, handed to the fresh module graph (vi.mock's factory result would
  // outlive resetModules and point at an older copy).
  const fake = await import('../fakes/electron.ts');
  vi.doMock('electron', () => fake);
  fake.resetFakeElectron();
  fake.app.userData = mkdtempSync(join(tmpdir(), 'index-test-'));
  fake.app.singleInstanceLock = options.singleInstance ?? true;
  built.paths = new Set(options.built === false ? [] : [preloadPath, rendererIndexPath]);
  for (const [name, value] of Object.entries(options.env ?? {})) vi.stubEnv(name, value);
  await import('../../main/index.ts');
  return fake;
}

const DEMO = { OIDC_DEMO_ISSUER: 'http://127.0.0.1:9', OIDC_DEMO_CLIENT_ID: 'desktop-app' };
const appFrame = { url: pathToFileURL(rendererIndexPath).href, parent: null };

let errorLog: ReturnType<typeof vi.spyOn>;
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
  it('wires hardening, permissions, IPC and the window, and serves the renderer', async () => {
    const fake = await startApp({ env: DEMO });
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances).toHaveLength(1));
    const window = fake.FakeBrowserWindow.instances[0]!;

    expect(window.options.webPreferences).toMatchObject({ preload: preloadPath, sandbox: true, contextIsolation: true });
    expect(window.loadedFiles).toEqual([rendererIndexPath]);
    expect(fake.app.listenerCount('web-contents-created')).toBe(1);
    expect(fake.session.defaultSession.permissionCheckHandler?.(null, 'media', 'file://', {} as never)).toBe(false);

    const channels = Object.values(IpcChannel).filter((channel) => channel !== IpcChannel.stateChanged);
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...channels].sort());
    await expect(fake.ipcMain.invoke(IpcChannel.getAppInfo, appFrame)).resolves.toMatchObject({
      providerName: 'the local demo provider',
      issuer: 'http://127.0.0.1:9',
      demo: true,
      appVersion: '0.0.0-test',
      storage: { persistent: true },
    });
    await expect(fake.ipcMain.invoke(IpcChannel.getState, { url: 'https://evil.example/', parent: null })).rejects.toThrow(/refused/);

    fake.app.emit('second-instance');
    expect(window.calls).toContain('focus');
    fake.app.emit('will-quit');
    expect(fake.dialog.errorBoxes).toEqual([]);
  });

  it('explains, and exits, when no provider is configured', async () => {
    const fake = await startApp();
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(1));
    expect(fake.dialog.errorBoxes).toHaveLength(1);
    expect(fake.dialog.errorBoxes[0]?.title).toBe('Sign-in is not configured');
    expect(fake.dialog.errorBoxes[0]?.content).toContain('OIDC_ISSUER');
    expect(fake.FakeBrowserWindow.instances).toHaveLength(0);
    expect(errorLog).toHaveBeenCalled();
  });

  it('names the bad field when the configuration is invalid', async () => {
    const fake = await startApp({ env: { OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'c', OIDC_REDIRECT_PORT: '99999' } });
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(1));
    expect(fake.dialog.errorBoxes[0]?.content).toContain('OIDC_REDIRECT_PORT must be an integer from 1 to 65535');
  });

  it('says to build first when the bundles are missing', async () => {
    const fake = await startApp({ env: DEMO, built: false });
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(1));
    expect(fake.dialog.errorBoxes[0]?.title).toBe('The app is not built');
    expect(fake.dialog.errorBoxes[0]?.content).toContain('npm run build');
  });

  it('leaves at once as a second instance, touching nothing', async () => {
    const fake = await startApp({ env: DEMO, singleInstance: false });
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.app.listenerCount('web-contents-created')).toBe(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
  });
});
