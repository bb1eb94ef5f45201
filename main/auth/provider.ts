/**
 * The provider: discovery of its metadata, the checks that it can serve a native app, and the
 * openid-client Configuration every protocol call uses (signature checks on, algorithm pinned).
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 * @see https://www.rfc-editor.org/rfc/rfc8414
 */
import type * as oidc from 'openid-client';
import type { ResolvedProviderConfig } from './config.ts';
import { AuthError, AuthErrorCode } from './errors.ts';
import { loadOidc, type Oidc } from './oidc.ts';
import { translateError } from './translate-error.ts';
import type { ProviderDescription } from './types.ts';

/** Server metadata as JSON, what discovery returned (with relative endpoints resolved). */
export type ServerMetadata = oidc.ServerMetadata;

/** A ready-to-use provider: the Configuration plus facts the service needs. */
export interface Provider {
  readonly config: oidc.Configuration;
  readonly metadata: ServerMetadata;
  readonly features: NonNullable<ProviderDescription['features']>;
}

/** Fetch as openid-client calls it; the service wraps the configured one to observe requests. */
export type ProviderFetch = (url: string, init: oidc.CustomFetchOptions) => Promise<Response>;

const ASYMMETRIC_ALGS = ['RS256', 'PS256', 'ES256', 'EdDSA', 'Ed25519', 'RS384', 'PS384', 'ES384', 'RS512', 'PS512', 'ES512'];

const ENDPOINT_FIELDS = [
  'authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'revocation_endpoint',
  'end_session_endpoint', 'introspection_endpoint', 'pushed_authorization_request_endpoint',
  'registration_endpoint', 'device_authorization_endpoint',
] as const;

/** `<issuer>/.well-known/openid-configuration` (OpenID Connect Discovery §4). */
function wellKnownUrl(issuer: string): URL {
  return new URL(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
}

function sameIssuer(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

/**
 * Fetches and checks the provider's metadata.
 * @throws AuthError provider_unreachable, discovery_failed, issuer_mismatch, provider_unsupported.
 */
export async function discoverMetadata(resolved: ResolvedProviderConfig, fetch: ProviderFetch): Promise<ServerMetadata> {
  const context = { issuer: resolved.issuer, clientId: resolved.clientId };
  const url = wellKnownUrl(resolved.issuer);
  const oidc = await loadOidc();
  let discovered: oidc.Configuration;
  try {
    // The full well-known URL makes openid-client skip its own issuer comparison: we compare
    // below, against the configured expected issuer when the provider needs one (OCI).
    discovered = await oidc.discovery(url, resolved.clientId, undefined, undefined, {
      [oidc.customFetch]: fetch,
      execute: resolved.allowInsecureRequests ? [oidc.allowInsecureRequests] : [],
      timeout: REQUEST_TIMEOUT_MS / 1000,
    });
  } catch (error) {
    throw translateError(error, 'discovery', context);
  }
  const metadata = resolveEndpoints(discovered.serverMetadata(), url);
  checkMetadata(metadata, resolved);
  return metadata;
}

/** Endpoints may be listed relative to the discovery URL (OCI IAM Identity Domains). */
function resolveEndpoints(metadata: ServerMetadata, base: URL): ServerMetadata {
  const copy: Record<string, unknown> = { ...metadata };
  for (const field of ENDPOINT_FIELDS) {
    const value = copy[field];
    if (typeof value === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(value)) {
      copy[field] = new URL(value, base).href;
    }
  }
  return copy as ServerMetadata;
}

/**
 * Checks metadata (fresh or cached) against the configuration: the issuer and what a native
 * app needs. @throws AuthError issuer_mismatch, provider_unsupported.
 */
export function checkMetadata(metadata: ServerMetadata, resolved: ResolvedProviderConfig): void {
  if (!sameIssuer(metadata.issuer, resolved.expectedIssuer ?? resolved.issuer)) {
    const hint = resolved.expectedIssuer
      ? `The configured expected issuer is "${resolved.expectedIssuer}"`
      : `The configured issuer is "${resolved.issuer}"`;
    throw new AuthError(AuthErrorCode.issuerMismatch, `The provider's metadata at ${wellKnownUrl(resolved.issuer).href} names the issuer "${metadata.issuer}". ${hint}. Set the issuer to exactly the value the provider publishes${resolved.expectedIssuer ? '' : ' (or, for a provider whose tokens name another issuer than its discovery URL, such as OCI IAM Identity Domains, set expectedIssuer)'}.`);
  }
  checkCapabilities(metadata, resolved);
}

function checkCapabilities(metadata: ServerMetadata, resolved: ResolvedProviderConfig): void {
  const unsupported = (what: string) =>
    new AuthError(AuthErrorCode.providerUnsupported, `The provider at ${resolved.issuer} ${what}`);
  for (const field of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
    if (typeof metadata[field] !== 'string') {
      throw unsupported(`does not publish a ${field} in its metadata, which signing in needs. Check the issuer URL.`);
    }
  }
  if (!metadata.response_types_supported?.includes('code')) {
    throw unsupported('does not support the authorization code flow (response_types_supported lacks "code"), which a native app must use. Enable it for the app at the provider.');
  }
  if (metadata.grant_types_supported && !metadata.grant_types_supported.includes('authorization_code')) {
    throw unsupported('does not offer the authorization_code grant (grant_types_supported). Enable it for the app at the provider.');
  }
  const methods = metadata.code_challenge_methods_supported;
  if (methods ? !methods.includes('S256') : !resolved.assumeS256PkceSupport) {
    throw unsupported(
      methods
        ? `does not support PKCE with S256 (it offers ${methods.length ? methods.join(', ') : 'no method'}). A native app cannot sign in safely without it; enable S256 PKCE at the provider.`
        : 'does not say it supports PKCE with S256 (code_challenge_methods_supported is missing from its metadata). A native app cannot sign in safely without PKCE. If you know the provider supports S256, set assumeS256PkceSupport.',
    );
  }
  if (metadata.require_pushed_authorization_requests && typeof metadata.pushed_authorization_request_endpoint !== 'string') {
    throw unsupported('requires pushed authorization requests but publishes no pushed_authorization_request_endpoint. Check the provider configuration.');
  }
  pinSigningAlgorithm(metadata, resolved);
}

/** The one ID token signature algorithm accepted: never `none`, never a symmetric one. */
function pinSigningAlgorithm(metadata: ServerMetadata, resolved: ResolvedProviderConfig): string {
  const offered = metadata.id_token_signing_alg_values_supported ?? ['RS256'];
  if (resolved.idTokenSigningAlg) {
    if (!offered.includes(resolved.idTokenSigningAlg)) {
      throw new AuthError(AuthErrorCode.providerUnsupported, `The provider does not sign ID tokens with ${resolved.idTokenSigningAlg} (it offers ${offered.join(', ')}). Change idTokenSigningAlg.`);
    }
    return resolved.idTokenSigningAlg;
  }
  if (offered.includes('RS256')) return 'RS256';
  const alg = ASYMMETRIC_ALGS.find((candidate) => offered.includes(candidate));
  if (!alg) {
    throw new AuthError(AuthErrorCode.providerUnsupported, `The provider signs ID tokens only with ${offered.join(', ')}, which a public client cannot verify. Configure the app at the provider to use RS256 or ES256.`);
  }
  return alg;
}

/** What the provider advertises, for the UI and diagnostics. */
function describeFeatures(metadata: ServerMetadata): NonNullable<ProviderDescription['features']> {
  return {
    pkceS256: metadata.code_challenge_methods_supported?.includes('S256') ?? false,
    // RFC 8414: without grant_types_supported, only authorization_code and implicit are implied.
    refreshTokens: metadata.grant_types_supported?.includes('refresh_token') === true,
    revocation: typeof metadata.revocation_endpoint === 'string',
    endSession: typeof metadata.end_session_endpoint === 'string',
    userInfo: typeof metadata.userinfo_endpoint === 'string',
    issParameter: metadata.authorization_response_iss_parameter_supported === true,
    dpop: Array.isArray(metadata.dpop_signing_alg_values_supported) && metadata.dpop_signing_alg_values_supported.length > 0,
    par: typeof metadata.pushed_authorization_request_endpoint === 'string',
    requirePar: metadata.require_pushed_authorization_requests === true,
    deviceFlow: typeof metadata.device_authorization_endpoint === 'string',
  };
}

/** How long one request to the provider may take. */
export const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Builds the Configuration for already-checked metadata: client authentication chosen from
 * what the provider supports, ID token signatures verified (openid-client skips that for
 * token endpoint responses by default), the algorithm pinned, the fetch and the per-request
 * deadline (REQUEST_TIMEOUT_MS) set.
 */
export function createProvider(oidc: Oidc, resolved: ResolvedProviderConfig, metadata: ServerMetadata, fetch: ProviderFetch, clockSkewSeconds = 0): Provider {
  const alg = pinSigningAlgorithm(metadata, resolved);
  const clientMetadata: Partial<oidc.ClientMetadata> = {
    client_id: resolved.clientId,
    id_token_signed_response_alg: alg,
    [oidc.clockTolerance]: resolved.clockToleranceSeconds,
    // The provider's clock minus ours, once an ID token check showed ours is off (protocol.ts).
    [oidc.clockSkew]: clockSkewSeconds,
  };
  const config = new oidc.Configuration(metadata, resolved.clientId, clientMetadata, clientAuthentication(oidc, resolved, metadata));
  if (resolved.allowInsecureRequests) oidc.allowInsecureRequests(config);
  oidc.enableNonRepudiationChecks(config);
  config[oidc.customFetch] = fetch;
  // openid-client's default is 30 s.
  config.timeout = REQUEST_TIMEOUT_MS / 1000;
  return { config, metadata, features: describeFeatures(metadata) };
}

/** The token endpoint authentication method in use: the configured one, else `none` for a
 *  public client, else Basic unless the provider lists only `client_secret_post`. */
export function tokenEndpointAuthMethod(resolved: ResolvedProviderConfig, metadata: ServerMetadata | undefined): 'none' | 'client_secret_basic' | 'client_secret_post' {
  if (resolved.tokenEndpointAuthMethod) return resolved.tokenEndpointAuthMethod;
  if (!resolved.clientSecret) return 'none';
  const methods = metadata?.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  return methods.includes('client_secret_basic') || !methods.includes('client_secret_post') ? 'client_secret_basic' : 'client_secret_post';
}

function clientAuthentication(oidc: Oidc, resolved: ResolvedProviderConfig, metadata: ServerMetadata): oidc.ClientAuth {
  const method = tokenEndpointAuthMethod(resolved, metadata);
  if (method === 'none' || !resolved.clientSecret) return oidc.None();
  return method === 'client_secret_basic' ? oidc.ClientSecretBasic(resolved.clientSecret) : oidc.ClientSecretPost(resolved.clientSecret);
}
