/**
 * The protocol client: every request to the provider goes through here, through openid-client.
 * It turns token responses into Sessions, enforces that a session keeps its identity, and
 * re-reads the provider's signing keys once when a token names a key id it has not seen.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RefreshTokens
 */
import type * as oidc from 'openid-client';
import type { ResolvedProviderConfig } from './config.ts';
import { importDPoPKey, type StoredDPoPKey } from './dpop.ts';
import { AuthError, AuthErrorCode } from './errors.ts';
import { loadOidc, type Oidc } from './oidc.ts';
import { METADATA_REVALIDATE_AGE_MS, type ProviderCache } from './provider-cache.ts';
import { checkMetadata, createProvider, discoverMetadata, REQUEST_TIMEOUT_MS, tokenEndpointAuthMethod, type Provider, type ProviderFetch, type ServerMetadata } from './provider.ts';
import type { Session } from './session.ts';
import { httpStatusOf, sanitizeProviderText, translateError, type ErrorContext, type Operation } from './translate-error.ts';

export interface AuthorizationChecks {
  pkceCodeVerifier: string;
  expectedState: string;
  expectedNonce: string;
  /** The scopes requested, for when the token response does not list the granted ones. */
  requestedScopes: string[];
  /** The DPoP key pair to bind the tokens to, when the provider offers DPoP. */
  dpop?: { keyPair: CryptoKeyPair; stored: StoredDPoPKey } | undefined;
  /** `max_age` sent: the ID token's `auth_time` must be at most this old (openid-client checks). */
  maxAge?: number | undefined;
  /** `acr_values` sent: the ID token's `acr` must be one of them. */
  acrValues?: string[] | undefined;
}

type Log = (level: 'debug' | 'info' | 'warn' | 'error', message: string, code?: string) => void;

type TokenResponse = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;

interface RecordedResponse {
  /** A fresh copy of the token response, made only if it is replayed. */
  copy: () => Response;
}

/** Talks to one provider for one service. */
export class ProtocolClient {
  private current: Provider | undefined;
  /** openid-client, loaded by the first provider() call: every use comes after one. */
  private lib!: Oidc;
  /** True while `current` was built from cached metadata not yet confirmed by the provider. */
  private fromCache = false;
  private discovering: Promise<Provider> | undefined;
  private jwksFetches = 0;
  private lastTokenResponse: RecordedResponse | undefined;
  private replay: RecordedResponse | undefined;
  /** Set while a refresh waits for its token response (see refresh). */
  private onRefreshResponse: ((response: Response) => Promise<void>) | undefined;
  /** DPoP handles per stored key (sessions are copied on refresh; the key object is kept). */
  private readonly dpopHandles = new WeakMap<StoredDPoPKey, Promise<oidc.DPoPHandle>>();

  constructor(
    private readonly resolved: ResolvedProviderConfig,
    private readonly baseFetch: () => typeof globalThis.fetch,
    private readonly log: Log,
    private readonly cache: ProviderCache,
  ) {}

  /** What translateError needs to word a failure of this client. */
  get errorContext(): ErrorContext {
    const metadata = this.current?.metadata;
    return {
      issuer: this.resolved.issuer,
      clientId: this.resolved.clientId,
      jwksUri: metadata?.jwks_uri,
      clientAuth: tokenEndpointAuthMethod(this.resolved, metadata),
    };
  }

  private get context(): ErrorContext {
    return this.errorContext;
  }

  /** Reads the provider's metadata now, whatever is cached (for "Test connection"). */
  async probe(): Promise<Provider> {
    this.lib ??= await loadOidc();
    return this.discoverOnce();
  }

  /** One discovery at a time: concurrent callers share the request; failures are not kept. */
  private discoverOnce(): Promise<Provider> {
    this.discovering ??= this.discover().finally(() => {
      this.discovering = undefined;
    });
    return this.discovering;
  }

  /** The fetch every openid-client call uses: observes JWKS reads, can replay a token response. */
  readonly fetch: ProviderFetch = async (url, init) => {
    const metadata = this.current?.metadata;
    if (this.replay && metadata && url === metadata.token_endpoint) {
      const { copy } = this.replay;
      this.replay = undefined;
      return copy();
    }
    if (metadata && url === metadata.jwks_uri) this.jwksFetches++;
    const response = await this.baseFetch()(url, init as RequestInit);
    this.noteProviderClock(response);
    if (metadata && url === metadata.token_endpoint) {
      // Kept for a replay: the same answer validated again after reading new keys or allowing
      // for a wrong clock (the code or refresh token in it is already spent).
      const copy = response.clone();
      this.lastTokenResponse = { copy: () => copy };
      // Only the code exchange's response (a refresh may be under way at the same time).
      const grantType = init?.body instanceof URLSearchParams ? init.body.get('grant_type') : undefined;
      if (this.onRefreshResponse && grantType === 'refresh_token') await this.onRefreshResponse(response);
    }
    return response;
  };

  /** How far the provider's clock is from ours (seconds, theirs minus ours), from the `Date`
   *  header of its last answer. */
  private providerClockOffset: number | undefined;
  /** The offset allowed for in ID token time checks, once one failed because of it. */
  private clockSkew = 0;

  private noteProviderClock(response: Response): void {
    const date = Date.parse(response.headers.get('date') ?? '');
    if (Number.isFinite(date)) this.providerClockOffset = Math.round((date - Date.now()) / 1000);
  }

  /** A Configuration for `metadata` that allows for the known clock offset. */
  private configure(metadata: ServerMetadata): Provider {
    return createProvider(this.lib, this.resolved, metadata, this.fetch, this.clockSkew);
  }

  /**
   * The provider: from the cache kept with the session when it is young enough (re-checked,
   * never trusted blindly), else discovered once (concurrent callers share the request;
   * failures are not cached).
   */
  async provider(): Promise<Provider> {
    if (this.current) return this.current;
    this.lib ??= await loadOidc();
    if (this.current) return this.current;
    const cached = this.fromCacheEntry();
    if (cached) return cached;
    return this.discoverOnce();
  }

  private async discover(): Promise<Provider> {
    const metadata = await discoverMetadata(this.resolved, this.fetch);
    const previous = this.current;
    this.current = this.configure(metadata);
    this.fromCache = false;
    // Keys already read stay valid while the key set's address does not change.
    const keys = previous && previous.metadata.jwks_uri === metadata.jwks_uri ? this.lib.getJwksCache(previous.config) : undefined;
    if (keys?.jwks && keys.uat !== undefined) this.lib.setJwksCache(this.current.config, keys);
    this.cache.saveMetadata(metadata);
    return this.current;
  }

  private fromCacheEntry(): Provider | undefined {
    const cached = this.cache.load();
    if (!cached) return undefined;
    try {
      checkMetadata(cached.metadata, this.resolved);
    } catch {
      this.cache.invalidate();
      return undefined;
    }
    this.current = this.configure(cached.metadata);
    this.fromCache = true;
    if (cached.jwks) {
      // Marked a minute old: a key id missing from it makes openid-client read the keys again
      // at once, as it would for keys it had just read itself a minute ago.
      const cache = { jwks: cached.jwks, uat: Math.floor(Date.now() / 1000) - 60 };
      this.lib.setJwksCache(this.current.config, cache);
      this.cache.markJwksSeen(cache.uat);
    }
    if (cached.metadataAgeMs > METADATA_REVALIDATE_AGE_MS) {
      const timer = setTimeout(() => void this.discover().catch(() => undefined), 0);
      timer.unref?.();
    }
    return this.current;
  }

  /** The provider if it is already known, without a request. */
  peekProvider(): Provider | undefined {
    return this.current;
  }

  /**
   * Redeems the authorization response at the token endpoint and builds the session: state,
   * `iss`, PKCE, nonce and the ID token (signature included) are checked by openid-client.
   */
  async exchangeCode(callbackUrl: URL, checks: AuthorizationChecks): Promise<Session> {
    const DPoP = checks.dpop ? await this.bindDPoPKey(checks.dpop) : undefined;
    const tokens = await this.withKeyRefresh('token', (provider) =>
      this.lib.authorizationCodeGrant(
        provider.config,
        callbackUrl,
        {
          pkceCodeVerifier: checks.pkceCodeVerifier,
          expectedState: checks.expectedState,
          expectedNonce: checks.expectedNonce,
          idTokenExpected: true,
          ...(checks.maxAge !== undefined ? { maxAge: checks.maxAge } : {}),
        },
        undefined,
        DPoP ? { DPoP } : undefined,
      ),
    );
    return this.toSession(tokens, checks);
  }

  /** The provider's device authorization endpoint, if it offers sign-in from another device. */
  async deviceAuthorizationEndpoint(): Promise<string | undefined> {
    const provider = await this.provider();
    const endpoint = provider.metadata.device_authorization_endpoint;
    return typeof endpoint === 'string' ? endpoint : undefined;
  }

  /**
   * Asks the provider for a device code and a user code (RFC 8628 §3.1-3.2).
   * @see https://www.rfc-editor.org/rfc/rfc8628
   */
  async startDeviceAuthorization(parameters: Record<string, string>): Promise<oidc.DeviceAuthorizationResponse> {
    const provider = await this.provider();
    try {
      return await this.lib.initiateDeviceAuthorization(provider.config, parameters);
    } catch (error) {
      throw translateError(error, 'authorization', this.context);
    }
  }

  /**
   * Polls the token endpoint at the provider's interval (slower when it says `slow_down`) until
   * the person has approved on the other device, then builds the session with the same checks
   * as the browser sign-in (ID token signature included). `signal` ends the polling.
   * @throws AuthError `access_denied`, `device_code_expired`, or as the code exchange does.
   */
  async pollDevice(response: oidc.DeviceAuthorizationResponse, checks: Omit<AuthorizationChecks, 'pkceCodeVerifier' | 'expectedState' | 'expectedNonce'>, signal: AbortSignal): Promise<Session> {
    const DPoP = checks.dpop ? await this.bindDPoPKey(checks.dpop) : undefined;
    let tokens: TokenResponse;
    try {
      tokens = await this.withKeyRefresh('token', (provider) => this.lib.pollDeviceAuthorizationGrant(provider.config, response, undefined, { signal, ...(DPoP ? { DPoP } : {}) }));
    } catch (error) {
      const code = error instanceof AuthError && error.cause ? (error.cause as { error?: unknown }).error : undefined;
      if (code === 'expired_token' || (signal.aborted && (signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError')) {
        throw new AuthError(AuthErrorCode.deviceCodeExpired, 'The code was not entered in time on the other device. Start again to get a new code.', { cause: error });
      }
      if (code === 'access_denied') {
        throw new AuthError(AuthErrorCode.accessDenied, "The sign-in was denied on the other device. If that was not you, start again; if your account should have access, ask the provider's administrator to assign you to this app.", { cause: error });
      }
      throw error;
    }
    return this.toSession(tokens, checks);
  }

  /** The session a token response makes, once its ID token has passed every check. */
  private toSession(tokens: TokenResponse, checks: Pick<AuthorizationChecks, 'requestedScopes' | 'dpop' | 'acrValues'>): Session {
    const dpopKey = checks.dpop?.stored;
    const claims = tokens.claims();
    if (!claims) throw new AuthError(AuthErrorCode.invalidResponse, 'The provider did not return an ID token. Check that the app requests the "openid" scope and is registered as an OpenID Connect app.');
    if (checks.acrValues && !(typeof claims.acr === 'string' && checks.acrValues.includes(claims.acr))) {
      // OpenID Connect Core 3.1.3.7 (12): the client checks that the acr is appropriate. What
      // was issued is not kept, and taken back.
      void this.revoke({ accessToken: tokens.access_token, refreshToken: tokens.refresh_token });
      throw new AuthError(
        AuthErrorCode.acrNotSatisfied,
        `The provider did not sign you in the way this app asked (${checks.acrValues.join(' or ')}${typeof claims.acr === 'string' ? `; it reported ${sanitizeProviderText(claims.acr)}` : '; it reported none'}). Nothing was kept. Sign in again; if it happens again, ask the provider's administrator to enable that sign-in method for you.`,
      );
    }
    const now = Date.now();
    return {
      issuer: this.resolved.issuer,
      clientId: this.resolved.clientId,
      sub: claims.sub,
      accessToken: tokens.access_token,
      tokenType: (tokens.token_type ?? 'bearer').toLowerCase(),
      refreshToken: tokens.refresh_token,
      idToken: tokens.id_token,
      expiresAt: expiryOf(tokens, claims, now),
      obtainedAt: now,
      scopes: tokens.scope ? tokens.scope.split(' ').filter(Boolean) : [...checks.requestedScopes],
      idClaims: { ...claims },
      ...(dpopKey && tokens.token_type?.toLowerCase() === 'dpop' ? { dpopKey } : {}),
      ...(this.resolved.apiOrigin ? { apiOrigin: this.resolved.apiOrigin } : {}),
    };
  }

  /**
   * Reads the provider's signing keys now, while the person is in the browser, so that checking
   * the ID token costs no request after the redirect. Keys already held are kept. Never throws:
   * without them, validation reads the keys itself as before.
   */
  async prefetchKeys(): Promise<void> {
    try {
      const provider = await this.provider();
      const jwksUri = provider.metadata.jwks_uri;
      if (!jwksUri || this.lib.getJwksCache(provider.config)?.jwks) return;
      const response = await this.fetch(jwksUri, { method: 'GET', body: undefined, redirect: 'manual', headers: { accept: 'application/json, application/jwk-set+json' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      if (!response.ok) return;
      const jwks = (await response.json()) as { keys?: unknown };
      if (!Array.isArray(jwks.keys) || this.current !== provider || this.lib.getJwksCache(provider.config)?.jwks) return;
      const keys = jwks.keys.filter((key): key is Record<string, unknown> => typeof key === 'object' && key !== null);
      const now = Math.floor(Date.now() / 1000);
      this.cache.saveJwks({ jwks: { keys }, uat: now });
      // Marked a minute old, like keys from the cache: a key id they lack makes openid-client
      // read the keys again at once.
      const cache = { jwks: { keys }, uat: now - 60 };
      this.lib.setJwksCache(provider.config, cache);
      this.cache.markJwksSeen(cache.uat);
    } catch (error) {
      this.log('debug', `Reading the signing keys ahead failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * The DPoP handle for a sign-in's fresh key pair, made once and shared by every request that
   * proves possession of it (the pushed authorization request, the code exchange, later
   * refreshes): a nonce the provider sets at one is used at the next (RFC 9449 §8).
   */
  bindDPoPKey(dpop: { keyPair: CryptoKeyPair; stored: StoredDPoPKey }): Promise<oidc.DPoPHandle> {
    let handle = this.dpopHandles.get(dpop.stored);
    if (!handle) {
      handle = this.provider().then((provider) => this.lib.getDPoPHandle(provider.config, dpop.keyPair));
      handle.catch(() => this.dpopHandles.delete(dpop.stored));
      this.dpopHandles.set(dpop.stored, handle);
    }
    return handle;
  }

  /** The DPoP handle for a stored key (imported once per key). */
  private dpopHandle(stored: StoredDPoPKey): Promise<oidc.DPoPHandle> {
    let handle = this.dpopHandles.get(stored);
    if (!handle) {
      handle = Promise.all([this.provider(), importDPoPKey(stored)]).then(([provider, keyPair]) => this.lib.getDPoPHandle(provider.config, keyPair));
      handle.catch(() => this.dpopHandles.delete(stored));
      this.dpopHandles.set(stored, handle);
    }
    return handle;
  }

  private async dpopOptions(session: Session): Promise<{ DPoP: oidc.DPoPHandle } | undefined> {
    return session.dpopKey ? { DPoP: await this.dpopHandle(session.dpopKey) } : undefined;
  }

  /**
   * Calls a protected resource with the session's access token (and DPoP proof).
   * @throws AuthError for transport failures.
   */
  async callResource(session: Session, request: { url: URL; method: string; headers: Headers; body: string | undefined }): Promise<Response> {
    try {
      const provider = await this.provider();
      return await this.lib.fetchProtectedResource(provider.config, session.accessToken, request.url, request.method, request.body, request.headers, await this.dpopOptions(session));
    } catch (error) {
      if ((error as { code?: unknown }).code === 'OAUTH_WWW_AUTHENTICATE_CHALLENGE') {
        const response = (error as { response?: Response }).response;
        if (response) return response;
      }
      throw translateError(error, 'resource', this.context);
    }
  }

  /**
   * UserInfo claims for the session's subject, or undefined when the provider has no UserInfo
   * endpoint or the request fails (the ID token's claims stand alone; the failure is logged).
   * @throws AuthError `subject_mismatch` when it answers for another subject: the access token
   *   is not this person's, and using it would act as someone else (OpenID Connect Core §5.3.2).
   */
  async fetchUserInfo(session: Session): Promise<Record<string, unknown> | undefined> {
    let userInfo: oidc.UserInfoResponse;
    try {
      const provider = await this.provider();
      if (!provider.metadata.userinfo_endpoint) return undefined;
      // The subject is compared below, with our own error.
      userInfo = await this.lib.fetchUserInfo(provider.config, session.accessToken, this.lib.skipSubjectCheck, await this.dpopOptions(session));
    } catch (error) {
      const translated = translateError(error, 'userinfo', this.context);
      this.log('warn', `UserInfo not used: ${translated.forLog()}`, translated.code);
      return undefined;
    }
    if (userInfo.sub !== session.sub) {
      throw new AuthError(
        AuthErrorCode.subjectMismatch,
        "The provider answered for another account than the one that signed in, so you were signed out and the app's tokens were revoked. Sign in again; if it happens again, tell the provider's administrator.",
      );
    }
    return { ...userInfo };
  }

  /**
   * Renews the session with its refresh token. The provider may rotate the refresh token; a
   * new ID token must name the same issuer and subject, else the session ends.
   *
   * A rotated refresh token is the only valid credential from the moment the token endpoint
   * answers, before the ID token is checked (which may need a network request for the keys):
   * `keepIssued` receives it then, so that a failure after that point does not lose it.
   * @throws AuthError session_expired (refused), identity_changed, or a transient error.
   */
  async refresh(session: Session, keepIssued?: (refreshToken: string) => Promise<void>): Promise<Session> {
    if (!session.refreshToken) throw new AuthError(AuthErrorCode.sessionExpired, 'Your session has expired and cannot be renewed. Sign in again.');
    const refreshToken = session.refreshToken;
    const DPoP = await this.dpopOptions(session).catch((error: unknown) => {
      throw new AuthError(AuthErrorCode.sessionExpired, 'The key your session is bound to could not be read back. Sign in again.', { cause: error });
    });
    this.onRefreshResponse = keepIssued
      ? async (response) => {
          if (!response.ok) return;
          const body = (await response.clone().json().catch(() => undefined)) as { refresh_token?: unknown } | null | undefined;
          const issued = body?.refresh_token;
          if (typeof issued === 'string' && issued !== '' && issued !== refreshToken) await keepIssued(issued);
        }
      : undefined;
    let tokens: TokenResponse;
    try {
      tokens = await this.withKeyRefresh('refresh', (provider) => this.lib.refreshTokenGrant(provider.config, refreshToken, undefined, DPoP));
    } finally {
      this.onRefreshResponse = undefined;
    }
    const claims = tokens.claims();
    const provider = await this.provider();
    if (claims && (claims.sub !== session.sub || claims.iss !== provider.metadata.issuer)) {
      throw new AuthError(AuthErrorCode.identityChanged, 'The provider renewed the session for a different account, so the session was ended. Sign in again.');
    }
    const now = Date.now();
    return {
      ...session,
      accessToken: tokens.access_token,
      tokenType: (tokens.token_type ?? session.tokenType).toLowerCase(),
      refreshToken: tokens.refresh_token ?? session.refreshToken,
      idToken: tokens.id_token ?? session.idToken,
      expiresAt: expiryOf(tokens, claims, now),
      obtainedAt: now,
      scopes: tokens.scope ? tokens.scope.split(' ').filter(Boolean) : session.scopes,
      idClaims: claims ? { ...claims } : session.idClaims,
    };
  }

  /**
   * Revokes the refresh token, then the access token (RFC 7009), where the provider offers
   * revocation. Returns the error to report, if any; never throws.
   * @see https://www.rfc-editor.org/rfc/rfc7009
   */
  async revoke(session: Pick<Session, 'accessToken' | 'refreshToken'>): Promise<AuthError | undefined> {
    let provider: Provider;
    try {
      provider = await this.provider();
    } catch (error) {
      return translateError(error, 'revocation', this.context);
    }
    if (!provider.metadata.revocation_endpoint) return undefined;
    const revocations: Array<[string, string]> = [];
    if (session.refreshToken) revocations.push([session.refreshToken, 'refresh_token']);
    revocations.push([session.accessToken, 'access_token']);
    let failure: AuthError | undefined;
    for (const [token, hint] of revocations) {
      try {
        await this.lib.tokenRevocation(provider.config, token, { token_type_hint: hint });
      } catch (error) {
        failure ??= translateError(error, 'revocation', this.context);
      }
    }
    return failure;
  }

  /**
   * An ID token time check failed. When the provider's clock (its `Date` header) explains it
   * and the offset is small, the same answer is validated again allowing for it (logged);
   * otherwise the person is told, in words, that their clock is off.
   */
  private async allowForClock<T extends TokenResponse>(operation: Operation, provider: Provider, recorded: RecordedResponse, request: (provider: Provider) => Promise<T>, error: unknown): Promise<T> {
    const offset = this.providerClockOffset;
    const tolerance = this.resolved.clockToleranceSeconds;
    if (offset === undefined || Math.abs(offset - this.clockSkew) <= tolerance) throw translateError(error, operation, this.context);
    if (Math.abs(offset) > MAX_CLOCK_SKEW_S) {
      throw new AuthError(
        AuthErrorCode.clockSkew,
        `Your computer's clock is ${clockWords(offset)} the identity provider's, so the sign-in could not be checked. Set the clock to the correct time (turn on automatic date and time), then try again.`,
        { cause: error, detail: `offset ${offset} s` },
      );
    }
    this.log('warn', `This computer's clock is ${offset} s off the provider's: allowing for it in the ID token's time checks.`, AuthErrorCode.clockSkew);
    this.clockSkew = offset;
    const keys = this.lib.getJwksCache(provider.config);
    this.current = this.configure(provider.metadata);
    if (keys?.jwks && keys.uat !== undefined) this.lib.setJwksCache(this.current.config, keys);
    return this.validateAgain(operation, recorded, request);
  }

  /** Runs `request` once more on `this.current`, answered with the recorded token response:
   *  the same answer validated again (its code or refresh token is already spent). */
  private async validateAgain<T extends TokenResponse>(operation: Operation, recorded: RecordedResponse, request: (provider: Provider) => Promise<T>): Promise<T> {
    this.replay = recorded;
    try {
      return await request(this.current!);
    } catch (retryError) {
      throw translateError(retryError, operation, this.context);
    } finally {
      this.replay = undefined;
    }
  }

  /**
   * Runs a token request; when the ID token names a key id missing from the cached key set
   * and the keys were not just read, reads them once more and re-validates the same response
   * (the code or refresh token was already spent, so the request itself is not repeated).
   */
  private async withKeyRefresh<T extends TokenResponse>(operation: Operation, request: (provider: Provider) => Promise<T>): Promise<T> {
    const provider = await this.provider().catch((error: unknown) => {
      throw translateError(error, operation, this.context);
    });
    const jwksBefore = this.jwksFetches;
    this.lastTokenResponse = undefined;
    try {
      const result = await request(provider);
      this.cache.saveJwks(this.lib.getJwksCache(this.current?.config ?? provider.config));
      return result;
    } catch (error) {
      if (this.fromCache && endpointMissing(error)) {
        // Cached metadata that no longer matches the provider: read it again, try once more.
        this.log('info', 'A cached provider endpoint failed: reading the provider metadata again.');
        this.cache.invalidate();
        this.fromCache = false;
        const fresh = await this.discover().catch((discoveryError: unknown) => {
          throw translateError(discoveryError, operation, this.context);
        });
        return this.withKeyRefresh(operation, () => request(fresh));
      }
      const recorded = this.lastTokenResponse;
      if (hasCode(error, 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') && recorded) return this.allowForClock(operation, provider, recorded, request, error);
      if (!hasCode(error, 'OAUTH_KEY_SELECTION_FAILED') || this.jwksFetches !== jwksBefore || !recorded) {
        throw translateError(error, operation, this.context);
      }
      this.log('info', 'The ID token names an unknown signing key: reading the provider keys again.');
      // A fresh Configuration has an empty key cache, so validation fetches the JWKS once.
      this.current = this.configure(provider.metadata);
      return this.validateAgain(operation, recorded, request);
    }
  }
}

/** The largest clock offset allowed for (and logged); a larger one is reported in words. */
const MAX_CLOCK_SKEW_S = 5 * 60;

/** "10 minutes ahead of" / "3 minutes behind": how our clock stands to the provider's. */
function clockWords(offsetSeconds: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(offsetSeconds) / 60));
  return `${minutes} minute${minutes === 1 ? '' : 's'} ${offsetSeconds < 0 ? 'ahead of' : 'behind'}`;
}

/** An endpoint that answers 404/405/410 has moved: the request never reached a grant. */
function endpointMissing(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status !== undefined && [404, 405, 410].includes(status);
}

function hasCode(error: unknown, code: string): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if ((current as { code?: unknown }).code === code) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function expiryOf(tokens: { expires_in?: number }, claims: { exp?: number } | undefined, now: number): number {
  if (typeof tokens.expires_in === 'number' && Number.isFinite(tokens.expires_in)) return now + tokens.expires_in * 1000;
  if (claims?.exp) return Math.min(claims.exp * 1000, now + 3_600_000);
  return now + 3_600_000;
}
