import type { AppInfo, SetupRequest } from '#ipc-contract';
import type { MutationOptions } from '../../../lib/mutation-options.ts';
import { useBridgeAction } from '../../../lib/use-bridge-action.ts';

/** Saves the setup and switches the app to the new provider; succeeds with the new AppInfo. */
export const useSaveSetup = (options: MutationOptions<AppInfo> = {}) => {
  const { run, isPending } = useBridgeAction((request: SetupRequest) => window.desktop.saveSetup(request), options);
  return { saveSetup: run, isPending };
};
