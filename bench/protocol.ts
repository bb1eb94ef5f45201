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
  | { type: 'stop' };

export interface ChildReady {
  type: 'ready';
  issuer: string;
  clientId: string;
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
