import type { AuthState, SignOutRequest } from '#ipc-contract';
import type { MutationOptions } from '../../../lib/mutation-options.ts';
import { useBridgeAction } from '../../../lib/use-bridge-action.ts';

/** Signs out here, and with `endProviderSession` at the provider too. */
export const useSignOut = (options: MutationOptions<AuthState> = {}) => {
  const { run, isPending } = useBridgeAction((request: SignOutRequest) => window.desktop.signOut(request), options);
  return { signOut: run, isPending };
};
