/**
 * The tokens the local test provider actually issued in a test, read from its token endpoint's
 * responses through the provider's recording proxy (`transform`, which here changes nothing).
 * Specs use them to prove a value never shows up where it must not (the diagnostics report),
 * whatever its shape: the test provider's access and refresh tokens are opaque, not JWTs.
 * Works in both projects: the provider runs in the test process either way.
 */
import type { TestProvider } from '../../support/provider.ts';

/** Every token issued since {@link recordIssuedTokens}, oldest first. */
export interface IssuedTokens {
  readonly access: readonly string[];
  readonly refresh: readonly string[];
  readonly id: readonly string[];
  /** Access, refresh and ID tokens together. */
  all(): string[];
}

/** Starts recording the token responses of `provider` (and takes over its `transform` slot). */
export function recordIssuedTokens(provider: TestProvider): IssuedTokens {
  const access: string[] = [];
  const refresh: string[] = [];
  const id: string[] = [];
  provider.transform((_request, response) => {
    if (response.status !== 200 || !response.body.startsWith('{')) return undefined;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(response.body) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    if (typeof body.access_token !== 'string') return undefined;
    access.push(body.access_token);
    if (typeof body.refresh_token === 'string') refresh.push(body.refresh_token);
    if (typeof body.id_token === 'string') id.push(body.id_token);
    // Passed on unchanged.
    return undefined;
  });
  return { access, refresh, id, all: () => [...access, ...refresh, ...id] };
}
