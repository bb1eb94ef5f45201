/** Prints the network figures and sums them up for the targets and bench.json. */
import { pathLabel, type RequestView } from './critical-path.ts';
import { FIGURE_TITLES, FIGURES, type FigureName, type FigureResult, type NetworkResults } from './network.ts';
import type { ClientKind } from './protocol.ts';
import { fmt, stats, type Stats } from './stats.ts';

export const CLIENT_LABELS: Record<ClientKind, string> = { core: 'core', appauth: 'AppAuth-JS + jose' };

export interface FigureSummary {
  runs: number;
  ms: Stats;
  roundTrips: Stats;
  /** Requests on the critical path that waited for a new connection, per run. */
  newConnections: Stats;
  /** The critical path of most runs, and how many runs had it. */
  commonPath: string;
  commonPathRuns: number;
  /** The app's other requests of the step (most common), answered before the window or after it. */
  commonBefore: string;
  commonAfter: string;
  marks: Record<string, Stats>;
  failures: string[];
  notApplicable?: string;
}

function mostCommon(labels: string[]): { label: string; count: number } {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  const [label, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
  return { label, count };
}

export function summarizeFigure(result: FigureResult): FigureSummary {
  const { samples } = result;
  const common = mostCommon(samples.map((s) => s.pathText));
  const markNames = [...new Set(samples.flatMap((s) => Object.keys(s.marks ?? {})))];
  return {
    runs: samples.length,
    ms: stats(samples.map((s) => s.ms)),
    roundTrips: stats(samples.map((s) => s.roundTrips)),
    newConnections: stats(samples.map((s) => s.onPath.filter((r: RequestView) => r.newConnection).length)),
    commonPath: common.label,
    commonPathRuns: common.count,
    commonBefore: mostCommon(samples.map((s) => pathLabel(s.before))).label,
    commonAfter: mostCommon(samples.map((s) => pathLabel(s.after))).label,
    marks: Object.fromEntries(markNames.map((name) => [name, stats(samples.flatMap((s) => (s.marks?.[name] === undefined ? [] : [s.marks[name]])))])),
    failures: result.failures,
    ...(result.notApplicable ? { notApplicable: result.notApplicable } : {}),
  };
}

export type NetworkSummary = Record<ClientKind, Record<FigureName | 'startup', FigureSummary>>;

export function summarizeNetwork(results: NetworkResults): NetworkSummary {
  const one = (kind: ClientKind) =>
    Object.fromEntries((['startup', ...FIGURES] as const).map((name) => [name, summarizeFigure(results.clients[kind][name])])) as Record<FigureName | 'startup', FigureSummary>;
  return { core: one('core'), appauth: one('appauth') };
}

const msText = (s: Stats) => `${fmt(s.min, 1).padStart(7)} / ${fmt(s.median, 1).padStart(7)} / ${fmt(s.max, 1).padStart(7)} ms`;
const rangeText = (s: Stats) => `${fmt(s.median, s.median % 1 ? 1 : 0)} (${fmt(s.min, 0)}-${fmt(s.max, 0)})`;

export function printNetwork(results: NetworkResults, summary: NetworkSummary, out: (line?: string) => void): void {
  const { settings } = results;
  out(`provider in its own process behind a TLS proxy at ${settings.issuer}: ${settings.delayMs} ms before every answer, every new connection held ${settings.handshakeMs} ms before its TLS handshake (TCP + TLS round trips)`);
  out(`${settings.runs} runs, a fresh process per app and run (no connection, nothing cached), the core and AppAuth-JS + jose interleaved, both over Node's global fetch; the app is open ${settings.momentMs} ms (and until its startup requests were answered) before the click`);
  out('ms: min / median / max. round trips: on the critical path (answers the step waited for; parallel requests count once), median (min-max), from the proxy\'s log.');
  out('path: the critical path of most runs, round trip after round trip (->), parallel requests joined by +; [new] = that request waited for a new connection (TCP + TLS handshakes). meanwhile: the app\'s other requests of the step.');
  for (const name of ['startup', ...FIGURES] as const) {
    out();
    out(FIGURE_TITLES[name] + (name === 'startup' ? ' (no target: what the app asks before the click)' : ''));
    for (const kind of ['core', 'appauth'] as const) {
      const s = summary[kind][name];
      const label = `  ${CLIENT_LABELS[kind].padEnd(18)}`;
      if (s.notApplicable) {
        out(`${label}n/a: ${s.notApplicable}`);
        continue;
      }
      if (s.runs === 0) {
        out(`${label}not measured: ${s.failures[0] ?? 'no run'}`);
        continue;
      }
      const path = `path ${s.commonPathRuns}/${s.runs}x [${s.commonPath}]`;
      const meanwhile = [s.commonBefore !== 'none' ? `before: ${s.commonBefore}` : '', s.commonAfter !== 'none' ? `after: ${s.commonAfter}` : ''].filter(Boolean).join('; ');
      out(`${label}${msText(s.ms)}   round trips ${rangeText(s.roundTrips)}   ${path}${meanwhile ? `   meanwhile ${meanwhile}` : ''}`);
      for (const [mark, value] of Object.entries(s.marks)) out(`${' '.repeat(20)}${mark}: ${msText(value)}`);
      if (s.failures.length) out(`${' '.repeat(20)}not measured in ${s.failures.length} run(s): ${s.failures[0]}`);
    }
  }
  for (const error of results.errors) out(`error: ${error}`);
}
