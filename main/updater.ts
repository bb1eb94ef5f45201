/**
 * The update controller: when to check, what state the window shows, and when "Restart to
 * update" may restart. Pure: it drives an {@link UpdaterPort} (electron-updater's autoUpdater
 * through main/auto-updater.ts in the app, a fake in tests and the Playwright harness) with
 * injected timers, and never imports Electron or electron-updater.
 *
 * It checks shortly after start and every few hours, downloads an available update quietly,
 * and then offers the restart; electron-updater also installs a downloaded update when the person
 * quits. It never restarts by itself, and refuses to while a sign-in waits for the browser.
 */
import type { DiagnosticsEvent } from './diagnostics-log.ts';
import type { IpcResult, UpdateState } from '#ipc-contract';
import type { UpdatePolicy } from './update-policy.ts';

export type { UpdateState };

/** What a check found. */
export type UpdateCheck = { available: false } | { available: true; version: string };

/** The updater the controller drives: check, download, install. */
export interface UpdaterPort {
  check(): Promise<UpdateCheck>;
  /** Downloads the update the last check found; `onProgress` gets 0-100. */
  download(onProgress: (percent: number) => void): Promise<void>;
  /** Quits the app, installs the downloaded update and starts the new version. */
  quitAndInstall(): void;
}

/** setTimeout and clearTimeout, injected so tests run the schedule without waiting. */
export interface UpdateTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface UpdateControllerOptions {
  policy: UpdatePolicy;
  /** The updater, or a function that loads it on first use (main/index.ts imports
   *  electron-updater lazily, only when updates are on). */
  port: UpdaterPort | (() => Promise<UpdaterPort>);
  /** True while a sign-in is running: a restart then would lose it. */
  signInInProgress(): boolean;
  log: (event: DiagnosticsEvent) => void;
  timers?: UpdateTimers;
  now?: () => Date;
  /** After start, before the first check (the window comes first). Default 10 s. */
  firstCheckDelayMs?: number;
  /** Between checks. Default 4 hours. */
  intervalMs?: number;
  /** After a failed check (offline, server error). Default 30 minutes. */
  retryDelayMs?: number;
}

export interface UpdateController {
  getState(): UpdateState;
  /** Called with every state change; returns the unsubscribe function. */
  onChange(listener: (state: UpdateState) => void): () => void;
  /** Schedules the first check (nothing when updates are off). */
  start(): void;
  /** Checks now (and downloads what it finds); resolves with the state it ends in. */
  checkNow(): Promise<UpdateState>;
  /** "Restart to update": quits and installs, unless there is nothing to install or a sign-in runs. */
  restartToUpdate(): IpcResult<void>;
  /** One line for the diagnostics report. */
  describe(): string;
  /** Stops the schedule (app quit). */
  dispose(): void;
}

export const FIRST_CHECK_DELAY_MS = 10_000;
export const CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;
export const RETRY_DELAY_MS = 30 * 60 * 1000;

export const NO_UPDATE_READY = { ok: false, code: 'no_update', message: 'No update is ready to install yet.' } as const satisfies IpcResult<never>;
export const SIGN_IN_RUNNING = {
  ok: false,
  code: 'sign_in_in_progress',
  message: 'A sign-in is in progress. Finish or cancel it, then restart to update.',
} as const satisfies IpcResult<never>;

// Node and Chromium codes for "the network is not there" (electron-updater uses Electron's net).
const OFFLINE = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b|net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|NETWORK_CHANGED|CONNECTION_(REFUSED|RESET|TIMED_OUT|CLOSED)|PROXY_CONNECTION_FAILED|ADDRESS_UNREACHABLE|TIMED_OUT)/;

/** A failure in our words for the window and the report; the details go to the log. */
export function describeUpdateError(error: unknown): { message: string; offline: boolean } {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  const text = error instanceof Error ? `${typeof code === 'string' ? code : ''} ${error.message}` : String(error);
  if (OFFLINE.test(text)) return { message: 'Could not reach the update server (offline?). The app will try again later.', offline: true };
  return { message: 'The update check failed. The app will try again later.', offline: false };
}

const defaultTimers: UpdateTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending check must not keep a quitting process alive.
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createUpdateController(options: UpdateControllerOptions): UpdateController {
  const { policy, log } = options;
  const timers = options.timers ?? defaultTimers;
  const now = options.now ?? (() => new Date());
  const listeners = new Set<(state: UpdateState) => void>();
  let state: UpdateState = policy.enabled ? { status: 'idle' } : { status: 'disabled', reason: policy.reason };
  let port: Promise<UpdaterPort> | undefined;
  let running: Promise<UpdateState> | undefined;
  let timer: unknown;
  let disposed = false;

  const setState = (next: UpdateState): void => {
    state = next;
    for (const listener of [...listeners]) listener(next);
  };

  const updater = (): Promise<UpdaterPort> => {
    const source = options.port;
    port ??= typeof source === 'function' ? source() : Promise.resolve(source);
    return port;
  };

  const schedule = (ms: number): void => {
    if (disposed || state.status === 'downloaded' || state.status === 'disabled') return;
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = undefined;
      void checkNow().then((ended) => schedule(ended.status === 'error' ? (options.retryDelayMs ?? RETRY_DELAY_MS) : (options.intervalMs ?? CHECK_INTERVAL_MS)));
    }, ms);
  };

  const run = async (): Promise<UpdateState> => {
    setState({ status: 'checking' });
    try {
      const ready = await updater();
      const found = await ready.check();
      if (!found.available) {
        setState({ status: 'idle', checkedAt: now().toISOString() });
        return state;
      }
      log({ level: 'info', source: 'updater', message: `Version ${found.version} is available; downloading it.` });
      setState({ status: 'available', version: found.version });
      setState({ status: 'downloading', version: found.version, percent: 0 });
      let lastPercent = 0;
      await ready.download((percent) => {
        const rounded = Math.max(0, Math.min(100, Math.floor(percent)));
        // Whole percents only: a push per progress event would flood the window.
        if (state.status === 'downloading' && rounded > lastPercent) {
          lastPercent = rounded;
          setState({ status: 'downloading', version: found.version, percent: rounded });
        }
      });
      log({ level: 'info', source: 'updater', message: `Version ${found.version} is downloaded; it installs at the next restart.` });
      setState({ status: 'downloaded', version: found.version });
    } catch (error) {
      const described = describeUpdateError(error);
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      log({ level: described.offline ? 'info' : 'warn', source: 'updater', message: `Update check failed: ${detail}` });
      setState({ status: 'error', message: described.message, checkedAt: now().toISOString() });
    }
    return state;
  };

  const checkNow = (): Promise<UpdateState> => {
    if (disposed || state.status === 'disabled' || state.status === 'downloaded') return Promise.resolve(state);
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };

  const feedName = policy.enabled && policy.feed.owner && policy.feed.repo ? `github.com/${policy.feed.owner}/${policy.feed.repo}` : 'GitHub';

  return {
    getState: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (!policy.enabled) {
        log({ level: 'info', source: 'updater', message: `Updates are off: ${policy.reason}.` });
        return;
      }
      schedule(options.firstCheckDelayMs ?? FIRST_CHECK_DELAY_MS);
    },
    checkNow,
    restartToUpdate() {
      if (state.status !== 'downloaded' || !port) return { ...NO_UPDATE_READY };
      // The loopback listener and the browser wait for this process: a restart would lose the sign-in.
      if (options.signInInProgress()) return { ...SIGN_IN_RUNNING };
      log({ level: 'info', source: 'updater', message: `Restarting to install version ${state.version}.` });
      void port.then((ready) => ready.quitAndInstall());
      return { ok: true, value: undefined };
    },
    describe() {
      switch (state.status) {
        case 'disabled':
          return `off (${state.reason})`;
        case 'idle':
          return `on (${feedName}); ${state.checkedAt ? `up to date as of ${state.checkedAt}` : 'not checked yet'}`;
        case 'checking':
          return `on (${feedName}); checking now`;
        case 'available':
          return `on (${feedName}); version ${state.version} available`;
        case 'downloading':
          return `on (${feedName}); downloading version ${state.version} (${state.percent}%)`;
        case 'downloaded':
          return `on (${feedName}); version ${state.version} downloaded, installed at the next restart`;
        case 'error':
          return `on (${feedName}); the last check failed at ${state.checkedAt}: ${state.message}`;
      }
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      listeners.clear();
    },
  };
}
