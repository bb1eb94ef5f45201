/**
 * A typed stand-in for the parts of `electron` the glue uses. In plain Node, loading the real
 * module tries to download the Electron binary, so glue tests do:
 *
 *   vi.mock('electron', () => import('../fakes/electron.ts'));
 *
 * and drive the same objects through the helpers here. Signatures come from electron.d.ts
 * (`import type` only) so a fake cannot drift from the real API unnoticed.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  App,
  BrowserWindowConstructorOptions,
  Clipboard,
  ContextBridge,
  CustomScheme,
  DecryptStringAsyncReturnValue,
  Dialog,
  Event as ElectronEvent,
  FromPartitionOptions,
  HandlerDetails,
  IpcMain,
  IpcMainInvokeEvent,
  IpcRenderer,
  MenuItemConstructorOptions,
  NativeTheme,
  Net,
  Protocol,
  SafeStorage,
  Session,
  Shell,
  WebContents,
  WindowOpenHandlerResponse,
} from 'electron';

/** An Electron event object: the given params plus preventDefault. */
export function fakeEvent<Params extends object>(params: Params): ElectronEvent<Params> {
  let prevented = false;
  const event = { ...params, preventDefault: () => void (prevented = true) };
  // A getter, so the flag reads live after the handler ran.
  Object.defineProperty(event, 'defaultPrevented', { get: () => prevented, enumerable: true });
  return event as ElectronEvent<Params>;
}

/** The details `setWindowOpenHandler` handlers receive. */
export function fakeWindowOpenDetails(url: string): HandlerDetails {
  return { url, frameName: '', features: '', disposition: 'foreground-tab', referrer: { url: '', policy: 'default' } };
}

type WindowOpenHandler = Parameters<WebContents['setWindowOpenHandler']>[0];

/** A WebContents: events, the window-open handler and what was sent to the page. */
export class FakeWebContents
  extends EventEmitter
  implements Pick<WebContents, 'setWindowOpenHandler' | 'send' | 'isDestroyed' | 'closeDevTools'>
{
  windowOpenHandler: WindowOpenHandler | undefined;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  destroyed = false;
  /** Whether DevTools are open: 'devtools-opened' sets it (see openDevTools), closeDevTools clears it. */
  devToolsOpen = false;

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  closeDevTools(): void {
    this.devToolsOpen = false;
  }

  /** Opens DevTools as a person would (a shortcut, a menu): Electron then emits 'devtools-opened'. */
  openDevTools(): void {
    this.devToolsOpen = true;
    this.emit('devtools-opened');
  }

  /** Asks the window-open handler what to do with `url`. */
  openWindow(url: string): WindowOpenHandlerResponse {
    if (!this.windowOpenHandler) throw new Error('no window-open handler was set');
    return this.windowOpenHandler(fakeWindowOpenDetails(url));
  }
}

/** A BrowserWindow that records its options and the calls made on it. */
export class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly calls: string[] = [];
  readonly loadedFiles: string[] = [];
  readonly loadedUrls: string[] = [];
  backgroundColor: string | undefined;
  minimized = false;
  destroyed = false;
  visible = false;
  /** What loadFile and loadURL resolve or reject with. */
  loadResult: Promise<void> = Promise.resolve();
  /** Makes the next window's loads reject with this (a window loads as soon as it is created). */
  static nextLoadError: Error | undefined;

  constructor(readonly options: BrowserWindowConstructorOptions = {}) {
    super();
    this.backgroundColor = options.backgroundColor;
    if (FakeBrowserWindow.nextLoadError) {
      this.loadResult = Promise.reject(FakeBrowserWindow.nextLoadError);
      FakeBrowserWindow.nextLoadError = undefined;
    }
    FakeBrowserWindow.instances.push(this);
  }

  loadFile(filePath: string): Promise<void> {
    this.loadedFiles.push(filePath);
    return this.loadResult;
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    return this.loadResult;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.calls.push('restore');
    this.minimized = false;
  }
  show(): void {
    this.calls.push('show');
    this.visible = true;
  }
  focus(): void {
    this.calls.push('focus');
  }
  setBackgroundColor(color: string): void {
    this.backgroundColor = color;
  }
}

/** `app`: lifecycle events, paths, focus requests and URI scheme registrations. */
export class FakeApp
  extends EventEmitter
  implements
    Pick<App, 'getPath' | 'getVersion' | 'focus' | 'whenReady' | 'isReady' | 'quit' | 'exit' | 'requestSingleInstanceLock' | 'isPackaged' | 'setAsDefaultProtocolClient'>
{
  userData = '';
  /** False plays `electron .` in development; true a packaged build. */
  isPackaged = false;
  readonly protocolClients: Array<{ protocol: string; path: string | undefined; args: string[] | undefined }> = [];
  /** What setAsDefaultProtocolClient answers. */
  protocolClientResult = true;
  readonly focusRequests: Array<Parameters<App['focus']>[0]> = [];
  quitCalls = 0;
  exitCode: number | undefined;
  /** What requestSingleInstanceLock answers: false plays the second instance. */
  singleInstanceLock = true;

  getPath(_name: Parameters<App['getPath']>[0]): string {
    this.userData ||= mkdtempSync(join(tmpdir(), 'fake-electron-user-data-'));
    return this.userData;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  focus(options?: Parameters<App['focus']>[0]): void {
    this.focusRequests.push(options);
  }
  whenReady(): Promise<void> {
    // From here on Electron refuses new privileged schemes and accepts protocol handlers.
    protocol.ready = true;
    return Promise.resolve();
  }
  isReady(): boolean {
    return protocol.ready;
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
    this.protocolClients.push({ protocol, path, args });
    return this.protocolClientResult;
  }
}

type ProtocolHandler = Parameters<Protocol['handle']>[1];

/** `protocol`: privileged schemes and handlers, callable as if the page had requested a URL. */
export class FakeProtocol implements Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle' | 'unhandle' | 'isProtocolHandled'> {
  readonly privileged: CustomScheme[] = [];
  readonly handlers = new Map<string, ProtocolHandler>();
  /** Whether the app is ready: Electron only accepts privileged schemes before, handlers after. */
  ready = false;

  registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void {
    if (this.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privileged.push(...customSchemes);
  }
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!this.ready) throw new Error('protocol.handle should be called after app is ready');
    if (this.handlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }

  /** Requests `url` through its scheme's handler, as the renderer would. */
  async request(url: string, init?: RequestInit): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.handlers.get(scheme);
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME (${scheme})`);
    return handler(new Request(url, init));
  }
}

type InvokeListener = Parameters<IpcMain['handle']>[1];

/** `ipcMain`: registered handlers, callable as if the renderer had invoked them. */
export class FakeIpcMain extends EventEmitter implements Pick<IpcMain, 'handle' | 'removeHandler'> {
  readonly handlers = new Map<string, InvokeListener>();

  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** Calls a channel's handler the way Electron would, with a sender frame. */
  async invoke(channel: string, senderFrame: { url: string; parent: unknown } | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event = { senderFrame, frameId: 1, processId: 1, type: 'frame' } as unknown as IpcMainInvokeEvent;
    return handler(event, ...args);
  }
}

/** `ipcRenderer`: what the preload invoked, and a way to push events to it. */
export class FakeIpcRenderer extends EventEmitter implements Pick<IpcRenderer, 'invoke'> {
  readonly invocations: Array<{ channel: string; args: unknown[] }> = [];
  /** Answers invoke calls; default resolves undefined. */
  reply: (channel: string, args: unknown[]) => unknown = () => undefined;

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return this.reply(channel, args);
  }
}

/** `contextBridge`: what was exposed to the page. */
export class FakeContextBridge implements Pick<ContextBridge, 'exposeInMainWorld'> {
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld(apiKey: string, api: unknown): void {
    this.exposed.set(apiKey, api);
  }
}

/** `safeStorage` with a switchable backend; "encryption" is a reversible marker, not crypto. */
export class FakeSafeStorage
  implements Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>
{
  available = true;
  backend: ReturnType<SafeStorage['getSelectedStorageBackend']> = 'gnome_libsecret';
  shouldReEncrypt = false;
  readonly calls: string[] = [];

  async isAsyncEncryptionAvailable(): Promise<boolean> {
    this.calls.push('isAsyncEncryptionAvailable');
    return this.available;
  }
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    this.calls.push('encryptStringAsync');
    return Buffer.from(`enc:${Buffer.from(plainText, 'utf8').toString('base64')}`, 'utf8');
  }
  async decryptStringAsync(encrypted: Buffer): Promise<DecryptStringAsyncReturnValue> {
    this.calls.push('decryptStringAsync');
    const text = encrypted.toString('utf8');
    if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return { result: Buffer.from(text.slice(4), 'base64').toString('utf8'), shouldReEncrypt: this.shouldReEncrypt };
  }
  getSelectedStorageBackend(): ReturnType<SafeStorage['getSelectedStorageBackend']> {
    return this.backend;
  }
}

type PermissionRequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>;
type PermissionCheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>;
type DevicePermissionHandler = NonNullable<Parameters<Session['setDevicePermissionHandler']>[0]>;

/** A Session's permission hooks, and its `fetch`: requests recorded, answered by `fetchImpl`
 *  (default: Node's fetch, for a local provider). */
export class FakeSession
  implements Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'fetch'>
{
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  devicePermissionHandler: DevicePermissionHandler | null = null;
  readonly requests: string[] = [];
  fetchImpl: (input: string | Request, init?: RequestInit) => Promise<Response> = (input, init) => globalThis.fetch(input, init);

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: DevicePermissionHandler | null): void {
    this.devicePermissionHandler = handler;
  }
  fetch(input: string | Request, init?: RequestInit & { bypassCustomProtocolHandlers?: boolean }): Promise<Response> {
    this.requests.push(typeof input === 'string' ? input : input.url);
    // Node's fetch does not know Electron's extra option.
    const rest = { ...init };
    delete rest.bypassCustomProtocolHandlers;
    return this.fetchImpl(input, rest);
  }
}

/** A partition the app asked for, and the options it was first created with. */
export interface FakePartition {
  session: FakeSession;
  /** Electron's rule: no `persist:` prefix means an in-memory session, gone when the app quits. */
  persistent: boolean;
  options: FromPartitionOptions | undefined;
}

/** The `session` module: the default session (the window's) and the partitions asked for. */
export class FakeSessionModule {
  defaultSession = new FakeSession();
  readonly partitions = new Map<string, FakePartition>();

  /** As Electron: '' is the default session; a name asked for again gets the same session, its
   *  first options kept. */
  fromPartition(partition: string, options?: FromPartitionOptions): FakeSession {
    if (!protocol.ready) throw new Error('The session module cannot be used before the app is ready');
    if (partition === '') return this.defaultSession;
    let entry = this.partitions.get(partition);
    if (!entry) {
      entry = { session: new FakeSession(), persistent: partition.startsWith('persist:'), options };
      this.partitions.set(partition, entry);
    }
    return entry.session;
  }

  /** Every request made through any session, default or partition. */
  allRequests(): string[] {
    return [this.defaultSession, ...[...this.partitions.values()].map((entry) => entry.session)].flatMap((one) => one.requests);
  }
}

/** `shell`: URLs sent to the browser. */
export class FakeShell implements Pick<Shell, 'openExternal' | 'openPath'> {
  readonly opened: string[] = [];
  /** When set, openExternal fails with it (the OS found no program for the URL). */
  openExternalError: Error | undefined;
  async openExternal(url: string): Promise<void> {
    if (this.openExternalError) throw this.openExternalError;
    this.opened.push(url);
  }
  async openPath(_path: string): Promise<string> {
    return '';
  }
}

/** `nativeTheme`: the dark-mode flag and its 'updated' event. */
export class FakeNativeTheme extends EventEmitter implements Pick<NativeTheme, 'shouldUseDarkColors'> {
  shouldUseDarkColors = false;
}

/** `Menu`: a menu is the template it was built from; the application menu is the one set last
 *  (null until set, which in Electron means its default menu, View > Toggle Developer Tools included). */
export class FakeMenu {
  static applicationMenu: FakeMenu | null = null;

  private constructor(readonly template: MenuItemConstructorOptions[]) {}

  static buildFromTemplate(template: MenuItemConstructorOptions[]): FakeMenu {
    return new FakeMenu(template);
  }
  static setApplicationMenu(menu: FakeMenu | null): void {
    FakeMenu.applicationMenu = menu;
  }
}

/** `clipboard`: text written. */
export class FakeClipboard implements Pick<Clipboard, 'writeText'> {
  readonly written: string[] = [];
  async writeText(text: string): Promise<void> {
    this.written.push(text);
  }
}

/** `dialog`: error boxes shown. */
export class FakeDialog implements Pick<Dialog, 'showErrorBox'> {
  readonly errorBoxes: Array<{ title: string; content: string }> = [];
  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push({ title, content });
  }
}

/** Electron's powerMonitor: tests emit 'resume' and 'unlock-screen' (what main/session-wake.ts
 *  listens to; its PowerEvents type is checked against Electron's in main/index.ts). */
export class FakePowerMonitor extends EventEmitter {}

/** Electron's net: only whether the machine is online. */
export class FakeNet implements Pick<Net, 'isOnline'> {
  online = true;
  isOnline(): boolean {
    return this.online;
  }
}

/** `nativeImage`: an image made from a data: URL remembers it. */
export class FakeNativeImage {
  constructor(readonly dataUrl: string) {}
  isEmpty(): boolean {
    return this.dataUrl === '';
  }
}
export const nativeImage = { createFromDataURL: (dataUrl: string) => new FakeNativeImage(dataUrl) };

export const app = new FakeApp();
export const powerMonitor = new FakePowerMonitor();
export const net = new FakeNet();
export const BrowserWindow = FakeBrowserWindow;
export const Menu = FakeMenu;
export const ipcMain = new FakeIpcMain();
export const protocol = new FakeProtocol();
export const ipcRenderer = new FakeIpcRenderer();
export const contextBridge = new FakeContextBridge();
export const safeStorage = new FakeSafeStorage();
export const session = new FakeSessionModule();
export const shell = new FakeShell();
export const nativeTheme = new FakeNativeTheme();
export const dialog = new FakeDialog();
export const clipboard = new FakeClipboard();

/** Puts every shared fake back to its first state; call it in `beforeEach`. */
export function resetFakeElectron(): void {
  app.removeAllListeners();
  app.focusRequests.length = 0;
  app.quitCalls = 0;
  app.exitCode = undefined;
  app.singleInstanceLock = true;
  app.isPackaged = false;
  app.protocolClients.length = 0;
  app.protocolClientResult = true;
  FakeBrowserWindow.instances.length = 0;
  FakeBrowserWindow.nextLoadError = undefined;
  FakeMenu.applicationMenu = null;
  ipcMain.handlers.clear();
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  protocol.ready = false;
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations.length = 0;
  ipcRenderer.reply = () => undefined;
  contextBridge.exposed.clear();
  Object.assign(safeStorage, { available: true, backend: 'gnome_libsecret', shouldReEncrypt: false });
  safeStorage.calls.length = 0;
  session.defaultSession = new FakeSession();
  session.partitions.clear();
  shell.opened.length = 0;
  shell.openExternalError = undefined;
  nativeTheme.removeAllListeners();
  nativeTheme.shouldUseDarkColors = false;
  dialog.errorBoxes.length = 0;
  clipboard.written.length = 0;
  powerMonitor.removeAllListeners();
  net.online = true;
}

// electron-store does `import electron from 'electron'` and destructures the default export.
export default { app, BrowserWindow, Menu, ipcMain, ipcRenderer, contextBridge, protocol, safeStorage, session, shell, nativeTheme, nativeImage, dialog, clipboard, powerMonitor, net };
