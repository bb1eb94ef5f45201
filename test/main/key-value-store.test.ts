import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { app, resetFakeElectron } from '../fakes/electron.ts';

// electron-store imports 'electron' itself; vitest.config.ts inlines it so this mock reaches it.
vi.mock('electron', () => import('../fakes/electron.ts'));

const { createKeyValueStore } = await import('../../main/key-value-store.ts');

let dir: string;
beforeEach(() => {
  resetFakeElectron();
  dir = mkdtempSync(join(tmpdir(), 'kv-store-test-'));
  app.userData = dir;
});

describe('createKeyValueStore', () => {
  it("keeps JSON values in 'session-store.json' in the user-data folder", () => {
    const store = createKeyValueStore();
    store.set('session', { ciphertext: 'AAEC', issuer: 'https://login.example.com' });
    expect(store.get('session')).toEqual({ ciphertext: 'AAEC', issuer: 'https://login.example.com' });
    expect(JSON.parse(readFileSync(join(dir, 'session-store.json'), 'utf8'))).toMatchObject({ session: { ciphertext: 'AAEC' } });
    expect(createKeyValueStore().get('session')).toEqual({ ciphertext: 'AAEC', issuer: 'https://login.example.com' });
  });

  it('treats dotted keys as plain keys', () => {
    const store = createKeyValueStore({ cwd: dir });
    store.set('session.v1', 1);
    expect(store.get('session.v1')).toBe(1);
    expect(store.get('session')).toBeUndefined();
  });

  it('deletes, and stores undefined as a deletion', () => {
    const store = createKeyValueStore({ cwd: dir });
    store.set('a', 1);
    store.set('b', 2);
    store.delete('a');
    store.set('b', undefined);
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')).toBeUndefined();
  });

  it('starts empty instead of crashing when the file is corrupt', () => {
    writeFileSync(join(dir, 'session-store.json'), '{ not json');
    expect(createKeyValueStore({ cwd: dir }).get('session')).toBeUndefined();
  });

  it.skipIf(process.platform === 'win32')('is readable by its owner only', () => {
    createKeyValueStore({ cwd: dir }).set('x', 1);
    expect(statSync(join(dir, 'session-store.json')).mode & 0o077).toBe(0);
  });
});
