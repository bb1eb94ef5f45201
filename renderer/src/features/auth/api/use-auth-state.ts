import type { AuthState } from '#ipc-contract';
import { usePushedValue } from '../../../hooks/use-pushed-value.ts';

const UNAVAILABLE: AuthState = {
  status: 'signed-out',
  error: {
    code: 'state_unavailable',
    message: 'The app could not read your sign-in status. Try signing in; if that fails too, quit and restart the app.',
  },
};

/** The session's state, kept current by the main process's pushes; `undefined` until the first
 *  answer arrives. */
export const useAuthState = (): AuthState | undefined =>
  usePushedValue<AuthState>(
    (listener) => window.desktop.onStateChange(listener),
    () => window.desktop.getState(),
    'the sign-in state',
    () => UNAVAILABLE,
  ).value;
