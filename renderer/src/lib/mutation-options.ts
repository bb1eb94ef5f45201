import type { BridgeError } from './bridge.ts';

/** What the caller of a bridge action decides: the hooks only report. */
export interface MutationOptions<T> {
  onSuccess?: (value: T) => void;
  onError?: (error: BridgeError) => void;
}
