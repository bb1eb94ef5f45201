/**
 * The one error type the sign-in core throws, with stable string codes. Library errors are
 * translated into it once, where they are met (see `translate-error.ts`), the original kept as
 * `cause`. Messages say what happened and what the person can do about it.
 */

/** Stable `AuthError.code` values. Provider errors from the authorization response (RFC 6749
 *  §4.1.2.1, OpenID Connect Core §3.1.2.6) keep the provider's own code, e.g. `access_denied`. */
export const AuthErrorCode = {
  /** The person cancelled the sign-in. */
  cancelled: 'cancelled',
  /** Nobody completed the sign-in in the browser in time. */
  timeout: 'timeout',
  /** The person (or the provider's policy) refused the authorization. */
  accessDenied: 'access_denied',
  /** The provider answered the authorization request with another OAuth error. */
  authorizationError: 'authorization_error',
  /** ProviderConfig is invalid (a field is missing or malformed). */
  invalidConfig: 'invalid_config',
  /** The provider could not be reached (DNS, refused connection, TLS, time-out). */
  providerUnreachable: 'provider_unreachable',
  /** The provider's discovery document is missing or not valid metadata. */
  discoveryFailed: 'discovery_failed',
  /** The discovery document names another issuer than the one configured. */
  issuerMismatch: 'issuer_mismatch',
  /** The provider lacks something a native app needs (PKCE S256, the code flow). */
  providerUnsupported: 'provider_unsupported',
  /** The fixed redirect port is taken by another program. */
  portInUse: 'port_in_use',
  /** The provider refused the redirect URI (seen when diagnosing a sign-in that never came back). */
  redirectUriRejected: 'redirect_uri_rejected',
  /** The browser could not be opened. */
  browserOpenFailed: 'browser_open_failed',
  /** The token endpoint refused the grant (expired/used code, revoked refresh token). */
  invalidGrant: 'invalid_grant',
  /** The provider does not accept this client (unknown client id, wrong secret). */
  invalidClient: 'invalid_client',
  /** The token endpoint answered with another OAuth error. */
  tokenError: 'token_error',
  /** The provider's signing keys (JWKS) cannot be read without credentials. */
  jwksUnavailable: 'jwks_unavailable',
  /** A response failed validation: ID token signature, claims, nonce, issuer, algorithm... */
  invalidResponse: 'invalid_response',
  /** The provider answered with something that is not what the protocol calls for. */
  providerError: 'provider_error',
  /** The session ended at the provider: the refresh token was refused. */
  sessionExpired: 'session_expired',
  /** The code for sign-in from another device (RFC 8628) was not entered in time. */
  deviceCodeExpired: 'device_code_expired',
  /** The ID token's `auth_time` is older than the sign-in's `maxAge` allowed. */
  recentSignInRequired: 'recent_sign_in_required',
  /** The ID token's `acr` is not one the sign-in asked for (step-up not honoured). */
  acrNotSatisfied: 'acr_not_satisfied',
  /** This computer's clock is too far from the provider's for its tokens to be checked. */
  clockSkew: 'clock_skew',
  /** A refresh returned tokens for another person or issuer. */
  identityChanged: 'identity_changed',
  /** UserInfo answered for another subject than the ID token: the access token is not this person's. */
  subjectMismatch: 'subject_mismatch',
  /** The saved session could not be read and was removed. */
  sessionUnreadable: 'session_unreadable',
  /** The OS keystore did not decrypt the saved session now; it is kept and tried again. */
  keystoreUnavailable: 'keystore_unavailable',
  /** Signed out here, but the provider could not revoke the tokens. */
  revocationFailed: 'revocation_failed',
  /** Signed out here; the provider does not let this (public) client revoke its tokens. */
  revocationRefused: 'revocation_refused',
  /** An action needs a session (calling an API). */
  notSignedIn: 'not_signed_in',
  /** The API's origin is not the one the session is bound to: the person must confirm it first. */
  apiOriginUnconfirmed: 'api_origin_unconfirmed',
  /** An action needs a sign-in in progress (reopen the browser). */
  noSignIn: 'no_sign_in',
  /** The service was disposed. */
  disposed: 'disposed',
} as const;

export type AuthErrorCodeValue = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];

/** Every failure of the sign-in core: a stable `code` and a message a person can act on. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: string;
  /** What the provider said (its `error_description`, a content type), cleaned and short: for
   *  the diagnostics log only. Messages are in our words and never quote a provider. */
  readonly detail: string | undefined;

  constructor(code: string, message: string, options?: { cause?: unknown; detail?: string | undefined }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.detail = options?.detail;
  }

  /** The message with the provider's own words appended, for the diagnostics log. */
  forLog(): string {
    return this.detail ? `${this.message} [provider detail: ${this.detail}]` : this.message;
  }

  /** The plain-JSON form that crosses IPC and lands in `AuthState.error`. */
  toJSON(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}
