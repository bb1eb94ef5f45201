/**
 * One app, in a process of its own, measured against the provider behind the delaying TLS
 * proxy: the core (through the seam, as the app drives it: an account manager's `service`, with
 * global fetch) or the reference
 * (AppAuth-JS + jose, bench/reference-appauth.ts). A fresh process per run is a fresh app:
 * no connection, no cache, nothing loaded lazily yet. bench/network.ts forks it with
 * NODE_EXTRA_CA_CERTS naming the proxy's throwaway certificate, drives it step by step, and
 * relays its calls to the provider child (which plays the person's browser).
 *
 * Each step answers with its window (monotonic milliseconds, the proxy's clock too); the
 * parent counts the round trips in it from the proxy's log.
 */
import { subscribe } from 'node:diagnostics_channel';
import { randomBytes } from 'node:crypto';
import { createAccountManager, type AuthService } from '../main/auth/index.ts';
import { FakeCipher } from '../test/support/fake-cipher.ts';
import { MemoryStore } from '../test/support/memory-store.ts';
import { APP_HEADER, monotonicMs } from './network-proxy.ts';
import type { ChildCommand, ClientToParent, NetworkClientConfig, NetworkStep, ParentToClient, StepWindow } from './protocol.ts';
import { AppAuthApp, type ReferenceStore } from './reference-appauth.ts';
import { deferred } from './stats.ts';

if (!process.send) {
  process.stderr.write('bench/network-client.ts must be forked with an IPC channel (run `npm run bench`).\n');
  process.exit(2);
}
const send = (message: ClientToParent) => process.send!(message);
const config = JSON.parse(process.env.BENCH_CLIENT_CONFIG ?? '{}') as NetworkClientConfig;
const STEP_TIMEOUT_MS = 30_000;

// Every request of this app names it, so the proxy's log tells it from the other app's and the
// browser's whatever the timing. AppAuth-JS's FetchRequestor calls the global fetch, the core
// gets it as its `fetch`: both go through this one tagging step over Node's own fetch.
const untaggedFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  headers.set(APP_HEADER, config.tag);
  return untaggedFetch(input, { ...init, headers });
};

// ---- calls to the provider child, through the parent

let nextId = 1;
const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
function provider<T>(command: ChildCommand, target: 'main' | 'par' = 'main'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    send({ type: 'provider', id, target, command });
  });
}
/** The browser's GET of the callback URL, fire-and-forget. */
function follow(url: string): void {
  send({ type: 'provider', id: 0, target: 'main', command: { type: 'follow', url } });
}

async function followOutcome(): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const outcome = await provider<{ status: number } | { error: string } | undefined>({ type: 'lastFollow' });
    if (outcome && 'status' in outcome) {
      if (outcome.status !== 200) throw new Error(`the callback page answered HTTP ${outcome.status}`);
      return;
    }
    if (outcome) throw new Error(`the browser's callback request failed: ${outcome.error}`);
    await sleep(10);
  }
  throw new Error('the browser never got the callback page');
}

// ---- helpers

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function within<T>(promise: Promise<T>, what: string, ms = STEP_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The loopback listener's side of the callback: when the browser's request reached an HTTP
 *  server of this process (the app's listener is the only one here). */
let arrivals: number[] = [];
subscribe('http.server.request.start', () => {
  arrivals.push(monotonicMs());
});

interface SeenState {
  at: number;
  status: string;
  expiresAt?: number;
}

/** What a step needs from either app. */
interface MeasuredApp {
  readonly states: SeenState[];
  /** Resolves with the state that matches, from `from` on (index into `states`). */
  waitForState(from: number, match: (state: SeenState) => boolean, what: string): Promise<SeenState>;
  /** Starts a sign-in; `opened` resolves when the app asks for the browser (at that moment). */
  signIn(): { opened: Promise<{ url: string; at: number }>; done: Promise<unknown> };
  restore(): Promise<unknown>;
  cancelSignIn(): void;
  /** What a restart reads back. */
  saved(): unknown;
  dispose(): Promise<void>;
}

class StateLog {
  readonly states: SeenState[] = [];
  private waiters: Array<() => void> = [];

  push(state: SeenState): void {
    this.states.push(state);
    for (const wake of this.waiters.splice(0)) wake();
  }

  async waitFor(from: number, match: (state: SeenState) => boolean, what: string): Promise<SeenState> {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (;;) {
      const found = this.states.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`${what}: no such state within ${STEP_TIMEOUT_MS / 1000} s (states: ${this.states.map((s) => s.status).join(', ') || 'none'})`);
      const woken = deferred<void>();
      this.waiters.push(() => woken.resolve());
      await within(woken.promise, what).catch(() => undefined);
    }
  }
}

// ---- the core

interface CoreSaved {
  entries: Array<[string, string]>;
  keyHex: string;
}

function openCore(issuer: string, saved?: CoreSaved): MeasuredApp {
  const store = new MemoryStore();
  for (const [key, value] of saved?.entries ?? []) store.data.set(key, value);
  const key = saved ? Buffer.from(saved.keyHex, 'hex') : randomBytes(32);
  const log = new StateLog();
  let onOpen: ((opened: { url: string; at: number }) => void) | undefined;
  // The app's own path: its accounts, through the service that speaks for the active one.
  const service: AuthService = createAccountManager({
    providers: { provider: { issuer, clientId: config.clientId } },
    store,
    cipher: new FakeCipher(key),
    // The app passes its fetch (Chromium's); here Node's own, which trusts the proxy's
    // certificate through NODE_EXTRA_CA_CERTS.
    fetch: globalThis.fetch,
    openExternal: async (url) => {
      const at = monotonicMs();
      onOpen?.({ url, at });
    },
  }).service;
  service.onChange((state) => log.push({ at: monotonicMs(), status: state.status, ...(state.status === 'signed-in' ? { expiresAt: state.expiresAt } : {}) }));
  return {
    states: log.states,
    waitForState: (from, match, what) => log.waitFor(from, match, what),
    signIn() {
      const opened = deferred<{ url: string; at: number }>();
      onOpen = opened.resolve;
      const done = service.signIn();
      done.catch((error: unknown) => opened.reject(error));
      return { opened: opened.promise, done };
    },
    restore: () => service.restore(),
    cancelSignIn: () => service.cancelSignIn(),
    saved: (): CoreSaved => ({ entries: [...store.data.entries()], keyHex: key.toString('hex') }),
    dispose: () => service.dispose(),
  };
}

// ---- the reference

async function openReference(saved?: string): Promise<MeasuredApp> {
  const app = await AppAuthApp.open(config.issuer, config.clientId, saved ? (JSON.parse(saved) as ReferenceStore) : {});
  const log = new StateLog();
  app.onChange((state) => log.push({ at: monotonicMs(), status: state.status, ...(state.status === 'signed-in' ? { expiresAt: state.expiresAt } : {}) }));
  return {
    states: log.states,
    waitForState: (from, match, what) => log.waitFor(from, match, what),
    signIn() {
      const opened = deferred<{ url: string; at: number }>();
      const done = app.signIn(async (url) => {
        opened.resolve({ url, at: monotonicMs() });
      });
      done.catch((error: unknown) => opened.reject(error));
      return { opened: opened.promise, done };
    },
    restore: () => app.restore(),
    cancelSignIn: () => undefined,
    saved: () => app.saved(),
    dispose: async () => undefined,
  };
}

// ---- the steps

let app: MeasuredApp | undefined;
let parApp: MeasuredApp | undefined;
let flow: { opened: Promise<{ url: string; at: number }>; done: Promise<unknown>; url: string } | undefined;
let saved: unknown;
let shortExpiresAt = 0;

const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`${what} is missing: an earlier step failed`);
  return value;
};

async function open(issuer: string, from?: unknown): Promise<MeasuredApp> {
  return config.kind === 'core' ? openCore(issuer, from as CoreSaved | undefined) : openReference(from as string | undefined);
}

/** The browser's part of a sign-in, then the callback -> signed-in window. */
async function completeSignIn(current: MeasuredApp, running: { done: Promise<unknown>; url: string }): Promise<StepWindow & { state: SeenState }> {
  const callbackUrl = await within(provider<string>({ type: 'authorize', url: running.url }), 'the browser sign-in');
  const from = current.states.length;
  arrivals = [];
  follow(callbackUrl);
  const state = await current.waitForState(from, (s) => s.status === 'signed-in' && arrivals.length > 0 && s.at >= arrivals[0]!, 'signed-in after the callback');
  const t0 = arrivals[0]!;
  await within(running.done, 'the sign-in to finish');
  await followOutcome();
  return { t0, t1: state.at, state };
}

async function click(current: MeasuredApp): Promise<StepWindow & { url: string; done: Promise<unknown> }> {
  const t0 = monotonicMs();
  const started = current.signIn();
  const { url, at } = await within(started.opened, 'the browser opening');
  return { t0, t1: at, url, done: started.done };
}

async function step(name: NetworkStep): Promise<StepWindow> {
  switch (name) {
    case 'start': {
      const t0 = monotonicMs();
      app = await open(config.issuer);
      await app.restore();
      await sleep(config.momentMs);
      return { t0, t1: monotonicMs() };
    }
    case 'click': {
      const measured = await click(need(app, 'the app'));
      flow = { opened: Promise.resolve({ url: measured.url, at: measured.t1 }), done: measured.done, url: measured.url };
      return { t0: measured.t0, t1: measured.t1 };
    }
    case 'callback': {
      const { t0, t1 } = await completeSignIn(need(app, 'the app'), need(flow, 'the running sign-in'));
      flow = undefined;
      return { t0, t1 };
    }
    case 'warm': {
      const current = need(app, 'the signed-in app');
      const started = await click(current);
      const { t0, t1, state } = await completeSignIn(current, started);
      // The parent made the provider issue a short-lived access token here: the stored
      // session is valid for the next step and expired a few seconds later.
      shortExpiresAt = state.expiresAt ?? 0;
      saved = current.saved();
      await current.dispose();
      app = undefined;
      return { t0, t1 };
    }
    case 'restoreValid': {
      const from = need(saved, 'the stored session');
      // The core renews a minute before expiry, sooner for short tokens: a quarter of the
      // lifetime, at least 1 s. The 3 s token is valid for 2 s after it was issued.
      if (Date.now() > shortExpiresAt - 1_300) throw new Error('the stored access token was too close to expiry when the restore could start (the machine is slow): not a valid-token restore');
      const restored = await open(config.issuer, from);
      const t0 = monotonicMs();
      const done = restored.restore();
      const state = await restored.waitForState(0, (s) => s.status === 'signed-in', 'signed-in after restore');
      await within(done, 'restore() to finish');
      await restored.dispose();
      const notes = state.expiresAt !== shortExpiresAt ? ['the access token was renewed'] : [];
      return { t0, t1: state.at, notes };
    }
    case 'restoreExpired': {
      const from = need(saved, 'the stored session');
      const wait = shortExpiresAt + 250 - Date.now();
      if (wait > 0) await sleep(wait);
      const restored = await open(config.issuer, from);
      const t0 = monotonicMs();
      const done = restored.restore();
      const renewed = await restored.waitForState(0, (s) => s.status === 'signed-in' && (s.expiresAt ?? 0) > shortExpiresAt, 'signed-in with a renewed access token');
      await within(done, 'restore() to finish');
      const first = restored.states.find((s) => s.status === 'signed-in');
      await restored.dispose();
      return { t0, t1: renewed.at, ...(first && first.at < renewed.at ? { marks: { storedIdentityShownMs: first.at - t0 } } : {}) };
    }
    case 'parStart': {
      const t0 = monotonicMs();
      parApp = openCore(need(config.parIssuer, 'the PAR provider'));
      await parApp.restore();
      await sleep(config.momentMs);
      return { t0, t1: monotonicMs() };
    }
    case 'parClick': {
      const current = need(parApp, 'the PAR app');
      const measured = await click(current);
      current.cancelSignIn();
      await measured.done.catch(() => undefined);
      await current.dispose();
      parApp = undefined;
      return { t0: measured.t0, t1: measured.t1 };
    }
    case 'end':
      await app?.dispose();
      await parApp?.dispose();
      setImmediate(() => process.exit(0));
      return { t0: 0, t1: 0 };
  }
}

process.on('message', (message: ParentToClient) => {
  if (message.type === 'providerReply') {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.result);
    else waiter?.reject(new Error(`provider child: ${message.error}`));
    return;
  }
  step(message.step).then(
    (window) => send({ type: 'result', id: message.id, ok: true, window }),
    (error: unknown) => send({ type: 'result', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
