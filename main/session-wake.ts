/**
 * After the machine wakes up, or the network comes back, the session is checked at once and
 * renewed if it is due: timers do not run while the machine sleeps, and a refresh that failed
 * offline should not wait for its back-off. No Electron here: the power monitor and the online
 * probe are passed in (main/index.ts gives Electron's powerMonitor and net.isOnline).
 */

/** The events of Electron's powerMonitor this needs. */
export interface PowerEvents {
  on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
}

export interface SessionWakeOptions {
  power: PowerEvents;
  /** Electron: `net.isOnline()`. */
  isOnline: () => boolean;
  /** Checks the session (AuthService.checkSession of the provider in use). */
  check(): Promise<unknown>;
  /** Told why a check failed; it never throws. */
  onError?(error: unknown): void;
  /** How often the network is looked at (there is no "online" event in the main process). */
  pollMs?: number;
  /** The largest random wait before a check, so that many sessions or apps waking together do
   *  not reach the provider in one burst. */
  jitterMs?: number;
  random?: () => number;
}

/** Starts watching; returns the function that stops. */
export function setupSessionWake(options: SessionWakeOptions): () => void {
  const { power, isOnline } = options;
  const random = options.random ?? Math.random;
  const jitterMs = options.jitterMs ?? 3_000;
  let pending: NodeJS.Timeout | undefined;
  let online = isOnline();

  const schedule = (): void => {
    if (pending) return; // One check for a burst of events.
    pending = setTimeout(() => {
      pending = undefined;
      options.check().catch((error: unknown) => options.onError?.(error));
    }, Math.floor(random() * jitterMs));
    pending.unref?.();
  };
  const poll = setInterval(() => {
    const now = isOnline();
    if (now && !online) schedule();
    online = now;
  }, options.pollMs ?? 15_000);
  poll.unref?.();

  power.on('resume', schedule);
  power.on('unlock-screen', schedule);
  return () => {
    clearInterval(poll);
    clearTimeout(pending);
    power.removeListener('resume', schedule);
    power.removeListener('unlock-screen', schedule);
  };
}
