/**
 * Which page the window loads (main/renderer-url.ts): the app's own app:// page, always in a
 * packaged build; Vite's loopback dev server only in an unpackaged run and only when
 * `npm run dev` names it in OIDC_DESKTOP_DEV_SERVER_URL.
 */
import { describe, expect, it } from 'vitest';
import { RENDERER_URL } from '../../main/app-protocol.ts';
import { DEV_SERVER_URL_VARIABLE, rendererSource } from '../../main/renderer-url.ts';

describe('rendererSource', () => {
  it('loads the app:// page when no dev server is named, packaged or not', () => {
    expect(rendererSource({ isPackaged: false, env: {} })).toEqual({ url: RENDERER_URL, devServer: false });
    expect(rendererSource({ isPackaged: true, env: {} })).toEqual({ url: RENDERER_URL, devServer: false });
  });

  it.each(['http://localhost:5173/', 'http://localhost:5173', 'http://127.0.0.1:5174/'])('loads the dev server %s when not packaged', (value) => {
    const source = rendererSource({ isPackaged: false, env: { [DEV_SERVER_URL_VARIABLE]: value } });
    expect(source).toEqual({ url: new URL(value).href, devServer: true });
  });

  it('never loads the dev server in a packaged build, and says why', () => {
    expect(rendererSource({ isPackaged: true, env: { [DEV_SERVER_URL_VARIABLE]: 'http://localhost:5173/' } })).toEqual({
      url: RENDERER_URL,
      devServer: false,
      ignored: 'OIDC_DESKTOP_DEV_SERVER_URL is ignored: a packaged app loads only its own files.',
    });
  });

  it.each([
    'https://localhost:5173/',
    'http://example.com:5173/',
    'http://192.168.1.20:5173/',
    'http://localhost/',
    'http://user:pass@localhost:5173/',
    'http://localhost:5173/other.html',
    'http://localhost:5173/?x=1',
    'http://localhost:5173/#top',
    'file:///tmp/index.html',
    'javascript:alert(1)',
    'not a url',
  ])('ignores %s: only plain loopback http with a port is a dev server', (value) => {
    const source = rendererSource({ isPackaged: false, env: { [DEV_SERVER_URL_VARIABLE]: value } });
    expect(source.url).toBe(RENDERER_URL);
    expect(source.devServer).toBe(false);
    expect(source.ignored).toMatch(/must be http:\/\/localhost:<port>\//);
  });

  it('reads no other variable', () => {
    expect(rendererSource({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/', VITE_DEV_SERVER_URL: 'http://localhost:5173/' } })).toEqual({
      url: RENDERER_URL,
      devServer: false,
    });
  });
});
