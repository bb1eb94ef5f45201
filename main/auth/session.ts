/**
 * The session: what a sign-in yields and a refresh renews. It holds tokens, so it never leaves
 * the core; `toSignedInState` is the only view of it that does.
 */
import * as v from 'valibot';
import type { StoredDPoPKey } from './dpop.ts';
import type { AuthState } from './types.ts';

export interface Session {
  issuer: string;
  clientId: string;
  /** The subject the session is bound to (OpenID Connect Core §2: iss + sub identify a person). */
  sub: string;
  accessToken: string;
  tokenType: string;
  refreshToken?: string;
  idToken?: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  /** Epoch ms when the access token was issued to us. */
  obtainedAt: number;
  scopes: string[];
  /** The validated ID token claims. */
  idClaims: Record<string, unknown>;
  /** UserInfo claims whose `sub` matched. */
  userInfo?: Record<string, unknown>;
  /** The key pair the tokens are bound to with DPoP (RFC 9449), when they are. */
  dpopKey?: StoredDPoPKey;
  /** The only origin `callApi` sends the access token to: the configured API's at sign-in, or
   *  one the person confirmed later. */
  apiOrigin?: string;
}

/** Claims that describe the ID token itself: UserInfo must not override them. */
const ID_TOKEN_ONLY = new Set(['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'auth_time', 'nonce', 'azp', 'at_hash', 'c_hash', 's_hash', 'sid', 'jti', 'acr', 'amr']);

/** ID token claims merged with UserInfo (fresher profile data), the ID token's own claims kept. */
function mergedClaims(session: Session): Record<string, unknown> {
  const claims: Record<string, unknown> = Object.assign({}, session.idClaims);
  for (const [name, value] of Object.entries(session.userInfo ?? {})) {
    if (!ID_TOKEN_ONLY.has(name)) claims[name] = value;
  }
  return claims;
}

/** The plain-JSON state the renderer may see: claims, expiry and scopes, never a token. */
export function toSignedInState(session: Session, persisted: boolean): AuthState {
  return { status: 'signed-in', claims: mergedClaims(session), expiresAt: session.expiresAt, scopes: [...session.scopes], persisted };
}

/** How long before expiry a refresh is due: a minute, less for short-lived tokens. */
export function refreshLeadMs(session: Session): number {
  const lifetime = Math.max(0, session.expiresAt - session.obtainedAt);
  return Math.min(60_000, Math.max(1_000, lifetime / 4));
}

/** True when the access token is expired or close enough that a refresh is due. */
export function needsRefresh(session: Session, now = Date.now()): boolean {
  return session.expiresAt - refreshLeadMs(session) <= now;
}

const claimsSchema = v.record(v.string(), v.unknown());

/** The shape a decrypted session must have; anything else is treated as unreadable. */
export const sessionSchema = v.object({
  issuer: v.string(),
  clientId: v.string(),
  sub: v.pipe(v.string(), v.nonEmpty()),
  accessToken: v.pipe(v.string(), v.nonEmpty()),
  tokenType: v.string(),
  refreshToken: v.optional(v.pipe(v.string(), v.nonEmpty())),
  idToken: v.optional(v.string()),
  expiresAt: v.pipe(v.number(), v.finite()),
  obtainedAt: v.pipe(v.number(), v.finite()),
  scopes: v.array(v.string()),
  idClaims: claimsSchema,
  userInfo: v.optional(claimsSchema),
  dpopKey: v.optional(v.object({ alg: v.string(), privateJwk: claimsSchema, publicJwk: claimsSchema })),
  apiOrigin: v.optional(v.string()),
});
