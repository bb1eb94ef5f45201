import type { ApiCallResult } from '#ipc-contract';
import type { MutationOptions } from '../../../lib/mutation-options.ts';
import { useBridgeAction } from '../../../lib/use-bridge-action.ts';

/** Calls the configured protected API with the session's access token (main adds it). Any HTTP
 *  answer, 4xx and 5xx included, is a success; no API or no network is a failure. */
export const useCallApi = (options: MutationOptions<ApiCallResult> = {}) => {
  const { run, isPending } = useBridgeAction(() => window.desktop.callApi(), options);
  return { callApi: run, isPending };
};
