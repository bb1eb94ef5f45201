import type { ReactNode, Ref } from 'react';
import type { AuthErrorInfo } from '#ipc-contract';
import { Button } from '../../../components/ui/button.tsx';
import { LockIcon } from '../../../components/ui/icons.tsx';
import { AuthFeedback } from './auth-feedback.tsx';
import type { ProviderView } from '../../../utils/providers.ts';
import { ProviderSummary } from './provider-summary.tsx';

export type SignedOutScreenProps = {
  headingRef: Ref<HTMLHeadingElement>;
  /** Where signing in goes: the active account's provider (its session ended), else the app's. */
  provider: ProviderView | undefined;
  /** That provider offers sign-in from another device. */
  deviceSignIn: boolean;
  error: AuthErrorInfo | undefined;
  /** Good news from the last action (a saved setup), shown when there is no error. */
  notice: string | undefined;
  isSigningIn: boolean;
  onSignIn: () => void;
  /** Where the provider offers it: sign in on a phone or another computer instead. */
  onSignInOnAnotherDevice: () => void;
  /** The other accounts signed in here, when there are any: a way to switch to one of them. */
  accountList?: ReactNode;
};

export const SignedOutScreen = ({
  headingRef,
  provider,
  deviceSignIn,
  error,
  notice,
  isSigningIn,
  onSignIn,
  onSignInOnAnotherDevice,
  accountList,
}: SignedOutScreenProps) => (
  <section className="panel panel--narrow" aria-labelledby="screen-heading">
    <div className="panel__badge-icon" aria-hidden="true">
      <LockIcon />
    </div>
    <h2 id="screen-heading" className="screen-title" ref={headingRef} tabIndex={-1}>
      Sign in
    </h2>
    <p className="screen-lead">
      You sign in on your provider’s own page, in your browser. This app never sees your password.
    </p>
    <ProviderSummary provider={provider} />
    <Button variant="primary" size="large" className="panel__action" isPending={isSigningIn} onClick={onSignIn}>
      Sign in
    </Button>
    <p className="hint">Opens your default browser.</p>
    {deviceSignIn && (
      <div className="signin-alt">
        <Button variant="secondary" isPending={isSigningIn} onClick={onSignInOnAnotherDevice}>
          Sign in on another device
        </Button>
      </div>
    )}
    <div className="feedback">
      <AuthFeedback error={error} notice={notice} />
    </div>
    {accountList}
  </section>
);
