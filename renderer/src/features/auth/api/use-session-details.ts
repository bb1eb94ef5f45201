import { useEffect, useState } from 'react';
import type { SessionDetails } from '#ipc-contract';

/**
 * How the current session's tokens are bound (DPoP or bearer), asked again each time `sessionKey`
 * changes (a new session); undefined while signed out, while asking, or if the bridge fails:
 * the session panel then simply leaves the line out.
 */
export const useSessionDetails = (sessionKey: string | undefined): SessionDetails | undefined => {
  const [details, setDetails] = useState<{ key: string; value: SessionDetails }>();
  useEffect(() => {
    if (sessionKey === undefined) return;
    let active = true;
    window.desktop.getSessionDetails().then(
      (value) => {
        if (active) setDetails({ key: sessionKey, value });
      },
      (error: unknown) => console.warn('Could not read the session details', error),
    );
    return () => {
      active = false;
    };
  }, [sessionKey]);
  // An answer about an earlier session is never shown for this one.
  return details && details.key === sessionKey ? details.value : undefined;
};
