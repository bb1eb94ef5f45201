import { lazy, Suspense, useRef, useState } from 'react';
import type { AppInfo, AuthErrorInfo } from '#ipc-contract';
import { AppLayout } from '../components/layout/app-layout.tsx';
import { Button } from '../components/ui/button.tsx';
import { useAppInfo } from '../features/auth/api/use-app-info.ts';
import { useAuthState } from '../features/auth/api/use-auth-state.ts';
import { useCancelSignIn } from '../features/auth/api/use-cancel-sign-in.ts';
import { useReopenBrowser } from '../features/auth/api/use-reopen-browser.ts';
import { useSessionDetails } from '../features/auth/api/use-session-details.ts';
import { useSignIn } from '../features/auth/api/use-sign-in.ts';
import { useSignOut } from '../features/auth/api/use-sign-out.ts';
import { LoadingScreen } from '../features/auth/components/loading-screen.tsx';
import { SignedInScreen } from '../features/auth/components/signed-in-screen.tsx';
import { SignedOutScreen } from '../features/auth/components/signed-out-screen.tsx';
import { DeviceCodeScreen } from '../features/auth/components/device-code-screen.tsx';
import { SigningInScreen } from '../features/auth/components/signing-in-screen.tsx';
import { useCallApi } from '../features/protected-api/api/use-call-api.ts';
import { ApiPanel, type ApiOutcome } from '../features/protected-api/components/api-panel.tsx';
import { UpdateBanner } from '../features/updates/update-banner.tsx';
import { useFocusOnChange } from '../hooks/use-focus-on-change.ts';
import { displayName } from '../utils/profile.ts';
import { screenAnnouncement, type ScreenKey } from '../utils/screen-announcement.ts';
import { setupActionLabel } from '../utils/setup-action-label.ts';
import { DiagnosticsAction } from './diagnostics-action.tsx';

// The setup screen is its own chunk: a configured app never needs it at startup, and the
// window's first paint loads only what it shows (the budget is 80 KB of JavaScript, gzipped).
const SetupView = lazy(() => import('./setup-view.tsx').then((module) => ({ default: module.SetupView })));

/** What the last action said, shown on the screen it happened on until the screen changes. */
type Feedback = { kind: 'error'; error: AuthErrorInfo } | { kind: 'notice'; message: string };

const REOPENED = 'We opened the sign-in page again. Look for a new tab or window in your browser.';

/** Picks the screen for the session's state and decides what each action's outcome shows. */
export const App = () => {
  const state = useAuthState();
  const { appInfo, isLoading: isLoadingAppInfo, replace: replaceAppInfo } = useAppInfo();
  const [isSetupOpen, setIsSetupOpen] = useState(false);
  // The first screen waits for both answers, so it does not reflow when the second one lands.
  const status = isLoadingAppInfo ? undefined : state?.status;
  // Nothing configured: the setup screen comes first, with nothing to go back to.
  const isSetupRequired = appInfo?.configured === false;
  const showSetup = status !== undefined && (isSetupOpen || isSetupRequired);
  const device = state?.status === 'signing-in' ? state.device : undefined;
  const screenKey: ScreenKey | undefined = showSetup ? 'setup' : device ? 'device-code' : status;

  const [feedback, setFeedback] = useState<Feedback>();
  // Feedback belongs to the screen it was given on: a new screen starts clean.
  const [feedbackScreen, setFeedbackScreen] = useState(screenKey);
  if (feedbackScreen !== screenKey) {
    setFeedbackScreen(screenKey);
    setFeedback(undefined);
  }

  const headingRef = useRef<HTMLHeadingElement>(null);
  // The first screen the window shows (the page load announces it; focus stays put).
  const [firstScreen, setFirstScreen] = useState<ScreenKey>();
  if (firstScreen === undefined && screenKey !== undefined) setFirstScreen(screenKey);
  useFocusOnChange(headingRef, screenKey);

  // Each change of screen is also said in the layout's live region (the first screen is not:
  // the page load announces it).
  const [announcedScreen, setAnnouncedScreen] = useState(screenKey);
  const [announcement, setAnnouncement] = useState('');
  // The name comes with UserInfo, a moment after the signed-in screen: said once it is known.
  const signedInName = state?.status === 'signed-in' ? displayName(state.claims) : undefined;
  const [announcedName, setAnnouncedName] = useState(signedInName);
  if (announcedScreen !== screenKey) {
    setAnnouncedScreen(screenKey);
    setAnnouncedName(signedInName);
    if (announcedScreen !== undefined && screenKey !== undefined) {
      setAnnouncement(screenAnnouncement(screenKey, announcedScreen, signedInName));
    }
  } else if (screenKey === 'signed-in' && signedInName !== announcedName) {
    setAnnouncedName(signedInName);
    if (signedInName) setAnnouncement(`Signed in as ${signedInName}.`);
  }

  const showError = (error: AuthErrorInfo) => setFeedback({ kind: 'error', error });
  const { signIn, isPending: isSigningIn } = useSignIn({ onError: showError });
  const { cancelSignIn, isPending: isCancelling } = useCancelSignIn({ onError: showError });
  const { reopenBrowser, isPending: isReopening } = useReopenBrowser({
    onSuccess: () => setFeedback({ kind: 'notice', message: REOPENED }),
    onError: showError,
  });
  const { signOut, isPending: isSigningOut } = useSignOut({ onError: showError });

  // One session, one identity: its token binding and API answers are not shown for the next one.
  const session = state?.status === 'signed-in' ? state : undefined;
  const sessionKey = session && [session.claims.iss, session.claims.sub, session.claims.auth_time].map(String).join(' ');
  const sessionDetails = useSessionDetails(sessionKey);
  const [api, setApi] = useState<{ sessionKey: string | undefined; outcome: ApiOutcome }>();
  const { callApi, isPending: isCallingApi } = useCallApi({
    onSuccess: (result) => setApi({ sessionKey, outcome: { ok: true, result } }),
    onError: (error) => setApi({ sessionKey, outcome: { ok: false, error } }),
  });

  // Each action starts with a clean slate, so an old message never sits next to a new attempt.
  const start = (action: () => Promise<void>) => {
    setFeedback(undefined);
    void action();
  };

  const openSetup = () => setIsSetupOpen(true);
  const onSetupSaved = (saved: AppInfo) => {
    replaceAppInfo(saved);
    setIsSetupOpen(false);
    // Said on the screen the person returns to (claimed for it now, so the switch keeps it).
    setFeedbackScreen(status);
    setFeedback({ kind: 'notice', message: `Saved. The app now signs in with ${saved.providerName}.` });
  };

  // The action's own answer is at least as recent as the state's error, so it wins.
  const actionError = feedback?.kind === 'error' ? feedback.error : undefined;
  const notice = feedback?.kind === 'notice' ? feedback.message : undefined;

  const screen = (() => {
    if (!state || isLoadingAppInfo) return <LoadingScreen />;
    if (showSetup) {
      return (
        <Suspense fallback={<LoadingScreen />}>
          <SetupView
            headingRef={headingRef}
            focusOnMount={(firstScreen ?? screenKey) !== 'setup'}
            onSaved={onSetupSaved}
            onCancel={isSetupRequired ? undefined : () => setIsSetupOpen(false)}
          />
        </Suspense>
      );
    }
    switch (state.status) {
      case 'signed-out':
        return (
          <SignedOutScreen
            headingRef={headingRef}
            appInfo={appInfo}
            error={actionError ?? state.error}
            notice={notice}
            isSigningIn={isSigningIn}
            onSignIn={() => start(signIn)}
            onSignInOnAnotherDevice={() => start(() => signIn({ device: true }))}
          />
        );
      case 'signing-in':
        if (state.device) {
          return (
            <DeviceCodeScreen
              headingRef={headingRef}
              device={state.device}
              error={actionError}
              notice={notice}
              isCancelling={isCancelling}
              onCancel={() => start(cancelSignIn)}
            />
          );
        }
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
            details={sessionDetails}
            apiPanel={
              <ApiPanel
                apiUrl={appInfo?.apiUrl}
                outcome={api?.sessionKey === sessionKey ? api?.outcome : undefined}
                isCalling={isCallingApi}
                onCall={() => void callApi()}
                onOpenSetup={openSetup}
              />
            }
            isSigningOut={isSigningOut}
            onSignOut={(endProviderSession) => start(() => signOut({ endProviderSession }))}
          />
        );
    }
  })();

  // Changing the provider in the middle of a sign-in would pull the rug from under it.
  const canOpenSetup = status !== undefined && !showSetup && status !== 'signing-in';
  const actions = (
    <>
      {canOpenSetup && (
        <Button variant="quiet" size="small" onClick={openSetup}>
          {setupActionLabel(appInfo)}
        </Button>
      )}
      <DiagnosticsAction />
    </>
  );

  return (
    <AppLayout appVersion={appInfo?.appVersion} actions={actions} announcement={announcement}>
      <UpdateBanner />
      {screen}
    </AppLayout>
  );
};
