import type { AddAccountRequest, AuthState } from '#ipc-contract';
import type { MutationOptions } from '../../../lib/mutation-options.ts';
import { useBridgeAction } from '../../../lib/use-bridge-action.ts';

/** Signs in to one more account, in the browser or on another device (`{ device: true }`); it
 *  becomes the active one. Resolves when the flow ends (the state pushes first); a failure or a
 *  cancel leaves the earlier accounts as they were. */
export const useAddAccount = (options: MutationOptions<AuthState> = {}) => {
  const { run, isPending } = useBridgeAction((request?: AddAccountRequest) => window.desktop.addAccount(request), options);
  return { addAccount: run, isPending };
};
