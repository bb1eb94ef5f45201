/**
 * The core's `SecretCipher` over Electron `safeStorage`'s async API (the sync one is
 * deprecated in Electron 45), and a person-readable account of how sessions are protected.
 * `safeStorage` is passed in, so this module imports Electron's types only.
 */
import type { SafeStorage } from 'electron';
import type { SecretCipher } from './auth/types.ts';
import type { StorageProtection } from '#ipc-contract';

/** The parts of `safeStorage` the app uses. */
export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

interface StorageProbe {
  available: boolean;
  /** 'keychain' | 'dpapi' | a Linux backend name | 'unavailable'. */
  backend: string;
}

// Linux backends that do not protect anything: 'basic_text' encrypts with a key hard-coded in
// Chromium, and 'unknown' means safeStorage could not tell which backend it uses.
const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

/** Finds out whether secrets can be protected here, and by what. */
async function probeStorage(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Promise<StorageProbe> {
  // Ask first: the async encryptor is initialized lazily by this call, and the Linux backend
  // is only known once it is.
  const available = await safeStorage.isAsyncEncryptionAvailable();
  if (platform === 'darwin') return { available, backend: available ? 'keychain' : 'unavailable' };
  if (platform === 'win32') return { available, backend: available ? 'dpapi' : 'unavailable' };
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (WEAK_LINUX_BACKENDS.has(backend)) return { available: false, backend };
    return { available, backend: available ? backend : 'unavailable' };
  }
  return { available, backend: available ? 'os' : 'unavailable' };
}

/** The `SecretCipher` the core encrypts tokens with; refuses to work without real protection. */
export function createSafeStorageCipher(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): SecretCipher {
  const requireProtection = async (): Promise<void> => {
    if (!(await probeStorage(safeStorage, platform)).available) {
      // The core checks isAvailable() first; this keeps a slip from storing tokens weakly.
      throw new Error('Secure storage is not available on this system, so secrets are not kept.');
    }
  };
  return {
    async isAvailable() {
      return (await probeStorage(safeStorage, platform)).available;
    },
    async encrypt(plainText) {
      await requireProtection();
      const encrypted = await safeStorage.encryptStringAsync(plainText);
      return new Uint8Array(encrypted.buffer, encrypted.byteOffset, encrypted.byteLength);
    },
    async decrypt(cipherText) {
      await requireProtection();
      const bytes = Buffer.from(cipherText.buffer, cipherText.byteOffset, cipherText.byteLength);
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(bytes);
      return { plainText: result, shouldReEncrypt };
    },
  };
}

const KEPT_DESCRIPTIONS: Record<string, string> = {
  keychain: 'Encrypted with your macOS Keychain',
  dpapi: 'Encrypted with Windows DPAPI for your user account',
  gnome_libsecret: 'Encrypted with the GNOME keyring (libsecret)',
  kwallet: 'Encrypted with KDE Wallet',
  kwallet5: 'Encrypted with KDE Wallet 5',
  kwallet6: 'Encrypted with KDE Wallet 6',
};

const NOT_KEPT_DESCRIPTIONS: Record<string, string> = {
  basic_text:
    'Not kept: this desktop offers no keyring (only a built-in key that protects nothing), so you will sign in again after a restart',
};

const NOT_KEPT_DEFAULT =
  'Not kept: no secure storage is available on this system, so you will sign in again after a restart';

/** How sessions are protected on this device, for the UI (`AppInfo.storage`). */
export async function describeStorageProtection(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): Promise<StorageProtection> {
  let probe: StorageProbe;
  try {
    probe = await probeStorage(safeStorage, platform);
  } catch {
    probe = { available: false, backend: 'unavailable' };
  }
  if (probe.available) {
    return {
      persistent: true,
      backend: probe.backend,
      description: KEPT_DESCRIPTIONS[probe.backend] ?? 'Encrypted with your operating system’s secure storage',
    };
  }
  const backend = probe.backend === 'basic_text' ? 'basic_text' : 'unavailable';
  return { persistent: false, backend, description: NOT_KEPT_DESCRIPTIONS[backend] ?? NOT_KEPT_DEFAULT };
}
