/**
 * The reference client the targets were set from, measured in the same harness as the core: AppAuth-JS 1.4 (the
 * OpenID Foundation's native-app library, its Node support: NodeRequestor over node:http,
 * NodeCrypto for PKCE) with jose checking the ID token, which AppAuth-JS does not do.
 *
 * The loopback listener copies AppAuth-JS's NodeBasedHandler (node_request_handler.ts): that
 * class also opens the system browser itself (`opener`), which the benchmark must not do, so
 * its request handler is reproduced here: parse the query, answer a fixed page, close the
 * server, hand the response on. The rest is AppAuth-JS's own classes, used as its README shows.
 * Like the core, the reference checks state, the ID token (signature with keys already held,
 * issuer, audience, expiry, nonce) and the UserInfo subject; unlike the core it stores nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthorizationRequest,
  AuthorizationServiceConfiguration,
  BaseTokenRequestHandler,
  GRANT_TYPE_AUTHORIZATION_CODE,
  TokenRequest,
  type AuthorizationRequestHandler,
} from '@openid/appauth';
import { NodeBasedHandler, NodeCrypto, NodeRequestor } from '@openid/appauth/built/src/node_support/index.js';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
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

export interface AppAuthReference {
  /** One sign-in, the browser played by the child; measured like the core's. `markWindow`
   *  (the profiler's) is called at the start of the measured window and returns its end. */
  signIn(markWindow?: () => () => void): Promise<Sample>;
}

export async function createAppAuthReference(child: ProviderChild): Promise<AppAuthReference> {
  const metadata = (await (await fetch(`${child.issuer}/.well-known/openid-configuration`)).json()) as Metadata;
  const configuration = new AuthorizationServiceConfiguration({
    authorization_endpoint: metadata.authorization_endpoint,
    token_endpoint: metadata.token_endpoint,
    revocation_endpoint: metadata.revocation_endpoint ?? '',
    userinfo_endpoint: metadata.userinfo_endpoint,
  });
  // Warm, like the core's measured sign-ins: the keys are already held.
  const keys = createLocalJWKSet((await (await fetch(metadata.jwks_uri)).json()) as JSONWebKeySet);
  const crypto = new NodeCrypto();
  const requestor = new NodeRequestor();
  const tokenHandler = new BaseTokenRequestHandler(requestor);
  // Only for buildRequestUrl (protected in AppAuth-JS): the URL its own flow would open.
  const urlBuilder = new NodeBasedHandler(0) as unknown as { buildRequestUrl(configuration: AuthorizationServiceConfiguration, request: AuthorizationRequest): string } & AuthorizationRequestHandler;

  async function signIn(markWindow?: () => () => void): Promise<Sample> {
    const callback = deferred<{ code: string | null; state: string | null; error: string | null }>();
    // NodeBasedHandler.performAuthorizationRequest's server, on a free port.
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
    const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
    const nonce = crypto.generateRandom(16);
    const request = new AuthorizationRequest(
      { client_id: child.clientId, redirect_uri: redirectUri, scope: 'openid profile email offline_access', response_type: AuthorizationRequest.RESPONSE_TYPE_CODE, extras: { prompt: 'consent', nonce } },
      crypto,
      true,
    );
    await request.setupCodeVerifier();
    const callbackUrl = await child.authorize(urlBuilder.buildRequestUrl(configuration, request));

    child.follow(callbackUrl); // as in the core's signIn(): sent before the window opens
    const endWindow = markWindow?.();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const response = await callback.promise;
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
    const { payload } = await jwtVerify(tokens.idToken, keys, { issuer: metadata.issuer, audience: child.clientId, algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'] });
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
