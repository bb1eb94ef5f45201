/**
 * Memory over many restore cycles, in its own process started with --expose-gc: a fresh
 * service over a store holding a valid session (no network: its fetch refuses and counts),
 * restore, dispose, repeat; heapUsed read after forced GCs.
 */
import { createAuthService } from '../main/auth/index.ts';
import { FakeCipher } from '../test/support/fake-cipher.ts';
import { MemoryStore } from '../test/support/memory-store.ts';

export interface MemoryInput {
  issuer: string;
  clientId: string;
  /** MemoryStore entries (JSON text values). */
  entries: Array<[string, string]>;
  keyHex: string;
  cycles: number;
  warmup: number;
  sampleEvery: number;
}

export interface MemoryOutput {
  latencyMs: number[];
  baselineHeap: number;
  finalHeap: number;
  samples: Array<{ cycle: number; heapUsed: number }>;
  networkCalls: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.send) {
  process.stderr.write('bench/memory-child.ts must be forked with --expose-gc and an IPC channel (run `npm run bench`).\n');
  process.exit(2);
}
const send = process.send.bind(process);

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

async function run(input: MemoryInput): Promise<MemoryOutput> {
  const store = new MemoryStore();
  for (const [key, value] of input.entries) store.data.set(key, value);
  const cipher = new FakeCipher(Buffer.from(input.keyHex, 'hex'));
  let networkCalls = 0;
  const noNetwork: typeof globalThis.fetch = async () => {
    networkCalls++;
    throw new TypeError('the memory benchmark allows no network');
  };

  const cycle = async (): Promise<number> => {
    const service = createAuthService({
      provider: { issuer: input.issuer, clientId: input.clientId, allowInsecureRequests: true },
      store,
      cipher,
      fetch: noNetwork,
      openExternal: async () => {
        throw new Error('restore must not open the browser');
      },
    });
    const t0 = performance.now();
    const state = await service.restore();
    const elapsed = performance.now() - t0;
    await service.dispose();
    if (state.status !== 'signed-in') throw new Error(`restore ended ${state.status}`);
    return elapsed;
  };

  for (let i = 0; i < input.warmup; i++) await cycle();
  const baselineHeap = await settledHeap();
  const latencyMs: number[] = [];
  const samples: Array<{ cycle: number; heapUsed: number }> = [];
  for (let i = 1; i <= input.cycles; i++) {
    latencyMs.push(await cycle());
    if (i % input.sampleEvery === 0 && i < input.cycles) samples.push({ cycle: i, heapUsed: await settledHeap() });
  }
  const finalHeap = await settledHeap();
  samples.push({ cycle: input.cycles, heapUsed: finalHeap });
  return { latencyMs, baselineHeap, finalHeap, samples, networkCalls };
}

process.once('message', (input: MemoryInput) => {
  run(input).then(
    (output) => send({ ok: true, output }, () => process.exit(0)),
    (error: unknown) => send({ ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) }, () => process.exit(1)),
  );
});
