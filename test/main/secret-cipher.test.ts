import { beforeEach, describe, expect, it } from 'vitest';
import { createSafeStorageCipher, describeStorageProtection } from '../../main/secret-cipher.ts';
import { FakeSafeStorage } from '../fakes/electron.ts';

let safeStorage: FakeSafeStorage;
beforeEach(() => {
  safeStorage = new FakeSafeStorage();
});

describe('createSafeStorageCipher', () => {
  it('round-trips through the async API and never the deprecated sync one', async () => {
    const cipher = createSafeStorageCipher(safeStorage, 'linux');
    const encrypted = await cipher.encrypt('refresh-token-value');
    expect(encrypted).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(encrypted).toString('utf8')).not.toContain('refresh-token-value');
    await expect(cipher.decrypt(encrypted)).resolves.toEqual({ plainText: 'refresh-token-value', shouldReEncrypt: false });
    expect(new Set(safeStorage.calls)).toEqual(new Set(['isAsyncEncryptionAvailable', 'encryptStringAsync', 'decryptStringAsync']));
  });

  it('decrypts from a view into a larger buffer (as read back from base64)', async () => {
    const cipher = createSafeStorageCipher(safeStorage, 'darwin');
    const encrypted = await cipher.encrypt('id-token');
    const padded = new Uint8Array(encrypted.length + 8);
    padded.set(encrypted, 4);
    await expect(cipher.decrypt(padded.subarray(4, 4 + encrypted.length))).resolves.toMatchObject({ plainText: 'id-token' });
  });

  it('passes shouldReEncrypt on, so the core re-encrypts after a key rotation', async () => {
    const cipher = createSafeStorageCipher(safeStorage, 'win32');
    const encrypted = await cipher.encrypt('secret');
    safeStorage.shouldReEncrypt = true;
    await expect(cipher.decrypt(encrypted)).resolves.toEqual({ plainText: 'secret', shouldReEncrypt: true });
  });

  it('is available with a real keystore', async () => {
    await expect(createSafeStorageCipher(safeStorage, 'linux').isAvailable()).resolves.toBe(true);
    await expect(createSafeStorageCipher(safeStorage, 'darwin').isAvailable()).resolves.toBe(true);
    await expect(createSafeStorageCipher(safeStorage, 'win32').isAvailable()).resolves.toBe(true);
  });

  it('is unavailable when safeStorage says so', async () => {
    safeStorage.available = false;
    const cipher = createSafeStorageCipher(safeStorage, 'darwin');
    await expect(cipher.isAvailable()).resolves.toBe(false);
    await expect(cipher.encrypt('secret')).rejects.toThrow(/not available/);
  });

  it.each(['basic_text', 'unknown'] as const)(
    "treats Linux's %s backend as unavailable and refuses to encrypt with it",
    async (backend) => {
      safeStorage.backend = backend;
      const cipher = createSafeStorageCipher(safeStorage, 'linux');
      await expect(cipher.isAvailable()).resolves.toBe(false);
      await expect(cipher.encrypt('secret')).rejects.toThrow(/not available/);
      await expect(cipher.decrypt(new Uint8Array([1, 2, 3]))).rejects.toThrow(/not available/);
      expect(safeStorage.calls).not.toContain('encryptStringAsync');
      expect(safeStorage.calls).not.toContain('decryptStringAsync');
    },
  );

  it('ignores the Linux backend name on other platforms', async () => {
    safeStorage.backend = 'unknown';
    await expect(createSafeStorageCipher(safeStorage, 'darwin').isAvailable()).resolves.toBe(true);
  });

  it('lets a decryption failure through for the core to handle', async () => {
    const cipher = createSafeStorageCipher(safeStorage, 'linux');
    await expect(cipher.decrypt(new Uint8Array([1, 2, 3]))).rejects.toThrow(/decrypting/);
  });
});

describe('describeStorageProtection', () => {
  it.each([
    ['darwin', 'gnome_libsecret', 'keychain', 'Encrypted with your macOS Keychain'],
    ['win32', 'gnome_libsecret', 'dpapi', 'Encrypted with Windows DPAPI for your user account'],
    ['linux', 'gnome_libsecret', 'gnome_libsecret', 'Encrypted with the GNOME keyring (libsecret)'],
    ['linux', 'kwallet5', 'kwallet5', 'Encrypted with KDE Wallet 5'],
  ] as const)('on %s with %s: %s', async (platform, linuxBackend, backend, description) => {
    safeStorage.backend = linuxBackend;
    await expect(describeStorageProtection(safeStorage, platform)).resolves.toEqual({ persistent: true, backend, description });
  });

  it('says plainly that nothing is kept with basic_text', async () => {
    safeStorage.backend = 'basic_text';
    const protection = await describeStorageProtection(safeStorage, 'linux');
    expect(protection).toMatchObject({ persistent: false, backend: 'basic_text' });
    expect(protection.description).toMatch(/^Not kept: .*sign in again after a restart$/);
  });

  it('says plainly that nothing is kept without secure storage', async () => {
    safeStorage.available = false;
    await expect(describeStorageProtection(safeStorage, 'darwin')).resolves.toEqual({
      persistent: false,
      backend: 'unavailable',
      description: 'Not kept: no secure storage is available on this system, so you will sign in again after a restart',
    });
    safeStorage.available = true;
    safeStorage.backend = 'unknown';
    await expect(describeStorageProtection(safeStorage, 'linux')).resolves.toMatchObject({ persistent: false, backend: 'unavailable' });
  });

  it('treats a failing probe as no secure storage', async () => {
    safeStorage.isAsyncEncryptionAvailable = async () => {
      throw new Error('boom');
    };
    await expect(describeStorageProtection(safeStorage, 'win32')).resolves.toMatchObject({ persistent: false, backend: 'unavailable' });
  });
});
