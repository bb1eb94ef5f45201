import { useEffect, type RefObject } from 'react';
import type { AuthErrorInfo, DeviceCode } from '#ipc-contract';
import { Button } from '../../../components/ui/button.tsx';
import { useNow } from '../../../hooks/use-now.ts';
import { useDeviceQr } from '../api/use-device-qr.ts';
import { formatDuration } from '../../../utils/format-duration.ts';
import { AuthFeedback } from './auth-feedback.tsx';

export type DeviceCodeScreenProps = {
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** Focus the heading once mounted: the screen loads in its own chunk, after the screen change
   *  that would otherwise have focused it. */
  focusOnMount?: boolean;
  device: DeviceCode;
  error: AuthErrorInfo | undefined;
  notice: string | undefined;
  isCancelling: boolean;
  onCancel: () => void;
};

/** Sign-in from another device (RFC 8628): the code, where to enter it, and how long it works.
 *  Only a click gets here, so it is a chunk of its own, loaded then. */
export const DeviceCodeScreen = ({ headingRef, focusOnMount = false, device, error, notice, isCancelling, onCancel }: DeviceCodeScreenProps) => {
  useEffect(() => {
    if (focusOnMount) headingRef.current?.focus();
    // Once, when the screen appears.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const now = useNow(1000);
  const qr = useDeviceQr(device.userCode);
  const left = Math.max(0, Math.floor((device.expiresAt - now) / 1000));
  return (
    <section className="panel panel--narrow" aria-labelledby="screen-heading">
      <h2 id="screen-heading" className="screen-title" ref={headingRef} tabIndex={-1}>
        Sign in on another device
      </h2>
      <p className="screen-lead">
        On a phone or another computer, open <strong className="device-code__uri">{device.verificationUri}</strong> and
        enter this code:
      </p>
      <p className="device-code" aria-label={`Code: ${device.userCode.split('').join(' ')}`}>
        <output className="device-code__value">{device.userCode}</output>
      </p>
      {qr && (
        <p className="device-code__qr">
          <img src={qr} width={160} height={160} alt="QR code: scan it with the other device to open the address with the code filled in" />
        </p>
      )}
      <p className="elapsed">
        <span className="elapsed__dot" aria-hidden="true" />
        Code valid for
        {/* role="timer" is not live: the countdown is visible, not read out every second. */}
        <span className="elapsed__time" role="timer">
          {formatDuration(left)}
        </span>
      </p>
      <p className="hint">This window updates by itself once you have signed in on the other device.</p>
      <div className="button-row">
        <Button variant="secondary" isPending={isCancelling} onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <div className="feedback">
        <AuthFeedback error={error} notice={notice} />
      </div>
    </section>
  );
};
