import { useEffect, useState } from 'react';
import type { AccountInfo } from '#ipc-contract';

/**
 * The accounts signed in here, in the order they were added, the active one marked; kept
 * current by the main process's pushes. `accounts` stays undefined if the bridge cannot answer
 * (the screens then list nothing and offer adding one). Subscribes before asking, so no change
 * between the two is lost; a push that arrives before the answer is at least as new, so it wins.
 */
export const useAccounts = () => {
  const [accounts, setAccounts] = useState<AccountInfo[]>();
  const [isLoading, setIsLoading] = useState(true);
  useEffect(() => {
    let active = true;
    let pushed = false;
    const unsubscribe = window.desktop.onAccountsChange((next) => {
      pushed = true;
      setAccounts(next);
      setIsLoading(false);
    });
    window.desktop
      .getAccounts()
      .then(
        (current) => {
          if (active && !pushed) setAccounts(current);
        },
        (error: unknown) => console.warn('Could not read the accounts', error),
      )
      .finally(() => {
        if (active) setIsLoading(false);
      });
    return () => {
      active = false;
      unsubscribe();
    };
  }, []);
  return { accounts, isLoading };
};
