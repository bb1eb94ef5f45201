/**
 * The renderer's Content-Security-Policy, for the built app and for `npm run dev`.
 *
 * Built app: the app protocol (app-protocol.ts) sends it as a response header, where every
 * directive counts; `renderer/index.html` carries the same policy as a meta tag, which still
 * protects the page wherever it is opened without that header (browsers ignore
 * `frame-ancestors` in a meta tag).
 *
 * Development (`npm run dev`, Vite's dev server on localhost): the same policy, plus exactly
 * what hot reload needs and nothing more: a WebSocket back to the dev server (connect-src),
 * and the inline React Refresh preamble and injected <style> tags, allowed by a nonce that
 * changes every time the dev server starts (never 'unsafe-inline'). The packaged app never
 * loads the dev server (renderer-url.ts), so this policy never ships.
 *
 * Pure, and free of Electron: the main process and vite.renderer.config.ts both import it.
 */

type Directives = Readonly<Record<string, readonly string[]>>;

const BASE: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'https:'],
  'font-src': ["'self'"],
  'connect-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

const serialize = (directives: Directives): string =>
  Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');

/** The policy of the built app (the app protocol's header and index.html's meta tag). */
export const CONTENT_SECURITY_POLICY = serialize(BASE);

/** What the dev server's policy is made for. */
export interface DevServerPolicyInput {
  /** The dev server's origin, e.g. `http://localhost:5173` (loopback only). */
  serverOrigin: string;
  /** The per-start nonce Vite puts on the scripts and styles it injects (`html.cspNonce`). */
  nonce: string;
}

const NONCE = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;

/**
 * The policy while the renderer is served by Vite's dev server: CONTENT_SECURITY_POLICY plus
 * `ws://` to the dev server (hot reload) and the nonce. Throws for anything but a plain
 * http://localhost or http://127.0.0.1 origin, and for a nonce that is not a long random token.
 */
export function devServerContentSecurityPolicy({ serverOrigin, nonce }: DevServerPolicyInput): string {
  const url = new URL(serverOrigin);
  if (url.protocol !== 'http:' || !['localhost', '127.0.0.1'].includes(url.hostname) || !url.port || url.origin !== serverOrigin.replace(/\/$/, '')) {
    throw new Error(`the dev server must be a plain http://localhost:<port> origin, not ${serverOrigin}`);
  }
  if (!NONCE.test(nonce)) throw new Error('the dev server nonce must be a random token of at least 16 characters');
  return serialize({
    ...BASE,
    'script-src': [...BASE['script-src']!, `'nonce-${nonce}'`],
    'style-src': [...BASE['style-src']!, `'nonce-${nonce}'`],
    'connect-src': [`ws://${url.host}`],
  });
}

const CSP_META = /(<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=")([^"]*)(")/i;

/** `html` with its CSP meta tag's policy replaced; throws when the page has no such tag. */
export function withContentSecurityPolicy(html: string, policy: string): string {
  if (!CSP_META.test(html)) throw new Error('the page has no Content-Security-Policy meta tag to replace');
  return html.replace(CSP_META, (_match, start: string, _old: string, end: string) => `${start}${policy}${end}`);
}
