/**
 * The one function every diagnostic line goes through before it is written or copied. The core
 * never hands tokens to its log, and the glue does not either; this is the second line of
 * defence, so that a careless message (an error that quotes a URL, a response body, a header)
 * still cannot put a secret in a file that people attach to support tickets.
 *
 * It fails closed: a value next to a credential's name is removed however it is written (query
 * string, form body, URL-encoded, JSON in double or single quotes, escaped JSON, a JavaScript
 * object, a header, a sentence), and values with no name at all are caught by their shape (JWTs,
 * long base64 runs, URL queries). test/main/redact.test.ts runs every name of
 * test/support/credential-samples.ts through every encoding.
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

/**
 * Names whose values are credentials, or single-use values that would let someone replay or
 * finish a flow: OAuth 2.0 / OpenID Connect parameters and members, DPoP proofs, cookies.
 * `request_uri` (RFC 9126) is left out on purpose: single-use, but not a credential (it only
 * names a pushed request; whoever presents it must still sign in as the person, and the code
 * goes to the app's redirect, useless without the PKCE verifier).
 */
const SECRET_NAMES = [
  'access_token',
  'refresh_token',
  'id_token_hint',
  'id_token',
  'code_verifier',
  'code',
  'client_secret',
  'client_assertion',
  'assertion',
  'token',
  'subject_token',
  'actor_token',
  'device_code',
  'user_code',
  'state',
  'nonce',
  'session_state',
  'password',
  'dpop',
  'set-cookie',
  'cookie',
];
/** Headers whose value is `<scheme> <credentials>`. */
const AUTHORIZATION_NAMES = ['proxy-authorization', 'authorization'];
/** A JWK's private members (RFC 7518 §6.2.2, §6.3.2, §6.4): a DPoP key pair exported as JSON.
 *  Single letters, so only ever as JSON members. */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
/** Authorization schemes, kept readable in front of the removed credentials. */
const SCHEMES = ['Bearer', 'DPoP', 'Basic', 'Digest', 'Negotiate', 'NTLM', 'Token', 'MAC'];

const escape = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternatives = (names: readonly string[]): string => names.map(escape).join('|');

const NAMES = alternatives(SECRET_NAMES);
const JSON_NAMES = alternatives([...SECRET_NAMES, ...AUTHORIZATION_NAMES, ...PRIVATE_JWK_MEMBERS]);
const SCHEME = alternatives(SCHEMES);

// A name starts a word, or follows a percent-escape (`%26refresh_token%3D...`): `error_code` and
// `client_assertion_type` are other names.
const START = '(?:(?<![\\w-])|(?<=%[0-9A-Fa-f]{2}))';
// `name=value`, `name = value`, `name%3Dvalue`.
const EQUALS = '(?:\\s?=\\s?|%3D)';
// `name: value`, `name%3Avalue`.
const COLON = '(?:\\s*:\\s*|%3A)';
// A value in quotes, or a run up to the next separator (`&`, `%26`, space, quote, `;` ...).
// Never a value already removed, so running redact twice changes nothing more.
const QUOTED = `"(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*'`;
const BARE = `(?!\\[redacted)(?:(?!%26|%22)[^\\s&"'<>,;)}\\]])+`;
const VALUE = `(?:${QUOTED}|${BARE})`;
// Words before "code" that make it an error or status code, not an authorization code.
const NOT_A_CREDENTIAL_BEFORE = '(?<!\\b(?:error|status|exit|http|response|reason|result|return)\\s)';

/**
 * Values that are never credentials even next to a credential's name: error codes, which are
 * identifiers (Node's `ECONNREFUSED`, OAuth's and the core's `access_denied`), JSON literals,
 * and short plain words after `DPoP:` (the report says `DPoP: on in the configuration`).
 */
function keepsValue(name: string, rawValue: string): boolean {
  const value = rawValue.replace(/^(\\?["'])(.*)\1$/, '$2');
  const lower = name.toLowerCase();
  if (/^(?:true|false|null)$/.test(value)) return true;
  if (lower === 'code' && (/^[A-Z][A-Z0-9_]*$/.test(value) || /^[a-z]+(?:_[a-z]+)+$/.test(value))) return true;
  return lower === 'dpop' && /^[a-z]{1,12}$/.test(value);
}

/** `name<separator>value` with the value removed, unless it is one {@link keepsValue} keeps. */
const removeValue = (match: string, name: string, separator: string, value: string): string =>
  keepsValue(name, value) ? match : `${name}${separator}${REDACTED}`;

/**
 * Words that follow "authorization code", "refresh token" and the like in a sentence without
 * being the value: "the authorization code was already used", "the access token expires".
 * Anything else after such a phrase is taken for the value and removed.
 */
const PROSE_WORDS = new Set(
  (
    'a about after again already an and any are arrived as at back be because been before being binding bound but by came can cannot ' +
    'claim claims come comes could did does endpoint exchange exchanges expired expires failed flow flows for format from fully goes ' +
    'grant grants had has hash have header if in injection into invalid is issued it its itself kept length lifetime may might ' +
    'mismatch missing must names need never no nor not of on once only or over parameter per received refused rejected replay ' +
    'request requests response responses returned reuse reused rotation sent should signature signatures since so still that the ' +
    'then there this to too type types under until used valid value values via was were when which while will with without would yes yet'
  ).split(' '),
);
const PROSE_PHRASES = [
  'authorization codes?',
  'auth codes?',
  'device codes?',
  'user codes?',
  '(?:access|refresh|id|bearer) tokens?',
  'client secrets?',
  'code verifiers?',
  'client assertions?',
];

type Replacement = string | ((match: string, ...groups: string[]) => string);

const rules: Array<[RegExp, Replacement]> = [
  // Log injection: a line must stay one line.
  [/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' '],
  // JWTs (JWS and JWE: ID tokens, JWT access tokens, DPoP proofs, request objects): their
  // header always starts with `{"` in base64url, which is `eyJ`.
  [/eyJ[A-Za-z0-9_-]{2,}(?:\.[A-Za-z0-9_-]*){0,4}/g, '[redacted:jwt]'],
  // Authorization headers, any scheme, any separator: `Authorization: Bearer ...`,
  // `authorization=Basic%20...`, `{ Authorization: 'DPoP ...' }`. The scheme stays readable.
  [
    new RegExp(
      `${START}(${alternatives(AUTHORIZATION_NAMES)})(${COLON}|${EQUALS})(?:(${QUOTED})|(?:(${SCHEME})(\\s+))?(?!(?:${SCHEME})\\s+\\[redacted)(${BARE}))`,
      'gi',
    ),
    (_match, name = '', separator = '', quoted, scheme, space = '') =>
      `${name}${separator}${quoted ? `${quoted[0]}${REDACTED}${quoted[0]}` : `${scheme ? `${scheme}${space}` : ''}${REDACTED}`}`,
  ],
  // Credentials after the usual schemes anywhere else ("sent Bearer abcdefgh..."); 8 characters
  // at least, so "Bearer tokens are refused" stays a sentence.
  [/\b(Bearer|DPoP|Basic)(\s+)(?!\[redacted)[A-Za-z0-9\-._~+/]{8,}=*/gi, `$1$2${REDACTED}`],
  // Cookie headers: every name=value pair and attribute of the header goes.
  [new RegExp(`${START}((?:set-)?cookie)(\\s*:\\s*)(?!\\[redacted)[^\\s;,]+(?:;\\s*[^\\s;,]+)*`, 'gi'), `$1$2${REDACTED}`],
  // JSON members in double quotes: "access_token": "...", "d": "..." (DPoP private keys), numbers.
  [new RegExp(`"(${JSON_NAMES})"(\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[^,}\\]\\s"]+)`, 'gi'), (match, name = '', separator = '', value = '') =>
    keepsValue(name, value) ? match : `"${name}"${separator}"${REDACTED}"`],
  // The same, escaped inside another JSON string: {\"access_token\":\"...\"}.
  [new RegExp(`\\\\"(${JSON_NAMES})\\\\"(\\s*:\\s*)\\\\"(?:(?!\\\\").)*\\\\"`, 'gi'), `\\"$1\\"$2\\"${REDACTED}\\"`],
  // Single quotes (Python, util.inspect of names that need quoting): 'refresh_token': '...'.
  [new RegExp(`'(${JSON_NAMES})'(\\s*:\\s*)'(?:[^'\\\\]|\\\\.)*'`, 'gi'), `'$1'$2'${REDACTED}'`],
  // URL-encoded JSON: %22access_token%22%3A%22...%22.
  [new RegExp(`%22(${JSON_NAMES})%22((?:%20|\\+)*(?::|%3A)(?:%20|\\+)*)%22(?:(?!%22).)*%22`, 'gi'), `%22$1%22$2%22${REDACTED}%22`],
  // Form, query and `name=value` text, plain or URL-encoded: code=..., refresh_token%3D...
  [new RegExp(`${START}${NOT_A_CREDENTIAL_BEFORE}(${NAMES})(${EQUALS})(${VALUE})`, 'gi'), removeValue],
  // `name: value` in prose, headers, YAML and util.inspect output ({ code: '...' }).
  [new RegExp(`${START}${NOT_A_CREDENTIAL_BEFORE}(${NAMES})(${COLON})(${VALUE})`, 'gi'), removeValue],
  // "authorization code xyz", "the refresh token rt-1 was refused": the word after the phrase,
  // unless it is one of the words a sentence goes on with.
  [
    new RegExp(`\\b(${PROSE_PHRASES.join('|')})(\\s+)(?!\\[redacted)([A-Za-z0-9_~+/=-]+(?:\\.[A-Za-z0-9_~+/=-]+)*)`, 'gi'),
    (match, phrase = '', space = '', word = '') => (PROSE_WORDS.has(word.toLowerCase()) ? match : `${phrase}${space}${REDACTED}`),
  ],
  // Query strings and fragments of URLs (any scheme, the app's private-use one included): the
  // authorization response and the logout request carry codes, states and ID tokens there.
  [/\b([a-z][a-z0-9+.-]*:\/\/?[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, `$1?${REDACTED}`],
  // A bare `?name=value` (a path and query without a scheme).
  [/(?<=\S)\?[A-Za-z0-9_.~%-]+=[^\s"'<>]*/g, `?${REDACTED}`],
  // Long base64url or base64 runs: opaque tokens, codes, keys, ciphertext. Host names are left
  // alone (an OCI domain `idcs-<32 hex>.identity.oraclecloud.com` must stay readable), and so are
  // file paths, whose segments are short, and snake_case identifiers.
  [/(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/=_-]|\.[A-Za-z0-9])/g, (run) => (looksLikeName(run) ? run : REDACTED)],
];

function looksLikeName(run: string): boolean {
  // snake_case identifiers (`code_challenge_methods_supported`, a metadata field the core names
  // in its messages): 32 random base64 characters are lowercase letters and '_' only about once
  // in 10^12 tries.
  if (/^[a-z]+(?:_[a-z]+)+$/.test(run)) return true;
  if (!run.includes('/') || /[+=]/.test(run)) return false;
  // base64 puts a '/' about every 64 characters, so a secret has a long segment; paths do not.
  return run.split('/').every((segment) => segment.length < 20);
}

/**
 * Removes anything that looks like a secret from `text`: JWTs; Authorization, DPoP and cookie
 * headers; the values of OAuth parameters and members (`code`, `state`, `nonce`,
 * `code_verifier`, `client_secret`, `token`, `access_token`, `refresh_token`, `id_token`,
 * `id_token_hint`, `assertion`, `device_code`...) in every encoding; JWK private members
 * (`"d":`); URL query strings and fragments; long base64url runs (32 characters or more).
 * Flattens line breaks and cuts long text. Running it twice gives what running it once did.
 */
export function redact(text: unknown, options: RedactOptions = {}): string {
  let result = typeof text === 'string' ? text : String(text);
  for (const [pattern, replacement] of rules) {
    result = result.replace(pattern, replacement as string);
  }
  const maxLength = options.maxLength ?? MAX_REDACTED_LENGTH;
  return result.length > maxLength ? `${result.slice(0, maxLength)}... [cut]` : result;
}
