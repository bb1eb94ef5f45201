/**
 * The app's window and the rules every web page in the app lives by: no navigation, no new
 * windows, no webviews, no permissions, links to the browser only when they are https.
 */
import type {
  Event as ElectronEvent,
  NativeImage,
  Session,
  WebContents,
  WebContentsWillFrameNavigateEventParams,
  WebContentsWillNavigateEventParams,
} from 'electron';
import { app, BrowserWindow, nativeTheme, shell } from 'electron';
import type { AuthService } from './auth/types.ts';
import { checkLinkUrl } from './external-url.ts';
import { redact } from './redact.ts';
import { createWindowOptions, windowBackgroundColor } from './window-options.ts';

/** The renderer's Content-Security-Policy (defined with the window options, which are pure). */
export { CONTENT_SECURITY_POLICY } from './window-options.ts';

/** Opens an https link in the person's browser; anything else is refused and logged. */
export function openLinkInBrowser(url: string): void {
  const check = checkLinkUrl(url);
  if (!check.ok) {
    console.warn(`[window] ${check.reason}`);
    return;
  }
  shell.openExternal(check.url).catch((error: unknown) => {
    // The OS's message may quote the URL: redacted like every log line.
    console.warn(redact(`[window] could not open a link in the browser: ${error instanceof Error ? error.message : String(error)}`));
  });
}

/** The WebContents events and hooks hardening needs; a WebContents fits it. */
export interface HardenableContents {
  on(event: 'will-navigate', listener: (event: ElectronEvent<WebContentsWillNavigateEventParams>) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: ElectronEvent<WebContentsWillFrameNavigateEventParams>) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: ElectronEvent) => void): unknown;
  on(event: 'devtools-opened', listener: () => void): unknown;
  setWindowOpenHandler: WebContents['setWindowOpenHandler'];
  closeDevTools: WebContents['closeDevTools'];
}

/** What the hardening allows. */
export interface HardeningOptions {
  /** False in packaged builds (`!app.isPackaged`): DevTools are closed as soon as they open. */
  devTools: boolean;
}

/** Refuses navigation, new windows and webviews in one WebContents, and DevTools when not allowed. */
export function hardenWebContents(contents: HardenableContents, options: HardeningOptions): void {
  // The app is one page: leaving it would put the preload API in front of someone else's page.
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openLinkInBrowser(event.url);
  });
  // Covers subframes too (the main frame already got 'will-navigate').
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openLinkInBrowser(url);
    return { action: 'deny' };
  });
  // The window's webPreferences already turn DevTools off in packaged builds; this covers any
  // WebContents created without those options, whatever opened them.
  if (!options.devTools) contents.on('devtools-opened', () => contents.closeDevTools());
}

/** Hardens every WebContents the app ever creates, before it loads anything. */
export function setupContentsHardening(options: HardeningOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options));
}

/** The session hooks permission handling needs. */
export type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

/** Denies every permission (camera, notifications, clipboard read, devices...): the app needs none. */
export function setupPermissionHandlers(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** The window calls focusing needs. */
export type FocusableWindow = Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'>;

/** Brings the window to the front, restoring it if minimized. */
export function focusWindow(window: FocusableWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  // macOS only lets an app take focus from the browser it is in when asked to steal it.
  if (process.platform === 'darwin') app.focus({ steal: true });
  window.focus();
}

/** After the browser hands the code back, brings the app forward so the person sees the result. */
export function bringToFrontAfterSignIn(auth: Pick<AuthService, 'getState' | 'onChange'>, window: FocusableWindow): () => void {
  let previous = auth.getState().status;
  return auth.onChange((state) => {
    if (previous === 'signing-in' && state.status === 'signed-in') focusWindow(window);
    previous = state.status;
  });
}

/** Where the window's pages come from. */
export interface MainWindowOptions {
  preloadPath: string;
  /** The renderer's URL (renderer-url.ts): the app protocol's `RENDERER_URL`, never file://, or
   *  Vite's loopback dev server under `npm run dev` in an unpackaged run. */
  rendererUrl: string;
  /** Whether DevTools can be opened: `!app.isPackaged`. */
  devTools: boolean;
  /** The app's icon (used on Linux and Windows). */
  icon?: NativeImage;
}

/** Creates the main window: shown once painted, background following the system theme. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(
    createWindowOptions({
      preloadPath: options.preloadPath,
      darkMode: nativeTheme.shouldUseDarkColors,
      devTools: options.devTools,
      platform: process.platform,
      ...(options.icon ? { icon: options.icon } : {}),
    }),
  );
  window.once('ready-to-show', () => window.show());

  const followTheme = (): void => window.setBackgroundColor(windowBackgroundColor(nativeTheme.shouldUseDarkColors));
  nativeTheme.on('updated', followTheme);
  window.once('closed', () => nativeTheme.off('updated', followTheme));

  window.loadURL(options.rendererUrl).catch((error: unknown) => {
    console.error(redact(`[window] could not load ${options.rendererUrl}: ${error instanceof Error ? error.message : String(error)}`));
    // A window that never paints would never show: show it so the failure is visible.
    if (!window.isDestroyed()) window.show();
  });
  return window;
}
