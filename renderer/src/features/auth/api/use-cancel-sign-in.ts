import { useState } from 'react';
import { bridgeFailure } from '../../../lib/bridge.ts';
import type { MutationOptions } from '../../../lib/mutation-options.ts';

/** Gives up on the running sign-in; the state moves to signed-out with a `cancelled` note. */
export const useCancelSignIn = ({ onSuccess, onError }: MutationOptions<void> = {}) => {
  const [isPending, setIsPending] = useState(false);
  const cancelSignIn = async (): Promise<void> => {
    setIsPending(true);
    try {
      await window.desktop.cancelSignIn();
      onSuccess?.();
    } catch {
      onError?.(bridgeFailure());
    } finally {
      setIsPending(false);
    }
  };
  return { cancelSignIn, isPending };
};
