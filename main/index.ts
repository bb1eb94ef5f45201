/**
 * The main process entry: wires the setups together, in order, and does nothing else.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow } from 'electron';
import { app, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { registerAppScheme, RENDERER_URL, setupAppProtocol } from './app-protocol.ts';
import { createAuthService } from './auth/index.ts';
import type { AuthLogEvent } from './auth/types.ts';
import { CONFIG_FILE_NAME, loadConfig, readConfigFile } from './config.ts';
import { createDeepLinkRouter, planProtocolClientRegistration, registerProtocolClient, setupDeepLinks } from './deep-link.ts';
import { createProviderOpener, createProviderUrlPolicy } from './external-url.ts';
import type { AppFacts } from './ipc.ts';
import { createIpcHandlers, createTrustedFrameCheck, forwardStateChanges, setupIpc } from './ipc.ts';
import { createKeyValueStore } from './key-value-store.ts';
import { createSafeStorageCipher, describeStorageProtection } from './secret-cipher.ts';
import {
  bringToFrontAfterSignIn,
  createMainWindow,
  focusWindow,
  setupContentsHardening,
  setupPermissionHandlers,
} from './window.ts';

// dist/main/index.js -> dist/preload/index.cjs and dist/renderer/ (served as app://renderer/)
const distDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const preloadPath = join(distDir, 'preload', 'index.cjs');
const rendererDir = join(distDir, 'renderer');
const rendererIndexPath = join(rendererDir, 'index.html');

let mainWindow: BrowserWindow | undefined;
const deepLinks = createDeepLinkRouter();

function logAuthEvent(event: AuthLogEvent): void {
  const line = `[auth] ${event.message}${event.code ? ` (${event.code})` : ''}`;
  if (event.level === 'error') console.error(line);
  else if (event.level === 'warn' || process.env.OIDC_DEBUG) console.warn(line);
}

function fail(title: string, message: string): void {
  console.error(`${title}: ${message}`);
  dialog.showErrorBox(title, message);
  app.exit(1);
}

async function start(): Promise<void> {
  // Everything up to whenReady runs synchronously at load: Electron accepts privileged schemes,
  // and macOS delivers a cold start's open-url, only before ready.
  setupContentsHardening();
  registerAppScheme(protocol);
  // A second launch (the single-instance lock sent it here) or a link brings the window forward.
  setupDeepLinks(app, deepLinks, () => {
    if (mainWindow) focusWindow(mainWindow);
  });
  // Windows and Linux start the app with the redirect as an argument: held until the core is up.
  deepLinks.receiveArgv(process.argv);
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  setupPermissionHandlers(session.defaultSession);
  setupAppProtocol(protocol, rendererDir);

  const configPath = join(app.getPath('userData'), CONFIG_FILE_NAME);
  const loaded = loadConfig({ env: process.env, fileText: await readConfigFile(configPath), filePath: configPath });
  if (!loaded.ok) return fail('Sign-in is not configured', loaded.message);
  if (!existsSync(rendererIndexPath) || !existsSync(preloadPath)) {
    return fail('The app is not built', `${rendererIndexPath} or ${preloadPath} is missing. Run "npm run build" first.`);
  }
  const { config } = loaded;
  registerProtocolClient(
    app,
    planProtocolClientRegistration({
      platform: process.platform,
      isPackaged: app.isPackaged,
      env: process.env,
      execPath: process.execPath,
      argv: process.argv,
      needed: config.provider.privateUseRedirectUri !== undefined,
    }),
  );

  const policy = createProviderUrlPolicy({
    issuer: config.provider.issuer,
    browserOrigins: config.browserOrigins,
    allowInsecureRequests: config.provider.allowInsecureRequests === true,
  });
  const auth = createAuthService({
    provider: config.provider,
    openExternal: createProviderOpener((url) => shell.openExternal(url), policy),
    cipher: createSafeStorageCipher(safeStorage),
    store: createKeyValueStore(),
    log: logAuthEvent,
  });
  deepLinks.attach(auth);
  // Not awaited: the first paint must not wait for the provider. The renderer hears the
  // outcome through the state push.
  auth.restore().catch((error: unknown) => {
    console.error(`[auth] restoring the session failed: ${error instanceof Error ? error.message : String(error)}`);
  });

  let facts: Promise<AppFacts> | undefined;
  const appInfo = (): Promise<AppFacts> =>
    (facts ??= describeStorageProtection(safeStorage).then((storage) => ({
      providerName: config.providerName,
      demo: config.demo,
      storage,
      appVersion: app.getVersion(),
    })));
  setupIpc(ipcMain, createIpcHandlers({ auth, appInfo }), createTrustedFrameCheck(RENDERER_URL));

  const window = createMainWindow({ preloadPath, rendererUrl: RENDERER_URL });
  mainWindow = window;
  const stopForwarding = forwardStateChanges(auth, window.webContents);
  const stopFocusing = bringToFrontAfterSignIn(auth, window);
  window.once('closed', () => {
    stopForwarding();
    stopFocusing();
    mainWindow = undefined;
  });

  // Closes the loopback listener and timers; the process is leaving anyway, so not awaited.
  app.once('will-quit', () => void auth.dispose());
}

// A second copy would race the first for the session store and the redirect port.
if (app.requestSingleInstanceLock()) {
  start().catch((error: unknown) => fail('The app could not start', error instanceof Error ? error.message : String(error)));
} else {
  app.quit();
}
