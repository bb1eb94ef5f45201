/**
 * The reference client, measured in the same harness as the core: AppAuth-JS 1.4 (the OpenID
 * Foundation's native-app library) with jose checking the ID token, which AppAuth-JS does not
 * do. Its requests go through AppAuth-JS's FetchRequestor over global fetch, as the core's go
 * through the fetch it is given, so the two are compared on protocol work, not HTTP stacks.
 * PKCE comes from AppAuth-JS's NodeCrypto.
 *
 * The loopback listener copies AppAuth-JS's NodeBasedHandler (node_request_handler.ts): that
 * class also opens the system browser itself (`opener`), which the benchmark must not do, so
 * its request handler is reproduced here: parse the query, answer a fixed page, close the
 * server, hand the response on. The rest is AppAuth-JS's own classes, used as its README shows.
 * Like the core, the reference checks state, the ID token (signature, issuer, audience, expiry,
 * nonce) and the UserInfo subject.
 *
 * Two uses:
 * - `createAppAuthReference`: warm sign-ins for the CPU figures (keys already held, the window
 *   closes after UserInfo, nothing stored), as before;
 * - `AppAuthApp`: an app built the way the network targets describe, for the network figures:
 *   metadata read when the app opens, keys fetched while the person is in the browser,
 *   signed-in as soon as the ID token passed, UserInfo merged after; tokens, metadata and keys
 *   kept (as JSON) so a restart can restore without asking the provider.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthorizationRequest,
  AuthorizationServiceConfiguration,
  BaseTokenRequestHandler,
  FetchRequestor,
  GRANT_TYPE_AUTHORIZATION_CODE,
  GRANT_TYPE_REFRESH_TOKEN,
  TokenRequest,
  type AuthorizationRequestHandler,
} from '@openid/appauth';
import { NodeBasedHandler, NodeCrypto } from '@openid/appauth/built/src/node_support/index.js';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { ProviderChild } from './child.ts';
import type { Sample } from './sign-in.ts';
import { cpuMs, deferred } from './stats.ts';

interface Metadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  revocation_endpoint?: string;
  jwks_uri: string;
}

const SCOPE = 'openid profile email offline_access';
const ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

function configurationOf(metadata: Metadata): AuthorizationServiceConfiguration {
  return new AuthorizationServiceConfiguration({
    authorization_endpoint: metadata.authorization_endpoint,
    token_endpoint: metadata.token_endpoint,
    revocation_endpoint: metadata.revocation_endpoint ?? '',
    userinfo_endpoint: metadata.userinfo_endpoint,
  });
}

/** Only for buildRequestUrl (protected in AppAuth-JS): the URL its own flow would open. */
function urlBuilder(): { buildRequestUrl(configuration: AuthorizationServiceConfiguration, request: AuthorizationRequest): string } {
  return new NodeBasedHandler(0) as unknown as { buildRequestUrl(configuration: AuthorizationServiceConfiguration, request: AuthorizationRequest): string } & AuthorizationRequestHandler;
}

interface CallbackParams {
  code: string | null;
  state: string | null;
  error: string | null;
}

/** NodeBasedHandler.performAuthorizationRequest's server, on a free port. */
async function startListener(): Promise<{ redirectUri: string; callback: Promise<CallbackParams> }> {
  const callback = deferred<CallbackParams>();
  const server: Server = createServer((httpRequest, response) => {
    if (!httpRequest.url) return;
    const searchParams = new URL(httpRequest.url, 'http://127.0.0.1').searchParams;
    const state = searchParams.get('state');
    const code = searchParams.get('code');
    const error = searchParams.get('error');
    if (!state && !code && !error) return;
    response.setHeader('Content-Type', 'text/html');
    response.end('Close your browser to continue');
    server.setTimeout(1);
    server.close();
    callback.resolve({ code, state, error });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { redirectUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`, callback: callback.promise };
}

export interface AppAuthReference {
  /** One sign-in, the browser played by the child; measured like the core's. `markWindow`
   *  (the profiler's) is called at the start of the measured window and returns its end. */
  signIn(markWindow?: () => () => void): Promise<Sample>;
}

export async function createAppAuthReference(child: ProviderChild): Promise<AppAuthReference> {
  const requestor = new FetchRequestor();
  const metadata = await requestor.xhr<Metadata>({ url: `${child.issuer}/.well-known/openid-configuration`, method: 'GET', dataType: 'json' });
  const configuration = configurationOf(metadata);
  // Warm, like the core's measured sign-ins: the keys are already held.
  const keys = createLocalJWKSet(await requestor.xhr<JSONWebKeySet>({ url: metadata.jwks_uri, method: 'GET', dataType: 'json' }));
  const crypto = new NodeCrypto();
  const tokenHandler = new BaseTokenRequestHandler(requestor);
  const builder = urlBuilder();

  async function signIn(markWindow?: () => () => void): Promise<Sample> {
    const { redirectUri, callback } = await startListener();
    const nonce = crypto.generateRandom(16);
    const request = new AuthorizationRequest(
      { client_id: child.clientId, redirect_uri: redirectUri, scope: SCOPE, response_type: AuthorizationRequest.RESPONSE_TYPE_CODE, extras: { prompt: 'consent', nonce } },
      crypto,
      true,
    );
    await request.setupCodeVerifier();
    const callbackUrl = await child.authorize(builder.buildRequestUrl(configuration, request));

    child.follow(callbackUrl); // as in the core's signIn(): sent before the window opens
    const endWindow = markWindow?.();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const response = await callback;
    if (response.error || !response.code) throw new Error(`AppAuth reference: authorization error ${response.error}`);
    if (response.state !== request.state) throw new Error('AppAuth reference: state mismatch');
    const tokens = await tokenHandler.performTokenRequest(
      configuration,
      new TokenRequest({
        client_id: child.clientId,
        redirect_uri: redirectUri,
        grant_type: GRANT_TYPE_AUTHORIZATION_CODE,
        code: response.code,
        extras: { code_verifier: request.internal!.code_verifier! },
      }),
    );
    if (!tokens.idToken) throw new Error('AppAuth reference: no ID token');
    const { payload } = await jwtVerify(tokens.idToken, keys, { issuer: metadata.issuer, audience: child.clientId, algorithms: ALGORITHMS });
    if (payload.nonce !== nonce) throw new Error('AppAuth reference: nonce mismatch');
    const userInfo = await requestor.xhr<{ sub?: string }>({ url: metadata.userinfo_endpoint, method: 'GET', dataType: 'json', headers: { Authorization: `Bearer ${tokens.accessToken}` } });
    if (userInfo.sub !== payload.sub) throw new Error('AppAuth reference: UserInfo subject mismatch');
    const t1 = performance.now();
    const cpu = cpuMs(cpu0);
    endWindow?.();
    for (let attempt = 0; ; attempt++) {
      const outcome = await child.lastFollow();
      if (outcome && 'status' in outcome) break;
      if (outcome || attempt > 200) throw new Error(`AppAuth reference: the browser's callback request failed: ${JSON.stringify(outcome)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return { latencyMs: t1 - t0, cpuMs: cpu };
  }

  return { signIn };
}

// ---- the app for the network figures

/** What the reference app shows, like the core's AuthState (only what the benchmark reads). */
export type ReferenceState = { status: 'signed-out' } | { status: 'signed-in'; expiresAt: number; claims: Record<string, unknown> };

interface StoredTokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  obtainedAt: number;
  expiresAt: number;
  claims: Record<string, unknown>;
  redirectUri: string;
}

/** What the app keeps between runs (its "disk"): plain JSON, not encrypted. */
export interface ReferenceStore {
  metadata?: Metadata;
  jwks?: JSONWebKeySet;
  tokens?: StoredTokens;
}

/** When the reference renews: the core's rule (a minute before expiry, less for short tokens). */
function needsRefresh(tokens: StoredTokens, now = Date.now()): boolean {
  const lead = Math.min(60_000, Math.max(1_000, (tokens.expiresAt - tokens.obtainedAt) / 4));
  return tokens.expiresAt - lead <= now;
}

export class AppAuthApp {
  private readonly requestor = new FetchRequestor();
  private readonly tokenHandler = new BaseTokenRequestHandler(this.requestor);
  private readonly crypto = new NodeCrypto();
  private readonly builder = urlBuilder();
  private readonly listeners = new Set<(state: ReferenceState) => void>();
  private keys: Promise<JSONWebKeySet> | undefined;
  private state: ReferenceState = { status: 'signed-out' };

  private constructor(
    private readonly clientId: string,
    private readonly store: ReferenceStore,
  ) {
    if (store.jwks) this.keys = Promise.resolve(store.jwks);
  }

  /** The app opens: metadata from its store, else read from the provider now (the issuer's
   *  discovery document, as AuthorizationServiceConfiguration.fetchFromIssuer reads it). */
  static async open(issuer: string, clientId: string, store: ReferenceStore = {}): Promise<AppAuthApp> {
    const app = new AppAuthApp(clientId, store);
    store.metadata ??= await app.requestor.xhr<Metadata>({ url: `${issuer}/.well-known/openid-configuration`, method: 'GET', dataType: 'json' });
    return app;
  }

  onChange(listener: (state: ReferenceState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The store as JSON text (what a restart reads back). */
  saved(): string {
    return JSON.stringify(this.store);
  }

  /** Signs in; resolves once UserInfo is merged (signed-in was shown before, after the ID token). */
  async signIn(openExternal: (url: string) => Promise<void>): Promise<void> {
    const metadata = this.store.metadata!;
    const configuration = configurationOf(metadata);
    const { redirectUri, callback } = await startListener();
    const nonce = this.crypto.generateRandom(16);
    const request = new AuthorizationRequest(
      { client_id: this.clientId, redirect_uri: redirectUri, scope: SCOPE, response_type: AuthorizationRequest.RESPONSE_TYPE_CODE, extras: { prompt: 'consent', nonce } },
      this.crypto,
      true,
    );
    await request.setupCodeVerifier();
    await openExternal(this.builder.buildRequestUrl(configuration, request));
    // The keys while the person is in the browser.
    this.keys ??= this.requestor.xhr<JSONWebKeySet>({ url: metadata.jwks_uri, method: 'GET', dataType: 'json' });
    this.keys.catch(() => undefined);

    const response = await callback;
    if (response.error || !response.code) throw new Error(`AppAuth reference: authorization error ${response.error}`);
    if (response.state !== request.state) throw new Error('AppAuth reference: state mismatch');
    const tokens = await this.tokenHandler.performTokenRequest(
      configuration,
      new TokenRequest({
        client_id: this.clientId,
        redirect_uri: redirectUri,
        grant_type: GRANT_TYPE_AUTHORIZATION_CODE,
        code: response.code,
        extras: { code_verifier: request.internal!.code_verifier! },
      }),
    );
    if (!tokens.idToken) throw new Error('AppAuth reference: no ID token');
    const payload = await this.verify(tokens.idToken);
    if (payload.nonce !== nonce) throw new Error('AppAuth reference: nonce mismatch');
    const now = Date.now();
    const stored: StoredTokens = {
      accessToken: tokens.accessToken,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      idToken: tokens.idToken,
      obtainedAt: now,
      expiresAt: now + (tokens.expiresIn ?? 3600) * 1000,
      claims: { ...payload },
      redirectUri,
    };
    this.store.tokens = stored;
    this.setState({ status: 'signed-in', expiresAt: stored.expiresAt, claims: stored.claims });

    const userInfo = await this.requestor.xhr<Record<string, unknown>>({ url: metadata.userinfo_endpoint, method: 'GET', dataType: 'json', headers: { Authorization: `Bearer ${tokens.accessToken}` } });
    if (userInfo.sub !== payload.sub) throw new Error('AppAuth reference: UserInfo subject mismatch');
    stored.claims = { ...userInfo, ...payload };
    this.setState({ status: 'signed-in', expiresAt: stored.expiresAt, claims: stored.claims });
  }

  /** Startup: the stored identity at once; a refresh first when the access token is due. */
  async restore(): Promise<void> {
    const tokens = this.store.tokens;
    if (!tokens) return;
    this.setState({ status: 'signed-in', expiresAt: tokens.expiresAt, claims: tokens.claims });
    if (!needsRefresh(tokens) || !tokens.refreshToken) return;
    const renewed = await this.tokenHandler.performTokenRequest(
      configurationOf(this.store.metadata!),
      new TokenRequest({ client_id: this.clientId, redirect_uri: tokens.redirectUri, grant_type: GRANT_TYPE_REFRESH_TOKEN, refresh_token: tokens.refreshToken }),
    );
    let claims = tokens.claims;
    if (renewed.idToken) {
      const payload = await this.verify(renewed.idToken);
      if (payload.sub !== claims.sub) throw new Error('AppAuth reference: the refreshed ID token names someone else');
      claims = { ...claims, ...payload };
    }
    const now = Date.now();
    const next: StoredTokens = {
      ...tokens,
      accessToken: renewed.accessToken,
      ...(renewed.refreshToken ? { refreshToken: renewed.refreshToken } : {}),
      ...(renewed.idToken ? { idToken: renewed.idToken } : {}),
      obtainedAt: now,
      expiresAt: now + (renewed.expiresIn ?? 3600) * 1000,
      claims,
    };
    this.store.tokens = next;
    this.setState({ status: 'signed-in', expiresAt: next.expiresAt, claims });
  }

  private async verify(idToken: string): Promise<JWTPayload> {
    if (!this.keys) throw new Error('AppAuth reference: no keys');
    const jwks = await this.keys;
    this.store.jwks = jwks;
    const { payload } = await jwtVerify(idToken, createLocalJWKSet(jwks), { issuer: this.store.metadata!.issuer, audience: this.clientId, algorithms: ALGORITHMS });
    return payload;
  }

  private setState(state: ReferenceState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }

  getState(): ReferenceState {
    return this.state;
  }
}
