import { useEffect, useState } from 'react';
import type { AuthState } from '#ipc-contract';

const UNAVAILABLE: AuthState = {
  status: 'signed-out',
  error: {
    code: 'state_unavailable',
    message: 'The app could not read your sign-in status. Try signing in; if that fails too, quit and restart the app.',
  },
};

/**
 * The session's state, kept current by the main process's pushes. `undefined` until the first
 * answer arrives. Subscribes before asking, so no change between the two is lost; a push that
 * arrives before the answer is at least as new, so it wins.
 */
export const useAuthState = (): AuthState | undefined => {
  const [state, setState] = useState<AuthState>();
  useEffect(() => {
    let active = true;
    let pushed = false;
    const unsubscribe = window.desktop.onStateChange((next) => {
      pushed = true;
      setState(next);
    });
    window.desktop.getState().then(
      (current) => {
        if (active && !pushed) setState(current);
      },
      () => {
        if (active && !pushed) setState(UNAVAILABLE);
      },
    );
    return () => {
      active = false;
      unsubscribe();
    };
  }, []);
  return state;
};
