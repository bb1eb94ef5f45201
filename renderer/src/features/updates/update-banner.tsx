import { useEffect, useState } from 'react';
import type { UpdateState } from '#ipc-contract';
import { Button } from '../../components/ui/button.tsx';
import { useBridgeAction } from '../../lib/use-bridge-action.ts';

/**
 * "Restart to update", once main has downloaded an update (main/updater.ts); nothing otherwise.
 * Main decides whether the restart may happen now: during a sign-in it answers why not, and
 * that answer is shown here.
 */
export const UpdateBanner = () => {
  const [state, setState] = useState<UpdateState>();
  const [refusal, setRefusal] = useState<string>();
  useEffect(() => {
    // Subscribe first, then ask: a push that lands before the answer is at least as new.
    let pushed = false;
    const unsubscribe = window.desktop.onUpdateStateChange((next) => {
      pushed = true;
      setState(next);
    });
    window.desktop.getUpdateState().then(
      (current) => !pushed && setState(current),
      () => undefined,
    );
    return unsubscribe;
  }, []);
  const { run, isPending } = useBridgeAction(() => window.desktop.restartToUpdate(), { onError: (error) => setRefusal(error.message) });
  if (state?.status !== 'downloaded') return null;
  return (
    <div className="note update-banner" role="status">
      <p className="note__message">
        Version {state.version} is ready to install. {refusal ?? 'Restart the app to finish updating.'}
      </p>
      <Button
        variant="primary"
        size="small"
        isPending={isPending}
        onClick={() => {
          setRefusal(undefined);
          void run();
        }}
      >
        Restart to update
      </Button>
    </div>
  );
};
