import { useEffect, useRef, type RefObject } from 'react';

/**
 * Moves focus to `target` whenever `key` changes after the first value, so a screen reader
 * announces the new screen's heading. The first screen is left alone: the page load announces it.
 */
export const useFocusOnChange = (target: RefObject<HTMLElement | null>, key: string | undefined): void => {
  const previous = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (previous.current !== undefined && previous.current !== key) target.current?.focus();
    previous.current = key;
  }, [target, key]);
};
