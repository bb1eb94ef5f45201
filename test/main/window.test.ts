import { existsSync, readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { AuthState } from '../../main/auth/types.ts';
import {
  app,
  FakeBrowserWindow,
  FakeSession,
  FakeWebContents,
  fakeEvent,
  nativeTheme,
  resetFakeElectron,
  shell,
} from '../fakes/electron.ts';
import { SECRET } from '../support/credential-samples.ts';

vi.mock('electron', () => import('../fakes/electron.ts'));

const {
  bringToFrontAfterSignIn,
  CONTENT_SECURITY_POLICY,
  createMainWindow,
  focusWindow,
  hardenWebContents,
  openLinkInBrowser,
  setupContentsHardening,
  setupPermissionHandlers,
} = await import('../../main/window.ts');

const navigation = (url: string, isMainFrame = true) =>
  fakeEvent({ url, isSameDocument: false, isMainFrame, frame: null, initiator: null });

let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  resetFakeElectron();
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  return () => warn.mockRestore();
});

describe('hardenWebContents', () => {
  let contents: FakeWebContents;
  beforeEach(() => {
    contents = new FakeWebContents();
    hardenWebContents(contents, { devTools: true });
  });

  it('refuses to navigate away from the app, sending https links to the browser instead', () => {
    const event = navigation('https://openid.net/');
    contents.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(true);
    expect(shell.opened).toEqual(['https://openid.net/']);
  });

  it.each(['file:///etc/passwd', 'http://example.com/', 'javascript:alert(1)', 'data:text/html,x', 'ms-settings:'])(
    'refuses navigation to %s and opens nothing',
    (url) => {
      const event = navigation(url);
      contents.emit('will-navigate', event);
      expect(event.defaultPrevented).toBe(true);
      expect(shell.opened).toEqual([]);
    },
  );

  it('refuses frame navigations without opening anything', () => {
    const event = navigation('https://evil.example/', false);
    contents.emit('will-frame-navigate', event);
    expect(event.defaultPrevented).toBe(true);
    expect(shell.opened).toEqual([]);
  });

  it('leaves DevTools open when they are allowed (development)', () => {
    contents.openDevTools();
    expect(contents.devToolsOpen).toBe(true);
  });

  it('refuses to attach webviews', () => {
    const event = fakeEvent({});
    contents.emit('will-attach-webview', event, { nodeIntegration: true }, { src: 'https://evil.example/' });
    expect(event.defaultPrevented).toBe(true);
  });

  it('denies every new window and sends only https links to the browser', () => {
    expect(contents.openWindow('https://openid.net/specs/')).toEqual({ action: 'deny' });
    for (const url of ['http://example.com/', 'file:///C:/Windows/System32/calc.exe', 'javascript:alert(1)', 'about:blank', 'https://u:p@example.com/']) {
      expect(contents.openWindow(url)).toEqual({ action: 'deny' });
    }
    expect(shell.opened).toEqual(['https://openid.net/specs/']);
  });
});

describe('hardenWebContents without DevTools (packaged)', () => {
  it('closes DevTools as soon as they open', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents, { devTools: false });
    contents.openDevTools();
    expect(contents.devToolsOpen).toBe(false);
  });
});

describe('what the window module prints to the console', () => {
  it('is redacted: a failure to open a link in the browser', async () => {
    shell.openExternalError = new Error(`Failed to open https://openid.net/?code=abc with {"refresh_token":"${SECRET}"}`);
    openLinkInBrowser('https://openid.net/');
    await vi.waitFor(() => expect(warn).toHaveBeenCalled());
    const printed = warn.mock.calls.map((args: unknown[]) => args.join(' ')).join('\n');
    expect(printed).toContain('could not open a link in the browser');
    expect(printed).not.toContain(SECRET);
  });

  it('is redacted: a failure to load the renderer', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      FakeBrowserWindow.nextLoadError = new Error(`ERR_FAILED (-2) loading app://renderer/index.html?refresh_token=${SECRET}`);
      createMainWindow({ preloadPath: 'p', rendererUrl: 'app://renderer/index.html', devTools: true });
      await vi.waitFor(() => expect(error).toHaveBeenCalled());
      const printed = error.mock.calls.map((args: unknown[]) => args.join(' ')).join('\n');
      expect(printed).toContain('could not load');
      expect(printed).not.toContain(SECRET);
    } finally {
      error.mockRestore();
    }
  });
});

describe('setupContentsHardening', () => {
  it('hardens every WebContents the app creates', () => {
    setupContentsHardening({ devTools: true });
    const contents = new FakeWebContents();
    app.emit('web-contents-created', fakeEvent({}), contents);
    expect(contents.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    const event = navigation('https://evil.example/');
    contents.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('setupContentsHardening without DevTools (packaged)', () => {
  it('closes DevTools in every WebContents the app creates', () => {
    setupContentsHardening({ devTools: false });
    const contents = new FakeWebContents();
    app.emit('web-contents-created', fakeEvent({}), contents);
    contents.openDevTools();
    expect(contents.devToolsOpen).toBe(false);
  });
});

describe('setupPermissionHandlers', () => {
  it('denies every permission request and check', () => {
    const session = new FakeSession();
    setupPermissionHandlers(session);
    const granted: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen'] as const) {
      session.permissionRequestHandler?.(new FakeWebContents() as never, permission, (ok) => granted.push(ok), {
        requestingUrl: 'file:///app/index.html',
        isMainFrame: true,
      });
      expect(session.permissionCheckHandler?.(null, permission, 'file://', {} as never)).toBe(false);
    }
    expect(granted).toEqual([false, false, false, false, false, false]);
    expect(session.devicePermissionHandler?.({ deviceType: 'usb', origin: 'file://' } as never)).toBe(false);
  });
});

describe('bringing the app forward', () => {
  function fakeAuth(initial: AuthState) {
    const listeners = new Set<(state: AuthState) => void>();
    let state = initial;
    return {
      getState: () => state,
      onChange: (listener: (state: AuthState) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      emit(next: AuthState) {
        state = next;
        for (const listener of listeners) listener(next);
      },
    };
  }
  const signedIn: AuthState = { status: 'signed-in', claims: { sub: 'a' }, expiresAt: 1, scopes: ['openid'], persisted: true };

  it('focuses the window when the browser hands the code back, restoring it if minimized', () => {
    const auth = fakeAuth({ status: 'signed-out' });
    const window = new FakeBrowserWindow();
    window.minimized = true;
    bringToFrontAfterSignIn(auth, window);
    auth.emit({ status: 'signing-in' });
    expect(window.calls).toEqual([]);
    auth.emit(signedIn);
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
  });

  it('does not steal focus for a restored session, a sign-out or a failed sign-in', () => {
    const auth = fakeAuth({ status: 'signed-out' });
    const window = new FakeBrowserWindow();
    const stop = bringToFrontAfterSignIn(auth, window);
    auth.emit(signedIn); // restore() at startup
    auth.emit({ status: 'signed-out' });
    auth.emit({ status: 'signing-in' });
    auth.emit({ status: 'signed-out', error: { code: 'cancelled', message: 'Cancelled.' } });
    expect(window.calls).toEqual([]);
    stop();
    auth.emit({ status: 'signing-in' });
    auth.emit(signedIn);
    expect(window.calls).toEqual([]);
  });

  it('leaves a closed window alone', () => {
    const window = new FakeBrowserWindow();
    window.destroyed = true;
    focusWindow(window);
    expect(window.calls).toEqual([]);
  });
});

describe('createMainWindow', () => {
  it('loads the renderer from the app protocol with the secure options and shows it once painted', async () => {
    nativeTheme.shouldUseDarkColors = true;
    const window = createMainWindow({ preloadPath: '/app/dist/preload/index.cjs', rendererUrl: 'app://renderer/index.html', devTools: false });
    const fake = FakeBrowserWindow.instances[0];
    expect(fake).toBe(window);
    expect(fake?.options).toMatchObject({ show: false, webPreferences: { sandbox: true, preload: '/app/dist/preload/index.cjs', devTools: false } });
    expect(fake?.loadedUrls).toEqual(['app://renderer/index.html']);
    expect(fake?.loadedFiles).toEqual([]);
    expect(fake?.visible).toBe(false);
    fake?.emit('ready-to-show');
    expect(fake?.visible).toBe(true);
  });

  it('follows the system theme while open', () => {
    createMainWindow({ preloadPath: 'p', rendererUrl: 'app://renderer/index.html', devTools: true });
    const fake = FakeBrowserWindow.instances[0];
    const before = fake?.backgroundColor;
    nativeTheme.shouldUseDarkColors = true;
    nativeTheme.emit('updated');
    expect(fake?.backgroundColor).not.toBe(before);
    fake?.emit('closed');
    expect(nativeTheme.listenerCount('updated')).toBe(0);
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((part) => {
    const [name = '', ...values] = part.trim().split(/\s+/);
    return [name, values.join(' ')] as const;
  }));

  it('allows only the app’s own scripts and styles, and no network from the page', () => {
    expect(Object.fromEntries(directives)).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data: https:",
      'font-src': "'self'",
      'connect-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  const indexHtml = new URL('../../renderer/index.html', import.meta.url);
  it.skipIf(!existsSync(indexHtml))('is carried by renderer/index.html too, wherever the page is opened without the header', () => {
    const html = readFileSync(indexHtml, 'utf8');
    const meta = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content="([^"]+)"/i.exec(html);
    expect(meta?.[1]?.replace(/\s+/g, ' ').trim()).toBe(CONTENT_SECURITY_POLICY);
  });
});
