import { useState } from 'react';
import { useNow } from './use-now.ts';

/** Whole seconds since the calling component mounted, ticking once a second. */
export const useElapsedSeconds = (): number => {
  const [startedAt] = useState(() => Date.now());
  const now = useNow(1000);
  return Math.max(0, Math.floor((now - startedAt) / 1000));
};
