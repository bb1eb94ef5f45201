/**
 * Startup restores through the seam: a fresh service over the store a sign-in left behind
 * (session + provider metadata + keys), once with the access token still valid and once with it
 * expired (a refresh is due).
 */
import { createAuthService } from '../main/auth/index.ts';
// Only to age the stored session: the benchmark re-encrypts it with an expiry in the past.
import { SESSION_KEY } from '../main/auth/vault.ts';
import type { FakeCipher } from '../test/support/fake-cipher.ts';
import type { MemoryStore } from '../test/support/memory-store.ts';
import type { ProviderChild } from './child.ts';
import type { SeenRequest } from './protocol.ts';
import { cpuMs } from './stats.ts';

export interface RestoreSample {
  latencyMs: number;
  cpuMs: number;
  requests: SeenRequest[];
}

/** Rewrites the stored session so that its access token expired a while ago. */
export async function expireStoredSession(store: MemoryStore, cipher: FakeCipher): Promise<void> {
  const envelope = store.get(SESSION_KEY) as { version: number; ciphertext: string } | undefined;
  if (!envelope) throw new Error('no stored session to expire');
  const { plainText } = await cipher.decrypt(new Uint8Array(Buffer.from(envelope.ciphertext, 'base64')));
  const session = JSON.parse(plainText) as { expiresAt: number; obtainedAt: number };
  const now = Date.now();
  session.obtainedAt = now - 2 * 3_600_000;
  session.expiresAt = now - 3_600_000;
  const cipherText = await cipher.encrypt(JSON.stringify(session));
  store.set(SESSION_KEY, { ...envelope, ciphertext: Buffer.from(cipherText).toString('base64') });
}

export async function restoreOnce(child: ProviderChild, store: MemoryStore, cipher: FakeCipher): Promise<RestoreSample> {
  const service = createAuthService({
    provider: { issuer: child.issuer, clientId: child.clientId, allowInsecureRequests: true },
    store,
    cipher: cipher.sameKey(),
    openExternal: async () => {
      throw new Error('restore must not open the browser');
    },
  });
  await child.clearRequests();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const state = await service.restore();
  const latencyMs = performance.now() - t0;
  const cpu = cpuMs(cpu0);
  const requests = await child.requests();
  await service.dispose();
  if (state.status !== 'signed-in') throw new Error(`restore ended ${state.status}${'error' in state && state.error ? `: ${state.error.message}` : ''}`);
  if (state.expiresAt <= Date.now()) throw new Error('restore kept an expired access token');
  return { latencyMs, cpuMs: cpu, requests };
}
