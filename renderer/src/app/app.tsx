import { useRef, useState } from 'react';
import type { AuthErrorInfo } from '../../../main/auth/types.ts';
import { AppLayout } from '../components/layout/app-layout.tsx';
import { useAppInfo } from '../features/auth/api/use-app-info.ts';
import { useAuthState } from '../features/auth/api/use-auth-state.ts';
import { useCancelSignIn } from '../features/auth/api/use-cancel-sign-in.ts';
import { useReopenBrowser } from '../features/auth/api/use-reopen-browser.ts';
import { useSignIn } from '../features/auth/api/use-sign-in.ts';
import { useSignOut } from '../features/auth/api/use-sign-out.ts';
import { LoadingScreen } from '../features/auth/components/loading-screen.tsx';
import { SignedInScreen } from '../features/auth/components/signed-in-screen.tsx';
import { SignedOutScreen } from '../features/auth/components/signed-out-screen.tsx';
import { SigningInScreen } from '../features/auth/components/signing-in-screen.tsx';
import { useFocusOnChange } from '../hooks/use-focus-on-change.ts';

/** What the last action said, shown on the screen it happened on until the screen changes. */
type Feedback = { kind: 'error'; error: AuthErrorInfo } | { kind: 'notice'; message: string };

const REOPENED = 'We opened the sign-in page again. Look for a new tab or window in your browser.';

/** Picks the screen for the session's state and decides what each action's outcome shows. */
export const App = () => {
  const state = useAuthState();
  const { appInfo, isLoading: isLoadingAppInfo } = useAppInfo();
  // The first screen waits for both answers, so it does not reflow when the second one lands.
  const status = isLoadingAppInfo ? undefined : state?.status;

  const [feedback, setFeedback] = useState<Feedback>();
  // Feedback belongs to the screen it was given on: a new screen starts clean.
  const [feedbackStatus, setFeedbackStatus] = useState(status);
  if (feedbackStatus !== status) {
    setFeedbackStatus(status);
    setFeedback(undefined);
  }

  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnChange(headingRef, status);

  const showError = (error: AuthErrorInfo) => setFeedback({ kind: 'error', error });
  const { signIn, isPending: isSigningIn } = useSignIn({ onError: showError });
  const { cancelSignIn, isPending: isCancelling } = useCancelSignIn({ onError: showError });
  const { reopenBrowser, isPending: isReopening } = useReopenBrowser({
    onSuccess: () => setFeedback({ kind: 'notice', message: REOPENED }),
    onError: showError,
  });
  const { signOut, isPending: isSigningOut } = useSignOut({ onError: showError });

  // Each action starts with a clean slate, so an old message never sits next to a new attempt.
  const start = (action: () => Promise<void>) => {
    setFeedback(undefined);
    void action();
  };

  // The action's own answer is at least as recent as the state's error, so it wins.
  const actionError = feedback?.kind === 'error' ? feedback.error : undefined;
  const notice = feedback?.kind === 'notice' ? feedback.message : undefined;

  const screen = (() => {
    if (!state || isLoadingAppInfo) return <LoadingScreen />;
    switch (state.status) {
      case 'signed-out':
        return (
          <SignedOutScreen
            headingRef={headingRef}
            appInfo={appInfo}
            error={actionError ?? state.error}
            isSigningIn={isSigningIn}
            onSignIn={() => start(signIn)}
          />
        );
      case 'signing-in':
        return (
          <SigningInScreen
            headingRef={headingRef}
            appInfo={appInfo}
            error={actionError}
            notice={notice}
            isCancelling={isCancelling}
            isReopening={isReopening}
            onCancel={() => start(cancelSignIn)}
            onReopenBrowser={() => start(reopenBrowser)}
          />
        );
      case 'signed-in':
        return (
          <SignedInScreen
            headingRef={headingRef}
            session={state}
            appInfo={appInfo}
            error={actionError}
            isSigningOut={isSigningOut}
            onSignOut={(endProviderSession) => start(() => signOut({ endProviderSession }))}
          />
        );
    }
  })();

  return <AppLayout appVersion={appInfo?.appVersion}>{screen}</AppLayout>;
};
