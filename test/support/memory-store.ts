import type { KeyValueStore } from '../../main/auth/index.ts';

/** A KeyValueStore over a Map that, like electron-store, keeps values as JSON. */
export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();

  get(key: string): unknown {
    const raw = this.data.get(key);
    return raw === undefined ? undefined : JSON.parse(raw);
  }

  set(key: string, value: unknown): void {
    this.data.set(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.data.delete(key);
  }

  /** Everything stored, as one string: tests search it for secrets. */
  dump(): string {
    return [...this.data.entries()].map(([key, value]) => `${key}=${value}`).join('\n');
  }
}
