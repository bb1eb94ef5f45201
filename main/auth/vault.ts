/**
 * The token vault: the session encrypted with the SecretCipher before it touches the store,
 * and read back defensively (anything unreadable is reported, never thrown). What decides where
 * the session's credentials go (the provider's endpoints and signing keys kept for fast
 * restores) is sealed in the same ciphertext, so nothing in clear text can redirect them.
 */
import * as v from 'valibot';
import { sessionSchema, type Session } from './session.ts';
import type { KeyValueStore, SecretCipher } from './types.ts';

/** Store key of the encrypted session. No dots: electron-store reads dots as nesting. */
export const SESSION_KEY = 'authSession';
/** 2: `{ session, provider }` sealed together; 1: the session alone (read, never written). */
const FORMAT_VERSION = 2;
const SESSION_ONLY_VERSION = 1;

export type LoadResult =
  | { kind: 'none' }
  /** The cipher cannot decrypt on this system now; the stored session is left alone. */
  | { kind: 'unavailable' }
  /** The keystore failed to decrypt (a keyring not yet unlocked, a D-Bus time-out): the
   *  ciphertext is left alone for a later try. */
  | { kind: 'locked'; reason: string }
  | { kind: 'unreadable'; reason: string }
  /** `provider` is what was sealed with the session (unchecked: the ProviderCache checks it). */
  | { kind: 'ok'; session: Session; provider: unknown; shouldReEncrypt: boolean };

const envelopeSchema = v.object({
  version: v.union([v.literal(FORMAT_VERSION), v.literal(SESSION_ONLY_VERSION)]),
  ciphertext: v.pipe(v.string(), v.base64()),
});
const sealedSchema = v.object({ session: v.unknown(), provider: v.optional(v.unknown()) });

export class SessionVault {
  constructor(
    private readonly store: KeyValueStore,
    private readonly cipher: SecretCipher,
  ) {}

  /** Reads and decrypts the stored session. Never throws. */
  async load(): Promise<LoadResult> {
    let raw: unknown;
    try {
      raw = this.store.get(SESSION_KEY);
    } catch (error) {
      return { kind: 'unreadable', reason: `store read failed: ${(error as Error).message}` };
    }
    if (raw === undefined || raw === null) return { kind: 'none' };
    const envelope = v.safeParse(envelopeSchema, raw);
    if (!envelope.success) return { kind: 'unreadable', reason: 'unknown envelope' };
    if (!(await this.isAvailable())) return { kind: 'unavailable' };
    let decrypted: { plainText: string; shouldReEncrypt: boolean };
    try {
      decrypted = await this.cipher.decrypt(new Uint8Array(Buffer.from(envelope.output.ciphertext, 'base64')));
    } catch (error) {
      return { kind: 'locked', reason: `decryption failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    let json: unknown;
    try {
      json = JSON.parse(decrypted.plainText);
    } catch {
      return { kind: 'unreadable', reason: 'not JSON' };
    }
    let sealed: { session: unknown; provider?: unknown };
    if (envelope.output.version === SESSION_ONLY_VERSION) {
      // An earlier version's session: kept, re-sealed in the current format by the next save.
      sealed = { session: json };
    } else {
      const parsed = v.safeParse(sealedSchema, json);
      if (!parsed.success) return { kind: 'unreadable', reason: 'unexpected envelope contents' };
      sealed = parsed.output;
    }
    const session = v.safeParse(sessionSchema, sealed.session);
    if (!session.success) return { kind: 'unreadable', reason: 'unexpected session shape' };
    return {
      kind: 'ok',
      session: session.output,
      provider: sealed.provider,
      shouldReEncrypt: decrypted.shouldReEncrypt === true || envelope.output.version !== FORMAT_VERSION,
    };
  }

  /**
   * Encrypts and stores the session, with what is known about its provider sealed in the same
   * ciphertext. Returns whether it is persisted; when the cipher is unavailable or fails,
   * nothing is written and any older stored session is removed.
   */
  async save(session: Session, provider?: unknown): Promise<boolean> {
    try {
      if (await this.isAvailable()) {
        const sealed = provider === undefined ? { session } : { session, provider };
        const cipherText = await this.cipher.encrypt(JSON.stringify(sealed));
        this.store.set(SESSION_KEY, { version: FORMAT_VERSION, ciphertext: Buffer.from(cipherText).toString('base64') });
        return true;
      }
    } catch {
      // Fall through: an unprotected session must never be written, and a stale one not kept.
    }
    this.clear();
    return false;
  }

  /** Removes the stored session. Never throws. */
  clear(): void {
    try {
      this.store.delete(SESSION_KEY);
    } catch {
      // A store that cannot delete cannot hold our session either; nothing more to do.
    }
  }

  private async isAvailable(): Promise<boolean> {
    try {
      return (await this.cipher.isAvailable()) === true;
    } catch {
      return false;
    }
  }
}
