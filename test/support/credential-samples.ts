/**
 * Every credential the app handles, written every way a log line or a report could carry it:
 * the table that test/main/redact.test.ts runs through `redact()`, and that the diagnostics log,
 * its file and the report tests push through their own paths. One table, so a name or an
 * encoding added here is checked everywhere at once.
 */
import { inspect } from 'node:util';

/** What a row must never show once redacted. Shorter than 32 characters and not base64-looking
 *  as a whole, so the long-run rule cannot hide a name the rules forgot: only the name gives it
 *  away. */
export const SECRET = 'Zq7x-Secret-Val-42';

/** One credential: its name as it travels, and its whole value (the secret inside it). */
export interface Credential {
  /** For the test title. */
  label: string;
  name: string;
  value: string;
}

const parameter = (name: string): Credential => ({ label: name, name, value: SECRET });

/**
 * OAuth 2.0 / OpenID Connect parameters and members whose values are credentials, or single-use
 * values that would let someone replay or finish a flow: the ones the app sends and receives
 * (code, code_verifier, state, nonce, tokens, id_token_hint at logout, client_secret for the
 * providers that insist, DPoP proofs), and the grant and client-authentication ones a provider
 * or a proxy may echo (token for RFC 7009 revocation and RFC 7662 introspection, assertion and
 * client_assertion for RFC 7521/7523, device_code and user_code for RFC 8628). `state` and
 * `nonce` are in the core's list of things it never logs.
 *
 * Not here, by decision: `request_uri` (RFC 9126). It is single-use and expires within a minute,
 * but it is not a credential: it only names the pushed request, whoever presents it still has to
 * sign in as the person, and the code comes back to the app's own redirect, useless without the
 * PKCE verifier. It stays readable (redact.test.ts checks that).
 */
export const PARAMETER_CREDENTIALS: readonly Credential[] = [
  'access_token',
  'refresh_token',
  'id_token',
  'id_token_hint',
  'code',
  'code_verifier',
  'client_secret',
  'token',
  'assertion',
  'client_assertion',
  'device_code',
  'user_code',
  'state',
  'nonce',
  'session_state',
  'password',
  'subject_token',
  'actor_token',
].map(parameter);

/** HTTP headers that carry credentials. */
export const HEADER_CREDENTIALS: readonly Credential[] = [
  { label: 'Authorization (Bearer)', name: 'Authorization', value: `Bearer ${SECRET}` },
  { label: 'Authorization (DPoP)', name: 'Authorization', value: `DPoP ${SECRET}` },
  { label: 'Authorization (Basic)', name: 'Authorization', value: `Basic ${SECRET}` },
  { label: 'Proxy-Authorization', name: 'Proxy-Authorization', value: `Basic ${SECRET}` },
  { label: 'DPoP (proof header)', name: 'DPoP', value: SECRET },
  { label: 'Cookie', name: 'Cookie', value: `sid=${SECRET}; theme=dark` },
  { label: 'Set-Cookie', name: 'Set-Cookie', value: `sid=${SECRET}; Path=/; HttpOnly` },
];

/** Every credential of the table. */
export const CREDENTIALS: readonly Credential[] = [...PARAMETER_CREDENTIALS, ...HEADER_CREDENTIALS];

const enc = encodeURIComponent;

/** How a credential can end up in a line of text. */
export const ENCODINGS: ReadonlyArray<readonly [label: string, write: (name: string, value: string) => string]> = [
  ['query string', (name, value) => `GET https://login.example.com/token?client_id=desktop&${name}=${enc(value)}&x=1 failed`],
  ['private-use redirect query', (name, value) => `opened com.example.oidcdesktop:/callback?${name}=${enc(value)}&iss=x`],
  ['form body', (name, value) => `body grant_type=refresh_token&${name}=${enc(value)}&client_id=desktop`],
  ['URL-encoded form (a body inside a parameter)', (name, value) => `data=${enc(`client_id=desktop&${name}=${value}&x=1`)}`],
  ['URL-encoded JSON', (name, value) => `payload=${enc(JSON.stringify({ client_id: 'desktop', [name]: value, x: 1 }))}`],
  ['JSON, double quotes', (name, value) => `response ${JSON.stringify({ [name]: value, expires_in: 3600 })}`],
  ['pretty-printed JSON', (name, value) => JSON.stringify({ [name]: value, expires_in: 3600 }, null, 2)],
  ['JSON escaped inside JSON', (name, value) => JSON.stringify({ body: JSON.stringify({ [name]: value, x: 1 }) })],
  ['JSON, single quotes', (name, value) => `{'${name}': '${value}', 'x': 1}`],
  ['JavaScript object (util.inspect)', (name, value) => `failed with ${inspect({ [name]: value, x: 1 })}`],
  ['header', (name, value) => `${name}: ${value}`],
  ['prose "name: value"', (name, value) => `the provider answered ${name}: ${value} and stopped`],
  ['prose "name=value"', (name, value) => `retrying with ${name}=${value} now`],
  ['prose "name = value"', (name, value) => `set ${name} = ${value} before`],
  ['URL inside JSON', (name, value) => JSON.stringify({ redirect: `https://app.example/cb?${name}=${enc(value)}&x=1` })],
  ['URL inside JSON, escaped slashes', (name, value) => JSON.stringify({ redirect: `https://app.example/cb?${name}=${enc(value)}&x=1` }).replaceAll('/', '\\/')],
];

/** One line to redact: a credential written one way. */
export interface CredentialSample {
  credential: string;
  encoding: string;
  text: string;
}

/** Every credential times every encoding. */
export function credentialSamples(): CredentialSample[] {
  return CREDENTIALS.flatMap((credential) =>
    ENCODINGS.map(([encoding, write]) => ({ credential: credential.label, encoding, text: write(credential.name, credential.value) })),
  );
}
