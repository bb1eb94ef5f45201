import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from '../../main/auth/index.ts';

/**
 * A SecretCipher that really encrypts (AES-256-GCM, key in memory), like safeStorage with an
 * OS keystore; switches simulate a missing keystore, a failing decrypt and key rotation.
 */
export class FakeCipher implements SecretCipher {
  available = true;
  failDecrypt = false;
  /** Makes decrypt report `shouldReEncrypt` (the OS rotated its key). */
  reEncrypt = false;
  encryptCalls = 0;
  decryptCalls = 0;

  constructor(private readonly key: Buffer = randomBytes(32)) {}

  /** Another cipher with the same key: what a restarted app on the same machine has. */
  sameKey(): FakeCipher {
    return new FakeCipher(this.key);
  }

  async isAvailable(): Promise<boolean> {
    return this.available;
  }

  async encrypt(plainText: string): Promise<Uint8Array> {
    if (!this.available) throw new Error('Encryption is not available');
    this.encryptCalls++;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body]));
  }

  async decrypt(cipherText: Uint8Array): Promise<{ plainText: string; shouldReEncrypt: boolean }> {
    this.decryptCalls++;
    if (this.failDecrypt) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    const data = Buffer.from(cipherText);
    const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(12, 28));
    const plainText = Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    return { plainText, shouldReEncrypt: this.reEncrypt };
  }
}
