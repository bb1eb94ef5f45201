/**
 * A protected resource beside the test provider (`<issuer>/api/profile`): what an API behind
 * the provider would do with the app's access token. It checks the token with the provider
 * and, for DPoP-bound tokens, the proof (RFC 9449 §7.1): signature, `htm`, `htu`, `ath`,
 * freshness, one use per `jti`, and the key thumbprint the token is bound to.
 */
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify } from 'jose';
import type ProviderClass from 'oidc-provider';

export const RESOURCE_PATH = '/api/profile';

export interface ResourceRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
}

export interface ResourceResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function deny(scheme: 'Bearer' | 'DPoP', error: string, description: string): ResourceResponse {
  return {
    status: 401,
    headers: { 'www-authenticate': `${scheme} error="${error}", error_description="${description}"${scheme === 'DPoP' ? ', algs="ES256 PS256 RS256 EdDSA"' : ''}`, 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ error, error_description: description }),
  };
}

/** Answers a request to the protected resource. `seenProofs` remembers used DPoP `jti`s. */
export async function serveProtectedResource(request: ResourceRequest, oidc: ProviderClass, seenProofs: Set<string>): Promise<ResourceResponse> {
  const authorization = String(request.headers.authorization ?? '');
  const match = /^(Bearer|DPoP) ([A-Za-z0-9\-._~+/]+=*)$/i.exec(authorization);
  if (!match) return deny('Bearer', 'invalid_request', 'access token missing');
  const scheme = match[1]!.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
  const value = match[2]!;
  const token = await oidc.AccessToken.find(value);
  if (!token) return deny(scheme, 'invalid_token', 'access token unknown, expired or revoked');

  const jkt = (token as unknown as { jkt?: string }).jkt;
  if (jkt) {
    if (scheme !== 'DPoP') return deny('DPoP', 'invalid_token', 'DPoP-bound access token presented as a bearer token');
    const proof = request.headers.dpop;
    if (typeof proof !== 'string') return deny('DPoP', 'invalid_dpop_proof', 'DPoP proof missing');
    try {
      const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', maxTokenAge: '60s', clockTolerance: 5 });
      const htu = new URL(request.url.href);
      htu.search = '';
      htu.hash = '';
      const ath = createHash('sha256').update(value).digest('base64url');
      if (payload.htm !== request.method) throw new Error('htm mismatch');
      if (payload.htu !== htu.href) throw new Error('htu mismatch');
      if (payload.ath !== ath) throw new Error('ath mismatch');
      if (typeof payload.jti !== 'string' || seenProofs.has(payload.jti)) throw new Error('proof replayed');
      seenProofs.add(payload.jti);
      if ((await calculateJwkThumbprint(protectedHeader.jwk!)) !== jkt) throw new Error('proof key is not the key the token is bound to');
    } catch (error) {
      return deny('DPoP', 'invalid_dpop_proof', (error as Error).message);
    }
  } else if (scheme !== 'Bearer') {
    return deny('Bearer', 'invalid_token', 'bearer access token presented with the DPoP scheme');
  }

  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-resource': 'test-provider-api' },
    body: JSON.stringify({
      message: 'Hello from the protected resource',
      sub: token.accountId,
      client_id: token.clientId,
      scope: token.scope,
      token_type: jkt ? 'DPoP' : 'Bearer',
      method: request.method,
    }),
  };
}
