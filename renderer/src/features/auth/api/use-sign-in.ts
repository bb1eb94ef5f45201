import type { AuthState } from '#ipc-contract';
import type { MutationOptions } from '../../../lib/mutation-options.ts';
import { useBridgeAction } from '../../../lib/use-bridge-action.ts';

/** Starts a sign-in in the system browser. Resolves when the flow ends (the state pushes first). */
export const useSignIn = (options: MutationOptions<AuthState> = {}) => {
  const { run, isPending } = useBridgeAction(() => window.desktop.signIn(), options);
  return { signIn: run, isPending };
};
