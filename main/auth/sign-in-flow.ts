/**
 * One authorization code + PKCE sign-in in the person's browser (RFC 8252 §4.1): listener up,
 * authorization request out through the browser, the genuine redirect in, tokens redeemed,
 * listener down. Forged or mismatched callbacks are turned away while the flow keeps waiting.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc7636 (PKCE)
 * @see https://www.rfc-editor.org/rfc/rfc9207 (the `iss` authorization response parameter)
 */
import { timingSafeEqual } from 'node:crypto';
import { DEFAULT_SCOPES, type ResolvedProviderConfig } from './config.ts';
import { dpopAlgorithm, generateDPoPKey } from './dpop.ts';
import { AuthError, AuthErrorCode } from './errors.ts';
import { loopbackRedirectUri, startLoopbackListener, type LoopbackListener } from './loopback.ts';
import { loadOidc } from './oidc.ts';
import type { Provider, ServerMetadata } from './provider.ts';
import type { AuthorizationChecks, ProtocolClient } from './protocol.ts';
import type { Session } from './session.ts';
import { translateError } from './translate-error.ts';

export interface SignInFlowDeps {
  resolved: ResolvedProviderConfig;
  protocol: ProtocolClient;
  openExternal(url: string): Promise<void>;
  /** Told the redirect URI as soon as the listener is up. */
  onRedirectUri(uri: string): void;
  /** Frees the redirect port first (a post-logout page may still be listening on it). */
  beforeListen(): Promise<void>;
  fetch: () => typeof globalThis.fetch;
}

/** The redirect URI to register at the provider (any port when none is fixed). */
export function registeredRedirectUri(resolved: ResolvedProviderConfig): string {
  return resolved.privateUseRedirectUri ?? loopbackRedirectUri(resolved.redirectPort, resolved.redirectPath);
}

/** The scopes to request: the configured ones, or the defaults minus what the provider lacks. */
export function requestedScopes(resolved: ResolvedProviderConfig, metadata: ServerMetadata): string[] {
  if (resolved.scopes) return resolved.scopes;
  const supported = metadata.scopes_supported;
  // Google, for one, refuses offline_access (it has its own access_type=offline).
  return DEFAULT_SCOPES.filter((scope) => scope !== 'offline_access' || !supported || supported.includes(scope));
}

function equalSecrets(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A running sign-in. `result` settles once; `cancel` ends it early with the given error. */
export class SignInFlow {
  readonly result: Promise<Session>;
  private listener: LoopbackListener | undefined;
  private deepLink: { redirectUri: string; accept(url: URL): Promise<unknown> | undefined } | undefined;
  private authorizationUrl: URL | undefined;
  private settled = false;
  private exchanging = false;
  private timer: NodeJS.Timeout | undefined;
  private rejectResult!: (error: AuthError) => void;
  private resolveResult!: (session: Session) => void;
  /** Settles when the listener has dropped its last connection (awaited by dispose). */
  closed: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SignInFlowDeps) {
    this.result = new Promise<Session>((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    // The promise is also awaited by the service; this keeps an early rejection from being
    // reported as unhandled while the service is still between awaits.
    this.result.catch(() => undefined);
    void this.run();
  }

  /** Ends the flow with `error` unless it already ended. */
  cancel(error: AuthError): void {
    void this.finish(error);
  }

  /**
   * Takes a private-use URI redirect the operating system handed to the app. True when it was
   * this sign-in's genuine redirect (the exchange then runs); false for anything else.
   */
  handleRedirect(url: string): boolean {
    if (!this.deepLink || this.settled) return false;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    const expected = new URL(this.deepLink.redirectUri);
    if (parsed.protocol !== expected.protocol || parsed.host !== expected.host || parsed.pathname !== expected.pathname) return false;
    return this.deepLink.accept(parsed) !== undefined;
  }

  /** Opens the authorization URL again (the person closed the tab). */
  async reopen(): Promise<void> {
    if (!this.authorizationUrl || this.settled) {
      throw new AuthError(AuthErrorCode.noSignIn, 'The browser cannot be opened again yet: the sign-in is still starting. Try again in a moment.');
    }
    await this.openBrowser(this.authorizationUrl);
  }

  private async run(): Promise<void> {
    const { resolved, protocol } = this.deps;
    try {
      const provider = await protocol.provider();
      if (this.settled) return;
      const oidc = await loadOidc();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const scopes = requestedScopes(resolved, provider.metadata);
      const dpopAlg = resolved.dpop ? dpopAlgorithm(provider.metadata) : undefined;
      const dpop = dpopAlg ? await generateDPoPKey(dpopAlg) : undefined;
      const checks: AuthorizationChecks = { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, requestedScopes: scopes, dpop };

      let redirectUri: string;
      if (resolved.privateUseRedirectUri) {
        // RFC 8252 §7.1: the operating system hands the redirect to the app (handleRedirect).
        redirectUri = resolved.privateUseRedirectUri;
        this.deepLink = { redirectUri, accept: (url) => (this.isGenuine(url, state, provider) ? this.complete(url, checks) : undefined) };
      } else {
        await this.deps.beforeListen();
        this.listener = await startLoopbackListener({
          port: resolved.redirectPort,
          path: resolved.redirectPath,
          isGenuine: (url) => this.isGenuine(url, state, provider),
          onGenuine: (url) => this.complete(url, checks),
        });
        if (this.settled) {
          await this.listener.close();
          return;
        }
        redirectUri = this.listener.redirectUri;
      }
      this.deps.onRedirectUri(redirectUri);

      const prompt = resolved.prompt ?? (scopes.includes('offline_access') ? 'consent' : '');
      const parameters: Record<string, string> = {
        ...resolved.extraAuthorizationParams,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: scopes.join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...(prompt ? { prompt } : {}),
      };
      const usePar = provider.features.par && (resolved.pushedAuthorizationRequests || provider.features.requirePar);
      const url = usePar ? await this.pushAuthorizationRequest(provider, parameters, dpop) : oidc.buildAuthorizationUrl(provider.config, parameters);
      if (this.settled) return;
      this.authorizationUrl = url;
      this.timer = setTimeout(() => void this.onTimeout(url), resolved.signInTimeoutMs);
      this.timer.unref?.();
      await this.openBrowser(url);
    } catch (error) {
      await this.finish(translateError(error, 'authorization', { issuer: resolved.issuer, clientId: resolved.clientId }));
    }
  }

  /** RFC 9126: the parameters go to the provider directly; the browser carries only
   *  `client_id` and `request_uri`. With DPoP, the proof binds the code to our key. */
  private async pushAuthorizationRequest(provider: Provider, parameters: Record<string, string>, dpop: AuthorizationChecks['dpop']): Promise<URL> {
    const oidc = await loadOidc();
    try {
      // The same handle as the code exchange's, so a nonce the provider sets here is reused there.
      const options = dpop ? { DPoP: await this.deps.protocol.bindDPoPKey(dpop) } : undefined;
      return await oidc.buildAuthorizationUrlWithPAR(provider.config, parameters, options);
    } catch (error) {
      const description = `${(error as { error?: string }).error ?? ''} ${(error as { error_description?: string }).error_description ?? ''}`;
      if (/redirect/i.test(description)) throw this.redirectUriRejected(parameters.redirect_uri!, error);
      throw translateError(error, 'authorization', { issuer: this.deps.resolved.issuer, clientId: this.deps.resolved.clientId });
    }
  }

  /** The provider refused `redirectUri`: say which URI to register. */
  private redirectUriRejected(redirectUri: string, cause?: unknown): AuthError {
    const { resolved } = this.deps;
    return new AuthError(
      AuthErrorCode.redirectUriRejected,
      `The provider rejected the redirect URI ${redirectUri}. Register ${registeredRedirectUri(resolved)} for a native app${resolved.redirectPort ? '' : ', or set a fixed redirect port if the provider matches ports exactly'}.`,
      cause === undefined ? undefined : { cause },
    );
  }

  private async openBrowser(url: URL): Promise<void> {
    try {
      await this.deps.openExternal(url.href);
    } catch (error) {
      throw new AuthError(AuthErrorCode.browserOpenFailed, `The browser could not be opened to sign in (${error instanceof Error ? error.message : String(error)}). Check that a default web browser is set, then try again.`, { cause: error });
    }
  }

  /** A callback belongs to this flow only with exactly our `state` and, where the provider
   *  speaks RFC 9207, its own `iss`; anything else is turned away without ending the flow. */
  private isGenuine(url: URL, state: string, provider: Provider): boolean {
    // One authorization response is completed at most once, however often it arrives (a double
    // click, a reload, open-url and second-instance both): a code is never redeemed twice.
    if (this.settled || this.exchanging) return false;
    const params = url.searchParams;
    const states = params.getAll('state');
    if (states.length !== 1 || !equalSecrets(states[0]!, state)) return false;
    const issuers = params.getAll('iss');
    if (issuers.length > 1) return false;
    if (issuers.length === 1 && issuers[0] !== provider.metadata.issuer) return false;
    if (issuers.length === 0 && provider.metadata.authorization_response_iss_parameter_supported) return false;
    const hasCode = params.getAll('code').length === 1 && params.get('code') !== '';
    const hasError = params.getAll('error').length === 1;
    return hasCode !== hasError;
  }

  private async complete(url: URL, checks: AuthorizationChecks) {
    if (this.settled) return 'failure' as const;
    this.exchanging = true;
    try {
      const session = await this.deps.protocol.exchangeCode(url, checks);
      if (this.settled) return 'failure' as const;
      void this.finish(undefined, session);
      return 'success' as const;
    } catch (error) {
      const translated = translateError(error, 'token', { issuer: this.deps.resolved.issuer, clientId: this.deps.resolved.clientId });
      void this.finish(translated);
      return 'failure' as const;
    }
  }

  private async onTimeout(url: URL): Promise<void> {
    if (this.settled || this.exchanging) return;
    const rejected = await this.diagnoseRedirectUri(url);
    if (this.settled || this.exchanging) return;
    await this.finish(
      rejected ??
        new AuthError(AuthErrorCode.timeout, `The sign-in was not completed within ${Math.round(this.deps.resolved.signInTimeoutMs / 1000)} seconds. Sign in again, and finish in the browser window that opens.`),
    );
  }

  /** After a time-out: did the provider refuse our redirect URI or client? The browser would
   *  have shown its error page and never come back, so ask the provider directly, once, briefly. */
  private async diagnoseRedirectUri(url: URL): Promise<AuthError | undefined> {
    const redirectUri = this.listener?.redirectUri;
    if (!redirectUri) return undefined;
    try {
      const response = await this.deps.fetch()(url.href, { redirect: 'manual', signal: AbortSignal.timeout(2_000) });
      if (response.status < 400 || response.status >= 500) return undefined;
      const body = (await response.text()).slice(0, 20_000);
      if (/redirect[_ ]?ur[il]/i.test(body)) return this.redirectUriRejected(redirectUri);
      if (/invalid[_ ]client|client[_ ]id|unknown client|client not found/i.test(body)) {
        return new AuthError(AuthErrorCode.invalidClient, `The provider does not accept client "${this.deps.resolved.clientId}" (its sign-in page showed an error about the client). Check the client ID, and that the app is registered and active at the provider.`);
      }
      return undefined;
    } catch {
      return undefined;
    }
  }

  private async finish(error: AuthError | undefined, session?: Session): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    // close() stops listening at once (the port refuses new connections from here on); what
    // remains, dropping idle keep-alive sockets, finishes in the background (`closed`).
    this.closed = this.listener?.close() ?? Promise.resolve();
    if (session) this.resolveResult(session);
    else this.rejectResult(error ?? new AuthError(AuthErrorCode.cancelled, 'The sign-in was cancelled.'));
  }
}
