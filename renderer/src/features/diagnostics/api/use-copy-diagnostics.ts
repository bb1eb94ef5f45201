import type { MutationOptions } from '../../../lib/mutation-options.ts';
import { useBridgeAction } from '../../../lib/use-bridge-action.ts';

/** Puts a redacted diagnostics report (no tokens, no secrets) on the clipboard; main does the copying. */
export const useCopyDiagnostics = (options: MutationOptions<{ preview: string }> = {}) => {
  const { run, isPending } = useBridgeAction(() => window.desktop.copyDiagnostics(), options);
  return { copyDiagnostics: run, isPending };
};
