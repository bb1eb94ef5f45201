import { useState } from 'react';
import type { AuthState } from '../../../../../main/ipc-contract.ts';
import { bridgeFailure, resultError } from '../../../lib/bridge.ts';
import type { MutationOptions } from './mutation-options.ts';

/** Starts a sign-in in the system browser. Resolves when the flow ends (the state pushes first). */
export const useSignIn = ({ onSuccess, onError }: MutationOptions<AuthState> = {}) => {
  const [isPending, setIsPending] = useState(false);
  const signIn = async (): Promise<void> => {
    setIsPending(true);
    try {
      const result = await window.desktop.signIn();
      if (result.ok) onSuccess?.(result.value);
      else onError?.(resultError(result));
    } catch {
      onError?.(bridgeFailure());
    } finally {
      setIsPending(false);
    }
  };
  return { signIn, isPending };
};
