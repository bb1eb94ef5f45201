/**
 * Round trips on a step's critical path, read from the proxy's log: the app's requests (not the
 * browser's) whose answer left the proxy inside the window (t0, t1], i.e. answers the step may
 * have waited for; an answer that left after t1 was not waited for. Requests that overlap in
 * time went out in parallel and cost one round trip; requests one after the other cost one
 * each: the count is the longest chain of requests each sent after the previous one was
 * answered. A request on a new connection was sent when the app opened that connection: the
 * handshakes are part of its round trip, and it is marked new.
 */
import type { ProxiedRequest } from './protocol.ts';

/** A request as the report shows it: times relative to the window's start (ms). */
export interface RequestView {
  method: string;
  path: string;
  grantType?: string;
  newConnection: boolean;
  connection: number;
  status: number;
  /** When the app sent it (opened its connection, for the first request on a new one). */
  sentMs: number;
  /** When its answer left the proxy. */
  endMs: number;
}

export interface PathReading {
  ms: number;
  roundTrips: number;
  /** Requests on the critical path, in order of their answers. */
  onPath: RequestView[];
  /** The critical path by round trip: `POST /token -> GET /jwks + GET /me [new]`. */
  pathText: string;
  /** The app's other requests during the step: answered before the window opened, or after it closed. */
  before: RequestView[];
  after: RequestView[];
}

/**
 * Each request's place in the longest chain that ends with it: 1 for a request sent before any
 * other was answered, else 1 + the highest place among the requests answered before it was
 * sent. The highest place is the round-trip count.
 */
export function chainPlaces<T extends { sent: number; end: number }>(requests: T[]): Array<{ request: T; place: number }> {
  const placed: Array<{ request: T; place: number }> = [];
  for (const request of [...requests].sort((a, b) => a.sent - b.sent || a.end - b.end)) {
    const before = placed.filter((p) => p.request.end <= request.sent).map((p) => p.place);
    placed.push({ request, place: 1 + Math.max(0, ...before) });
  }
  return placed;
}

export function roundTrips(requests: Array<{ sent: number; end: number }>): number {
  return Math.max(0, ...chainPlaces(requests).map((p) => p.place));
}

export function readPath(log: ProxiedRequest[], t0: number, t1: number): PathReading {
  const view = (r: ProxiedRequest): RequestView => ({
    method: r.method,
    path: r.path,
    ...(r.grantType ? { grantType: r.grantType } : {}),
    newConnection: r.newConnection,
    connection: r.connection,
    status: r.status,
    sentMs: r.sent - t0,
    endMs: r.end - t0,
  });
  const app = log.filter((r) => !r.browser).sort((a, b) => a.end - b.end);
  const onPath = app.filter((r) => r.end > t0 && r.end <= t1);
  const places = chainPlaces(onPath);
  const trips = Math.max(0, ...places.map((p) => p.place));
  const pathText = trips === 0 ? 'none' : Array.from({ length: trips }, (_, i) => places.filter((p) => p.place === i + 1).map((p) => requestLabel(view(p.request))).join(' + ')).join(' -> ');
  return {
    ms: t1 - t0,
    roundTrips: trips,
    onPath: onPath.map(view),
    pathText,
    before: app.filter((r) => r.end <= t0).map(view),
    after: app.filter((r) => r.end > t1).map(view),
  };
}

/** `POST /token (refresh_token) [new]` */
export function requestLabel(r: RequestView): string {
  return `${r.method} ${r.path}${r.grantType ? ` (${r.grantType})` : ''}${r.newConnection ? ' [new]' : ''}${r.status >= 400 || r.status < 0 ? ` -> ${r.status < 0 ? 'dropped' : r.status}` : ''}`;
}

export function pathLabel(requests: RequestView[]): string {
  return requests.length ? requests.map(requestLabel).join(', ') : 'none';
}
