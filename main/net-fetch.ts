/**
 * Electron's `fetch` as the core's `fetch`: requests go through Chromium's network stack,
 * which follows the operating system's proxy settings (PAC files, WPAD, per-app exceptions) and
 * trusts the system's certificate store, as the person's browser does. Node's global fetch does
 * neither, so behind a corporate proxy or TLS inspection the browser could sign in while the
 * app could not reach the token endpoint.
 *
 * The requests go through a session of their own, never `session.defaultSession` (which
 * `net.fetch` uses, and the app's window too): see {@link PROVIDER_PARTITION}.
 *
 * Electron's `fetch` must only be called after the app is ready; its signature
 * (`string | Request`) is narrower than `typeof fetch` (which also takes a URL), and it also
 * serves `file:` and the app's own custom protocols, which the core never needs. The wrapper
 * fixes all three, and reports Chromium's `net::ERR_*` failures as the network errors they are.
 * @see https://www.electronjs.org/docs/latest/api/session#sesfetchinput-init
 */
import type { FromPartitionOptions, Session } from 'electron';

/**
 * The session partition the provider requests go through. No `persist:` prefix: Electron keeps
 * such a session in memory only, so whatever the provider sets (cookies, HTTP auth, cache) is
 * gone when the app quits and is never written to the profile on disk.
 *
 * Why a session of its own rather than `credentials: 'omit'` on each request: `net.fetch` uses
 * the default session, which the window's renderer uses too, so provider cookies would be sent
 * from, and readable by, the same cookie jar as the app's page. `omit` would have to be right on
 * every call, including Requests built by openid-client, and in Chromium it also turns off TLS
 * client certificates and HTTP authentication to the server, which some corporate networks need. A separate
 * session isolates everything (cookies, auth cache, HTTP cache, connection pool) whatever a
 * request asks for, and still follows the system proxy, which every new session does by default.
 */
export const PROVIDER_PARTITION = 'oidc-provider';

/**
 * Options the provider session is created with. No HTTP cache: the core keeps provider metadata
 * and keys itself, and reads the key set again when an ID token names an unknown key; a key set
 * Chromium kept by `Cache-Control` would answer that second read with the stale keys.
 */
export const PROVIDER_SESSION_OPTIONS: FromPartitionOptions = { cache: false };

/** The parts of Electron's `app` and `session` module the wrapper needs. */
export interface NetFetchDependencies {
  session: { fromPartition(partition: string, options?: FromPartitionOptions): Pick<Session, 'fetch'> };
  app: { isReady(): boolean };
}

// Chromium's errors, mapped to the Node codes the core already reads as "could not reach".
const NET_ERROR_CODES: Readonly<Record<string, string>> = {
  'net::ERR_CONNECTION_REFUSED': 'ECONNREFUSED',
  'net::ERR_CONNECTION_RESET': 'ECONNRESET',
  'net::ERR_CONNECTION_CLOSED': 'ECONNRESET',
  'net::ERR_EMPTY_RESPONSE': 'ECONNRESET',
  'net::ERR_CONNECTION_ABORTED': 'ECONNRESET',
  'net::ERR_NAME_NOT_RESOLVED': 'ENOTFOUND',
  'net::ERR_NAME_RESOLUTION_FAILED': 'EAI_AGAIN',
  'net::ERR_CONNECTION_TIMED_OUT': 'ETIMEDOUT',
  'net::ERR_TIMED_OUT': 'ETIMEDOUT',
  'net::ERR_ADDRESS_UNREACHABLE': 'EHOSTUNREACH',
  'net::ERR_INTERNET_DISCONNECTED': 'ENETUNREACH',
  'net::ERR_NETWORK_CHANGED': 'ENETUNREACH',
  'net::ERR_PROXY_CONNECTION_FAILED': 'ECONNREFUSED',
  'net::ERR_TUNNEL_CONNECTION_FAILED': 'ECONNREFUSED',
  'net::ERR_CERT_DATE_INVALID': 'CERT_HAS_EXPIRED',
  'net::ERR_CERT_COMMON_NAME_INVALID': 'ERR_TLS_CERT_ALTNAME_INVALID',
  'net::ERR_CERT_AUTHORITY_INVALID': 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
};

/** A Chromium `net::ERR_*` failure as a fetch `TypeError` (what Node's fetch throws), with a
 *  `cause` carrying the matching Node error code where there is one. */
export function toFetchError(error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  const match = /net::ERR_[A-Z_]+/.exec(message);
  if (!match) return error;
  const code = NET_ERROR_CODES[match[0]];
  const cause = Object.assign(new Error(match[0]), code ? { code } : {});
  return new TypeError(`fetch failed (${match[0]})`, { cause });
}

/** `typeof fetch` over the provider session's `fetch`, for http(s) only. Create it any time; it
 *  refuses to run before `app.whenReady()` (the session module is not usable until then). */
export function createNetFetch(deps: NetFetchDependencies): typeof globalThis.fetch {
  let provider: Pick<Session, 'fetch'> | undefined;
  return async (input, init) => {
    if (!deps.app.isReady()) throw new Error('The provider fetch was used before the app was ready.');
    const request = input instanceof Request ? input : undefined;
    // A Request of another realm is none of these: it has no URL here, and is refused below
    // like a URL without a scheme.
    const url = request ? request.url : input instanceof URL ? input.href : typeof input === 'string' ? input : '';
    const protocol = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
    if (protocol !== 'https' && protocol !== 'http') {
      throw new TypeError(`fetch failed: only http and https URLs are fetched (${protocol ?? 'no'} scheme)`);
    }
    provider ??= deps.session.fromPartition(PROVIDER_PARTITION, PROVIDER_SESSION_OPTIONS);
    try {
      // bypassCustomProtocolHandlers: an https request must reach the network, even if the app
      // ever intercepted a scheme.
      return await provider.fetch(request ?? url, { ...init, bypassCustomProtocolHandlers: true });
    } catch (error) {
      throw toFetchError(error);
    }
  };
}
