import { Button } from '../../../components/ui/button.tsx';
import { AlertIcon, CheckIcon, CrossIcon } from '../../../components/ui/icons.tsx';
import type { BridgeError } from '../../../lib/bridge.ts';

/** What the last copy did: put the report on the clipboard, or failed (and why). */
export type DiagnosticsOutcome = { ok: true } | { ok: false; error: BridgeError };

export type CopyDiagnosticsButtonProps = {
  outcome: DiagnosticsOutcome | undefined;
  isCopying: boolean;
  onCopy: () => void;
  onDismiss: () => void;
};

/**
 * "Copy diagnostics", for bug reports, and its outcome as a toast at the bottom of the window:
 * "Copied" comes and goes (role="status", always present so it is announced); a failure stays
 * until dismissed (role="alert").
 */
export const CopyDiagnosticsButton = ({ outcome, isCopying, onCopy, onDismiss }: CopyDiagnosticsButtonProps) => (
  <>
    <Button variant="quiet" size="small" isPending={isCopying} onClick={onCopy}>
      Copy diagnostics
    </Button>
    <div className="toast-region" role="status">
      {outcome?.ok && (
        <p className="toast">
          <CheckIcon className="toast__icon toast__icon--ok" />
          Diagnostics copied. They include no tokens or secrets: paste them into your bug report.
        </p>
      )}
    </div>
    {outcome && !outcome.ok && (
      <div className="toast-region">
        <div className="toast toast--error" role="alert">
          <AlertIcon className="toast__icon toast__icon--error" />
          <p>
            Could not copy the diagnostics. {outcome.error.message} <code className="toast__code">{outcome.error.code}</code>
          </p>
          <button type="button" className="toast__close" aria-label="Dismiss" onClick={onDismiss}>
            <CrossIcon />
          </button>
        </div>
      </div>
    )}
  </>
);
