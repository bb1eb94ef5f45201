/**
 * Electron's `net.fetch` as the core's `fetch`: requests go through Chromium's network stack,
 * which follows the operating system's proxy settings (PAC files, WPAD, per-app exceptions) and
 * trusts the system's certificate store, as the person's browser does. Node's global fetch does
 * neither, so behind a corporate proxy or TLS inspection the browser could sign in while the
 * app could not reach the token endpoint.
 *
 * `net.fetch` must only be called after the app is ready; its signature (`string | Request`)
 * is narrower than `typeof fetch` (which also takes a URL), and it also serves `file:` and the
 * app's own custom protocols, which the core never needs. The wrapper fixes all three, and
 * reports Chromium's `net::ERR_*` failures as the network errors they are.
 * @see https://www.electronjs.org/docs/latest/api/net#netfetchinput-init
 */
import type { Net } from 'electron';

/** The parts of Electron's `app` and `net` the wrapper needs. */
export interface NetFetchDependencies {
  net: Pick<Net, 'fetch'>;
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

/** `typeof fetch` over `net.fetch`, for http(s) only. Create it after `app.whenReady()`. */
export function createNetFetch(deps: NetFetchDependencies): typeof globalThis.fetch {
  return async (input, init) => {
    if (!deps.app.isReady()) throw new Error('net.fetch was used before the app was ready.');
    const request = input instanceof Request ? input : undefined;
    const url = request ? request.url : input instanceof URL ? input.href : String(input);
    const protocol = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
    if (protocol !== 'https' && protocol !== 'http') {
      throw new TypeError(`fetch failed: only http and https URLs are fetched (${protocol ?? 'no'} scheme)`);
    }
    try {
      // bypassCustomProtocolHandlers: an https request must reach the network, even if the app
      // ever intercepted a scheme.
      return await deps.net.fetch(request ?? url, { ...init, bypassCustomProtocolHandlers: true });
    } catch (error) {
      throw toFetchError(error);
    }
  };
}
