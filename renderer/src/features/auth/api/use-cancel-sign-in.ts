import type { IpcResult } from '#ipc-contract';
import type { MutationOptions } from '../../../lib/mutation-options.ts';
import { useBridgeAction } from '../../../lib/use-bridge-action.ts';

/** Gives up on the running sign-in; the state moves to signed-out with a `cancelled` note.
 *  (cancelSignIn answers nothing, not an IpcResult: a call that returns counts as done.) */
export const useCancelSignIn = (options: MutationOptions<void> = {}) => {
  const { run, isPending } = useBridgeAction(async (): Promise<IpcResult<void>> => {
    await window.desktop.cancelSignIn();
    return { ok: true, value: undefined };
  }, options);
  return { cancelSignIn: run, isPending };
};
