/**
 * The provider's metadata and signing keys, kept with the session so that a restart needs one
 * request, the refresh, instead of three. They decide where the refresh token is sent and which
 * keys sign a trusted ID token, so they are sealed inside the encrypted session (see vault.ts),
 * never stored beside it in clear text: a process that can write the store but cannot use the
 * OS keystore cannot point the app at its own endpoints or keys.
 * Cached values never weaken a check: metadata is re-checked on load, a key id the cache lacks
 * still makes openid-client read the keys once more, and everything expires.
 */
import * as v from 'valibot';
import type { ResolvedProviderConfig } from './config.ts';
import type { ServerMetadata } from './provider.ts';

/** Where earlier versions kept this cache in clear text; removed wherever it is found. */
export const LEGACY_PROVIDER_CACHE_KEY = 'authProviderCache';
const FORMAT_VERSION = 1;
/** After this, metadata is read again before use. */
const METADATA_MAX_AGE_MS = 24 * 3_600_000;
/** After this, metadata is re-read in the background after use. */
export const METADATA_REVALIDATE_AGE_MS = 12 * 3_600_000;
/** After this, keys are not used from the cache at all. */
const JWKS_MAX_AGE_MS = 24 * 3_600_000;

const entrySchema = v.object({
  version: v.literal(FORMAT_VERSION),
  issuer: v.string(),
  expectedIssuer: v.optional(v.string()),
  metadata: v.looseObject({ issuer: v.string() }),
  metadataFetchedAt: v.number(),
  jwks: v.optional(v.object({ keys: v.array(v.record(v.string(), v.unknown())) })),
  jwksFetchedAt: v.optional(v.number()),
});

/** The cache as it is sealed into the encrypted session. */
export type ProviderCacheEntry = v.InferOutput<typeof entrySchema>;

export interface CachedProvider {
  metadata: ServerMetadata;
  metadataAgeMs: number;
  /** The key set, when young enough to use. */
  jwks?: { keys: Array<Record<string, unknown>> };
}

/** What is known about one provider configuration, in memory; the vault stores `snapshot()`. */
export class ProviderCache {
  private lastJwksUat: number | undefined;
  private entry: ProviderCacheEntry | undefined;

  constructor(private readonly resolved: ResolvedProviderConfig) {}

  /** Takes the cache decrypted with the session. Anything malformed or kept for another
   *  provider configuration is ignored (a fresh discovery follows). Never throws. */
  seed(raw: unknown): void {
    const parsed = v.safeParse(entrySchema, raw);
    if (!parsed.success) return;
    const entry = parsed.output;
    if (entry.issuer !== this.resolved.issuer || entry.expectedIssuer !== this.resolved.expectedIssuer) return;
    this.entry = entry;
  }

  /** What the vault seals with the session, if anything is known. */
  snapshot(): ProviderCacheEntry | undefined {
    return this.entry;
  }

  load(now = Date.now()): CachedProvider | undefined {
    const entry = this.entry;
    if (!entry) return undefined;
    const age = now - entry.metadataFetchedAt;
    if (age < 0 || age > METADATA_MAX_AGE_MS) return undefined;
    const jwksAge = entry.jwksFetchedAt === undefined ? Infinity : now - entry.jwksFetchedAt;
    return {
      metadata: entry.metadata as ServerMetadata,
      metadataAgeMs: age,
      ...(entry.jwks && jwksAge >= 0 && jwksAge <= JWKS_MAX_AGE_MS ? { jwks: entry.jwks } : {}),
    };
  }

  /** Notes freshly read metadata (sealed by the next save of the session). */
  saveMetadata(metadata: ServerMetadata, now = Date.now()): void {
    const previous = this.entry;
    // New metadata may name another jwks_uri: keys are kept only while it stays the same.
    const keepKeys = previous && previous.metadata.jwks_uri === metadata.jwks_uri;
    this.entry = {
      version: FORMAT_VERSION,
      issuer: this.resolved.issuer,
      ...(this.resolved.expectedIssuer ? { expectedIssuer: this.resolved.expectedIssuer } : {}),
      metadata: { ...metadata },
      metadataFetchedAt: now,
      ...(keepKeys && previous.jwks ? { jwks: previous.jwks, jwksFetchedAt: previous.jwksFetchedAt } : {}),
    };
  }

  /** Remembers the `uat` given to openid-client with cached keys, so they are not re-saved
   *  as if freshly read. */
  markJwksSeen(uat: number): void {
    this.lastJwksUat = uat;
  }

  /** Notes the key set openid-client holds, when it read a new one (`uat` changed). */
  saveJwks(cache: { jwks?: { keys: unknown[] }; uat?: number } | undefined): void {
    if (!cache?.jwks || cache.uat === undefined || cache.uat === this.lastJwksUat || !this.entry) return;
    this.lastJwksUat = cache.uat;
    this.entry = { ...this.entry, jwks: { keys: cache.jwks.keys as Array<Record<string, unknown>> }, jwksFetchedAt: cache.uat * 1000 };
  }

  /** Forgets what is known (cached metadata that failed its checks or no longer matches). */
  invalidate(): void {
    this.entry = undefined;
  }
}
