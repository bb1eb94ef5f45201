/**
 * The session state machine behind `createAuthService`: signed-out, signing-in, signed-in;
 * restore at startup, scheduled and coalesced refreshes, sign-out with revocation. It owns the
 * invariants of docs/architecture.md: a failed sign-in changes nothing, a network failure never
 * ends a session, a session never changes identity.
 */
import { apiUrlProblem, MAX_REDIRECT_URL_LENGTH, resolveOptions, type ResolvedProviderConfig } from './config.ts';
import { AuthError, AuthErrorCode } from './errors.ts';
import { startLoopbackListener, type LoopbackListener } from './loopback.ts';
import { loadOidc } from './oidc.ts';
import { LEGACY_PROVIDER_CACHE_KEY, ProviderCache } from './provider-cache.ts';
import { ProtocolClient } from './protocol.ts';
import { needsRefresh, refreshLeadMs, toSignedInState, type Session } from './session.ts';
import { DeviceSignInFlow } from './device-flow.ts';
import { checkSignInOptions, registeredRedirectUri, SignInFlow, type SignInRequest } from './sign-in-flow.ts';
import type { ApiRequest, ApiResponse, AuthLogEvent, AuthService, AuthServiceOptions, AuthState, ProviderDescription, SignInOptions } from './types.ts';
import { SessionVault } from './vault.ts';

const RETRY_MIN_MS = 2_000;
/** When a decryption failed at startup: try again after these delays, then at the next start. */
const KEYSTORE_RETRY_MS = [2_000, 10_000, 30_000, 120_000, 300_000];
const RETRY_MAX_MS = 5 * 60_000;
const POST_LOGOUT_LISTEN_MS = 2 * 60_000;

/** Replaces every occurrence of the session's tokens in text a protected API sent back (one
 *  that echoes its request would otherwise hand the token to the window). */
function redactSecrets(text: string, secrets: Array<string | undefined>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 8) result = result.split(secret).join('[redacted]');
  }
  return result;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Creates the sign-in service. @throws AuthError `invalid_config` naming the bad field. */
export function createAuthService(options: AuthServiceOptions): AuthService {
  const resolved = resolveOptions(options);
  return new Service(resolved, options);
}

/**
 * What one service knows of its provider (metadata, signing keys), handed to another service of
 * the same provider configuration (another account) in memory, so that its sign-in starts
 * without reading them again. Nothing is stored; the receiving service ignores knowledge of
 * another configuration, and every check still runs.
 */
export function shareProviderKnowledge(from: AuthService, to: AuthService): void {
  if (from instanceof Service && to instanceof Service) to.learnProvider(from.knownProvider());
}

class Service implements AuthService {
  private state: AuthState = Object.freeze({ status: 'signed-out' });
  private readonly listeners = new Set<(state: AuthState) => void>();
  private readonly vault: SessionVault;
  private readonly providerCache: ProviderCache;
  private readonly protocol: ProtocolClient;
  private session: Session | undefined;
  private persisted = false;
  private flow: { flow: SignInFlow | DeviceSignInFlow; promise: Promise<AuthState> } | undefined;
  private refreshing: Promise<AuthError | undefined> | undefined;
  private restoring: Promise<AuthState> | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private keystoreTimer: NodeJS.Timeout | undefined;
  private keystoreRetries = 0;
  private retryDelay = RETRY_MIN_MS;
  private readonly logoutListeners = new Set<LoopbackListener>();
  private redirectUri: string | undefined;
  private disposed = false;
  /** The last sign-in's listener finishing its close (dispose waits for it). */
  private listenerClosed: Promise<void> = Promise.resolve();

  constructor(
    private readonly resolved: ResolvedProviderConfig,
    private readonly options: AuthServiceOptions,
  ) {
    this.vault = new SessionVault(options.store, options.cipher);
    this.providerCache = new ProviderCache(resolved);
    this.protocol = new ProtocolClient(
      resolved,
      () => this.fetch(),
      (level, message, code) => this.log({ level, message, code }),
      this.providerCache,
    );
  }

  /** The fetch given, else the global one (looked up per request: tests and proxies replace it). */
  private fetch(): typeof globalThis.fetch {
    return this.options.fetch ?? globalThis.fetch;
  }

  getState(): AuthState {
    return this.state;
  }

  onChange(listener: (state: AuthState) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  describe(): ProviderDescription {
    const provider = this.protocol.peekProvider();
    return {
      issuer: this.resolved.issuer,
      clientId: this.resolved.clientId,
      redirectUri: this.redirectUri ?? registeredRedirectUri(this.resolved),
      ...(provider ? { features: { ...provider.features } } : {}),
      ...(this.session ? { session: { tokenType: this.session.tokenType, senderConstrained: this.session.dpopKey !== undefined } } : {}),
    };
  }

  async probe(): Promise<ProviderDescription> {
    if (this.disposed) throw this.disposedError();
    await this.protocol.probe();
    return this.describe();
  }

  async callApi(request: ApiRequest): Promise<ApiResponse> {
    if (this.disposed) throw this.disposedError();
    const url = this.checkApiUrl(request?.url);
    const method = (request.method ?? 'GET').toUpperCase();
    if (!/^[A-Z]{1,16}$/.test(method)) throw new AuthError(AuthErrorCode.invalidConfig, `"${method}" is not an HTTP method.`);
    const call = async (session: Session) => {
      const headers = new Headers(request.headers ?? {});
      headers.delete('authorization');
      headers.delete('dpop');
      return this.protocol.callResource(session, { url, method, headers, body: request.body });
    };
    let session = this.requireSession();
    if (session.apiOrigin !== url.origin) {
      // The renderer (or a config file edited by another process) may name any URL: the token
      // goes only where this session was signed in for, or where the person has confirmed.
      throw new AuthError(
        AuthErrorCode.apiOriginUnconfirmed,
        `Your access token was not sent to ${url.origin}: this session was not signed in for that API. Confirm the new API address, or sign in again.`,
      );
    }
    if (needsRefresh(session) && session.refreshToken) {
      await this.refresh();
      session = this.requireSession();
    }
    let response = await call(session);
    let retried = false;
    if (response.status === 401 && session.refreshToken) {
      // The token may have been revoked or expired early: renew once and try again. A renewal
      // that fails is the answer: a refusal has ended the session, a network failure has not.
      await response.arrayBuffer().catch(() => undefined);
      const failure = await this.refresh();
      if (failure) throw failure;
      session = this.requireSession();
      response = await call(session);
      retried = true;
    }
    const secrets = [session.accessToken, session.refreshToken, session.idToken];
    const body = redactSecrets(await response.text(), secrets);
    return {
      status: response.status,
      statusText: response.statusText,
      headers: Object.fromEntries([...response.headers.entries()].map(([name, value]) => [name, redactSecrets(value, secrets)])),
      body,
      retriedAfterRefresh: retried,
    };
  }

  async allowApiOrigin(origin: string): Promise<void> {
    if (this.disposed) throw this.disposedError();
    let url: URL;
    try {
      url = new URL(String(origin));
    } catch {
      throw new AuthError(AuthErrorCode.invalidConfig, 'The API address is not a valid URL.');
    }
    const checked = this.checkApiUrl(url.origin);
    const session = this.requireSession();
    if (session.apiOrigin === checked.origin) return;
    const bound: Session = { ...session, apiOrigin: checked.origin };
    this.session = bound;
    this.persisted = await this.keep(bound);
    this.log({ level: 'info', message: `The session may now call the API at ${checked.origin} (confirmed by the person).` });
  }

  private requireSession(): Session {
    if (!this.session) throw new AuthError(AuthErrorCode.notSignedIn, 'Sign in first: calling the API needs a session.');
    return this.session;
  }

  private checkApiUrl(value: unknown): URL {
    let url: URL;
    try {
      url = new URL(String(value));
    } catch {
      throw new AuthError(AuthErrorCode.invalidConfig, 'The API URL is not a valid URL.');
    }
    if (apiUrlProblem(url, this.resolved.allowInsecureRequests)) {
      throw new AuthError(AuthErrorCode.invalidConfig, `The API URL ${url.origin} must use https (http only for a local test API with allowInsecureRequests), without credentials.`);
    }
    return url;
  }

  restore(): Promise<AuthState> {
    if (this.disposed) return Promise.reject(this.disposedError());
    this.restoring ??= this.doRestore().finally(() => {
      this.restoring = undefined;
    });
    return this.restoring;
  }

  /** After a failed decryption, restore() again a few times, further apart each time. */
  private scheduleKeystoreRetry(): void {
    const delay = KEYSTORE_RETRY_MS[this.keystoreRetries];
    if (delay === undefined || this.disposed) return;
    this.keystoreRetries++;
    clearTimeout(this.keystoreTimer);
    this.keystoreTimer = setTimeout(() => {
      this.keystoreTimer = undefined;
      if (this.session || this.flow || this.disposed) return;
      void this.restore().catch(() => undefined);
    }, delay);
    this.keystoreTimer.unref?.();
  }

  async checkSession(): Promise<AuthState> {
    if (this.disposed) throw this.disposedError();
    if (this.flow) return this.getState();
    const session = this.session;
    if (!session) {
      // A saved session the keystore would not unlock: the keyring may answer now.
      const state = this.getState();
      if (state.status === 'signed-out' && state.error?.code === AuthErrorCode.keystoreUnavailable) return this.restore();
      return this.getState();
    }
    // A failed renewal waiting for its back-off, or a token that expired while asleep.
    if (needsRefresh(session) || this.retryDelay > RETRY_MIN_MS) {
      this.retryDelay = RETRY_MIN_MS;
      await this.refresh();
    } else {
      this.scheduleRefresh();
    }
    return this.getState();
  }

  private async doRestore(): Promise<AuthState> {
    if (this.flow) return this.getState();
    if (this.session) {
      if (needsRefresh(this.session)) await this.refresh();
      return this.getState();
    }
    const loaded = await this.vault.load();
    this.forgetLegacyCache();
    if (this.session || this.flow || this.disposed) return this.getState();
    // No session to restore: read the provider's metadata now, so that the click opens the
    // browser at once (restore() settles after it: what the provider offers is known then).
    if (loaded.kind !== 'ok' && loaded.kind !== 'none' && loaded.kind !== 'unavailable') void this.prefetchProvider();
    switch (loaded.kind) {
      case 'none':
      case 'unavailable':
        await this.prefetchProvider();
        return this.getState();
      case 'locked':
        // Keep the ciphertext: the keyring may not be unlocked yet. Say why, and try again.
        this.log({ level: 'warn', message: `The saved session could not be decrypted (${loaded.reason}); keeping it and trying again.`, code: AuthErrorCode.keystoreUnavailable });
        this.setState({
          status: 'signed-out',
          error: {
            code: AuthErrorCode.keystoreUnavailable,
            message: "Your saved session is still on this device, but the system keyring did not unlock it (it may be locked, or not ready yet). Unlock your keyring: the app tries again by itself, and at its next start. Signing in again replaces the saved session.",
          },
        });
        this.scheduleKeystoreRetry();
        return this.getState();
      case 'unreadable':
        this.log({ level: 'warn', message: `Saved session removed: ${loaded.reason}.`, code: AuthErrorCode.sessionUnreadable });
        this.forgetStored();
        this.setState({ status: 'signed-out', error: { code: AuthErrorCode.sessionUnreadable, message: 'Your saved session could not be read on this device and was removed. Sign in again.' } });
        return this.getState();
      case 'ok':
        break;
    }
    const session = loaded.session;
    if (session.issuer !== this.resolved.issuer || session.clientId !== this.resolved.clientId) {
      // The configuration now names another provider or app: that session is not ours to use.
      this.forgetStored();
      return this.getState();
    }
    this.providerCache.seed(loaded.provider);
    this.session = session;
    this.persisted = true;
    if (loaded.shouldReEncrypt) this.persisted = await this.keep(session);
    if (needsRefresh(session)) {
      if (!session.refreshToken) {
        this.endSession(new AuthError(AuthErrorCode.sessionExpired, 'Your session has expired. Sign in again.'));
        return this.getState();
      }
      this.setState(toSignedInState(session, this.persisted));
      await this.refresh();
    } else {
      this.setState(toSignedInState(session, this.persisted));
      this.scheduleRefresh();
    }
    return this.getState();
  }

  signIn(options?: SignInOptions): Promise<AuthState> {
    if (this.disposed) return Promise.reject(this.disposedError());
    if (this.flow) return this.flow.promise;
    let request: SignInRequest;
    try {
      request = checkSignInOptions(options);
    } catch (error) {
      return Promise.reject(error);
    }
    const flow = request.device ? this.deviceFlow(request) : new SignInFlow({
      resolved: this.resolved,
      request,
      protocol: this.protocol,
      openExternal: (url) => this.options.openExternal(url),
      onRedirectUri: (uri) => {
        this.redirectUri = uri;
      },
      // A fixed redirect port may still serve the post-logout page: the sign-in needs it now.
      beforeListen: () => this.closeLogoutListeners(),
      fetch: () => this.fetch(),
    });
    const promise = this.completeSignIn(flow, request);
    this.flow = { flow, promise };
    this.setState({ status: 'signing-in' });
    return promise;
  }

  /** A sign-in from another device (RFC 8628): the window shows the code through the state. */
  private deviceFlow(request: SignInRequest): DeviceSignInFlow {
    return new DeviceSignInFlow({
      resolved: this.resolved,
      request,
      protocol: this.protocol,
      onDeviceCode: (device) => {
        if (this.flow && !this.disposed) this.setState({ status: 'signing-in', device });
      },
    });
  }

  /** The flow's session; a browser that cannot be opened hands over to the device flow when
   *  the provider offers one (a remote desktop, a kiosk). */
  private async sessionOf(first: SignInFlow | DeviceSignInFlow, request: SignInRequest): Promise<Session> {
    const settle = (flow: SignInFlow | DeviceSignInFlow): Promise<Session> => {
      flow.result.then(
        () => (this.listenerClosed = flow.closed),
        () => (this.listenerClosed = flow.closed),
      );
      return flow.result;
    };
    try {
      return await settle(first);
    } catch (error) {
      const running = this.flow;
      if (!(first instanceof SignInFlow) || !(error instanceof AuthError) || error.code !== AuthErrorCode.browserOpenFailed || !running || this.disposed) throw error;
      const endpoint = await this.protocol.deviceAuthorizationEndpoint().catch(() => undefined);
      if (!endpoint || this.flow !== running) throw error;
      this.log({ level: 'info', message: 'The browser could not be opened: continuing the sign-in on another device.' });
      const device = this.deviceFlow(request);
      running.flow = device;
      return settle(device);
    }
  }

  private async completeSignIn(flow: SignInFlow | DeviceSignInFlow, request: SignInRequest): Promise<AuthState> {
    try {
      const session = await this.sessionOf(flow, request);
      if (this.disposed) throw this.disposedError();
      this.clearRefreshTimer();
      clearTimeout(this.keystoreTimer); // A saved session the keyring would not unlock is replaced.
      this.session = session;
      this.persisted = await this.keep(session);
      this.retryDelay = RETRY_MIN_MS;
      this.flow = undefined;
      this.setState(toSignedInState(session, this.persisted));
      this.scheduleRefresh();
      this.log({ level: 'info', message: `Signed in${this.persisted ? '' : ' (session kept in memory only: no secure storage)'}.` });
      const signedIn = this.getState();
      // The profile follows in a second state change: the window shows the person as soon as
      // the ID token has passed every check, one round trip after the redirect.
      void this.mergeUserInfo(session);
      return signedIn;
    } catch (error) {
      const authError = error instanceof AuthError ? error : new AuthError(AuthErrorCode.providerError, String(error), { cause: error });
      this.flow = undefined;
      this.log({ level: authError.code === AuthErrorCode.cancelled ? 'info' : 'warn', message: `Sign-in failed: ${authError.forLog()}`, code: authError.code });
      if (!this.disposed) {
        // A failed sign-in changes nothing: an earlier session stays as it was.
        if (this.session) this.setState(toSignedInState(this.session, this.persisted));
        else this.setState({ status: 'signed-out', error: authError.toJSON() });
      }
      throw authError;
    }
  }

  /**
   * Merges UserInfo into a fresh session. UserInfo that answers for another subject means the
   * access token is not this person's: the session ends at once, its tokens revoked and wiped.
   * A network failure leaves the ID token's claims alone (logged).
   */
  private async mergeUserInfo(session: Session): Promise<void> {
    let userInfo: Record<string, unknown> | undefined;
    try {
      userInfo = await this.protocol.fetchUserInfo(session);
    } catch (error) {
      if (this.session?.sub !== session.sub || this.disposed) return;
      const authError = error instanceof AuthError ? error : new AuthError(AuthErrorCode.providerError, String(error), { cause: error });
      const ended = this.session;
      this.endSession(authError);
      void this.protocol.revoke(ended).then((failure) => {
        if (failure) this.log({ level: 'warn', message: `Revocation after a subject mismatch failed: ${failure.forLog()}`, code: failure.code });
      });
      return;
    }
    // Merged into the session as it is now, once a refresh under way has settled (it replaces
    // the session object), if it is still this person's.
    await this.refreshing;
    const current = this.session;
    if (!userInfo || !current || current.sub !== session.sub || this.disposed) return;
    const merged: Session = { ...current, userInfo };
    this.session = merged;
    this.persisted = await this.keep(merged);
    if (this.session === merged) this.showSession(merged);
  }

  cancelSignIn(): void {
    this.flow?.flow.cancel(new AuthError(AuthErrorCode.cancelled, 'The sign-in was cancelled.'));
  }

  async handleRedirect(url: string): Promise<boolean> {
    if (this.disposed || !this.flow || typeof url !== 'string' || url.length > MAX_REDIRECT_URL_LENGTH) return false;
    return this.flow.flow.handleRedirect(url);
  }

  async reopenBrowser(): Promise<void> {
    if (!this.flow) throw new AuthError(AuthErrorCode.noSignIn, 'No sign-in is in progress. Click Sign in to start one.');
    await this.flow.flow.reopen();
  }

  async signOut(options?: { endProviderSession?: boolean }): Promise<AuthState> {
    if (this.disposed) throw this.disposedError();
    if (this.flow) {
      const running = this.flow.promise;
      this.cancelSignIn();
      await running.catch(() => undefined);
    }
    const session = this.session;
    // Local secrets go first: whatever the provider does next, nothing is left on this device.
    this.session = undefined;
    this.persisted = false;
    this.clearRefreshTimer();
    this.forgetStored();
    let notice: AuthError | undefined;
    if (session) {
      const failure = await this.protocol.revoke(session);
      if (failure) {
        this.log({ level: 'warn', message: `Revocation failed: ${failure.forLog()}`, code: failure.code });
        notice =
          failure.code === AuthErrorCode.revocationRefused
            ? failure
            : new AuthError(AuthErrorCode.revocationFailed, `You are signed out on this device, but the provider could not revoke your tokens (${failure.message}) They expire on their own.`, { cause: failure });
      }
    }
    if (options?.endProviderSession) {
      const failure = await this.endProviderSession(session);
      notice ??= failure;
    }
    this.setState(notice ? { status: 'signed-out', error: notice.toJSON() } : { status: 'signed-out' });
    this.log({ level: 'info', message: 'Signed out.' });
    return this.getState();
  }

  /** RP-initiated logout: the provider's end-session page in the browser, coming back to a
   *  short-lived loopback page. @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html */
  private async endProviderSession(session: Session | undefined): Promise<AuthError | undefined> {
    let provider;
    try {
      provider = await this.protocol.provider();
    } catch (error) {
      return error instanceof AuthError ? error : undefined;
    }
    if (!provider.metadata.end_session_endpoint) {
      return new AuthError(AuthErrorCode.providerUnsupported, 'You are signed out on this device. The provider does not offer a way to end its own session from an app; sign out on its website if you need to.');
    }
    const oidc = await loadOidc();
    const logoutState = oidc.randomState();
    let listener: LoopbackListener | undefined;
    try {
      listener = await startLoopbackListener({
        port: this.resolved.redirectPort,
        path: this.resolved.postLogoutRedirectPath,
        isGenuine: (url) => url.searchParams.getAll('state').length === 1 && url.searchParams.get('state') === logoutState,
        onGenuine: async () => 'signed-out',
        onServed: () => void this.closeLogoutListener(listener),
      });
      this.logoutListeners.add(listener);
      const timer = setTimeout(() => void this.closeLogoutListener(listener), POST_LOGOUT_LISTEN_MS);
      timer.unref?.();
    } catch {
      listener = undefined; // No page to come back to; the provider shows its own.
    }
    const params: Record<string, string> = { client_id: this.resolved.clientId };
    if (session?.idToken) params.id_token_hint = session.idToken;
    if (listener) {
      params.post_logout_redirect_uri = listener.redirectUri;
      params.state = logoutState;
    }
    try {
      await this.options.openExternal(oidc.buildEndSessionUrl(provider.config, params).href);
      return undefined;
    } catch (error) {
      await this.closeLogoutListener(listener);
      return new AuthError(AuthErrorCode.browserOpenFailed, `You are signed out on this device, but the browser could not be opened to end the provider session (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
    }
  }

  private async closeLogoutListeners(): Promise<void> {
    await Promise.all([...this.logoutListeners].map((listener) => this.closeLogoutListener(listener)));
  }

  private async closeLogoutListener(listener: LoopbackListener | undefined): Promise<void> {
    if (!listener) return;
    this.logoutListeners.delete(listener);
    await listener.close();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.clearRefreshTimer();
    clearTimeout(this.keystoreTimer);
    const running = this.flow;
    running?.flow.cancel(new AuthError(AuthErrorCode.cancelled, 'The sign-in was cancelled because the app is closing.'));
    await running?.promise.catch(() => undefined);
    await running?.flow.closed;
    await this.listenerClosed;
    await this.closeLogoutListeners();
    await this.refreshing?.catch(() => undefined);
    this.listeners.clear();
  }

  /** One refresh at a time: concurrent callers share it. Never throws: resolves the failure,
   *  if any (undefined when the session was renewed or was gone). */
  private refresh(): Promise<AuthError | undefined> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<AuthError | undefined> {
    let current = this.session;
    if (!current) return undefined;
    try {
      const renewed = await this.protocol.refresh(current, async (refreshToken) => {
        // The provider rotated the refresh token: the old one is spent. Keep the new one now,
        // encrypted, so that a failure of the checks' own requests cannot lose the session.
        if (!current || this.session !== current || this.disposed) return;
        const rotated: Session = { ...current, refreshToken };
        this.session = current = rotated;
        this.persisted = await this.keep(rotated);
      });
      if (this.session !== current || this.disposed) return undefined; // Signed out or replaced meanwhile.
      this.session = renewed;
      this.persisted = await this.keep(renewed);
      this.retryDelay = RETRY_MIN_MS;
      this.showSession(renewed);
      this.scheduleRefresh();
      return undefined;
    } catch (error) {
      if (this.session !== current || this.disposed) return undefined;
      const authError = error instanceof AuthError ? error : new AuthError(AuthErrorCode.providerError, String(error), { cause: error });
      if (authError.code === AuthErrorCode.sessionExpired || authError.code === AuthErrorCode.identityChanged) {
        this.endSession(authError);
        return authError;
      }
      // The provider is unreachable or unwell: keep the session and try again later.
      this.log({ level: 'warn', message: `Session renewal failed, retrying in ${Math.round(this.retryDelay / 1000)} s: ${authError.forLog()}`, code: authError.code });
      this.showSession(current);
      this.schedule(this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
      return authError;
    }
  }

  /** Reads the provider's metadata in the background, so that a click on Sign in opens the
   *  browser without a request first. A failure is only logged: the click tries again. */
  private prefetchProvider(): Promise<unknown> {
    return this.protocol.provider().catch((error: unknown) => {
      const message = error instanceof AuthError ? error.forLog() : String(error);
      this.log({ level: 'info', message: `The provider's metadata could not be read ahead: ${message}` });
    });
  }

  /** Encrypts and stores the session, the provider cache sealed with it; false when not kept. */
  private async keep(session: Session): Promise<boolean> {
    this.forgetLegacyCache();
    return this.vault.save(session, this.providerCache.snapshot());
  }

  /** Removes the stored session and what was kept with it. */
  private forgetStored(): void {
    this.vault.clear();
    this.forgetLegacyCache();
  }

  /** Earlier versions kept the provider cache in clear text beside the session: never read,
   *  removed at the first chance. */
  private forgetLegacyCache(): void {
    try {
      this.options.store.delete(LEGACY_PROVIDER_CACHE_KEY);
    } catch {
      // A store that cannot delete: the key is never read anyway.
    }
  }

  /** Ends the session for a reason the person must see; wipes what was stored. */
  private endSession(reason: AuthError): void {
    this.session = undefined;
    this.persisted = false;
    this.clearRefreshTimer();
    this.forgetStored();
    this.log({ level: 'warn', message: `Session ended: ${reason.forLog()}`, code: reason.code });
    // A sign-in running over it stays on screen; its end says how it went.
    if (!this.flow) this.setState({ status: 'signed-out', error: reason.toJSON() });
  }

  private scheduleRefresh(): void {
    const session = this.session;
    if (!session) return;
    const due = session.expiresAt - (session.refreshToken ? refreshLeadMs(session) : 0);
    this.schedule(Math.max(due - Date.now(), 1_000));
  }

  private schedule(delayMs: number): void {
    this.clearRefreshTimer();
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      const session = this.session;
      if (!session || this.disposed) return;
      if (session.refreshToken) void this.refresh();
      else if (session.expiresAt <= Date.now()) this.endSession(new AuthError(AuthErrorCode.sessionExpired, 'Your session has expired. Sign in again.'));
      else this.scheduleRefresh();
    }, Math.min(delayMs, 2 ** 31 - 1));
    this.refreshTimer.unref?.();
  }

  private clearRefreshTimer(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  /** Shows the session as signed in, unless a sign-in is running over it: the window keeps
   *  showing that sign-in, and its end shows the session as it is then. */
  private showSession(session: Session): void {
    if (!this.flow) this.setState(toSignedInState(session, this.persisted));
  }

  /** For shareProviderKnowledge: what is known of the provider, if anything. */
  knownProvider(): unknown {
    return this.providerCache.snapshot();
  }

  /** For shareProviderKnowledge: takes what another service of this configuration knows, unless
   *  this one knows something already. */
  learnProvider(known: unknown): void {
    if (known !== undefined && this.providerCache.snapshot() === undefined) this.providerCache.seed(known);
  }

  private setState(next: AuthState): void {
    // Frozen once instead of copied for every reader: nobody can change what others see.
    this.state = deepFreeze(next);
    for (const listener of [...this.listeners]) {
      try {
        listener(this.state);
      } catch (error) {
        this.log({ level: 'error', message: `A state listener threw: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }

  private log(event: AuthLogEvent): void {
    try {
      this.options.log?.(event);
    } catch {
      // Diagnostics must never break the sign-in.
    }
  }

  private disposedError(): AuthError {
    return new AuthError(AuthErrorCode.disposed, 'The sign-in service has been shut down. Restart the app.');
  }
}
