import { useEffect, useState } from 'react';

/**
 * A value the main process pushes on every change, asked for once at mount. Subscribes before
 * asking, so no change between the two is lost; a push that arrives before the answer is at
 * least as new, so it wins. `value` stays undefined if the bridge cannot answer (`onFailure`
 * says what then, else it is logged as `what`); `isLoading` is true until the first answer or push.
 */
export const usePushedValue = <T,>(
  subscribe: (listener: (next: T) => void) => () => void,
  read: () => Promise<T>,
  what: string,
  onFailure?: () => T,
) => {
  const [value, setValue] = useState<T>();
  const [isLoading, setIsLoading] = useState(true);
  useEffect(() => {
    let active = true;
    let pushed = false;
    const unsubscribe = subscribe((next) => {
      pushed = true;
      setValue(next);
      setIsLoading(false);
    });
    read()
      .then(
        (current) => {
          if (active && !pushed) setValue(current);
        },
        (error: unknown) => {
          if (onFailure) {
            if (active && !pushed) setValue(onFailure());
          } else {
            console.warn(`Could not read ${what}`, error);
          }
        },
      )
      .finally(() => {
        if (active) setIsLoading(false);
      });
    return () => {
      active = false;
      unsubscribe();
    };
    // Mounted once: the bridge's functions never change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return { value, isLoading, setValue };
};
