import { lazy, Suspense, useEffect, useRef, useState, type RefObject } from 'react';
import type { AccountInfo, AddAccountRequest, AppInfo, AuthErrorInfo } from '#ipc-contract';
import { AppLayout } from '../components/layout/app-layout.tsx';
import { Button } from '../components/ui/button.tsx';
import { useAccounts } from '../features/auth/api/use-accounts.ts';
import { useAddAccount } from '../features/auth/api/use-add-account.ts';
import { useAppInfo } from '../features/auth/api/use-app-info.ts';
import { useAuthState } from '../features/auth/api/use-auth-state.ts';
import { useCancelSignIn } from '../features/auth/api/use-cancel-sign-in.ts';
import { useReopenBrowser } from '../features/auth/api/use-reopen-browser.ts';
import { useSessionDetails } from '../features/auth/api/use-session-details.ts';
import { useSignIn } from '../features/auth/api/use-sign-in.ts';
import { useSignOut } from '../features/auth/api/use-sign-out.ts';
import { useSignOutAccount } from '../features/auth/api/use-sign-out-account.ts';
import { useSwitchAccount } from '../features/auth/api/use-switch-account.ts';
import { AccountList, type AccountAction } from '../features/auth/components/account-list.tsx';
import { LoadingScreen } from '../features/auth/components/loading-screen.tsx';
import { SignedInScreen } from '../features/auth/components/signed-in-screen.tsx';
import { SignedOutScreen } from '../features/auth/components/signed-out-screen.tsx';
import { SigningInScreen } from '../features/auth/components/signing-in-screen.tsx';
import { useCallApi } from '../features/protected-api/api/use-call-api.ts';
import { ApiPanel, type ApiOutcome } from '../features/protected-api/components/api-panel.tsx';
import { UpdateBanner } from '../features/updates/update-banner.tsx';
import { useFocusOnChange } from '../hooks/use-focus-on-change.ts';
import { accountLabel, displayName } from '../utils/profile.ts';
import { atConfigured, providerOf, type ProviderView } from '../utils/providers.ts';
import { accountAnnouncement, screenAnnouncement, type ScreenKey } from '../utils/screen-announcement.ts';
import { setupActionLabel } from '../utils/setup-action-label.ts';
import { DiagnosticsAction } from './diagnostics-action.tsx';

// The setup screen is its own chunk: a configured app never needs it at startup, and the
// window's first paint loads only what it shows (the budget is 80 KB of JavaScript, gzipped).
// So is the code for a sign-in on another device, which only a click leads to.
const SetupView = lazy(() => import('./setup-view.tsx').then((module) => ({ default: module.SetupView })));
const DeviceCodeScreen = lazy(() => import('../features/auth/components/device-code-screen.tsx').then((module) => ({ default: module.DeviceCodeScreen })));

/** What the last action said, and the screen it is said on: the one the action was started
 *  from (an account that could not be added says so back where the person started). */
type Feedback = ({ kind: 'error'; error: AuthErrorInfo } | { kind: 'notice'; message: string }) & { screen: ScreenKey | undefined };

const REOPENED = 'We opened the sign-in page again. Look for a new tab or window in your browser.';
const NOT_ADDED = 'No account was added: the sign-in was cancelled.';

/** Picks the screen for the session's state and decides what each action's outcome shows. */
export const App = () => {
  const state = useAuthState();
  const { appInfo, isLoading: isLoadingAppInfo, replace: replaceAppInfo } = useAppInfo();
  const { accounts, isLoading: isLoadingAccounts } = useAccounts();
  // The setup form the person opened: to set up the app's provider, or to add an account at
  // another one (the same form, signing in instead of saving).
  const [setupMode, setSetupMode] = useState<'setup' | 'add-account'>();
  // The first screen waits for every answer, so it does not reflow when a later one lands.
  const isLoading = isLoadingAppInfo || isLoadingAccounts;
  const status = isLoading ? undefined : state?.status;
  // Nothing configured: the setup screen comes first, with nothing to go back to.
  const isSetupRequired = appInfo?.configured === false;
  const device = state?.status === 'signing-in' ? state.device : undefined;
  const screenKey: ScreenKey | undefined = status && ((isSetupRequired ? 'setup' : setupMode) ?? (device ? 'device-code' : status));
  const showSetup = screenKey === 'setup' || screenKey === 'add-account';
  // The provider the window speaks for: the active account's.
  const activeAccount = accounts?.find((account) => account.active);
  const provider = providerOf(activeAccount, appInfo);

  const [feedback, setFeedback] = useState<Feedback>();
  // A form whose sign-in succeeded (a save, an added account) closes once the state says so: its
  // answer may arrive before the state's push, and it would close onto "signing in" for a moment
  // (its notice lost with that screen). The notice is then said on the screen it lands on.
  const [closeSetup, setCloseSetup] = useState<{ notice?: string }>();
  if (closeSetup && status !== 'signing-in') {
    setCloseSetup(undefined);
    setSetupMode(undefined);
    if (closeSetup.notice) setFeedback({ kind: 'notice', message: closeSetup.notice, screen: status });
  }
  // Feedback belongs to one screen: any other screen starts clean.
  const [feedbackScreen, setFeedbackScreen] = useState(screenKey);
  if (feedbackScreen !== screenKey) {
    setFeedbackScreen(screenKey);
    if (feedback && feedback.screen !== screenKey) setFeedback(undefined);
  }
  const shownFeedback = feedback?.screen === screenKey ? feedback : undefined;

  // Who the signed-in screen speaks for: another account made active is news, like a new screen.
  const identity = state?.status === 'signed-in' ? [state.claims.iss, state.claims.sub].map(String).join(' ') : undefined;
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The first screen the window shows (the page load announces it; focus stays put).
  const [firstScreen, setFirstScreen] = useState<ScreenKey>();
  if (firstScreen === undefined && screenKey !== undefined) setFirstScreen(screenKey);
  useFocusOnChange(headingRef, screenKey === 'signed-in' ? `${screenKey} ${identity}` : screenKey);

  // Each change of screen is also said in the layout's live region (the first screen is not:
  // the page load announces it), and so is each change of the active account.
  const [announced, setAnnounced] = useState({ screen: screenKey, identity });
  const [announcement, setAnnouncement] = useState('');
  // The account a Switch is making active, named in what is said once the window shows it.
  const [switchingTo, setSwitchingTo] = useState<string>();
  // The name comes with UserInfo, a moment after the signed-in screen: said once it is known.
  const signedInName = state?.status === 'signed-in' ? displayName(state.claims) : undefined;
  const [announcedName, setAnnouncedName] = useState(signedInName);
  const otherAccount = screenKey === 'signed-in' && announced.screen === 'signed-in' && identity !== announced.identity;
  if (announced.screen !== screenKey || otherAccount) {
    setAnnounced({ screen: screenKey, identity });
    setAnnouncedName(signedInName);
    if (announced.screen !== undefined && screenKey !== undefined) {
      if (switchingTo !== undefined && (screenKey === 'signed-in' || screenKey === 'signed-out')) {
        setSwitchingTo(undefined);
        setAnnouncement(accountAnnouncement(screenKey, switchingTo, 'switch'));
      } else if (otherAccount) {
        // Signing out of the active account made the next one active.
        setAnnouncement(accountAnnouncement(screenKey, signedInName, 'sign-out'));
      } else {
        setAnnouncement(screenAnnouncement(screenKey, announced.screen, signedInName, identity !== announced.identity));
      }
    }
  } else if (screenKey === 'signed-in' && signedInName !== announcedName) {
    setAnnouncedName(signedInName);
    if (signedInName) setAnnouncement(`Signed in as ${signedInName}.`);
  }

  const showError = (error: AuthErrorInfo) => setFeedback({ kind: 'error', error, screen: screenKey });
  const showNotice = (message: string) => setFeedback({ kind: 'notice', message, screen: screenKey });
  const { signIn, isPending: isSigningIn } = useSignIn({ onError: showError });
  const { cancelSignIn, isPending: isCancelling } = useCancelSignIn({ onError: showError });
  const { reopenBrowser, isPending: isReopening } = useReopenBrowser({
    onSuccess: () => showNotice(REOPENED),
    onError: showError,
  });
  const { signOut, isPending: isSigningOut } = useSignOut({ onError: showError });

  // Adding an account starts from the screen the person is on, and a failure (a cancel too)
  // brings them back there: it is said there.
  const { addAccount, isPending: isAdding } = useAddAccount({
    onError: (error) => showError(error.code === 'cancelled' ? { code: error.code, message: NOT_ADDED } : error),
  });
  // Where the account being added signs in, for the screen that waits for it.
  const [addingAt, setAddingAt] = useState<ProviderView>();
  const addRef = useRef<HTMLButtonElement>(null);
  const [accountAction, setAccountAction] = useState<AccountAction>();
  // The name of the account the last listed action was for (read when its answer comes).
  const actedOn = useRef('');
  const accountsHeadingRef = useRef<HTMLHeadingElement>(null);
  // Signing out of a listed account takes its row away: focus goes to the list's heading, or to
  // the screen's where the list goes with it (the sign-in screen lists only other accounts).
  // Leaving the form for another provider gives it back to "Add another account".
  const [refocus, setRefocus] = useState<{ to: RefObject<HTMLElement | null> }>();
  useEffect(() => refocus?.to.current?.focus(), [refocus]);
  const { switchAccount } = useSwitchAccount({
    onError: (error) => {
      setSwitchingTo(undefined);
      showError(error);
    },
  });
  const { signOutAccount } = useSignOutAccount({
    onSuccess: (list) => {
      // Its row going away says it on screen; the live region says it to whoever cannot see that.
      setAnnouncement(`Signed out of ${actedOn.current}. Your other accounts stay signed in.`);
      setRefocus({ to: screenKey === 'signed-in' || list.some((account) => !account.active) ? accountsHeadingRef : headingRef });
    },
    onError: showError,
  });

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
    setSwitchingTo(undefined);
    void action();
  };
  /** Runs an action for one account of the list, marking its row busy meanwhile. */
  const startForAccount = (account: AccountInfo, action: AccountAction['action'], run: () => Promise<void>) => {
    const name = accountLabel(account);
    actedOn.current = name;
    start(async () => {
      setAccountAction({ id: account.id, action });
      if (action === 'switch') setSwitchingTo(name);
      await run();
      setAccountAction(undefined);
    });
  };

  const openSetup = () => setSetupMode('setup');
  const onSetupSaved = (saved: AppInfo) => {
    replaceAppInfo(saved);
    setCloseSetup({ notice: `Saved. The app now signs in with ${saved.providerName}.` });
  };

  // The action's own answer is at least as recent as the state's error, so it wins.
  const actionError = shownFeedback?.kind === 'error' ? shownFeedback.error : undefined;
  const notice = shownFeedback?.kind === 'notice' ? shownFeedback.message : undefined;

  const accountList = (
    <AccountList
      accounts={accounts}
      appInfo={appInfo}
      headingRef={accountsHeadingRef}
      addRef={addRef}
      pending={accountAction}
      isAdding={isAdding}
      onSwitch={(account) => startForAccount(account, 'switch', () => switchAccount({ id: account.id }))}
      onSignOut={(account) => startForAccount(account, 'sign-out', () => signOutAccount({ id: account.id, endProviderSession: false }))}
      onAdd={(request?: AddAccountRequest) => {
        setAddingAt(providerOf(accounts?.find((account) => account.providerId === request?.providerId), appInfo));
        start(() => addAccount(request));
      }}
      onAddElsewhere={() => setSetupMode('add-account')}
    />
  );

  const screen = (() => {
    if (!state || isLoading) return <LoadingScreen />;
    if (showSetup) {
      return (
        <Suspense fallback={<LoadingScreen />}>
          <SetupView
            headingRef={headingRef}
            focusOnMount={(firstScreen ?? screenKey) !== 'setup'}
            authStatus={state.status}
            onSaved={onSetupSaved}
            add={screenKey === 'add-account' ? { apiProviderName: appInfo?.apiUrl && appInfo.providerName, onAdded: () => setCloseSetup({}) } : undefined}
            onCancel={
              isSetupRequired
                ? undefined
                : () => {
                    setSetupMode(undefined);
                    if (screenKey === 'add-account') setRefocus({ to: addRef });
                  }
            }
          />
        </Suspense>
      );
    }
    switch (state.status) {
      case 'signed-out':
        return (
          <SignedOutScreen
            headingRef={headingRef}
            provider={provider}
            // Only known of the configured provider.
            deviceSignIn={appInfo?.deviceSignIn === true && (!activeAccount || atConfigured(activeAccount, appInfo))}
            error={actionError ?? state.error}
            notice={notice}
            isSigningIn={isSigningIn}
            onSignIn={() => start(signIn)}
            onSignInOnAnotherDevice={() => start(() => signIn({ device: true }))}
            // An account whose session ended is still listed: the others are a switch away.
            accountList={accounts?.some((account) => !account.active) ? accountList : undefined}
          />
        );
      case 'signing-in':
        if (state.device) {
          return (
            <Suspense fallback={<LoadingScreen />}>
              <DeviceCodeScreen
                headingRef={headingRef}
                focusOnMount={firstScreen !== 'device-code'}
                device={state.device}
                error={actionError}
                notice={notice}
                isCancelling={isCancelling}
                onCancel={() => start(cancelSignIn)}
              />
            </Suspense>
          );
        }
        return (
          <SigningInScreen
            headingRef={headingRef}
            provider={isAdding ? addingAt : provider}
            error={actionError}
            notice={notice}
            isAdding={isAdding}
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
            provider={provider}
            storage={appInfo?.storage}
            error={actionError}
            notice={notice}
            details={sessionDetails}
            accountList={accountList}
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
