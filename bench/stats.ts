/** Small statistics and formatting helpers for the benchmark's report. */

export interface Stats {
  n: number;
  min: number;
  median: number;
  max: number;
}

export function stats(values: number[]): Stats {
  if (values.length === 0) return { n: 0, min: NaN, median: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n: sorted.length, min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

export function fmt(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

/** "min / median / max unit (n=...)" */
export function describe(s: Stats, unit: string, digits = 2): string {
  return `${fmt(s.min, digits)} / ${fmt(s.median, digits)} / ${fmt(s.max, digits)} ${unit}  (n=${s.n})`;
}

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** CPU time (user + system) between two `process.cpuUsage()` readings, in milliseconds. */
export function cpuMs(before: NodeJS.CpuUsage, after: NodeJS.CpuUsage = process.cpuUsage()): number {
  return (after.user - before.user + after.system - before.system) / 1000;
}
