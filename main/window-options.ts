/**
 * The main window's options as a pure function, so the security-relevant settings are
 * checked by a test that runs without Electron.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { PRODUCT_NAME } from './identity.ts';

/** What the window options depend on. */
export interface WindowOptionsInput {
  /** Absolute path of the CommonJS preload bundle (sandboxed preloads cannot be ESM). */
  preloadPath: string;
  /** `nativeTheme.shouldUseDarkColors`, so the window does not flash white in dark mode. */
  darkMode: boolean;
  /** Whether DevTools can be opened: `!app.isPackaged`. A packaged build holds a person's
   *  session, and DevTools on its window would show the page's state and run code in it. */
  devTools: boolean;
  title?: string;
  /** `process.platform`: the window's own icon matters on Linux and Windows only. */
  platform?: NodeJS.Platform;
  /** The app's icon (main/app-icon.ts). Linux shows it in the window list and task bar, Windows
   *  on the window; macOS takes the Dock's from the app bundle and ignores it. */
  icon?: BrowserWindowConstructorOptions['icon'];
}

/** The renderer's Content-Security-Policy (content-security-policy.ts says where it applies). */
export { CONTENT_SECURITY_POLICY } from './content-security-policy.ts';

/** The product name (identity.json), shown in the title bar until the renderer sets its own title. */
export const APP_TITLE = PRODUCT_NAME;

/** The window's background before the renderer paints, following the system theme. */
export function windowBackgroundColor(darkMode: boolean): string {
  return darkMode ? '#1b1b1f' : '#ffffff';
}

/** Options for the app's one window: hidden until painted, sandboxed, no Node in the page. */
export function createWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 960,
    height: 720,
    minWidth: 480,
    minHeight: 560,
    title: input.title ?? APP_TITLE,
    ...(input.icon !== undefined && (input.platform === 'linux' || input.platform === 'win32') ? { icon: input.icon } : {}),
    // Shown on 'ready-to-show': no blank frame while the renderer loads.
    show: false,
    backgroundColor: windowBackgroundColor(input.darkMode),
    webPreferences: {
      preload: input.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: input.devTools,
    },
  };
}
