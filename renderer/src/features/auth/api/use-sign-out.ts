import { useState } from 'react';
import type { AuthState, SignOutRequest } from '../../../../../main/ipc-contract.ts';
import { bridgeFailure, resultError } from '../../../lib/bridge.ts';
import type { MutationOptions } from './mutation-options.ts';

/** Signs out here, and with `endProviderSession` at the provider too. */
export const useSignOut = ({ onSuccess, onError }: MutationOptions<AuthState> = {}) => {
  const [isPending, setIsPending] = useState(false);
  const signOut = async (request: SignOutRequest): Promise<void> => {
    setIsPending(true);
    try {
      const result = await window.desktop.signOut(request);
      if (result.ok) onSuccess?.(result.value);
      else onError?.(resultError(result));
    } catch {
      onError?.(bridgeFailure());
    } finally {
      setIsPending(false);
    }
  };
  return { signOut, isPending };
};
