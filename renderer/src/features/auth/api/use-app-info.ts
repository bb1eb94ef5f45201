import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../../../main/ipc-contract.ts';

/**
 * Facts about the provider and this device that do not change while the app runs.
 * `appInfo` stays undefined if the bridge cannot answer: the screens then use generic wording.
 */
export const useAppInfo = (): { appInfo: AppInfo | undefined; isLoading: boolean } => {
  const [appInfo, setAppInfo] = useState<AppInfo>();
  const [isLoading, setIsLoading] = useState(true);
  useEffect(() => {
    let active = true;
    window.desktop
      .getAppInfo()
      .then(
        (next) => {
          if (active) setAppInfo(next);
        },
        (error: unknown) => console.warn('Could not read the app info', error),
      )
      .finally(() => {
        if (active) setIsLoading(false);
      });
    return () => {
      active = false;
    };
  }, []);
  return { appInfo, isLoading };
};
