/**
 * The main process entry: wires the setups together, in order, and does nothing else.
 */
import { existsSync } from 'node:fs';
import { arch, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow } from 'electron';
import type * as ElectronUpdater from 'electron-updater';
import { app, clipboard, dialog, ipcMain, Menu, nativeImage, net, powerMonitor, protocol, safeStorage, session, shell } from 'electron';
import { WINDOW_ICON_DATA_URL } from './app-icon.ts';
import { confirmApiOrigin } from './api-origin-dialog.ts';
import { setupApplicationMenu } from './app-menu.ts';
import { registerAppScheme, setupAppProtocol } from './app-protocol.ts';
import { createAppRuntime, type AppRuntime } from './app-runtime.ts';
import { createElectronUpdaterPort, readUpdatePolicy } from './auto-updater.ts';
import { loadAppConfig } from './config.ts';
import { createDeepLinkRouter, planProtocolClientRegistration, registerProtocolClient, setupDeepLinks } from './deep-link.ts';
import { createDiagnosticsLog, type DiagnosticsLog } from './diagnostics-log.ts';
import { createTrustedFrameCheck, forwardAccountChanges, forwardAppInfoChanges, forwardStateChanges, forwardUpdateState, setupIpc } from './ipc.ts';
import { createKeyValueStore } from './key-value-store.ts';
import { createLogFileTransport } from './log-file.ts';
import { createNetFetch } from './net-fetch.ts';
import { redact } from './redact.ts';
import { rendererSource } from './renderer-url.ts';
import { createSafeStorageCipher, describeStorageProtection } from './secret-cipher.ts';
import { setupSessionWake } from './session-wake.ts';
import { createUpdateController, type UpdateController } from './updater.ts';
import {
  bringToFrontAfterSignIn,
  createMainWindow,
  focusWindow,
  setupContentsHardening,
  setupPermissionHandlers,
} from './window.ts';
import { APP_TITLE } from './window-options.ts';

// dist/main/index.js -> dist/preload/index.cjs and dist/renderer/ (served as app://renderer/)
const distDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const preloadPath = join(distDir, 'preload', 'index.cjs');
const rendererDir = join(distDir, 'renderer');
const rendererIndexPath = join(rendererDir, 'index.html');

let mainWindow: BrowserWindow | undefined;
let diagnostics: DiagnosticsLog | undefined;
// Never handed the URL itself (it may carry an authorization code); the log redacts anyway.
const deepLinks = createDeepLinkRouter({ warn: (message) => diagnostics?.write({ level: 'warn', source: 'deep-link', message }) });

/** This run's diagnostics log file (user data/logs), echoed to the console in development only. */
function createDiagnostics(): { log: DiagnosticsLog; fileName: string } {
  const debug = Boolean(process.env.OIDC_DEBUG);
  const transport = createLogFileTransport({
    userDataDir: app.getPath('userData'),
    fileLevel: debug ? 'debug' : 'info',
    consoleLevel: app.isPackaged ? false : debug ? 'debug' : 'warn',
  });
  return { log: createDiagnosticsLog(transport), fileName: transport.settings.fileName };
}

function fail(title: string, message: string): void {
  // The console ends up in system logs (journald, Console.app): redacted like the log file. The
  // dialog is the person's own screen and says exactly what went wrong.
  console.error(redact(`${title}: ${message}`));
  diagnostics?.write({ level: 'error', source: 'app', message: `${title}: ${message}` });
  dialog.showErrorBox(title, message);
  app.exit(1);
}

async function start(): Promise<void> {
  // Everything up to whenReady runs synchronously at load: Electron accepts privileged schemes,
  // and macOS delivers a cold start's open-url, only before ready.
  const logging = createDiagnostics();
  diagnostics = logging.log;
  // Packaged builds hold a person's session: no DevTools there. Development keeps them.
  const devTools = !app.isPackaged;
  setupContentsHardening({ devTools });
  registerAppScheme(protocol);
  // A plain second launch (the single-instance lock sent it here), or a link that completed the
  // waiting sign-in, brings the window forward; other links do not (deep-link.ts says why).
  setupDeepLinks(app, deepLinks, () => {
    if (mainWindow) focusWindow(mainWindow);
  });
  // Windows and Linux start the app with the redirect as an argument: held until the core is up.
  void deepLinks.receiveArgv(process.argv);
  app.on('window-all-closed', () => app.quit());
  // Read while the app gets ready (on macOS it asks codesign about the bundle's signature).
  const updatePolicy = readUpdatePolicy({
    packaged: app.isPackaged,
    platform: process.platform,
    resourcesPath: process.resourcesPath,
    execPath: process.execPath,
    env: process.env,
  });

  await app.whenReady();
  // Replaces Electron's default menu (View > Reload, Toggle Developer Tools), set on ready.
  setupApplicationMenu(Menu, { platform: process.platform, appName: APP_TITLE });
  setupPermissionHandlers(session.defaultSession);
  setupAppProtocol(protocol, rendererDir);

  const userDataDir = app.getPath('userData');
  const loaded = await loadAppConfig({ env: process.env, userDataDir });
  // Nothing configured is not an error any more: the window opens on the setup screen.
  if (!loaded.ok && loaded.code !== 'not_configured') return fail('Sign-in is not configured', loaded.message);
  // app://renderer/ in packaged builds; Vite's dev server under `npm run dev` (renderer-url.ts).
  const renderer = rendererSource({ isPackaged: app.isPackaged, env: process.env });
  if (renderer.ignored) diagnostics.write({ level: 'warn', source: 'app', message: renderer.ignored });
  if ((!renderer.devServer && !existsSync(rendererIndexPath)) || !existsSync(preloadPath)) {
    return fail('The app is not built', `${rendererIndexPath} or ${preloadPath} is missing. Run "npm run build" first.`);
  }
  const config = loaded.ok ? loaded.config : undefined;
  if (!config) diagnostics.write({ level: 'info', source: 'app', message: 'No provider is configured: showing the setup screen.' });
  registerProtocolClient(
    app,
    planProtocolClientRegistration({
      platform: process.platform,
      isPackaged: app.isPackaged,
      env: process.env,
      execPath: process.execPath,
      argv: process.argv,
      // Decided at start: presets saved from the setup screen always use the loopback redirect.
      needed: config?.provider.privateUseRedirectUri !== undefined,
    }),
  );

  // Installed, signed builds with an update feed check for updates; the rest say why not
  // (diagnostics report). electron-updater is imported here only, lazily, and only then.
  const started: { runtime?: AppRuntime } = {};
  const updates: UpdateController = createUpdateController({
    policy: await updatePolicy,
    port: async () => {
      // A CommonJS package: its exports may arrive as the default export.
      const loaded = (await import('electron-updater')) as typeof ElectronUpdater & { default?: typeof ElectronUpdater };
      return createElectronUpdaterPort(loaded.default?.autoUpdater ?? loaded.autoUpdater, (event) => diagnostics?.write(event));
    },
    // Never a restart while the browser is bringing a sign-in back to this process.
    signInInProgress: () => started.runtime?.provider.getState().status === 'signing-in',
    log: (event) => diagnostics?.write(event),
  });

  const runtime = createAppRuntime({
    env: process.env,
    userDataDir,
    config,
    openExternal: (url) => shell.openExternal(url),
    cipher: createSafeStorageCipher(safeStorage),
    store: createKeyValueStore(),
    // Follows the system proxy, in a session of its own: the window never shares its cookies.
    fetch: createNetFetch({ session, app }),
    diagnostics,
    storage: () => describeStorageProtection(safeStorage),
    appVersion: app.getVersion(),
    host: { versions: process.versions, platform: process.platform, arch: arch(), osRelease: release(), packaged: app.isPackaged },
    writeClipboard: async (text) => {
      await clipboard.writeText(text);
    },
    logFileName: logging.fileName,
    confirmApiOrigin: (origin) => confirmApiOrigin(dialog, mainWindow, origin, APP_TITLE),
    updates,
  });
  started.runtime = runtime;
  deepLinks.attach(runtime.provider);
  setupIpc(ipcMain, runtime.handlers, createTrustedFrameCheck(renderer.url));

  // The app's own face on the window (Linux, Windows) and, in development, the macOS Dock
  // (installed builds take both from the package's icons).
  const icon = nativeImage.createFromDataURL(WINDOW_ICON_DATA_URL);
  if (!app.isPackaged) app.dock?.setIcon(icon);
  const window = createMainWindow({ preloadPath, rendererUrl: renderer.url, devTools, icon });
  mainWindow = window;
  // The provider switch is the one AuthService face: these follow a saved setup by themselves.
  const stopForwarding = forwardStateChanges(runtime.provider, window.webContents);
  const stopAccounts = forwardAccountChanges(runtime.provider, window.webContents);
  const stopInfo = forwardAppInfoChanges(runtime, window.webContents);
  const stopFocusing = bringToFrontAfterSignIn(runtime.provider, window);
  const stopUpdates = forwardUpdateState(updates, window.webContents);
  window.once('closed', () => {
    stopForwarding();
    stopAccounts();
    stopInfo();
    stopFocusing();
    stopUpdates();
    mainWindow = undefined;
  });
  updates.start();

  // Timers do not run while the machine sleeps: after it wakes (or the network comes back) the
  // session is checked and renewed if it is due.
  const stopWake = setupSessionWake({
    power: powerMonitor,
    isOnline: () => net.isOnline(),
    check: async () => runtime.provider.current()?.auth.checkSession(),
    onError: (error) => diagnostics?.write({ level: 'warn', source: 'auth', message: `Checking the session after a wake-up failed: ${error instanceof Error ? error.message : String(error)}` }),
  });

  // Closes the loopback listener and timers; the process is leaving anyway, so not awaited.
  app.once('will-quit', () => {
    stopWake();
    updates.dispose();
    void runtime.dispose();
  });
}

// A second copy would race the first for the session store and the redirect port.
if (app.requestSingleInstanceLock()) {
  start().catch((error: unknown) => fail('The app could not start', error instanceof Error ? error.message : String(error)));
} else {
  app.quit();
}
