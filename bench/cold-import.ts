/**
 * Cold import: a fresh `node` process (no tsx, no NODE_OPTIONS) times `await import(file)` of
 * a built module, wall clock and the process's CPU during the import.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export interface ImportSample {
  wallMs: number;
  cpuMs: number;
}

const SCRIPT = `
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await import(process.env.BENCH_IMPORT);
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;

/** `specifier` is a file path or a bare package name (resolved from `cwd`). */
export function coldImport(specifier: string, cwd: string): ImportSample {
  const target = specifier.startsWith('/') ? pathToFileURL(specifier).href : specifier;
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_IMPORT: target };
  delete env.NODE_OPTIONS;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cold import of ${specifier} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ImportSample;
}
