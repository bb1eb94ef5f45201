import type { AuthState, SignInRequest } from '#ipc-contract';
import type { MutationOptions } from '../../../lib/mutation-options.ts';
import { useBridgeAction } from '../../../lib/use-bridge-action.ts';

/** Starts a sign-in in the system browser, or on another device (`{ device: true }`). Resolves
 *  when the flow ends (the state pushes first). */
export const useSignIn = (options: MutationOptions<AuthState> = {}) => {
  const { run, isPending } = useBridgeAction((request?: SignInRequest) => window.desktop.signIn(request), options);
  return { signIn: run, isPending };
};
