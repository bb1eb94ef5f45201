/**
 * The core's `KeyValueStore` over electron-store. The core encrypts secrets itself before
 * they get here, so no electron-store `encryptionKey` (that would only be obfuscation).
 */
import Store from 'electron-store';
import type { KeyValueStore } from './auth/types.ts';
import { asKeyValueStore, SESSION_STORE_NAME, SESSION_STORE_OPTIONS } from './store-adapter.ts';

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
    name: options.name ?? SESSION_STORE_NAME,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...SESSION_STORE_OPTIONS,
  });
  return asKeyValueStore(store);
}
