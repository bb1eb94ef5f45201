/**
 * The one outcome of a sign-in flow (the browser's or another device's): a session, or the
 * AuthError that ended it. Shared so that both flows settle the same way.
 */
import { AuthError, AuthErrorCode } from './errors.ts';
import type { Session } from './session.ts';

export interface FlowResult {
  readonly promise: Promise<Session>;
  /** Resolves with `session`, else rejects with `error` (cancelled when none is given). */
  settle(error: AuthError | undefined, session?: Session): void;
}

export function createFlowResult(): FlowResult {
  let resolve!: (session: Session) => void;
  let reject!: (error: AuthError) => void;
  const promise = new Promise<Session>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Also awaited by the service; this keeps an early rejection from being reported as
  // unhandled while the service is still between awaits.
  promise.catch(() => undefined);
  return {
    promise,
    settle(error, session) {
      if (session) resolve(session);
      else reject(error ?? new AuthError(AuthErrorCode.cancelled, 'The sign-in was cancelled.'));
    },
  };
}
