/**
 * The harness keeps sessions with `conf` (test/e2e/support/conf-store.ts) because electron-store
 * cannot load outside Electron; it must be the very `conf` electron-store runs on in the app,
 * or the end-to-end suite tests a store people do not get.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** The package.json of `name` as `from` (a package.json path) resolves it. */
function resolvedPackage(name: string, from: string): { path: string; version: string } {
  const require = createRequire(from);
  const entry = require.resolve(name);
  // conf's entry is dist/source/index.js: walk up to its package.json.
  let dir = dirname(entry);
  while (!dir.endsWith(`node_modules/${name}`) && !dir.endsWith(`node_modules\\${name}`)) dir = dirname(dir);
  const path = join(dir, 'package.json');
  return { path, version: (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version };
}

describe('the harness session store', () => {
  it('uses the conf electron-store depends on (one copy, same version)', () => {
    const electronStore = resolvedPackage('electron-store', join(ROOT, 'package.json'));
    const appConf = resolvedPackage('conf', electronStore.path);
    const harnessConf = resolvedPackage('conf', join(ROOT, 'test', 'e2e', 'support', 'conf-store.ts'));
    expect(harnessConf).toEqual(appConf);
    expect(harnessConf.version).toMatch(/^16\./);
  });
});
