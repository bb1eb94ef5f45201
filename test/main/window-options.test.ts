import { describe, expect, it } from 'vitest';
import { APP_TITLE, createWindowOptions, windowBackgroundColor } from '../../main/window-options.ts';

describe('createWindowOptions', () => {
  const options = createWindowOptions({ preloadPath: '/app/dist/preload/index.cjs', darkMode: false });

  it('keeps the window hidden until the renderer has painted', () => {
    expect(options.show).toBe(false);
  });

  it('sandboxes the page and keeps Node out of it', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has a title and a usable size that cannot shrink below the sign-in panel', () => {
    expect(options.title).toBe(APP_TITLE);
    expect(options.width).toBeGreaterThanOrEqual(options.minWidth ?? 0);
    expect(options.height).toBeGreaterThanOrEqual(options.minHeight ?? 0);
    expect(options.minWidth).toBeGreaterThanOrEqual(400);
    expect(options.minHeight).toBeGreaterThanOrEqual(400);
  });

  it('paints the background the system theme asks for, so dark mode does not flash white', () => {
    expect(createWindowOptions({ preloadPath: 'p', darkMode: true }).backgroundColor).toBe(windowBackgroundColor(true));
    expect(options.backgroundColor).toBe(windowBackgroundColor(false));
    expect(windowBackgroundColor(true)).not.toBe(windowBackgroundColor(false));
  });
});
