import { useState } from 'react';
import type { IpcResult } from '#ipc-contract';
import { bridgeFailure, resultError } from './bridge.ts';
import type { MutationOptions } from './mutation-options.ts';

/**
 * Runs a bridge action that answers with an IpcResult and reports the outcome to the caller:
 * the value to `onSuccess`, an expected failure (or a bridge that threw) to `onError`.
 * The per-operation hooks (use-sign-in, use-save-setup...) are thin names over this one.
 */
export const useBridgeAction = <A extends unknown[], T>(
  call: (...args: A) => Promise<IpcResult<T>>,
  { onSuccess, onError }: MutationOptions<T> = {},
) => {
  const [isPending, setIsPending] = useState(false);
  const run = async (...args: A): Promise<void> => {
    setIsPending(true);
    try {
      const result = await call(...args);
      if (result.ok) onSuccess?.(result.value);
      else onError?.(resultError(result));
    } catch {
      onError?.(bridgeFailure());
    } finally {
      setIsPending(false);
    }
  };
  return { run, isPending };
};
