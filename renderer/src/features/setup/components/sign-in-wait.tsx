import { Button } from '../../../components/ui/button.tsx';
import { useElapsedSeconds } from '../../../hooks/use-elapsed-seconds.ts';
import { formatDuration } from '../../../utils/format-duration.ts';

export type SignInWaitProps = {
  isCancelling: boolean;
  onCancel: () => void;
  /** The sign-in adds an account (at another provider), rather than allowing a save. */
  adding?: boolean;
};

/** Saving while signed in, or adding an account at another provider: the sign-in runs in the
 *  browser, and can be cancelled. */
export const SignInWait = ({ isCancelling, onCancel, adding = false }: SignInWaitProps) => {
  const elapsed = useElapsedSeconds();
  return (
    <div className="sign-in-wait">
      <span className="elapsed__dot" aria-hidden="true" />
      <p className="sign-in-wait__message" role="status">
        <strong>Waiting for the browser.</strong>{' '}
        {adding
          ? 'Sign in there with the account to add; nothing is kept until you do.'
          : 'Sign in again there to save; nothing is saved until you do.'}
      </p>
      {/* Outside the status: role="timer" is not live, the ticking is visible, not read out every second. */}
      <span className="elapsed__time" role="timer">
        {formatDuration(elapsed)}
      </span>
      <Button size="small" isPending={isCancelling} onClick={onCancel}>
        Cancel sign-in
      </Button>
    </div>
  );
};
