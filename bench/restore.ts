/**
 * Startup restores through the seam over loopback (the CPU section): a fresh service over the
 * store a sign-in left behind (session + provider metadata + keys), once with the access token
 * still valid and once with it expired (a refresh is due).
 */
import { createAuthService, type AuthState } from '../main/auth/index.ts';
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

/**
 * Rewrites the stored session so that its access token expired a while ago. The encrypted
 * envelope is found by its shape (`{ version, ciphertext }`), not by the vault's key, so the
 * bench does not depend on the vault's internals beyond the sealed session's expiry fields.
 */
export async function expireStoredSession(store: MemoryStore, cipher: FakeCipher): Promise<void> {
  const found = [...store.data.keys()]
    .map((key) => [key, store.get(key)] as const)
    .find((entry): entry is readonly [string, { version: number; ciphertext: string }] => typeof (entry[1] as { ciphertext?: unknown } | null)?.ciphertext === 'string');
  if (!found) throw new Error('no stored session to expire');
  const [key, envelope] = found;
  const { plainText } = await cipher.decrypt(new Uint8Array(Buffer.from(envelope.ciphertext, 'base64')));
  type Times = { expiresAt: number; obtainedAt: number };
  // The vault seals `{ session, provider }` (format 2) or, in format 1, the session alone.
  const sealed = JSON.parse(plainText) as Times | { session: Times };
  const session = 'session' in sealed ? sealed.session : sealed;
  if (typeof session.expiresAt !== 'number') throw new Error('the stored session has no expiresAt: the vault format changed');
  const now = Date.now();
  session.obtainedAt = now - 2 * 3_600_000;
  session.expiresAt = now - 3_600_000;
  const cipherText = await cipher.encrypt(JSON.stringify(sealed));
  store.set(key, { ...envelope, ciphertext: Buffer.from(cipherText).toString('base64') });
}

/** One startup restore, until signed-in with an access token that has not expired (restore()
 *  may resolve before a refresh it started: then until the state that carries the renewal). */
export async function restoreOnce(child: ProviderChild, store: MemoryStore, cipher: FakeCipher): Promise<RestoreSample> {
  const service = createAuthService({
    provider: { issuer: child.issuer, clientId: child.clientId, allowInsecureRequests: true },
    store,
    cipher: cipher.sameKey(),
    fetch: globalThis.fetch,
    openExternal: async () => {
      throw new Error('restore must not open the browser');
    },
  });
  const renewed = new Promise<AuthState>((resolve) => {
    const stop = service.onChange((state) => {
      if (state.status !== 'signed-in' || state.expiresAt > Date.now()) {
        stop();
        resolve(state);
      }
    });
  });
  await child.clearRequests();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let state = await service.restore();
  if (state.status === 'signed-in' && state.expiresAt <= Date.now()) {
    let timer: NodeJS.Timeout | undefined;
    state = await Promise.race([renewed, new Promise<AuthState>((resolve) => (timer = setTimeout(() => resolve(service.getState()), 10_000)))]);
    clearTimeout(timer);
  }
  const latencyMs = performance.now() - t0;
  const cpu = cpuMs(cpu0);
  const requests = await child.requests();
  await service.dispose();
  if (state.status !== 'signed-in') throw new Error(`restore ended ${state.status}${'error' in state && state.error ? `: ${state.error.message}` : ''}`);
  if (state.expiresAt <= Date.now()) throw new Error('restore kept an expired access token');
  return { latencyMs, cpuMs: cpu, requests };
}
