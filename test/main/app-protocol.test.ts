/**
 * The app protocol's request handler against a real folder: what the renderer can load, with
 * which headers, and everything it cannot reach. Runs in plain Node (types-only Electron import).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  createRendererRequestHandler,
  mimeTypeFor,
  registerAppScheme,
  RENDERER_URL,
  resolveRendererPath,
  setupAppProtocol,
} from '../../main/app-protocol.ts';
import { CONTENT_SECURITY_POLICY } from '../../main/window-options.ts';
import { FakeProtocol } from '../fakes/electron.ts';

let sandbox: string;
let root: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  // sandbox/secret.txt sits next to the served folder: a traversal would reach it.
  sandbox = mkdtempSync(join(tmpdir(), 'app-protocol-test-'));
  root = join(sandbox, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'export {};');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, 'assets', 'font.woff2'), 'wOF2');
  writeFileSync(join(root, 'assets', 'blob.bin'), 'x');
  writeFileSync(join(sandbox, 'secret.txt'), 'secret');
  handle = createRendererRequestHandler(root);
});
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

const get = (url: string, init?: RequestInit) => handle(new Request(url, init));

describe('createRendererRequestHandler', () => {
  it('serves index.html with its type, the CSP as a header and no sniffing', async () => {
    const response = await get(RENDERER_URL);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<!doctype html><title>app</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the root as index.html', async () => {
    expect(await (await get('app://renderer/')).text()).toContain('<title>app</title>');
  });

  it.each([
    ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['assets/index-abc.css', 'text/css; charset=utf-8'],
    ['assets/logo.svg', 'image/svg+xml'],
    ['assets/font.woff2', 'font/woff2'],
    ['assets/blob.bin', 'application/octet-stream'],
  ])('serves %s as %s (module scripts need a JavaScript type)', async (path, type) => {
    const response = await get(`app://renderer/${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
  });

  it('ignores query and fragment', async () => {
    expect((await get('app://renderer/index.html?x=1#top')).status).toBe(200);
  });

  it('answers HEAD without a body', async () => {
    const response = await get(RENDERER_URL, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each(['POST', 'PUT', 'DELETE'])('refuses %s with 405', async (method) => {
    const response = await get(RENDERER_URL, { method, body: method === 'DELETE' ? null : 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it.each([
    'app://renderer/missing.js',
    'app://renderer/assets',
    'app://renderer/assets/',
    'app://other-host/index.html',
    'app://renderer/../secret.txt',
    'app://renderer/%2e%2e/secret.txt',
    'app://renderer/assets/%2e%2e/%2e%2e/secret.txt',
    'app://renderer/..%2fsecret.txt',
    'app://renderer/..%2Fsecret.txt',
    'app://renderer/..%5csecret.txt',
    'app://renderer/index.html%00.js',
    'app://renderer/%E0%A4%A',
  ])('answers 404 for %s, and never with a file outside the renderer folder', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('secret');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('resolveRendererPath', () => {
  it('maps URLs to files inside the root only', () => {
    expect(resolveRendererPath(root, 'app://renderer/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveRendererPath(root, 'app://renderer/%61ssets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    // The URL parser resolves plain dot segments against the root: they cannot climb above it.
    expect(resolveRendererPath(root, 'app://renderer/../secret.txt')).toBe(join(root, 'secret.txt'));
    // Encoded ones survive parsing and are caught after decoding.
    expect(resolveRendererPath(root, 'app://renderer/..%2Fsecret.txt')).toBeUndefined();
    expect(resolveRendererPath(root, 'app://renderer/a/..%2F..%2F..%2Fsecret.txt')).toBeUndefined();
    expect(resolveRendererPath(root, 'file:///etc/passwd')).toBeUndefined();
    expect(resolveRendererPath(root, 'https://renderer/index.html')).toBeUndefined();
    expect(resolveRendererPath(root, 'not a url')).toBeUndefined();
    // Request refuses such URLs before they reach a handler; the resolver refuses them too.
    expect(resolveRendererPath(root, 'app://user:pass@renderer/index.html')).toBeUndefined();
  });
});

describe('mimeTypeFor', () => {
  it('knows the types Vite emits and never guesses the rest', () => {
    expect(mimeTypeFor('a.MJS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('a.png')).toBe('image/png');
    expect(mimeTypeFor('a.json')).toBe('application/json; charset=utf-8');
    expect(mimeTypeFor('Makefile')).toBe('application/octet-stream');
  });
});

describe('registration', () => {
  it('declares the scheme standard and secure, and nothing more, before ready', () => {
    const protocol = new FakeProtocol();
    registerAppScheme(protocol);
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('corsEnabled');
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('supportFetchAPI');
  });

  it('serves the folder once ready', async () => {
    const protocol = new FakeProtocol();
    protocol.ready = true;
    setupAppProtocol(protocol, root);
    expect((await protocol.request(RENDERER_URL)).status).toBe(200);
    expect((await protocol.request('app://renderer/../secret.txt')).status).toBe(404);
  });
});
