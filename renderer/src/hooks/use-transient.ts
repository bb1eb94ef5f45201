import { useCallback, useEffect, useState } from 'react';

/**
 * A value that clears itself `durationMs` after it was last shown ("Copied"). Showing it again
 * restarts the clock; `clear` drops it at once.
 */
export const useTransient = <T>(durationMs: number) => {
  const [shown, setShown] = useState<{ value: T }>();
  useEffect(() => {
    if (!shown) return;
    const timer = setTimeout(() => setShown(undefined), durationMs);
    return () => clearTimeout(timer);
  }, [shown, durationMs]);
  // A fresh object each time, so showing the same value twice restarts the timer.
  const show = useCallback((value: T) => setShown({ value }), []);
  const clear = useCallback(() => setShown(undefined), []);
  return { value: shown?.value, show, clear };
};
