/**
 * The renderer is served from the app's own `app://renderer/` origin instead of `file://`:
 * a real origin for the CSP's 'self', headers (the CSP travels as a response header), and no
 * need for the file protocol's extra privileges (the GrantFileProtocolExtraPrivileges fuse is
 * off). Only files under dist/renderer are served; everything else is a 404.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from './window-options.ts';

/** The scheme the renderer is served from. Internal to the app: nothing outside can open it. */
export const APP_SCHEME = 'app';

/** The one host the scheme answers for. */
export const RENDERER_HOST = 'renderer';

/** The page the window loads, and the only frame URL trusted to call IPC. */
export const RENDERER_URL = `${APP_SCHEME}://${RENDERER_HOST}/index.html`;

/**
 * `standard` gives the scheme real origins and relative-URL resolution; `secure` makes it a
 * secure context like https. Everything else stays off on purpose: no `corsEnabled` (other
 * origins must not read the app's files), no `supportFetchAPI` (the page fetches nothing:
 * connect-src 'none'), no `bypassCSP`.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true },
};

/** Extensions Vite emits, with the types Chromium needs (module scripts get strict MIME checks). */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The Content-Type for a file name; unknown extensions are opaque bytes, never sniffed. */
export function mimeTypeFor(fileName: string): string {
  return MIME_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a request URL to a file under `root`, or undefined when it names anything else: another
 * scheme or host, a path that climbs out of `root` (`..`, encoded or not), backslashes, NUL.
 */
export function resolveRendererPath(root: string, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== RENDERER_HOST || url.username || url.password) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  // Backslashes are separators on Windows; NUL truncates paths in some APIs.
  if (path.includes('\\') || path.includes('\0')) return undefined;
  if (path === '/' || path === '') path = '/index.html';
  const base = resolve(root);
  const file = resolve(base, `.${path}`);
  const inside = relative(base, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined;
  return file;
}

/** What the handler reads files with (tests may count calls). */
export interface RendererFileSystem {
  readFile(path: string): Promise<Uint8Array<ArrayBuffer>>;
  isFile(path: string): Promise<boolean>;
}

const nodeFileSystem: RendererFileSystem = {
  readFile: (path) => readFile(path),
  isFile: async (path) => {
    try {
      return (await stat(path)).isFile();
    } catch {
      return false;
    }
  },
};

/** Headers every response carries: the CSP (the meta tag's twin), and no MIME sniffing. */
function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    // Files change with every build; the app must never run a stale bundle.
    'Cache-Control': 'no-store',
  };
}

function refusal(status: 404 | 405): Response {
  return new Response(status === 404 ? 'Not found' : 'Method not allowed', {
    status,
    headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8', ...(status === 405 ? { Allow: 'GET, HEAD' } : {}) },
  });
}

/** The `protocol.handle` handler: GET/HEAD of files under `root`, with type and CSP headers. */
export function createRendererRequestHandler(
  root: string,
  fileSystem: RendererFileSystem = nodeFileSystem,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405);
    const file = resolveRendererPath(root, request.url);
    if (file === undefined || !(await fileSystem.isFile(file))) return refusal(404);
    const body = request.method === 'HEAD' ? null : await fileSystem.readFile(file);
    return new Response(body, { status: 200, headers: { ...securityHeaders(), 'Content-Type': mimeTypeFor(file) } });
  };
}

/** The part of `protocol` the setup uses. */
export type AppProtocol = Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;

/** Before `ready`: declares the scheme standard and secure (Electron allows this only then). */
export function registerAppScheme(protocol: Pick<AppProtocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** After `ready`: serves `rendererRoot` (dist/renderer) on `app://renderer/`. */
export function setupAppProtocol(protocol: Pick<AppProtocol, 'handle'>, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, createRendererRequestHandler(rendererRoot));
}
