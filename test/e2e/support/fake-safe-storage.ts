/**
 * Electron's `safeStorage` (the async API the app uses) over the tests' FakeCipher, so the
 * harness wires the real glue adapters (`createSafeStorageCipher`, `describeStorageProtection`)
 * exactly as main/index.ts does. With a keyring it reports GNOME's libsecret; without one it
 * behaves like Electron on a Linux desktop with no keyring: encryption "works", with the
 * `basic_text` backend and its hard-coded key, which the glue refuses to trust.
 */
import type { SafeStorageLike } from '../../../main/secret-cipher.ts';
import type { FakeCipher } from '../../support/fake-cipher.ts';

/** A safeStorage that encrypts with `cipher`, backed by a keyring or by `basic_text`. */
export function createFakeSafeStorage(cipher: FakeCipher, options: { keyring: boolean }): SafeStorageLike {
  return {
    isAsyncEncryptionAvailable: async () => true,
    getSelectedStorageBackend: () => (options.keyring ? 'gnome_libsecret' : 'basic_text'),
    encryptStringAsync: async (plainText) => Buffer.from(await cipher.encrypt(plainText)),
    decryptStringAsync: async (encrypted) => {
      const { plainText, shouldReEncrypt } = await cipher.decrypt(encrypted);
      return { result: plainText, shouldReEncrypt };
    },
  };
}
