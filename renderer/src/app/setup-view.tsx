import { useEffect, useRef, useState, type RefObject } from 'react';
import type { AppInfo, AuthState, SetupRequest } from '#ipc-contract';
import { useAddAccount } from '../features/auth/api/use-add-account.ts';
import { useCancelSignIn } from '../features/auth/api/use-cancel-sign-in.ts';
import { useSaveSetup } from '../features/setup/api/use-save-setup.ts';
import { useSetup } from '../features/setup/api/use-setup.ts';
import { useTestConnection } from '../features/setup/api/use-test-connection.ts';
import type { TestedSetup } from '../features/setup/components/setup-form.tsx';
import { SetupScreen } from '../features/setup/components/setup-screen.tsx';
import type { BridgeError } from '../lib/bridge.ts';

export type SetupViewProps = {
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** Focus the heading once mounted (the view loads in its own chunk, after the screen change
   *  that would otherwise have focused it); false when it is the first screen. */
  focusOnMount: boolean;
  /** The session's status: signed in, saving first asks for a fresh sign-in, which the state
   *  shows as signing-in while the person is in the browser. */
  authStatus: AuthState['status'];
  onSaved: (appInfo: AppInfo) => void;
  /** The form adds an account at another provider instead of saving the app's setup. */
  add: AddMode | undefined;
  onCancel: (() => void) | undefined;
};

/** Adding an account at another provider with the setup form. */
export type AddMode = {
  /** The provider the protected API is set up for, when there is one: other accounts cannot call it. */
  apiProviderName: string | undefined;
  /** The account signed in (it is the active one now). */
  onAdded: () => void;
};

/** Wires the setup screen to the bridge: the last test's outcome, and each action's failure. */
export const SetupView = ({ headingRef, focusOnMount, authStatus, onSaved, add, onCancel }: SetupViewProps) => {
  useEffect(() => {
    if (focusOnMount) headingRef.current?.focus();
    // Once, when the view appears: later changes are the screen's own business.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const { setup, error: loadError, retry } = useSetup();
  const [tested, setTested] = useState<TestedSetup>();
  const [failure, setFailure] = useState<{ from: 'test' | 'save'; error: BridgeError }>();
  // The request the running test was started with: its report belongs to those values only.
  const testing = useRef<SetupRequest>(undefined);

  const { testConnection, isPending: isTesting } = useTestConnection({
    onSuccess: (report) => {
      if (testing.current) setTested({ request: testing.current, report });
    },
    onError: (error) => {
      setTested(undefined);
      setFailure({ from: 'test', error });
    },
  });
  const { saveSetup, isPending: isSaving } = useSaveSetup({
    onSuccess: onSaved,
    onError: (error) => setFailure({ from: 'save', error }),
  });
  // Adding an account: its failures (a field the presets refuse, a cancelled sign-in) are said
  // where saving's are.
  const { addAccount, isPending: isAdding } = useAddAccount({
    onSuccess: () => add?.onAdded(),
    onError: (error) => setFailure({ from: 'save', error }),
  });
  // A cancel that fails leaves the save waiting: it is said where saving failures are.
  const { cancelSignIn, isPending: isCancelling } = useCancelSignIn({ onError: (error) => setFailure({ from: 'save', error }) });
  const isWaitingForSignIn = (isSaving || isAdding) && authStatus === 'signing-in';

  return (
    <SetupScreen
      headingRef={headingRef}
      // The saved setup is the app's own provider's: another provider starts from an empty form.
      setup={setup && add ? { ...setup, saved: undefined } : setup}
      add={add}
      loadError={loadError}
      tested={tested}
      testError={failure?.from === 'test' ? failure.error : undefined}
      saveError={failure?.from === 'save' ? failure.error : undefined}
      isTesting={isTesting}
      isSaving={isSaving || isAdding}
      signInFirst={!add && (authStatus === 'signed-in' || isWaitingForSignIn)}
      signInWait={isWaitingForSignIn ? { isCancelling, onCancel: () => void cancelSignIn() } : undefined}
      onRetryLoad={retry}
      onTest={(request) => {
        setFailure(undefined);
        testing.current = request;
        void testConnection(request);
      }}
      onSave={(request) => {
        setFailure(undefined);
        void (add ? addAccount({ setup: request }) : saveSetup(request));
      }}
      onCancel={onCancel}
    />
  );
};
