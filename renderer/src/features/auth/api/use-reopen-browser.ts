import { useState } from 'react';
import { bridgeFailure, resultError } from '../../../lib/bridge.ts';
import type { MutationOptions } from './mutation-options.ts';

/** Opens the running sign-in's page in the browser again, for a person who closed the tab. */
export const useReopenBrowser = ({ onSuccess, onError }: MutationOptions<void> = {}) => {
  const [isPending, setIsPending] = useState(false);
  const reopenBrowser = async (): Promise<void> => {
    setIsPending(true);
    try {
      const result = await window.desktop.reopenBrowser();
      if (result.ok) onSuccess?.();
      else onError?.(resultError(result));
    } catch {
      onError?.(bridgeFailure());
    } finally {
      setIsPending(false);
    }
  };
  return { reopenBrowser, isPending };
};
