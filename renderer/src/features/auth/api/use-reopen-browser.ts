import type { MutationOptions } from '../../../lib/mutation-options.ts';
import { useBridgeAction } from '../../../lib/use-bridge-action.ts';

/** Opens the running sign-in's page in the browser again, for a person who closed the tab. */
export const useReopenBrowser = (options: MutationOptions<void> = {}) => {
  const { run, isPending } = useBridgeAction(() => window.desktop.reopenBrowser(), options);
  return { reopenBrowser: run, isPending };
};
