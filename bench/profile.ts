/**
 * In-process V8 CPU profiling (node:inspector) of the warm sign-in loop, and a self-time
 * summary restricted to the measured windows (callback request -> signed-in).
 */
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Profiler {
  /** Marks a measured window: call with the start, returns the end marker. A plain function:
   *  it is handed around as a callback. */
  mark: () => () => void;
  stop(): Promise<CpuProfile>;
  /** [start, end] in the profile's clock (microseconds), if the clocks line up. */
  windows(): Array<[number, number]>;
}

const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

export async function startProfiler(samplingIntervalUs = 50): Promise<Profiler> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
  await session.post('Profiler.start');
  const windows: Array<[number, number]> = [];
  return {
    mark() {
      const start = nowUs();
      return () => void windows.push([start, nowUs()]);
    },
    async stop() {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
      await session.post('Profiler.disable');
      session.disconnect();
      return profile;
    },
    windows: () => windows,
  };
}

export type Category = 'core' | 'openid-client' | 'oauth4webapi' | 'valibot' | 'appauth+jose' | 'test-support' | 'node' | 'other' | 'vm';

export function categoryOf(url: string): Category {
  if (url.includes('/main/auth/')) return 'core';
  if (url.includes('/node_modules/openid-client/')) return 'openid-client';
  if (url.includes('/node_modules/oauth4webapi/')) return 'oauth4webapi';
  if (url.includes('/node_modules/valibot/')) return 'valibot';
  if (url.includes('/node_modules/@openid/appauth/') || url.includes('/node_modules/jose/') || url.includes('/node_modules/follow-redirects/')) return 'appauth+jose';
  if (url.includes('/test/support/') || url.includes('/bench/')) return 'test-support';
  if (url.startsWith('node:')) return 'node';
  // (program), (garbage collector) and V8 builtins have no script.
  if (url === '') return 'vm';
  return 'other';
}

export interface FunctionTime {
  name: string;
  where: string;
  category: Category;
  selfMs: number;
  totalMs: number;
}

export interface ProfileSummary {
  /** Whether samples were restricted to the measured windows (else: the whole loop, idle excluded). */
  windowed: boolean;
  sampledMs: number;
  byCategorySelfMs: Record<string, number>;
  functions: FunctionTime[];
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const root = url.indexOf('/work/main/');
  if (root >= 0) return url.slice(root + '/work/main/'.length);
  return url.replace(/^file:\/\//, '');
}

export function summarize(profile: CpuProfile, windows: Array<[number, number]>): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // The profile's clock and process.hrtime are both CLOCK_MONOTONIC on Linux; check anyway.
  const aligned = windows.length > 0 && Math.abs(profile.startTime - windows[0]![0]) < 60_000_000;
  const sorted = [...windows].sort((a, b) => a[0] - b[0]);

  const key = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'}\u0000${node.callFrame.url}\u0000${node.callFrame.lineNumber}`;
  const table = new Map<string, FunctionTime>();
  const entry = (node: ProfileNode): FunctionTime => {
    const k = key(node);
    let found = table.get(k);
    if (!found) {
      const { functionName, url, lineNumber } = node.callFrame;
      found = {
        name: functionName || '(anonymous)',
        where: url ? `${shortUrl(url)}:${lineNumber + 1}` : '',
        category: categoryOf(url),
        selfMs: 0,
        totalMs: 0,
      };
      table.set(k, found);
    }
    return found;
  };

  let time = profile.startTime;
  let windowIndex = 0;
  let sampledMs = 0;
  const byCategorySelfMs: Record<string, number> = {};
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i]!;
    // A sample's delta is the time since the previous one: attribute the next delta to it.
    const weightMs = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (aligned) {
      while (windowIndex < sorted.length && sorted[windowIndex]![1] < time) windowIndex++;
      const window = sorted[windowIndex];
      if (!window || time < window[0]) continue;
    }
    const node = byId.get(profile.samples[i]!)!;
    if (node.callFrame.functionName === '(idle)') continue;
    sampledMs += weightMs;
    const self = entry(node);
    self.selfMs += weightMs;
    byCategorySelfMs[self.category] = (byCategorySelfMs[self.category] ?? 0) + weightMs;
    const seen = new Set<FunctionTime>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!;
      if (frame.callFrame.functionName === '(root)') break;
      const fn = entry(frame);
      if (!seen.has(fn)) {
        seen.add(fn);
        fn.totalMs += weightMs;
      }
    }
  }
  return { windowed: aligned, sampledMs, byCategorySelfMs, functions: [...table.values()].sort((a, b) => b.selfMs - a.selfMs) };
}
