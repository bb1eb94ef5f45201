/**
 * Translates what openid-client, fetch and the network throw into AuthError, once, where the
 * core meets them. The original error is kept as `cause`; messages never contain tokens, and
 * are in our words: what a provider wrote (an `error_description`, an HTML error page) is never
 * quoted to the person. It goes to `AuthError.detail`, for the diagnostics log.
 */
import type { AuthorizationResponseError, ResponseBodyError, WWWAuthenticateChallengeError } from 'openid-client';
import { AuthError, AuthErrorCode } from './errors.ts';

/** What a message may name about the client. */
export interface ErrorContext {
  issuer: string;
  clientId: string;
  jwksUri?: string | undefined;
  /** How the client authenticates at the token endpoint (a secret makes more causes possible). */
  clientAuth?: 'none' | 'client_secret_basic' | 'client_secret_post';
}

/** Which operation failed: decides the wording and what a refusal means. */
export type Operation = 'discovery' | 'authorization' | 'token' | 'refresh' | 'userinfo' | 'revocation' | 'resource';

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH',
  'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
  'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'OAUTH_TIMEOUT', 'OAUTH_ABORT',
]);

/** OAuth error codes an authorization response may carry that we pass through as our code. */
const AUTHORIZATION_ERRORS = new Set([
  'access_denied', 'invalid_request', 'unauthorized_client', 'unsupported_response_type', 'invalid_scope',
  'server_error', 'temporarily_unavailable', 'interaction_required', 'login_required',
  'account_selection_required', 'consent_required', 'invalid_request_uri', 'invalid_request_object',
  'request_not_supported', 'request_uri_not_supported', 'registration_not_supported',
]);

/** openid-client's error classes carry stable codes; checking them, not the classes, lets the
 *  library load lazily (and survive bundling). */
function isCoded<T>(error: unknown, code: string): error is T {
  return error instanceof Error && (error as { code?: unknown }).code === code;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Walks the cause chain looking for a network failure; returns a short description. */
function networkFailure(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    const code = codeOf(current);
    if (code && NETWORK_CODES.has(code)) return code === 'OAUTH_TIMEOUT' ? 'the request timed out' : code;
    if (current instanceof DOMException && (current.name === 'TimeoutError' || current.name === 'AbortError')) return 'the request timed out';
    if (current instanceof TypeError && /fetch failed|network|socket/i.test(current.message)) {
      const inner = networkFailure((current as { cause?: unknown }).cause);
      return inner ?? 'network error';
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The innermost library message (the specific one: 'unexpected JWT "aud" claim value'). */
function detailOf(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 4; depth++) {
    const cause = (current as { cause?: unknown } | null)?.cause;
    if (!(cause instanceof Error)) break;
    message = cause.message;
    current = cause;
  }
  return message;
}

/** The innermost message the protocol library wrote itself (its errors carry an `OAUTH_*`
 *  code); never a parser's message, which may quote the provider's body. */
function libraryDetail(error: unknown): string | undefined {
  let current: unknown = error;
  let message: string | undefined;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (codeOf(current)?.startsWith('OAUTH_')) message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}

/** The claim a failed JWT time check names (`exp`, `nbf`, `auth_time`), along the cause chain. */
function failedClaim(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const claim = (current as { cause?: { claim?: unknown } }).cause?.claim;
    if (codeOf(current) === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED' && typeof claim === 'string') return claim;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function responseOf(error: unknown): Response | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if (current instanceof Response) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The first HTTP status along the cause chain (a Response's, or a numeric `status`). */
export function httpStatusOf(error: unknown): number | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if (current instanceof Response) return current.status;
    const status = (current as { status?: unknown }).status;
    if (typeof status === 'number') return status;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Provider-supplied text is shown to a person: keep it short and printable. */
export function sanitizeProviderText(text: unknown): string | undefined {
  if (typeof text !== 'string' || !text.trim()) return undefined;
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > 300 ? `${clean.slice(0, 297)}...` : clean;
}

/** What each operation talks to, in the words a message uses. */
const endpointName: Record<Operation, string> = {
  discovery: 'metadata document',
  authorization: 'authorization endpoint',
  token: 'token endpoint',
  refresh: 'token endpoint',
  userinfo: 'UserInfo endpoint',
  revocation: 'revocation endpoint',
  resource: 'API',
};

/** The content type of the response along the cause chain, for messages and the log. */
function contentTypeOf(error: unknown): string | undefined {
  const type = responseOf(error)?.headers.get('content-type');
  return type ? (sanitizeProviderText(type.split(';')[0]) ?? undefined) : undefined;
}

/** The provider would not let this app revoke its tokens (most often: a public client). */
function revocationRefused(cause: unknown, detail: string | undefined): AuthError {
  return new AuthError(
    AuthErrorCode.revocationRefused,
    "You are signed out: your tokens were removed from this device. The provider did not let this app revoke them, so the refresh token may stay valid there until it expires. To end it now, sign out at the provider's website or remove the app's access in your account settings there.",
    { cause, detail },
  );
}

const unreachableMessage: Record<Operation, (issuer: string, detail: string) => string> = {
  discovery: (issuer, detail) => `Could not reach the identity provider at ${issuer} (${detail}). Check your network connection and the issuer URL, then try again.`,
  authorization: (issuer, detail) => `Could not reach the identity provider at ${issuer} (${detail}). Check your network connection and try again.`,
  token: (issuer, detail) => `Could not reach the identity provider at ${issuer} to finish signing in (${detail}). Check your network connection and sign in again.`,
  refresh: (issuer, detail) => `Could not reach the identity provider at ${issuer} to renew your session (${detail}). You stay signed in; the app will try again.`,
  userinfo: (issuer, detail) => `Could not reach the identity provider at ${issuer} for your profile (${detail}).`,
  revocation: (issuer, detail) => `Could not reach the identity provider at ${issuer} to revoke your tokens (${detail}).`,
  resource: (_issuer, detail) => `Could not reach the API (${detail}). Check the API URL and your network connection, then try again.`,
};

/**
 * Turns any error met during `operation` into an AuthError with an actionable message.
 * AuthErrors pass through unchanged.
 */
export function translateError(error: unknown, operation: Operation, context: ErrorContext): AuthError {
  if (error instanceof AuthError) return error;
  const { issuer, clientId } = context;

  const network = networkFailure(error);
  if (network) return new AuthError(AuthErrorCode.providerUnreachable, unreachableMessage[operation](issuer, network), { cause: error });

  if (isCoded<AuthorizationResponseError>(error, 'OAUTH_AUTHORIZATION_RESPONSE_ERROR')) {
    const detail = sanitizeProviderText(error.error_description);
    const code = AUTHORIZATION_ERRORS.has(error.error) ? error.error : AuthErrorCode.authorizationError;
    const options = { cause: error, detail };
    if (error.error === 'access_denied') {
      return new AuthError(code, 'The sign-in was denied at the provider. If you cancelled it there, sign in again when you are ready. If your account should have access, ask the provider\'s administrator to assign you to this app.', options);
    }
    if (error.error === 'invalid_scope') {
      return new AuthError(code, 'The provider refused the requested scopes. Remove the scopes it does not offer from the configuration and sign in again.', options);
    }
    if (error.error === 'unauthorized_client') {
      return new AuthError(code, `The provider does not allow client "${clientId}" to sign in with an authorization code. Enable the Authorization Code grant for the app at the provider.`, options);
    }
    return new AuthError(code, `The provider ended the sign-in with the error "${sanitizeProviderText(error.error) ?? 'unknown'}". Try again; if it persists, check the app's registration at the provider (details are in the diagnostics log).`, options);
  }

  if (isCoded<ResponseBodyError>(error, 'OAUTH_RESPONSE_BODY_ERROR')) {
    const options = { cause: error, detail: sanitizeProviderText(error.error_description) };
    const where = endpointName[operation];
    switch (error.error) {
      case 'invalid_grant':
        return operation === 'refresh'
          ? new AuthError(AuthErrorCode.sessionExpired, 'Your session has ended at the provider. Sign in again.', options)
          : new AuthError(AuthErrorCode.invalidGrant, 'The provider refused to complete the sign-in: the authorization code was expired, already used, or issued for another redirect URI. Sign in again.', options);
      case 'invalid_client': {
        if (operation === 'revocation') return revocationRefused(error, options.detail);
        const basic =
          context.clientAuth === 'client_secret_basic'
            ? ' If the client ID and secret are right, the provider may not decode HTTP Basic credentials: set the token endpoint authentication method (tokenEndpointAuthMethod) to client_secret_post.'
            : '';
        return new AuthError(AuthErrorCode.invalidClient, `The provider does not accept client "${clientId}". Check the client ID, and that the app is registered as a public client (no client secret) or that the configured secret is right.${basic}`, options);
      }
      case 'unauthorized_client': {
        if (operation === 'revocation') return revocationRefused(error, options.detail);
        const credentials =
          context.clientAuth && context.clientAuth !== 'none'
            ? ` The cause may also be client authentication: the provider did not accept how the app authenticated (${context.clientAuth}); check the client secret and the token endpoint authentication method (tokenEndpointAuthMethod).`
            : '';
        return new AuthError(AuthErrorCode.invalidClient, `Client "${clientId}" is not allowed to use this grant: enable the Authorization Code and Refresh Token grants for the app at the provider.${credentials}`, options);
      }
      case 'server_error':
      case 'temporarily_unavailable':
        return new AuthError(AuthErrorCode.providerError, `The identity provider's ${where} had a problem (${error.error}). Try again in a moment.`, options);
      default:
        if (error.status >= 500) {
          return new AuthError(AuthErrorCode.providerError, `The identity provider's ${where} answered with an error (HTTP ${error.status}). Try again in a moment.`, options);
        }
        if (operation === 'refresh' && error.status !== 408 && error.status !== 429) {
          // An OAuth error answer to a refresh is the provider's refusal, whatever its code
          // (RFC 6749 §5.2 says invalid_grant; some say invalid_request): retrying cannot help.
          return new AuthError(AuthErrorCode.sessionExpired, `The provider refused to renew your session (it answered "${sanitizeProviderText(error.error) ?? 'unknown'}"). Sign in again.`, options);
        }
        if (operation === 'revocation' && (error.status === 401 || error.status === 403)) return revocationRefused(error, options.detail);
        return new AuthError(AuthErrorCode.tokenError, `The provider's ${where} refused the request with the error "${sanitizeProviderText(error.error) ?? 'unknown'}" (HTTP ${error.status}). Check the app's registration at the provider (details are in the diagnostics log).`, options);
    }
  }

  if (operation === 'revocation' && (httpStatusOf(error) === 401 || httpStatusOf(error) === 403)) return revocationRefused(error, contentTypeOf(error));

  if (isCoded<WWWAuthenticateChallengeError>(error, 'OAUTH_WWW_AUTHENTICATE_CHALLENGE')) {
    return new AuthError(AuthErrorCode.providerError, `The provider refused the request (HTTP ${error.status}). Sign in again; if it persists, check the app's registration at the provider.`, { cause: error });
  }

  const code = codeOf(error);
  const status = httpStatusOf(error);
  if (operation === 'discovery') {
    const where = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    if (code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') {
      const discovered = (error as { cause?: { body?: { issuer?: unknown } } }).cause?.body?.issuer;
      return new AuthError(AuthErrorCode.issuerMismatch, `The provider's metadata at ${where} names the issuer "${sanitizeProviderText(discovered) ?? '?'}", but the configured issuer is "${issuer}". Set the issuer to exactly the value the provider publishes.`, { cause: error });
    }
    if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && status !== undefined && status >= 500) {
      return new AuthError(AuthErrorCode.providerError, `The identity provider at ${issuer} answered its metadata request with HTTP ${status}. Try again in a moment.`, { cause: error });
    }
    const notJson = code === 'OAUTH_RESPONSE_IS_NOT_JSON' || code === 'OAUTH_PARSE_ERROR';
    const what =
      code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && status !== undefined
        ? `answered with HTTP ${status}`
        : notJson
          ? `did not answer with OpenID provider metadata (${contentTypeOf(error) ?? 'the body is not JSON'})`
          : `did not answer with OpenID provider metadata (${libraryDetail(error) ?? 'unexpected response'})`;
    return new AuthError(AuthErrorCode.discoveryFailed, `${where} ${what}. Check that the issuer URL is exactly the provider's issuer identifier.`, { cause: error });
  }

  const failedUrl = responseOf(error)?.url;
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && context.jwksUri && failedUrl === context.jwksUri && (status === 401 || status === 403)) {
    return new AuthError(AuthErrorCode.jwksUnavailable, `The provider refused to hand out its signing keys (${context.jwksUri} answered HTTP ${status}), so the sign-in could not be verified. The provider must let clients read its signing keys without credentials; in OCI IAM Identity Domains, turn on "Configure client access" under the domain's Settings > Access signing certificate.`, { cause: error });
  }
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && status !== undefined && status >= 500) {
    return new AuthError(AuthErrorCode.providerError, `The identity provider answered with HTTP ${status}. Try again in a moment.`, { cause: error });
  }
  if (code === 'OAUTH_RESPONSE_IS_NOT_JSON' || code === 'OAUTH_PARSE_ERROR') {
    // The body is the provider's (often a proxy's HTML error page): described, never quoted.
    const type = contentTypeOf(error);
    const what = code === 'OAUTH_PARSE_ERROR' ? 'a body that is not valid JSON' : type ? `${type} instead of JSON` : 'a body without a content type instead of JSON';
    return new AuthError(AuthErrorCode.providerError, `The identity provider's ${endpointName[operation]} answered${status ? ` HTTP ${status}` : ''} with ${what}. Try again; if it persists, a proxy or the provider is misconfigured: contact its administrator.`, { cause: error, detail: type });
  }
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
    return new AuthError(AuthErrorCode.providerError, `The identity provider's ${endpointName[operation]} sent a response that is not what the protocol calls for${status ? ` (HTTP ${status})` : ''}. Try again; if it persists, contact the provider's administrator.`, { cause: error, detail: contentTypeOf(error) });
  }
  if (code === 'OAUTH_KEY_SELECTION_FAILED') {
    return new AuthError(AuthErrorCode.invalidResponse, `The provider signed the ID token with a key it does not publish (${libraryDetail(error) ?? 'no matching key'}). Nothing was saved. Try again; if it persists, the provider's signing keys are misconfigured.`, { cause: error });
  }
  if (code === 'OAUTH_HTTP_REQUEST_FORBIDDEN' || code === 'OAUTH_REQUEST_PROTOCOL_FORBIDDEN') {
    return new AuthError(AuthErrorCode.providerUnsupported, `The provider's metadata points at an endpoint without https (${libraryDetail(error) ?? 'http'}). A provider must use https for every endpoint.`, { cause: error });
  }
  if (failedClaim(error) === 'auth_time') {
    return new AuthError(AuthErrorCode.recentSignInRequired, 'The provider did not ask you to sign in again, as this app required for this step. Nothing was kept. Sign in again; if it happens again, the provider may not support it: tell its administrator.', { cause: error });
  }
  if (code?.startsWith('OAUTH_')) {
    return new AuthError(AuthErrorCode.invalidResponse, `The provider's response failed validation: ${libraryDetail(error) ?? 'unexpected response'}. Nothing was saved. Try again; if it persists, check the provider's configuration (clock, signing keys, client ID) with its administrator.`, { cause: error });
  }
  if (code === undefined && error instanceof Error && error.constructor.name === 'ClientError') {
    // openid-client wraps errors it does not know, most often from a custom fetch that failed.
    return new AuthError(AuthErrorCode.providerUnreachable, unreachableMessage[operation](issuer, detailOf(error)), { cause: error });
  }
  return new AuthError(AuthErrorCode.providerError, `Something went wrong talking to the identity provider's ${endpointName[operation]}. Try again; if it persists, the diagnostics log has the details.`, { cause: error, detail: sanitizeProviderText(detailOf(error)) });
}
