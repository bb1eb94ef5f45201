/**
 * The provider's metadata and signing keys, kept with the session (they are public, so they
 * are stored as they are) so that a restart needs one request, the refresh, instead of three.
 * They reach the store only with a persisted session (`persist`) and leave it with the
 * session (`clear`): a failed sign-in or a signed-out app leaves the store as it found it.
 * Cached values never weaken a check: metadata is re-checked on load, a key id the cache
 * lacks still makes openid-client read the keys once more, and everything expires.
 */
import * as v from 'valibot';
import type { ResolvedProviderConfig } from './config.ts';
import type { ServerMetadata } from './provider.ts';
import type { KeyValueStore } from './types.ts';

export const PROVIDER_CACHE_KEY = 'authProviderCache';
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

type Entry = v.InferOutput<typeof entrySchema>;

export interface CachedProvider {
  metadata: ServerMetadata;
  metadataAgeMs: number;
  /** The key set, when young enough to use. */
  jwks?: { keys: Array<Record<string, unknown>> };
}

/** Reads and writes the cache for one provider configuration. Never throws. */
export class ProviderCache {
  private lastJwksUat: number | undefined;
  /** What is known now (from the store or the provider); written by `persist`. */
  private entry: Entry | undefined;
  private dirty = false;

  constructor(
    private readonly store: KeyValueStore,
    private readonly resolved: ResolvedProviderConfig,
  ) {}

  load(now = Date.now()): CachedProvider | undefined {
    const entry = this.read();
    if (!entry) return undefined;
    this.entry = entry;
    const age = now - entry.metadataFetchedAt;
    if (age < 0 || age > METADATA_MAX_AGE_MS) return undefined;
    const jwksAge = entry.jwksFetchedAt === undefined ? Infinity : now - entry.jwksFetchedAt;
    return {
      metadata: entry.metadata as ServerMetadata,
      metadataAgeMs: age,
      ...(entry.jwks && jwksAge >= 0 && jwksAge <= JWKS_MAX_AGE_MS ? { jwks: entry.jwks } : {}),
    };
  }

  /** Notes freshly read metadata (stored by the next `persist`). */
  saveMetadata(metadata: ServerMetadata, now = Date.now()): void {
    const previous = this.entry;
    // New metadata may name another jwks_uri: keys are kept only while it stays the same.
    const keepKeys = previous && previous.metadata.jwks_uri === metadata.jwks_uri;
    this.update({
      version: FORMAT_VERSION,
      issuer: this.resolved.issuer,
      ...(this.resolved.expectedIssuer ? { expectedIssuer: this.resolved.expectedIssuer } : {}),
      metadata: { ...metadata },
      metadataFetchedAt: now,
      ...(keepKeys && previous.jwks ? { jwks: previous.jwks, jwksFetchedAt: previous.jwksFetchedAt } : {}),
    });
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
    this.update({ ...this.entry, jwks: { keys: cache.jwks.keys as Array<Record<string, unknown>> }, jwksFetchedAt: cache.uat * 1000 });
  }

  /** Stores what changed since the last call: called when the session is persisted. */
  persist(): void {
    if (!this.dirty || !this.entry) return;
    try {
      this.store.set(PROVIDER_CACHE_KEY, this.entry);
      this.dirty = false;
    } catch {
      // The cache is only an optimisation.
    }
  }

  /** Removes the stored cache (what is known stays in memory for the next `persist`). */
  clear(): void {
    this.dirty = this.entry !== undefined;
    try {
      this.store.delete(PROVIDER_CACHE_KEY);
    } catch {
      // Nothing more to do: the cache is only an optimisation.
    }
  }

  private update(entry: Entry): void {
    this.entry = entry;
    this.dirty = true;
  }

  private read(): Entry | undefined {
    try {
      const parsed = v.safeParse(entrySchema, this.store.get(PROVIDER_CACHE_KEY));
      if (!parsed.success) return undefined;
      const entry = parsed.output;
      // A cache for another provider configuration is not ours to use.
      if (entry.issuer !== this.resolved.issuer || entry.expectedIssuer !== this.resolved.expectedIssuer) return undefined;
      return entry;
    } catch {
      return undefined;
    }
  }

}
