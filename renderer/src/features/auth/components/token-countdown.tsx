import { useNow } from '../../../hooks/use-now.ts';
import { formatDuration } from '../../../utils/format-duration.ts';
import { formatTime } from '../../../utils/format-date-time.ts';
import { validEpochMs } from '../../../utils/numeric-date.ts';

// Screen readers hear the countdown only when it crosses one of these lines, never every second.
const announcementFor = (secondsLeft: number): string => {
  if (secondsLeft <= 0) return 'The access token has expired. The app is renewing it.';
  if (secondsLeft <= 60) return 'The access token expires in less than a minute.';
  if (secondsLeft <= 300) return 'The access token expires in less than 5 minutes.';
  return '';
};

export type TokenCountdownProps = {
  /** Epoch milliseconds. */
  expiresAt: number;
};

export const TokenCountdown = ({ expiresAt }: TokenCountdownProps) => {
  const now = useNow(1000);
  const validExpiresAt = validEpochMs(expiresAt);
  const secondsLeft = validExpiresAt === undefined ? 0 : Math.ceil((validExpiresAt - now) / 1000);
  const expired = secondsLeft <= 0;
  return (
    <div className="countdown">
      <p className="countdown__label">Access token expires in</p>
      <p className={expired ? 'countdown__value is-expired' : 'countdown__value'}>
        {/* role="timer" is not live: the ticking is visible; the status below speaks up. */}
        <span role="timer">{expired ? 'expired — renewing' : formatDuration(secondsLeft)}</span>
      </p>
      <p className="countdown__detail">
        {validExpiresAt !== undefined && (
          <time dateTime={new Date(validExpiresAt).toISOString()}>
            {expired ? 'Expired at' : 'At'} {formatTime(validExpiresAt)}
          </time>
        )}
      </p>
      <p className="sr-only" role="status">
        {announcementFor(secondsLeft)}
      </p>
    </div>
  );
};
