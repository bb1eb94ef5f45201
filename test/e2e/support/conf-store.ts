/**
 * The harness's KeyValueStore: a JSON file in the test's user-data folder, through `conf` (the
 * library electron-store is built on), with the options main/key-value-store.ts gives
 * electron-store. electron-store itself imports Electron, so it cannot load here (TOOLCHAIN.md).
 */
import Conf from 'conf';
import type { KeyValueStore } from '../../../main/auth/index.ts';

/** The session store in `userDataDir`, as the app keeps it (`session-store.json`). */
export function createConfStore(userDataDir: string): KeyValueStore {
  const store = new Conf<Record<string, unknown>>({
    cwd: userDataDir,
    configName: 'session-store',
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: true,
    configFileMode: 0o600,
  });
  return {
    get: (key) => store.get(key),
    set: (key, value) => {
      if (value === undefined) store.delete(key);
      else store.set(key, value);
    },
    delete: (key) => store.delete(key),
  };
}
