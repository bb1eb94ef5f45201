import type { AppInfo } from '#ipc-contract';
import { usePushedValue } from '../../../hooks/use-pushed-value.ts';

/**
 * Facts about the provider and this device, kept current by the main process's pushes (the
 * provider changes when a setup is saved). `appInfo` stays undefined if the bridge cannot
 * answer: the screens then use generic wording. `replace` takes a newer AppInfo the caller
 * already holds (saveSetup's answer).
 */
export const useAppInfo = () => {
  const { value: appInfo, isLoading, setValue } = usePushedValue<AppInfo>(
    (listener) => window.desktop.onAppInfoChange(listener),
    () => window.desktop.getAppInfo(),
    'the app info',
  );
  return { appInfo, isLoading, replace: setValue };
};
