import type { Ref } from 'react';
import type { AuthErrorInfo } from '#ipc-contract';
import { Button } from '../../../components/ui/button.tsx';
import { BrowserIcon } from '../../../components/ui/icons.tsx';
import { useElapsedSeconds } from '../../../hooks/use-elapsed-seconds.ts';
import { formatDuration } from '../../../utils/format-duration.ts';
import type { ProviderView } from '../../../utils/providers.ts';
import { AuthFeedback } from './auth-feedback.tsx';
import { DemoCredentials } from './demo-credentials.tsx';

export type SigningInScreenProps = {
  headingRef: Ref<HTMLHeadingElement>;
  /** Where the person signs in. */
  provider: ProviderView | undefined;
  error: AuthErrorInfo | undefined;
  notice: string | undefined;
  /** The sign-in adds one more account: the accounts already here stay as they are. */
  isAdding?: boolean;
  isCancelling: boolean;
  isReopening: boolean;
  onCancel: () => void;
  onReopenBrowser: () => void;
};

export const SigningInScreen = ({
  headingRef,
  provider,
  error,
  notice,
  isAdding = false,
  isCancelling,
  isReopening,
  onCancel,
  onReopenBrowser,
}: SigningInScreenProps) => {
  const elapsed = useElapsedSeconds();
  return (
    <section className="panel panel--narrow" aria-labelledby="screen-heading">
      <div className="panel__badge-icon panel__badge-icon--waiting" aria-hidden="true">
        <BrowserIcon />
      </div>
      <h2 id="screen-heading" className="screen-title" ref={headingRef} tabIndex={-1}>
        Continue in your browser
      </h2>
      <p className="screen-lead">
        We opened {provider ? <strong>{provider.name}</strong> : 'your provider'}’s sign-in page in your
        default browser. Sign in there, then come back: this window updates by itself.
      </p>
      {isAdding && <p className="hint">Sign in with the account to add. The accounts already here stay signed in; Cancel goes back to them.</p>}
      {provider?.demo && <DemoCredentials />}
      <p className="elapsed">
        <span className="elapsed__dot" aria-hidden="true" />
        Waiting for the browser
        {/* role="timer" is not live: the ticking is visible, not read out every second. */}
        <span className="elapsed__time" role="timer">
          {formatDuration(elapsed)}
        </span>
      </p>
      <div className="button-row">
        <Button variant="primary" isPending={isReopening} onClick={onReopenBrowser}>
          Open the browser again
        </Button>
        <Button variant="secondary" isPending={isCancelling} onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <p className="hint">No sign-in tab, or you closed it? Open the browser again.</p>
      <div className="feedback">
        <AuthFeedback error={error} notice={notice} />
      </div>
    </section>
  );
};
