/**
 * The public shapes of the sign-in core. `index.ts` re-exports these; see docs/architecture.md for
 * the contract they implement.
 */

/** What the app knows about the OpenID provider it signs people in with. */
export interface ProviderConfig {
  /** The issuer identifier, e.g. `https://idcs-<id>.identity.oraclecloud.com`. */
  issuer: string;
  clientId: string;
  /** Discouraged for native apps (RFC 8252 §8.5); supported for providers that insist. */
  clientSecret?: string;
  /** Default `['openid', 'profile', 'email', 'offline_access']`; `offline_access` is dropped
   *  from the default when the provider's `scopes_supported` does not list it. */
  scopes?: string[];
  /** 0 (default): any free port; a fixed port for providers that match redirect URIs exactly. */
  redirectPort?: number;
  /** Default `/callback`. */
  redirectPath?: string;
  /** Default 300 000 (five minutes). */
  signInTimeoutMs?: number;
  /** Allows an `http://` issuer, and only for loopback hosts (demo provider, tests). */
  allowInsecureRequests?: boolean;
  /** The `prompt` sent with the authorization request. Default: `consent` when
   *  `offline_access` is requested (OpenID Connect Core §11), none otherwise. `''` sends none. */
  prompt?: string;
  /** Extra authorization request parameters (`audience`, `resource`, `login_hint`, ...).
   *  Protocol parameters the core sets itself cannot be overridden here. */
  extraAuthorizationParams?: Record<string, string>;
  /** Pins the ID token signature algorithm. Default: RS256 when the provider offers it,
   *  otherwise the first asymmetric algorithm it advertises. */
  idTokenSigningAlg?: string;
  /** Where the provider sends the browser after ending its session. Default `/signed-out`. */
  postLogoutRedirectPath?: string;
  /** ESCAPE HATCH for providers that support PKCE S256 but do not say so in their metadata
   *  (`code_challenge_methods_supported` missing). Never set it for a provider that lists
   *  methods without S256. */
  assumeS256PkceSupport?: boolean;
  /** Expected `iss` of tokens when the provider's tokens name another issuer than the
   *  discovery URL (OCI IAM Identity Domains: `https://identity.oraclecloud.com/`). The
   *  issuer check is never skipped: it moves to this value. */
  expectedIssuer?: string;
  /** A private-use URI redirect (RFC 8252 §7.1), e.g. `com.example.app:/callback`, for
   *  providers that refuse loopback redirects. The operating system hands it to the app, which
   *  passes it to `AuthService.handleRedirect`. Default: the loopback listener. */
  privateUseRedirectUri?: string;
  /** Sender-constrains tokens with DPoP (RFC 9449) when the provider advertises
   *  `dpop_signing_alg_values_supported`. Default true. */
  dpop?: boolean;
  /** Sends the authorization request by PAR (RFC 9126) when the provider offers it, so the
   *  browser carries only `client_id` and `request_uri`. Default true; always used when the
   *  provider requires it. */
  pushedAuthorizationRequests?: boolean;
  /** Clock skew tolerance for ID token time claims, in seconds. Default 30. */
  clockToleranceSeconds?: number;
  /** The protected API the app calls with the access token (`AuthService.callApi`). A sign-in
   *  binds its session to this URL's origin; the token goes to no other origin unless the
   *  person confirms it (`AuthService.allowApiOrigin`). */
  apiUrl?: string;
  /** How the client authenticates at the token endpoint: `none` (a public native app),
   *  `client_secret_basic` or `client_secret_post`. Default: `none` without a client secret;
   *  with one, `client_secret_basic` unless the provider lists only `client_secret_post`.
   *  Set `client_secret_post` for providers that do not decode HTTP Basic credentials. */
  tokenEndpointAuthMethod?: 'none' | 'client_secret_basic' | 'client_secret_post';
  /** The provider supports `prompt=select_account` although its metadata does not say so
   *  (Google, Microsoft Entra ID). */
  selectAccountPrompt?: boolean;
}

/** Encrypts secrets at rest (Electron: safeStorage's async API). */
export interface SecretCipher {
  /** False where secrets cannot be protected: no OS keystore, or Linux's 'basic_text' backend. */
  isAvailable(): Promise<boolean>;
  encrypt(plainText: string): Promise<Uint8Array>;
  decrypt(cipherText: Uint8Array): Promise<{ plainText: string; shouldReEncrypt: boolean }>;
}

/** Persists small JSON values (Electron: electron-store; tests: a Map or conf). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export interface AuthServiceOptions {
  provider: ProviderConfig;
  /** Opens a URL in the user's default browser (Electron: shell.openExternal). */
  openExternal(url: string): Promise<void>;
  /** Encrypts secrets at rest (Electron: safeStorage's async API). */
  cipher: SecretCipher;
  /** Persists small JSON values. Values go through JSON: ciphertext is stored as base64. */
  store: KeyValueStore;
  /** Optional fetch implementation (proxies, tests). Defaults to global fetch. The Electron
   *  app passes the fetch of a session of its own (Chromium's network stack, system proxy). */
  fetch?: typeof globalThis.fetch;
  /** Called with diagnostic events; never receives a token, code, verifier, state or nonce. */
  log?: (event: AuthLogEvent) => void;
}

/** A redacted diagnostic event from the core. */
export interface AuthLogEvent {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  code?: string;
}

export interface AuthErrorInfo {
  code: string;
  message: string;
}

/** Where and what to enter when the sign-in continues on another device (RFC 8628). */
export interface DeviceCode {
  /** The code the person types on the other device, e.g. `WDJB-MJHT`. */
  userCode: string;
  /** Where to type it. */
  verificationUri: string;
  /** The same address with the code in it (for a QR code), when the provider gives one. */
  verificationUriComplete?: string;
  /** When the code stops working, epoch milliseconds. */
  expiresAt: number;
}

export type AuthState =
  | { status: 'signed-out'; error?: AuthErrorInfo }
  /** `device` is set while the sign-in waits for the person on another device. */
  | { status: 'signing-in'; device?: DeviceCode }
  | {
      status: 'signed-in';
      claims: Record<string, unknown>;
      /** When the access token expires, epoch milliseconds. */
      expiresAt: number;
      scopes: string[];
      /** Whether the session survives a restart (encrypted at rest). */
      persisted: boolean;
    };

/**
 * What a sign-in asks of the provider beyond the configuration: a recent authentication, an
 * assurance level, an account. The ID token must show the provider honoured them.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest (3.1.2.1)
 */
export interface SignInOptions {
  /** Seconds since the person last authenticated at the provider; 0 asks them to authenticate
   *  now. The ID token's `auth_time` is checked against it. */
  maxAge?: number;
  /** Acceptable authentication context classes, most wanted first; the ID token's `acr` must be
   *  one of them. */
  acrValues?: string[];
  /** The account to sign in with (an email or username), filled in at the provider. */
  loginHint?: string;
  /** `login`, `consent`, `select_account` or `none`, space separated; replaces the configured one. */
  prompt?: string;
  /** Let the person choose which account to sign in with (adding an account): `prompt=
   *  select_account` where the provider supports it (it lists it in prompt_values_supported, or
   *  the configuration says so: `selectAccountPrompt`), else `prompt=login`. */
  chooseAccount?: boolean;
  /** Sign in from another device (RFC 8628) instead of this computer's browser: the window
   *  shows a code to enter there. Also used, where the provider offers it, when the browser
   *  cannot be opened. */
  device?: boolean;
}

/** The session's lifecycle, driven by the Electron glue, the harness and every test. */
export interface AuthService {
  getState(): AuthState;
  onChange(listener: (state: AuthState) => void): () => void;
  /** Startup: bring back a persisted session (refreshing it if needed), else signed-out. */
  restore(): Promise<AuthState>;
  /** Opens the browser, waits for the loopback redirect; resolves signed-in or rejects AuthError.
   *  Allowed while signed in: the old session is replaced only when the new one succeeds. */
  signIn(options?: SignInOptions): Promise<AuthState>;
  cancelSignIn(): void;
  /** Opens the running sign-in's authorization URL in the browser again (the person closed
   *  the tab). Rejects with AuthError `no_sign_in` when no sign-in is running. */
  reopenBrowser(): Promise<void>;
  /** Passes a private-use URI redirect (see `ProviderConfig.privateUseRedirectUri`) that the
   *  operating system delivered to the app. Resolves true when it completed the running
   *  sign-in's authorization response (the exchange then finishes `signIn()`), false when it
   *  belongs to no sign-in (ignored: forged, stale or duplicate). */
  handleRedirect(url: string): Promise<boolean>;
  /**
   * Calls a protected resource with the session's access token (a DPoP proof too when the
   * tokens are DPoP-bound), refreshing once and retrying when it answers 401. The response
   * comes back as plain JSON; the token never does (an API that echoes a token of this session
   * gets it replaced by `[redacted]`). Rejects with AuthError `not_signed_in`,
   * `api_origin_unconfirmed` for an origin the session is not bound to, or a network error
   * translated like every other.
   * @see https://www.rfc-editor.org/rfc/rfc6750 (bearer), https://www.rfc-editor.org/rfc/rfc9449 (DPoP)
   */
  callApi(request: ApiRequest): Promise<ApiResponse>;
  /**
   * Binds the session to another API origin, so that `callApi` may send its access token there.
   * Only for the person's explicit confirmation in the main process (never on the renderer's
   * word): the binding is kept with the encrypted session. Rejects `not_signed_in` without one.
   */
  allowApiOrigin(origin: string): Promise<void>;
  /** Revokes what the provider can revoke, wipes local tokens; optionally ends the provider session. */
  signOut(options?: { endProviderSession?: boolean }): Promise<AuthState>;
  /** Reads the provider's metadata now and checks it can serve this app ("Test connection").
   *  Resolves the description with `features`; rejects with the AuthError a sign-in would meet. */
  probe(): Promise<ProviderDescription>;
  /** Facts about the configured provider for diagnostics and the UI (no secrets). */
  describe(): ProviderDescription;
  /**
   * Checks the session now (the machine woke up, the network came back): renews it when it is
   * due or was waiting to retry, re-arms the renewal timer otherwise, and tries again to unlock
   * a saved session the keystore would not decrypt. Never rejects for the provider's sake.
   */
  checkSession(): Promise<AuthState>;
  /** Closes listeners and timers. */
  dispose(): Promise<void>;
}

/** A request to a protected resource (the URL is the caller's to vet). */
export interface ApiRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A protected resource's answer, as plain JSON. */
export interface ApiResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
  /** True when the first answer was 401 and the call was retried after a refresh. */
  retriedAfterRefresh: boolean;
}

/** What the core knows about the provider and the session's protection. Plain JSON. */
export interface ProviderDescription {
  issuer: string;
  clientId: string;
  /** The redirect URI of the running or last sign-in, or the one to register. */
  redirectUri: string;
  /** Features the provider advertises, once its metadata has been read. */
  features?: {
    pkceS256: boolean;
    refreshTokens: boolean;
    revocation: boolean;
    endSession: boolean;
    userInfo: boolean;
    issParameter: boolean;
    dpop: boolean;
    par: boolean;
    requirePar: boolean;
    /** Sign-in from another device (RFC 8628): a device authorization endpoint. */
    deviceFlow: boolean;
  };
  /** The current session's token binding, when signed in. */
  session?: {
    /** `dpop` when the tokens are sender-constrained (RFC 9449), else `bearer`. */
    tokenType: string;
    senderConstrained: boolean;
  };
}
