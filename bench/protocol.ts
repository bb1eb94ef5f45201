/**
 * The messages between the benchmark (the process that runs the core) and its provider child
 * (the process that runs the local OpenID provider and plays the person's browser). Keeping the
 * provider and the browser in another process keeps their CPU out of the core's figures.
 */

/** A request as the provider's public port saw it. */
export interface SeenRequest {
  method: string;
  path: string;
}

/** How the provider child serves: plain HTTP on loopback (the CPU figures), or behind the
 *  delaying TLS proxy (bench/network-proxy.ts; the network figures). */
export interface ProviderChildOptions {
  tls?: {
    certFile: string;
    keyFile: string;
    delayMs: number;
    handshakeMs: number;
  };
  /** Pushed authorization requests offered (not required). */
  par?: boolean;
}

/** A request as the delaying TLS proxy saw and answered it. Times are monotonic milliseconds
 *  (process.hrtime: one clock for every process on the machine). */
export interface ProxiedRequest {
  id: number;
  method: string;
  path: string;
  /** `grant_type` of a token request. */
  grantType?: string;
  /** The TLS connection it came on (numbered in order of their handshakes). */
  connection: number;
  /** The first request on its connection: it waited for the TCP and TLS handshakes. */
  newConnection: boolean;
  /** Sent by the person's browser (the child's fetch browser or Chromium), not by an app. */
  browser: boolean;
  /** The measured app that sent it, when it says so (header `x-bench-app`, stripped here). */
  app?: string;
  /** The request's headers arrived. */
  start: number;
  /** When the app sent it: for the first request on a connection, when that connection was
   *  opened (the handshakes it waited for are part of it); otherwise `start`. */
  sent: number;
  /** The answer started to leave the proxy (or the request was dropped). */
  end: number;
  /** The same two moments in epoch milliseconds (to compare with a browser page's clock). */
  startEpoch: number;
  endEpoch: number;
  /** HTTP status; -1 when the connection was dropped. */
  status: number;
}

/** What the proxy does besides delaying. */
export interface ProxyRules {
  /** Rewrites `expires_in` of successful token responses (a short-lived access token). */
  tokenExpiresIn?: number;
  /** Drops refresh requests (the connection is destroyed: a network error). */
  dropRefresh?: boolean;
  /** Delays the answer to refresh requests by this much more. */
  refreshExtraDelayMs?: number;
}

export type ChildCommand =
  /** Signs in at the provider as alice (login + consent) and returns the loopback callback URL
   *  without requesting it. */
  | { type: 'authorize'; url: string }
  /** GETs a URL (the app's loopback callback), as the browser would; fire-and-forget: the
   *  outcome is read later with `lastFollow`, so no reply lands in the parent's measured window. */
  | { type: 'follow'; url: string }
  | { type: 'lastFollow' }
  | { type: 'clearRequests' }
  | { type: 'requests' }
  | { type: 'cpuUsage' }
  /** The TLS proxy's log (`clear`: and empty it). */
  | { type: 'proxyLog'; clear?: boolean }
  | { type: 'proxyRules'; rules: ProxyRules }
  /** Resolves once no request has been in flight for `quietMs` (or after `timeoutMs`). */
  | { type: 'quiesce'; quietMs: number; timeoutMs: number }
  /** Closes idle keep-alive connections (an app restart loses them): those numbered, or all. */
  | { type: 'dropIdleConnections'; connections?: number[] }
  | { type: 'stop' };

export interface ChildReady {
  type: 'ready';
  /** The issuer the clients use (the https proxy's origin behind TLS). */
  issuer: string;
  clientId: string;
  /** The proxy's settings, when there is one. */
  network?: { delayMs: number; handshakeMs: number };
}

export interface ChildReply {
  type: 'reply';
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export interface ChildRequest {
  id: number;
  command: ChildCommand;
}

// ---- the network figures: bench/network.ts drives one client process per app and run

/** Which app a network client process runs. */
export type ClientKind = 'core' | 'appauth';

/** One step of a run; each measures (at most) one figure. */
export type NetworkStep = 'start' | 'click' | 'callback' | 'warm' | 'restoreValid' | 'restoreExpired' | 'parStart' | 'parClick' | 'end';

export interface NetworkClientConfig {
  kind: ClientKind;
  /** Sent as `x-bench-app` with every request of this app, so the proxy's log names it. */
  tag: string;
  issuer: string;
  clientId: string;
  /** The same provider offering PAR, for the core's PAR figure. */
  parIssuer?: string;
  /** How long the app is open before the click ("a moment"). */
  momentMs: number;
}

/** A step's measured window in monotonic milliseconds, and what else the client saw. */
export interface StepWindow {
  t0: number;
  t1: number;
  notes?: string[];
  /** Other moments the client saw, in ms after t0 (e.g. when the stored identity was shown). */
  marks?: Record<string, number>;
}

export type ParentToClient = { type: 'step'; id: number; step: NetworkStep } | { type: 'providerReply'; id: number; ok: boolean; result?: unknown; error?: string };

export type ClientToParent =
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: boolean; window?: StepWindow; error?: string }
  /** A call to a provider child, relayed by the parent (id 0: no reply wanted). */
  | { type: 'provider'; id: number; target: 'main' | 'par'; command: ChildCommand };
