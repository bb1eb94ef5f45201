/**
 * How the session store is opened and adapted to the core's `KeyValueStore`: shared by the app
 * (electron-store, main/key-value-store.ts) and the Playwright harness (conf, the library
 * electron-store is built on, since electron-store imports Electron). Pure: no Electron import.
 */
import type { KeyValueStore } from './auth/types.ts';

/** The store's file name, without extension. */
export const SESSION_STORE_NAME = 'session-store';

/** The options electron-store and conf share for the session store. */
export const SESSION_STORE_OPTIONS = {
  // Keys are opaque to the glue: 'session.v1' must not become a nested path.
  accessPropertiesByDotNotation: false,
  // A corrupt file holds nothing a person can fix; starting signed out is the recovery.
  clearInvalidConfig: true,
  // Only the owner reads it: it holds ciphertext and session metadata.
  configFileMode: 0o600,
} as const;

/** The part of electron-store / conf the adapter uses. */
export interface StoreLike {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** The core's KeyValueStore over an electron-store or conf instance. */
export function asKeyValueStore(store: StoreLike): KeyValueStore {
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
