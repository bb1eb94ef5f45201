import { describe, expect, it } from 'vitest';
import { APP_TITLE, createWindowOptions, windowBackgroundColor } from '../../main/window-options.ts';

describe('createWindowOptions', () => {
  const options = createWindowOptions({ preloadPath: '/app/dist/preload/index.cjs', darkMode: false, devTools: false });

  it('keeps the window hidden until the renderer has painted', () => {
    expect(options.show).toBe(false);
  });

  it('sets exactly these webPreferences: preload, sandbox, context isolation, no Node, web security, no webviews, no drag-and-drop navigation, safe dialogs, no spellcheck, DevTools as asked', () => {
    // Every key, not a partial match: a preference added or changed (navigateOnDragDrop: true,
    // a dropped sandbox) must fail here, not slip through.
    expect(options.webPreferences).toEqual({
      preload: '/app/dist/preload/index.cjs',
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
      devTools: false,
    });
  });

  it('turns DevTools off when asked (packaged builds) and leaves them on otherwise (development)', () => {
    expect(options.webPreferences?.devTools).toBe(false);
    expect(createWindowOptions({ preloadPath: 'p', darkMode: false, devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('carries the app’s icon on Linux and Windows; macOS takes the Dock’s from the bundle', () => {
    const icon = '/app/icon.png';
    expect(createWindowOptions({ preloadPath: 'p', darkMode: false, devTools: false, platform: 'linux', icon }).icon).toBe(icon);
    expect(createWindowOptions({ preloadPath: 'p', darkMode: false, devTools: false, platform: 'win32', icon }).icon).toBe(icon);
    expect(createWindowOptions({ preloadPath: 'p', darkMode: false, devTools: false, platform: 'darwin', icon })).not.toHaveProperty('icon');
    expect(options).not.toHaveProperty('icon');
  });

  it('has a title and a usable size that cannot shrink below the sign-in panel', () => {
    expect(options.title).toBe(APP_TITLE);
    expect(options.width).toBeGreaterThanOrEqual(options.minWidth ?? 0);
    expect(options.height).toBeGreaterThanOrEqual(options.minHeight ?? 0);
    expect(options.minWidth).toBeGreaterThanOrEqual(400);
    expect(options.minHeight).toBeGreaterThanOrEqual(400);
  });

  it('paints the background the system theme asks for, so dark mode does not flash white', () => {
    expect(createWindowOptions({ preloadPath: 'p', darkMode: true, devTools: false }).backgroundColor).toBe(windowBackgroundColor(true));
    expect(options.backgroundColor).toBe(windowBackgroundColor(false));
    expect(windowBackgroundColor(true)).not.toBe(windowBackgroundColor(false));
  });
});
