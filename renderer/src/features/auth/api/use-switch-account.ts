import type { AccountInfo, SwitchAccountRequest } from '#ipc-contract';
import type { MutationOptions } from '../../../lib/mutation-options.ts';
import { useBridgeAction } from '../../../lib/use-bridge-action.ts';

/** Makes another account the active one (no request to the provider); the state pushes that
 *  account's state. Succeeds with the account list. */
export const useSwitchAccount = (options: MutationOptions<AccountInfo[]> = {}) => {
  const { run, isPending } = useBridgeAction((request: SwitchAccountRequest) => window.desktop.switchAccount(request), options);
  return { switchAccount: run, isPending };
};
