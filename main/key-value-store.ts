/**
 * The core's `KeyValueStore` over electron-store. The core encrypts secrets itself before
 * they get here, so no electron-store `encryptionKey` (that would only be obfuscation).
 */
import Store from 'electron-store';
import type { KeyValueStore } from './auth/types.ts';

/** Where the store lives; defaults suit the app, tests pass an absolute `cwd`. */
export interface KeyValueStoreOptions {
  /** File name without extension. Default 'session-store'. */
  name?: string;
  /** Folder; default Electron's user-data folder. */
  cwd?: string;
}

/** A JSON file in the user-data folder, as the core's `KeyValueStore`. */
export function createKeyValueStore(options: KeyValueStoreOptions = {}): KeyValueStore {
  const store = new Store<Record<string, unknown>>({
    name: options.name ?? 'session-store',
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    // Keys are opaque to the glue: 'session.v1' must not become a nested path.
    accessPropertiesByDotNotation: false,
    // A corrupt file holds nothing a person can fix; starting signed out is the recovery.
    clearInvalidConfig: true,
    // Only the owner reads it: it holds ciphertext and session metadata.
    configFileMode: 0o600,
  });
  return {
    get: (key) => store.get(key),
    set: (key, value) => {
      // conf refuses `undefined`; storing "nothing" means removing the key.
      if (value === undefined) store.delete(key);
      else store.set(key, value);
    },
    delete: (key) => store.delete(key),
  };
}
