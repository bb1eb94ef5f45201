/**
 * Round trips on a step's critical path, read from the proxy's log: the app's requests (not the
 * browser's) whose answer arrived inside the window (t0, t1], i.e. answers the step may have
 * waited for; an answer that arrived after t1 was not waited for. Requests that overlap in
 * time went out in parallel and cost one round trip; requests one after the other cost one
 * each: the count is the longest chain of requests each starting after the previous answered.
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
  startMs: number;
  endMs: number;
}

export interface PathReading {
  ms: number;
  roundTrips: number;
  /** Requests on the critical path, in order of their answers. */
  onPath: RequestView[];
  /** The app's other requests during the step: answered before the window opened, or after it closed. */
  before: RequestView[];
  after: RequestView[];
}

/** Longest chain of requests each starting after the previous one's answer (earliest-end greedy). */
export function roundTrips(requests: Array<{ start: number; end: number }>): number {
  let count = 0;
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const request of [...requests].sort((a, b) => a.end - b.end)) {
    if (request.start >= lastEnd) {
      count++;
      lastEnd = request.end;
    }
  }
  return count;
}

export function readPath(log: ProxiedRequest[], t0: number, t1: number): PathReading {
  const view = (r: ProxiedRequest): RequestView => ({
    method: r.method,
    path: r.path,
    ...(r.grantType ? { grantType: r.grantType } : {}),
    newConnection: r.newConnection,
    connection: r.connection,
    status: r.status,
    startMs: r.start - t0,
    endMs: r.end - t0,
  });
  const app = log.filter((r) => !r.browser).sort((a, b) => a.end - b.end);
  const onPath = app.filter((r) => r.end > t0 && r.end <= t1);
  return {
    ms: t1 - t0,
    roundTrips: roundTrips(onPath),
    onPath: onPath.map(view),
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
