import type { ConnectionReport, SetupRequest } from '#ipc-contract';
import type { MutationOptions } from '../../../lib/mutation-options.ts';
import { useBridgeAction } from '../../../lib/use-bridge-action.ts';

/** Derives a configuration from the preset and values, and runs discovery against it. A failure
 *  may name the field it is about (`error.field`). Nothing is saved. */
export const useTestConnection = (options: MutationOptions<ConnectionReport> = {}) => {
  const { run, isPending } = useBridgeAction((request: SetupRequest) => window.desktop.testConnection(request), options);
  return { testConnection: run, isPending };
};
