/**
 * The harness's KeyValueStore: a JSON file in the test's user-data folder, through `conf` (the
 * library electron-store is built on) opened with the app's own options and adapter
 * (main/store-adapter.ts). electron-store itself imports Electron, so it cannot load here
 * (TOOLCHAIN.md).
 */
import Conf from 'conf';
import type { KeyValueStore } from '../../../main/auth/index.ts';
import { asKeyValueStore, SESSION_STORE_NAME, SESSION_STORE_OPTIONS } from '../../../main/store-adapter.ts';

/** The session store in `userDataDir`, as the app keeps it (`session-store.json`). */
export function createConfStore(userDataDir: string): KeyValueStore {
  return asKeyValueStore(new Conf<Record<string, unknown>>({ cwd: userDataDir, configName: SESSION_STORE_NAME, ...SESSION_STORE_OPTIONS }));
}
