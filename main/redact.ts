/**
 * The one function every diagnostic line goes through before it is written or copied. The core
 * never hands tokens to its log, and the glue does not either; this is the second line of
 * defence, so that a careless message (an error that quotes a URL, a response body, a header)
 * still cannot put a secret in a file that people attach to support tickets.
 * Pure: no I/O, no Electron.
 */

/** What a removed value is replaced with. */
export const REDACTED = '[redacted]';

/** Longer messages are cut: a log line is a sentence, not a response body. */
export const MAX_REDACTED_LENGTH = 2_000;

/** Options of {@link redact}. */
export interface RedactOptions {
  /** Cut after this many characters. Default {@link MAX_REDACTED_LENGTH}; Infinity keeps all. */
  maxLength?: number;
}

// Parameter and member names whose values are secrets (or single-use values an attacker could
// replay): OAuth 2.0 / OpenID Connect request and response parameters, and credentials.
const SECRET_NAMES = [
  'access_token',
  'refresh_token',
  'id_token',
  'id_token_hint',
  'code',
  'code_verifier',
  'state',
  'nonce',
  'session_state',
  'client_secret',
  'client_assertion',
  'assertion',
  'password',
  'dpop',
  'request_uri',
];
// Names that are never English words, so `name: value` is redacted too (not only `name=value`).
const TOKEN_NAMES = ['access_token', 'refresh_token', 'id_token', 'id_token_hint', 'code_verifier', 'client_secret', 'client_assertion'];
// A JWK's private members (RFC 7518 §6.2.2, §6.3.2, §6.4): a DPoP key pair exported as JSON.
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

const alternatives = (names: readonly string[]): string => names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

const rules: Array<[RegExp, string | ((match: string, ...groups: string[]) => string)]> = [
  // Log injection: a line must stay one line.
  [/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' '],
  // JWTs (JWS and JWE: ID tokens, JWT access tokens, DPoP proofs, request objects): their
  // header always starts with `{"` in base64url, which is `eyJ`.
  [/eyJ[A-Za-z0-9_-]{2,}(?:\.[A-Za-z0-9_-]*){0,4}/g, '[redacted:jwt]'],
  // Authorization header values.
  [/\b(Bearer|DPoP|Basic)(\s+)[A-Za-z0-9\-._~+/]{8,}=*/gi, `$1$2${REDACTED}`],
  // JSON members: "access_token": "...", "d": "..." (DPoP private keys), ...
  [new RegExp(`"(${alternatives([...SECRET_NAMES, ...PRIVATE_JWK_MEMBERS])})"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|[^,}\\s]+)`, 'gi'), `"$1":"${REDACTED}"`],
  // Form, query and `name=value` text: code=..., state=..., refresh_token=...
  [new RegExp(`\\b(${alternatives(SECRET_NAMES)})=([^&\\s"'<>,;)]*)`, 'gi'), `$1=${REDACTED}`],
  // `refresh_token: ...` in prose or YAML-like output.
  [new RegExp(`\\b(${alternatives(TOKEN_NAMES)})(\\s*:\\s*)([^\\s,;&"'<>)]+)`, 'gi'), `$1$2${REDACTED}`],
  // Query strings and fragments of URLs (any scheme, the app's private-use one included): the
  // authorization response and the logout request carry codes, states and ID tokens there.
  [/\b([a-z][a-z0-9+.-]*:\/\/?[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, `$1?${REDACTED}`],
  // A bare `?name=value` (a path and query without a scheme).
  [/(?<=\S)\?[A-Za-z0-9_.~%-]+=[^\s"'<>]*/g, `?${REDACTED}`],
  // Long base64url or base64 runs: opaque tokens, codes, keys, ciphertext. Host names are left
  // alone (an OCI domain `idcs-<32 hex>.identity.oraclecloud.com` must stay readable), and so are
  // file paths, whose segments are short.
  [/(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/=_-]|\.[A-Za-z0-9])/g, (run) => (looksLikePath(run) ? run : REDACTED)],
];

function looksLikePath(run: string): boolean {
  if (!run.includes('/') || /[+=]/.test(run)) return false;
  // base64 puts a '/' about every 64 characters, so a secret has a long segment; paths do not.
  return run.split('/').every((segment) => segment.length < 20);
}

/**
 * Removes anything that looks like a secret from `text`: JWTs, bearer and DPoP credentials,
 * OAuth parameters (`code=`, `state=`, `nonce=`, `code_verifier=`, `refresh_token`,
 * `access_token`, `id_token`...), JWK private members (`"d":`), URL query strings and fragments,
 * and long base64url runs (32 characters or more); flattens line breaks; cuts long text.
 */
export function redact(text: unknown, options: RedactOptions = {}): string {
  let result = typeof text === 'string' ? text : String(text);
  for (const [pattern, replacement] of rules) {
    result = result.replace(pattern, replacement as string);
  }
  const maxLength = options.maxLength ?? MAX_REDACTED_LENGTH;
  return result.length > maxLength ? `${result.slice(0, maxLength)}... [cut]` : result;
}
