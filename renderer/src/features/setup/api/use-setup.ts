import { useCallback, useEffect, useState } from 'react';
import type { SetupInfo } from '#ipc-contract';
import { bridgeFailure, type BridgeError } from '../../../lib/bridge.ts';

/** The presets and the saved setup, asked for when the setup screen opens; `retry` asks again. */
export const useSetup = () => {
  const [setup, setSetup] = useState<SetupInfo>();
  const [error, setError] = useState<BridgeError>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let active = true;
    window.desktop.getSetup().then(
      (value) => {
        if (active) setSetup(value);
      },
      () => {
        if (active) setError(bridgeFailure());
      },
    );
    return () => {
      active = false;
    };
  }, [attempt]);
  const retry = useCallback(() => {
    setError(undefined);
    setAttempt((count) => count + 1);
  }, []);
  return { setup, error, retry };
};
