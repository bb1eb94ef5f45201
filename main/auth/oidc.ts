/**
 * openid-client, loaded on first use. A startup restore with a valid access token never talks
 * to the provider, so the app starts without paying for the protocol library's import.
 */
import type * as OidcModule from 'openid-client';

export type Oidc = typeof OidcModule;

let loading: Promise<Oidc> | undefined;

/** The openid-client module (imported once, shared). */
export function loadOidc(): Promise<Oidc> {
  loading ??= import('openid-client');
  return loading;
}
