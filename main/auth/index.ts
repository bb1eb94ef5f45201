/**
 * The sign-in core's public seam (docs/architecture.md): native-app OpenID Connect with
 * authorization code + PKCE in the person's browser and a loopback redirect (RFC 8252),
 * tokens encrypted at rest. Plain Node: it never imports Electron.
 * @see https://www.rfc-editor.org/rfc/rfc8252
 */
export { createAuthService } from './service.ts';
export { createAccountManager, type AccountManager, type AccountManagerOptions, type AccountProfile, type AccountSummary } from './accounts.ts';
export { AuthError, AuthErrorCode, type AuthErrorCodeValue } from './errors.ts';
export type {
  AuthLogEvent,
  AuthService,
  AuthServiceOptions,
  AuthState,
  AuthErrorInfo,
  DeviceCode,
  KeyValueStore,
  ProviderConfig,
  ProviderDescription,
  SecretCipher,
  SignInOptions,
} from './types.ts';
