/**
 * ProviderConfig validation: checked once, at the public edge (`createAuthService`), with a
 * message that names the field. Everything inside the core trusts the resolved result.
 */
import * as v from 'valibot';
import { AuthError, AuthErrorCode } from './errors.ts';
import type { AuthServiceOptions, ProviderConfig } from './types.ts';

export const DEFAULT_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;
export const DEFAULT_REDIRECT_PATH = '/callback';
export const DEFAULT_POST_LOGOUT_PATH = '/signed-out';
/** The longest redirect URL the app accepts from the operating system (a private-use URI). */
export const MAX_REDIRECT_URL_LENGTH = 8_192;
const DEFAULT_SIGN_IN_TIMEOUT_MS = 300_000;

/** ProviderConfig with defaults applied and the issuer parsed. */
export interface ResolvedProviderConfig {
  issuer: string;
  issuerUrl: URL;
  /** The origin of the configured protected API: a fresh sign-in binds its session to it. */
  apiOrigin: string | undefined;
  /** The provider takes `prompt=select_account` although its metadata may not list it. */
  selectAccountPrompt: boolean;
  /** As configured; undefined: chosen from the provider's metadata (see provider.ts). */
  tokenEndpointAuthMethod: (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number] | undefined;
  clientId: string;
  clientSecret: string | undefined;
  /** Scopes the person configured; undefined means "the defaults, adapted to the provider". */
  scopes: string[] | undefined;
  redirectPort: number;
  redirectPath: string;
  postLogoutRedirectPath: string;
  signInTimeoutMs: number;
  allowInsecureRequests: boolean;
  prompt: string | undefined;
  extraAuthorizationParams: Record<string, string>;
  idTokenSigningAlg: string | undefined;
  assumeS256PkceSupport: boolean;
  expectedIssuer: string | undefined;
  privateUseRedirectUri: string | undefined;
  dpop: boolean;
  pushedAuthorizationRequests: boolean;
  clockToleranceSeconds: number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for hosts that never leave this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Why the access token may not be sent to `url`, or undefined when it may. It goes only over
 * https, or over http to this machine when the configuration allows insecure requests (a local
 * test API), and never to a URL that carries credentials.
 */
export function apiUrlProblem(url: URL, allowInsecureRequests: boolean): 'insecure' | 'credentials' | undefined {
  const localHttp = url.protocol === 'http:' && allowInsecureRequests && isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !localHttp) return 'insecure';
  if (url.username || url.password) return 'credentials';
  return undefined;
}

const nonEmpty = (what: string) => v.pipe(v.string(`${what} must be a string`), v.trim(), v.nonEmpty(`${what} must not be empty`));

const pathSchema = (field: string) =>
  v.pipe(
    v.string(`${field} must be a string`),
    v.regex(/^\/[A-Za-z0-9\-._~/%]*$/, `${field} must be a path starting with "/" (no query or fragment)`),
  );

// Protocol parameters the core owns: letting configuration override them would weaken PKCE,
// state or nonce, or change the redirect the listener waits for.
const RESERVED_PARAMS = new Set([
  'client_id', 'redirect_uri', 'response_type', 'response_mode', 'scope', 'state', 'nonce',
  'code_challenge', 'code_challenge_method', 'request', 'request_uri',
]);

/** How the client authenticates at the token endpoint (RFC 6749 §2.3.1, OpenID Connect Core §9). */
export const TOKEN_ENDPOINT_AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post'] as const;

const providerSchema = v.looseObject({
  issuer: nonEmpty('issuer'),
  clientId: nonEmpty('clientId'),
  clientSecret: v.optional(nonEmpty('clientSecret')),
  scopes: v.optional(
    v.pipe(
      v.array(v.pipe(v.string('each scope must be a string'), v.regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'each scope must be a non-empty word without spaces or quotes')), 'scopes must be an array of strings'),
      v.check((scopes) => scopes.includes('openid'), 'scopes must include "openid" (this is an OpenID Connect sign-in)'),
    ),
  ),
  redirectPort: v.optional(
    v.pipe(v.number('redirectPort must be a number'), v.integer('redirectPort must be an integer'), v.minValue(0, 'redirectPort must be from 0 to 65535'), v.maxValue(65535, 'redirectPort must be from 0 to 65535')),
  ),
  redirectPath: v.optional(pathSchema('redirectPath')),
  postLogoutRedirectPath: v.optional(pathSchema('postLogoutRedirectPath')),
  signInTimeoutMs: v.optional(
    v.pipe(v.number('signInTimeoutMs must be a number'), v.integer('signInTimeoutMs must be an integer'), v.minValue(1, 'signInTimeoutMs must be positive'), v.maxValue(86_400_000, 'signInTimeoutMs must be at most one day')),
  ),
  allowInsecureRequests: v.optional(v.boolean('allowInsecureRequests must be true or false')),
  prompt: v.optional(v.string('prompt must be a string')),
  extraAuthorizationParams: v.optional(
    v.pipe(
      v.record(v.string(), v.string('extraAuthorizationParams values must be strings'), 'extraAuthorizationParams must be an object of strings'),
      v.check((params) => !Object.keys(params).some((key) => RESERVED_PARAMS.has(key)), `extraAuthorizationParams must not set ${[...RESERVED_PARAMS].join(', ')}`),
    ),
  ),
  idTokenSigningAlg: v.optional(
    v.pipe(v.string('idTokenSigningAlg must be a string'), v.regex(/^(RS|PS|ES)(256|384|512)$|^(EdDSA|Ed25519)$/, 'idTokenSigningAlg must be an asymmetric JWS algorithm such as RS256, PS256, ES256 or EdDSA')),
  ),
  assumeS256PkceSupport: v.optional(v.boolean('assumeS256PkceSupport must be true or false')),
  expectedIssuer: v.optional(nonEmpty('expectedIssuer')),
  privateUseRedirectUri: v.optional(
    v.pipe(
      v.string('privateUseRedirectUri must be a string'),
      // RFC 8252 §7.1: a reverse domain name scheme (with a dot), one slash, no query/fragment.
      v.regex(/^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:\/[A-Za-z0-9\-._~/%]*$/, 'privateUseRedirectUri must be a private-use URI with a reverse domain name scheme, e.g. com.example.app:/callback'),
    ),
  ),
  dpop: v.optional(v.boolean('dpop must be true or false')),
  pushedAuthorizationRequests: v.optional(v.boolean('pushedAuthorizationRequests must be true or false')),
  clockToleranceSeconds: v.optional(
    v.pipe(v.number('clockToleranceSeconds must be a number'), v.minValue(0, 'clockToleranceSeconds must not be negative'), v.maxValue(600, 'clockToleranceSeconds must be at most 600')),
  ),
  apiUrl: v.optional(nonEmpty('apiUrl')),
  selectAccountPrompt: v.optional(v.boolean('selectAccountPrompt must be true or false')),
  tokenEndpointAuthMethod: v.optional(
    v.picklist(TOKEN_ENDPOINT_AUTH_METHODS, `tokenEndpointAuthMethod must be one of ${TOKEN_ENDPOINT_AUTH_METHODS.join(', ')}`),
  ),
});

function invalid(message: string): AuthError {
  return new AuthError(AuthErrorCode.invalidConfig, `The provider configuration is invalid: ${message}.`);
}

function parseIssuer(field: string, value: string, allowInsecure: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`${field} "${value}" is not a URL (expected something like https://idcs-<id>.identity.oraclecloud.com)`);
  }
  if (url.search || url.hash) throw invalid(`${field} must not contain a query or fragment`);
  if (url.username || url.password) throw invalid(`${field} must not contain credentials`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw invalid(`${field} must use https; http is allowed only for a provider on this machine (127.0.0.1 or localhost)`);
    }
    if (!allowInsecure) {
      throw invalid(`${field} uses http; set allowInsecureRequests: true for a local test or demo provider, or use https`);
    }
    return url;
  }
  throw invalid(`${field} must be an https URL`);
}

function parseApiUrl(value: string, allowInsecure: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`apiUrl "${value}" is not a URL`);
  }
  const problem = apiUrlProblem(url, allowInsecure);
  if (problem === 'insecure') throw invalid('apiUrl must use https (http only for a local test API, with allowInsecureRequests)');
  if (problem === 'credentials') throw invalid('apiUrl must not contain credentials');
  return url;
}

/**
 * Validates the options given to `createAuthService` and applies defaults.
 * @throws AuthError `invalid_config` naming the field at fault.
 */
export function resolveOptions(options: AuthServiceOptions): ResolvedProviderConfig {
  if (typeof options !== 'object' || options === null) throw invalid('options must be an object');
  for (const name of ['openExternal'] as const) {
    if (typeof options[name] !== 'function') throw invalid(`${name} must be a function`);
  }
  const cipher = options.cipher as Partial<AuthServiceOptions['cipher']> | undefined;
  if (!cipher || typeof cipher.isAvailable !== 'function' || typeof cipher.encrypt !== 'function' || typeof cipher.decrypt !== 'function') {
    throw invalid('cipher must provide isAvailable, encrypt and decrypt');
  }
  const store = options.store as Partial<AuthServiceOptions['store']> | undefined;
  if (!store || typeof store.get !== 'function' || typeof store.set !== 'function' || typeof store.delete !== 'function') {
    throw invalid('store must provide get, set and delete');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw invalid('fetch must be a function');

  const parsed = v.safeParse(providerSchema, options.provider);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue);
    const message = issue.message.startsWith('Invalid') && path ? `${path}: ${issue.message}` : issue.message;
    throw invalid(options.provider === undefined ? 'provider is missing' : message);
  }
  const provider: ProviderConfig = parsed.output;
  const allowInsecure = provider.allowInsecureRequests === true;
  const issuerUrl = parseIssuer('issuer', provider.issuer, allowInsecure);
  if (provider.expectedIssuer !== undefined) parseIssuer('expectedIssuer', provider.expectedIssuer, allowInsecure);
  const apiOrigin = provider.apiUrl === undefined ? undefined : parseApiUrl(provider.apiUrl, allowInsecure).origin;
  if (provider.tokenEndpointAuthMethod && provider.tokenEndpointAuthMethod !== 'none' && !provider.clientSecret) {
    throw invalid(`tokenEndpointAuthMethod ${provider.tokenEndpointAuthMethod} needs a clientSecret; a public native app uses none`);
  }

  return {
    issuer: provider.issuer,
    issuerUrl,
    apiOrigin,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    scopes: provider.scopes ? [...new Set(provider.scopes)] : undefined,
    redirectPort: provider.redirectPort ?? 0,
    redirectPath: provider.redirectPath ?? DEFAULT_REDIRECT_PATH,
    postLogoutRedirectPath: provider.postLogoutRedirectPath ?? DEFAULT_POST_LOGOUT_PATH,
    signInTimeoutMs: provider.signInTimeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS,
    allowInsecureRequests: allowInsecure,
    prompt: provider.prompt,
    extraAuthorizationParams: provider.extraAuthorizationParams ?? {},
    idTokenSigningAlg: provider.idTokenSigningAlg,
    assumeS256PkceSupport: provider.assumeS256PkceSupport === true,
    expectedIssuer: provider.expectedIssuer,
    privateUseRedirectUri: provider.privateUseRedirectUri,
    dpop: provider.dpop !== false,
    pushedAuthorizationRequests: provider.pushedAuthorizationRequests !== false,
    clockToleranceSeconds: provider.clockToleranceSeconds ?? 30,
    tokenEndpointAuthMethod: provider.tokenEndpointAuthMethod,
    selectAccountPrompt: provider.selectAccountPrompt === true,
  };
}
