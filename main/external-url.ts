/**
 * What the app lets `shell.openExternal` open. The OS hands these URLs to whatever program
 * claims the scheme, so an unchecked URL from a compromised renderer (or a misbehaving
 * provider) could launch local programs or files. Pure: no Electron import, tested directly.
 */
import { isLoopbackHost } from './auth/config.ts';

/** The outcome of checking a URL: the normalized URL to open, or why it was refused. */
export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/** Which origins the sign-in flow may send the browser to. */
export interface ProviderUrlPolicy {
  /** Origins (`https://login.example.com`) the browser may be sent to. */
  allowedOrigins: readonly string[];
  /** Allows `http:` for loopback hosts on an allowed origin (the demo provider, tests). */
  allowLoopbackHttp: boolean;
}

// Authorization URLs with PKCE are well under 2 KB; anything far bigger is not ours.
const MAX_URL_LENGTH = 16_384;

// Control characters, whitespace and backslashes never appear in a URL the app builds; some
// OS URL handlers treat them differently from the WHATWG parser that checked the URL.
const SUSPICIOUS_CHARACTERS = /[\u0000-\u0020\u007f-\u009f\\]/;

// One definition of "never leaves this machine", the core's: the glue and the core must not
// disagree about which http:// hosts are acceptable.
export { isLoopbackHost };

/** Builds the policy for a provider: its issuer's origin plus any extra browser origins. */
export function createProviderUrlPolicy(options: {
  issuer: string;
  /** Origins the provider's endpoints live on besides the issuer's (AWS Cognito, ...). */
  browserOrigins?: readonly string[];
  /** Mirrors ProviderConfig.allowInsecureRequests: http is then allowed for loopback only. */
  allowInsecureRequests?: boolean;
}): ProviderUrlPolicy {
  const origins = [options.issuer, ...(options.browserOrigins ?? [])].map((url) => new URL(url).origin);
  return { allowedOrigins: [...new Set(origins)], allowLoopbackHttp: options.allowInsecureRequests === true };
}

/** Checks a URL the sign-in core wants to open (authorization, end-session) against the policy. */
export function checkProviderUrl(raw: string, policy: ProviderUrlPolicy): UrlCheck {
  const parsed = parseCandidate(raw);
  if (!parsed.ok) return parsed;
  const url = parsed.value;
  const secure = url.protocol === 'https:';
  const loopbackHttp = url.protocol === 'http:' && policy.allowLoopbackHttp && isLoopbackHost(url.hostname);
  if (!secure && !loopbackHttp) {
    return refuse(`Refused to open a ${url.protocol} URL in the browser: only https URLs of the provider are allowed.`);
  }
  if (!policy.allowedOrigins.includes(url.origin)) {
    return refuse(
      `Refused to open ${url.origin} in the browser: it is not the configured provider's origin. ` +
        'If the provider serves its sign-in pages from another origin, add it to browserOrigins in config.json.',
    );
  }
  return { ok: true, url: url.href };
}

/** Checks a link the renderer asks to open (window.open, target=_blank): https only. */
export function checkLinkUrl(raw: string): UrlCheck {
  const parsed = parseCandidate(raw);
  if (!parsed.ok) return parsed;
  const url = parsed.value;
  if (url.protocol !== 'https:') {
    return refuse(`Refused to open a ${url.protocol} link in the browser: only https links are opened.`);
  }
  return { ok: true, url: url.href };
}

/** Wraps `shell.openExternal` so the core can only send the browser where the policy allows. */
export function createProviderOpener(
  openExternal: (url: string) => Promise<void>,
  policy: ProviderUrlPolicy,
): (url: string) => Promise<void> {
  return async (url) => {
    const check = checkProviderUrl(url, policy);
    if (!check.ok) throw new Error(check.reason);
    await openExternal(check.url);
  };
}

function parseCandidate(raw: unknown): { ok: true; value: URL } | { ok: false; reason: string } {
  if (typeof raw !== 'string' || raw.length === 0) return refuse('Refused to open an empty URL.');
  if (raw.length > MAX_URL_LENGTH) return refuse('Refused to open a URL that is too long.');
  if (SUSPICIOUS_CHARACTERS.test(raw)) return refuse('Refused to open a URL with spaces, control characters or backslashes.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('Refused to open something that is not a URL.');
  }
  // `https://provider@evil.example` reads like the provider to a person; never open one.
  if (url.username !== '' || url.password !== '') return refuse('Refused to open a URL that carries credentials.');
  return { ok: true, value: url };
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
