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
import { dpopAlgorithm, generateDPoPKey, jwkThumbprint } from './dpop.ts';
import { AuthError, AuthErrorCode } from './errors.ts';
import { createFlowResult } from './flow-result.ts';
import { loopbackRedirectUri, startLoopbackListener, type LoopbackListener } from './loopback.ts';
import { loadOidc } from './oidc.ts';
import type { Provider, ServerMetadata } from './provider.ts';
import type { AuthorizationChecks, ProtocolClient } from './protocol.ts';
import type { Session } from './session.ts';
import type { SignInOptions } from './types.ts';
import { sanitizeProviderText, translateError } from './translate-error.ts';

/** A sign-in's own asks (SignInOptions, checked): sent, and then checked in the ID token. */
export interface SignInRequest {
  device?: boolean;
  chooseAccount?: boolean;
  maxAge?: number;
  acrValues?: string[];
  loginHint?: string;
  prompt?: string;
}

const PROMPT_VALUES = new Set(['none', 'login', 'consent', 'select_account']);

/** Checks `signIn()`'s options at the public edge. @throws AuthError `invalid_config`. */
export function checkSignInOptions(options: SignInOptions | undefined): SignInRequest {
  if (options === undefined) return {};
  const invalid = (message: string) => new AuthError(AuthErrorCode.invalidConfig, `The sign-in options are invalid: ${message}.`);
  if (typeof options !== 'object' || options === null) throw invalid('options must be an object');
  const request: SignInRequest = {};
  if (options.chooseAccount !== undefined) {
    if (typeof options.chooseAccount !== 'boolean') throw invalid('chooseAccount must be true or false');
    if (options.chooseAccount) request.chooseAccount = true;
  }
  if (options.device !== undefined) {
    if (typeof options.device !== 'boolean') throw invalid('device must be true or false');
    if (options.device) request.device = true;
  }
  if (options.maxAge !== undefined) {
    if (!Number.isInteger(options.maxAge) || options.maxAge < 0) throw invalid('maxAge must be a whole number of seconds, 0 or more');
    request.maxAge = options.maxAge;
  }
  if (options.acrValues !== undefined) {
    if (!Array.isArray(options.acrValues) || options.acrValues.length === 0 || !options.acrValues.every((value) => typeof value === 'string' && /^[\x21-\x7e]+$/.test(value))) {
      throw invalid('acrValues must be a non-empty list of values without spaces');
    }
    request.acrValues = [...options.acrValues];
  }
  if (options.loginHint !== undefined) {
    if (typeof options.loginHint !== 'string' || !options.loginHint.trim() || options.loginHint.length > 256) throw invalid('loginHint must be a non-empty string of at most 256 characters');
    request.loginHint = options.loginHint.trim();
  }
  if (options.prompt !== undefined) {
    const values = typeof options.prompt === 'string' ? options.prompt.split(' ').filter(Boolean) : [];
    if (values.length === 0 || !values.every((value) => PROMPT_VALUES.has(value)) || (values.includes('none') && values.length > 1)) {
      throw invalid('prompt must be none, or any of login, consent and select_account');
    }
    request.prompt = values.join(' ');
  }
  return request;
}

export interface SignInFlowDeps {
  resolved: ResolvedProviderConfig;
  /** What this sign-in asks beyond the configuration. */
  request: SignInRequest;
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

/** How long the authorization request check waits for an answer before leaving it to the browser. */
const CHECK_TIMEOUT_MS = 10_000;

function isRedirectRefusal(error: unknown): boolean {
  return error instanceof Error && /redirect was cancelled/i.test(error.message);
}

function isTimeout(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'TimeoutError';
}

/** `error` and `error_description` from a JSON body, or from `error=` in a page or query. */
function oauthErrorIn(body: string): { error?: string; description?: string } {
  try {
    const json = JSON.parse(body) as { error?: unknown; error_description?: unknown };
    if (typeof json.error === 'string') return { error: json.error, ...(typeof json.error_description === 'string' ? { description: json.error_description } : {}) };
  } catch {
    // Not JSON: look for an OAuth error code in the text.
  }
  const code = /\b(invalid_request|invalid_client|unauthorized_client|invalid_scope|invalid_redirect_uri|unsupported_response_type|access_denied|server_error)\b/.exec(body)?.[1];
  return code ? { error: code } : {};
}

/** A PAR endpoint's refusal of our DPoP proof that openid-client could not recover from. */
function refusedProof(error: unknown): boolean {
  const code = (error as { error?: unknown } | null)?.error;
  return code === 'invalid_dpop_proof' || code === 'use_dpop_nonce';
}

function equalSecrets(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A running sign-in. `result` settles once; `cancel` ends it early with the given error. */
export class SignInFlow {
  private readonly outcome = createFlowResult();
  readonly result: Promise<Session> = this.outcome.promise;
  private listener: LoopbackListener | undefined;
  private deepLink: { redirectUri: string; accept(url: URL): Promise<unknown> | undefined } | undefined;
  private authorizationUrl: URL | undefined;
  private settled = false;
  private exchanging = false;
  private timer: NodeJS.Timeout | undefined;
  /** Settles when the listener has dropped its last connection (awaited by dispose). */
  closed: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SignInFlowDeps) {
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
      const { maxAge, acrValues } = this.deps.request;
      const checks: AuthorizationChecks = { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, requestedScopes: scopes, dpop, maxAge, acrValues };

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

      const { request } = this.deps;
      const advertised = provider.metadata.prompt_values_supported;
      const selectAccount = resolved.selectAccountPrompt || (Array.isArray(advertised) && advertised.includes('select_account'));
      const usual = request.prompt ?? resolved.prompt ?? (scopes.includes('offline_access') ? 'consent' : '');
      // Choosing an account keeps the usual prompt too: consent is what keeps offline_access.
      const choice = request.chooseAccount ? (selectAccount ? 'select_account' : 'login') : undefined;
      const prompt = choice ? [choice, ...usual.split(' ').filter((value) => value && value !== choice && value !== 'none')].join(' ') : usual;
      const parameters: Record<string, string> = {
        ...resolved.extraAuthorizationParams,
        ...(request.maxAge !== undefined ? { max_age: String(request.maxAge) } : {}),
        ...(request.acrValues ? { acr_values: request.acrValues.join(' ') } : {}),
        ...(request.loginHint ? { login_hint: request.loginHint } : {}),
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
      this.timer = setTimeout(() => void this.onTimeout(), resolved.signInTimeoutMs);
      this.timer.unref?.();
      // While the browser opens, the app asks the same URL itself: a provider that is down, or
      // that refuses the request (a redirect URI it matches exactly), is named within seconds
      // instead of at the time-out. Not with PAR: a pushed request_uri is single-use, and the
      // push itself has already reached the provider.
      if (!usePar) void this.checkAuthorizationRequest(url, redirectUri);
      // And the signing keys are read now, so that the redirect costs one round trip: the token.
      void protocol.prefetchKeys();
      await this.openBrowser(url);
    } catch (error) {
      await this.finish(translateError(error, 'authorization', protocol.errorContext));
    }
  }

  /** RFC 9126: the parameters go to the provider directly; the browser carries only
   *  `client_id` and `request_uri`. With DPoP, the proof binds the code to our key. */
  private async pushAuthorizationRequest(provider: Provider, parameters: Record<string, string>, dpop: AuthorizationChecks['dpop']): Promise<URL> {
    const oidc = await loadOidc();
    try {
      // The same handle as the code exchange's, so a nonce the provider sets here is reused there.
      const options = dpop ? { DPoP: await this.deps.protocol.bindDPoPKey(dpop) } : undefined;
      try {
        return await oidc.buildAuthorizationUrlWithPAR(provider.config, parameters, options);
      } catch (error) {
        if (!dpop || !refusedProof(error)) throw error;
        // The PAR endpoint wants a nonce but did not say which (no DPoP-Nonce header): bind the
        // code to the key with dpop_jkt instead of a proof (RFC 9449 §10). The token endpoint
        // still demands the proof, nonce and all, so the binding is as strong.
        return await oidc.buildAuthorizationUrlWithPAR(provider.config, { ...parameters, dpop_jkt: jwkThumbprint(dpop.stored.publicJwk) });
      }
    } catch (error) {
      const description = `${(error as { error?: string }).error ?? ''} ${(error as { error_description?: string }).error_description ?? ''}`;
      if (/redirect/i.test(description)) throw this.redirectUriRejected(parameters.redirect_uri!, error);
      throw translateError(error, 'authorization', this.deps.protocol.errorContext);
    }
  }

  /** The provider refused `redirectUri`: say which URI to register, and the port rule. */
  private redirectUriRejected(redirectUri: string, cause?: unknown, answer?: string): AuthError {
    const { resolved } = this.deps;
    const seen = answer ? ` (it answered ${answer})` : '';
    if (resolved.privateUseRedirectUri) {
      return new AuthError(AuthErrorCode.redirectUriRejected, `The provider rejected the redirect URI ${redirectUri}${seen}. Register ${redirectUri} for the app at the provider.`, cause === undefined ? undefined : { cause });
    }
    const port = new URL(redirectUri).port;
    const fix = resolved.redirectPort
      ? `Register ${redirectUri} exactly, port included, for the app at the provider.`
      : `Register ${registeredRedirectUri(resolved)} for a native app. If the provider compares redirect URIs exactly, port included, set the redirect port to a fixed one (for example ${port}) and register http://127.0.0.1:${port}${resolved.redirectPath} instead.`;
    return new AuthError(AuthErrorCode.redirectUriRejected, `The provider rejected the redirect URI ${redirectUri}${seen}. ${fix}`, cause === undefined ? undefined : { cause });
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
      const translated = translateError(error, 'token', this.deps.protocol.errorContext);
      void this.finish(translated);
      return 'failure' as const;
    }
  }

  private async onTimeout(): Promise<void> {
    if (this.settled || this.exchanging) return;
    await this.finish(
      new AuthError(AuthErrorCode.timeout, `The sign-in was not completed within ${Math.round(this.deps.resolved.signInTimeoutMs / 1000)} seconds. Sign in again, and finish in the browser window that opens.`),
    );
  }

  /**
   * Asks the authorization URL once, as the browser does, and ends the sign-in at once when the
   * provider cannot be reached or answers 4xx/5xx. A redirect or a page (its login) is what a
   * working provider answers: the sign-in goes on in the browser. A slow answer is not a
   * verdict either. Nothing is followed, so the check never reaches the redirect URI.
   */
  private async checkAuthorizationRequest(url: URL, redirectUri: string): Promise<void> {
    let response: Response;
    try {
      response = await this.deps.fetch()(url.href, { redirect: 'manual', credentials: 'omit', signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    } catch (error) {
      // Electron's net.fetch refuses to hand back a redirect ("Redirect was cancelled"): the
      // provider answered with one, as a working authorization endpoint does.
      if (this.settled || this.exchanging || isRedirectRefusal(error) || isTimeout(error)) return;
      const translated = translateError(error, 'authorization', this.deps.protocol.errorContext);
      if (translated.code === AuthErrorCode.providerUnreachable) await this.finish(translated);
      return;
    }
    if (response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      return;
    }
    const contentType = response.headers.get('content-type')?.split(';')[0]?.trim() || undefined;
    const body = (await response.text().catch(() => '')).slice(0, 20_000);
    if (this.settled || this.exchanging) return;
    await this.finish(this.refusedAuthorization(response.status, contentType, body, redirectUri));
  }

  /** Words a 4xx/5xx answer to the authorization request: the likely cause and the fix. */
  private refusedAuthorization(status: number, contentType: string | undefined, body: string, redirectUri: string): AuthError {
    const answer = `HTTP ${status}${body.trim() ? `, ${contentType ?? 'no content type'}` : ', no content'}`;
    const { error, description } = oauthErrorIn(body);
    const detail = sanitizeProviderText([error, description].filter(Boolean).join(': ')) ?? sanitizeProviderText(contentType);
    if (status >= 500) {
      return new AuthError(AuthErrorCode.providerError, `The provider's authorization endpoint answered with an error (${answer}). Try again in a moment.`, { detail });
    }
    if (/redirect[_ ]?ur[il]/i.test(body) || error === 'invalid_redirect_uri' || (!body.trim() && (status === 400 || status === 403))) {
      return this.redirectUriRejected(redirectUri, undefined, answer);
    }
    if (error === 'invalid_client' || error === 'unauthorized_client' || /invalid[_ ]client|client[_ ]id|unknown client|client not found/i.test(body)) {
      return new AuthError(AuthErrorCode.invalidClient, `The provider does not accept client "${this.deps.resolved.clientId}" (its sign-in page answered ${answer}). Check the client ID, and that the app is registered and active at the provider.`, { detail });
    }
    return new AuthError(
      AuthErrorCode.authorizationError,
      `The provider refused the sign-in request (${answer}${error ? `, error "${sanitizeProviderText(error)}"` : ''}). Check the app's registration at the provider: its redirect URI (${registeredRedirectUri(this.deps.resolved)}), scopes and grants.`,
      { detail },
    );
  }

  private async finish(error: AuthError | undefined, session?: Session): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    // close() stops listening at once (the port refuses new connections from here on); what
    // remains, dropping idle keep-alive sockets, finishes in the background (`closed`).
    this.closed = this.listener?.close() ?? Promise.resolve();
    this.outcome.settle(error, session);
  }
}
