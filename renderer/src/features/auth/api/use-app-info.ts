import { useEffect, useState } from 'react';
import type { AppInfo } from '#ipc-contract';

/**
 * Facts about the provider and this device, kept current by the main process's pushes (the
 * provider changes when a setup is saved). `appInfo` stays undefined if the bridge cannot
 * answer: the screens then use generic wording. Subscribes before asking, so no change between
 * the two is lost; a push that arrives before the answer is at least as new, so it wins.
 * `replace` takes a newer AppInfo the caller already holds (saveSetup's answer).
 */
export const useAppInfo = () => {
  const [appInfo, setAppInfo] = useState<AppInfo>();
  const [isLoading, setIsLoading] = useState(true);
  useEffect(() => {
    let active = true;
    let pushed = false;
    const unsubscribe = window.desktop.onAppInfoChange((next) => {
      pushed = true;
      setAppInfo(next);
      setIsLoading(false);
    });
    window.desktop
      .getAppInfo()
      .then(
        (next) => {
          if (active && !pushed) setAppInfo(next);
        },
        (error: unknown) => console.warn('Could not read the app info', error),
      )
      .finally(() => {
        if (active) setIsLoading(false);
      });
    return () => {
      active = false;
      unsubscribe();
    };
  }, []);
  return { appInfo, isLoading, replace: setAppInfo };
};
