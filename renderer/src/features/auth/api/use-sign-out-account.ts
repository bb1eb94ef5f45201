import type { AccountInfo, SignOutAccountRequest } from '#ipc-contract';
import type { MutationOptions } from '../../../lib/mutation-options.ts';
import { useBridgeAction } from '../../../lib/use-bridge-action.ts';

/** Signs out of one account (revoking its tokens), leaving the others signed in. Succeeds with
 *  the account list. */
export const useSignOutAccount = (options: MutationOptions<AccountInfo[]> = {}) => {
  const { run, isPending } = useBridgeAction((request: SignOutAccountRequest) => window.desktop.signOutAccount(request), options);
  return { signOutAccount: run, isPending };
};
