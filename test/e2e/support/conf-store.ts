/**
 * The harness's KeyValueStore: a JSON file in the test's user-data folder, through `conf` (the
 * library electron-store is built on) opened with the app's own options and adapter
 * (main/store-adapter.ts). electron-store itself imports Electron, which cannot load outside
 * it, so the harness uses `conf` directly: the same major electron-store 12 depends on (conf
 * 16), the one installed apps run on (test/e2e/conf-version.test.ts keeps them together).
 */
import Conf from 'conf';
import type { KeyValueStore } from '../../../main/auth/index.ts';
import { asKeyValueStore, SESSION_STORE_NAME, SESSION_STORE_OPTIONS } from '../../../main/store-adapter.ts';

/** The session store in `userDataDir`, as the app keeps it (`session-store.json`). */
export function createConfStore(userDataDir: string): KeyValueStore {
  return asKeyValueStore(new Conf<Record<string, unknown>>({ cwd: userDataDir, configName: SESSION_STORE_NAME, ...SESSION_STORE_OPTIONS }));
}
