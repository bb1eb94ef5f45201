import { useState } from 'react';
import { useCopyDiagnostics } from '../features/diagnostics/api/use-copy-diagnostics.ts';
import { CopyDiagnosticsButton } from '../features/diagnostics/components/copy-diagnostics-button.tsx';
import { useTransient } from '../hooks/use-transient.ts';
import type { BridgeError } from '../lib/bridge.ts';

/** The header's "Copy diagnostics": "Copied" fades after a few seconds, a failure stays until dismissed. */
export const DiagnosticsAction = () => {
  const copied = useTransient<true>(4000);
  const [error, setError] = useState<BridgeError>();
  const { copyDiagnostics, isPending } = useCopyDiagnostics({ onSuccess: () => copied.show(true), onError: setError });
  return (
    <CopyDiagnosticsButton
      outcome={error ? { ok: false, error } : copied.value ? { ok: true } : undefined}
      isCopying={isPending}
      onCopy={() => {
        setError(undefined);
        copied.clear();
        void copyDiagnostics();
      }}
      onDismiss={() => setError(undefined)}
    />
  );
};
