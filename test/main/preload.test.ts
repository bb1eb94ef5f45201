import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthState, DesktopApi } from '#ipc-contract';
import { IpcChannel } from '#ipc-contract';
import { createDesktopApi } from '../../preload/create-desktop-api.ts';
import { contextBridge, FakeIpcRenderer, ipcRenderer, resetFakeElectron } from '../fakes/electron.ts';

vi.mock('electron', () => import('../fakes/electron.ts'));

const signedOut: AuthState = { status: 'signed-out' };

let ipc: FakeIpcRenderer;
let api: DesktopApi;
beforeEach(() => {
  ipc = new FakeIpcRenderer();
  api = createDesktopApi(ipc);
});

describe('createDesktopApi', () => {
  it('exposes named actions only: no ipcRenderer, no generic invoke or send', () => {
    expect(Object.keys(api).sort()).toEqual([
      'addAccount',
      'callApi',
      'cancelSignIn',
      'copyDiagnostics',
      'getAccounts',
      'getAppInfo',
      'getDeviceQr',
      'getSessionDetails',
      'getSetup',
      'getState',
      'getUpdateState',
      'onAccountsChange',
      'onAppInfoChange',
      'onStateChange',
      'onUpdateStateChange',
      'reopenBrowser',
      'restartToUpdate',
      'saveSetup',
      'signIn',
      'signOut',
      'signOutAccount',
      'switchAccount',
      'testConnection',
    ]);
    for (const value of Object.values(api)) expect(value).not.toBe(ipc);
  });

  it('invokes each action on its own channel and returns main’s answer', async () => {
    ipc.reply = (channel) => (channel === IpcChannel.signIn ? { ok: false, code: 'cancelled', message: 'Cancelled.' } : signedOut);
    await expect(api.getState()).resolves.toEqual(signedOut);
    await expect(api.signIn()).resolves.toEqual({ ok: false, code: 'cancelled', message: 'Cancelled.' });
    await api.signIn({ device: true });
    await api.getAppInfo();
    await api.reopenBrowser();
    await expect(api.cancelSignIn()).resolves.toBeUndefined();
    await api.signOut({ endProviderSession: true });
    expect(ipc.invocations).toEqual([
      { channel: IpcChannel.getState, args: [] },
      { channel: IpcChannel.signIn, args: [] },
      { channel: IpcChannel.signIn, args: [{ device: true }] },
      { channel: IpcChannel.getAppInfo, args: [] },
      { channel: IpcChannel.reopenBrowser, args: [] },
      { channel: IpcChannel.cancelSignIn, args: [] },
      { channel: IpcChannel.signOut, args: [{ endProviderSession: true }] },
    ]);
  });

  it('invokes the setup, API, session and diagnostics actions on their channels, passing requests as given', async () => {
    const request = { presetId: 'generic' as const, values: { issuer: 'https://login.example.com', clientId: 'c' } };
    await api.getSessionDetails();
    await api.getSetup();
    await api.testConnection(request);
    await api.saveSetup(request);
    await api.callApi();
    await api.copyDiagnostics();
    expect(ipc.invocations).toEqual([
      { channel: IpcChannel.getSessionDetails, args: [] },
      { channel: IpcChannel.getSetup, args: [] },
      { channel: IpcChannel.testConnection, args: [request] },
      { channel: IpcChannel.saveSetup, args: [request] },
      // The renderer never names the URL the token goes to.
      { channel: IpcChannel.callApi, args: [] },
      { channel: IpcChannel.copyDiagnostics, args: [] },
    ]);
  });

  it('invokes the account actions on their channels, passing requests as given, and delivers account lists', async () => {
    await api.getAccounts();
    await api.addAccount();
    await api.addAccount({ device: true });
    await api.switchAccount({ id: 'a-1' });
    await api.signOutAccount({ id: 'a-1', endProviderSession: false });
    expect(ipc.invocations).toEqual([
      { channel: IpcChannel.getAccounts, args: [] },
      { channel: IpcChannel.addAccount, args: [] },
      { channel: IpcChannel.addAccount, args: [{ device: true }] },
      { channel: IpcChannel.switchAccount, args: [{ id: 'a-1' }] },
      { channel: IpcChannel.signOutAccount, args: [{ id: 'a-1', endProviderSession: false }] },
    ]);
    const received: unknown[][] = [];
    const unsubscribe = api.onAccountsChange((...args) => received.push(args));
    ipc.emit(IpcChannel.accountsChanged, { sender: ipc }, [{ id: 'a-1' }]);
    unsubscribe();
    ipc.emit(IpcChannel.accountsChanged, { sender: ipc }, []);
    expect(received).toEqual([[[{ id: 'a-1' }]]]);
    expect(ipc.listenerCount(IpcChannel.accountsChanged)).toBe(0);
  });

  it('invokes the update actions on their channels, without arguments, and delivers update states', async () => {
    await api.getUpdateState();
    await api.restartToUpdate();
    expect(ipc.invocations).toEqual([
      { channel: IpcChannel.getUpdateState, args: [] },
      { channel: IpcChannel.restartToUpdate, args: [] },
    ]);
    const received: unknown[][] = [];
    const unsubscribe = api.onUpdateStateChange((...args) => received.push(args));
    ipc.emit(IpcChannel.updateStateChanged, { sender: ipc }, { status: 'downloaded', version: '1.2.0' });
    unsubscribe();
    ipc.emit(IpcChannel.updateStateChanged, { sender: ipc }, { status: 'idle' });
    expect(received).toEqual([[{ status: 'downloaded', version: '1.2.0' }]]);
    expect(ipc.listenerCount(IpcChannel.updateStateChanged)).toBe(0);
  });

  it('delivers AppInfo changes without the IPC event, until unsubscribed', () => {
    const received: unknown[][] = [];
    const unsubscribe = api.onAppInfoChange((...args) => received.push(args));
    ipc.emit(IpcChannel.appInfoChanged, { sender: ipc }, { configured: true });
    ipc.emit(IpcChannel.stateChanged, { sender: ipc }, signedOut);
    unsubscribe();
    unsubscribe();
    ipc.emit(IpcChannel.appInfoChanged, { sender: ipc }, { configured: false });
    expect(received).toEqual([[{ configured: true }]]);
    expect(ipc.listenerCount(IpcChannel.appInfoChanged)).toBe(0);
  });

  it('delivers state changes without the IPC event (which would leak ipcRenderer), until unsubscribed', () => {
    const received: unknown[][] = [];
    const unsubscribe = api.onStateChange((...args) => received.push(args));
    ipc.emit(IpcChannel.stateChanged, { sender: ipc }, { status: 'signing-in' });
    unsubscribe();
    unsubscribe();
    ipc.emit(IpcChannel.stateChanged, { sender: ipc }, signedOut);
    expect(received).toEqual([[{ status: 'signing-in' }]]);
    expect(ipc.listenerCount(IpcChannel.stateChanged)).toBe(0);
  });

  it('keeps subscriptions independent', () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const stopA = api.onStateChange((state) => a.push(state));
    api.onStateChange((state) => b.push(state));
    stopA();
    ipc.emit(IpcChannel.stateChanged, {}, signedOut);
    expect(a).toEqual([]);
    expect(b).toEqual([signedOut]);
  });
});

describe('preload/index.ts', () => {
  beforeEach(() => resetFakeElectron());

  it("exposes the API as window.desktop through the context bridge, wired to ipcRenderer", async () => {
    await import('../../preload/index.ts');
    const exposed = contextBridge.exposed.get('desktop') as DesktopApi | undefined;
    expect([...contextBridge.exposed.keys()]).toEqual(['desktop']);
    expect(exposed).toBeDefined();
    await exposed?.getState();
    expect(ipcRenderer.invocations).toEqual([{ channel: IpcChannel.getState, args: [] }]);
  });

  it('puts nothing on the bridge but named action functions: ipcRenderer is unreachable', async () => {
    vi.resetModules();
    await import('../../preload/index.ts');
    const exposed = contextBridge.exposed.get('desktop') as Record<string, unknown>;
    expect(Object.isFrozen(exposed)).toBe(true);
    for (const [name, value] of Object.entries(exposed)) {
      expect(typeof value, name).toBe('function');
      expect(value, name).not.toBe(ipcRenderer);
      // Nothing hangs off the functions either (no .ipc, .invoke, .bind-ed ipcRenderer props).
      expect(Object.keys(value as object), name).toEqual([]);
    }
    // eslint-disable-next-line @typescript-eslint/unbound-method -- compared by identity, never called
    expect(Object.values(exposed)).not.toContain(ipcRenderer.invoke);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- compared by identity, never called
    expect(Object.values(exposed)).not.toContain(ipcRenderer.on);
  });
});
