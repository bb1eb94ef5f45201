/**
 * Renderer figures: gzipped JavaScript shipped to the window, and whether the first paint waits
 * for the provider (read from main/index.ts: the restore must be started, not awaited, before
 * the window is created).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface RendererSize {
  dir: string;
  files: Array<{ file: string; bytes: number; gzipBytes: number }>;
  totalGzipBytes: number;
}

export function rendererJsSize(rendererDir: string): RendererSize | undefined {
  const assets = join(rendererDir, 'assets');
  if (!existsSync(assets)) return undefined;
  const files = readdirSync(assets)
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const data = readFileSync(join(assets, file));
      return { file, bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
    });
  if (files.length === 0) return undefined;
  return { dir: rendererDir, files, totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}

export interface FirstPaintCheck {
  pass: boolean;
  evidence: string[];
}

/** A static reading of main/index.ts (Electron cannot run here). */
export function checkFirstPaint(mainIndexPath: string): FirstPaintCheck {
  // The session is restored by the provider switch (main/provider-switch.ts), which the app
  // runtime creates; main/index.ts creates the runtime, then the window.
  const switchPath = join(mainIndexPath, '..', 'provider-switch.ts');
  const evidence: string[] = [];
  const switchLines = readFileSync(switchPath, 'utf8').split('\n');
  const restoreLine = switchLines.findIndex((line) => /\bauth\.restore\(\)/.test(line));
  if (restoreLine < 0) return { pass: false, evidence: ['main/provider-switch.ts: no auth.restore() call found'] };
  const restoreText = switchLines[restoreLine]!.trim();
  const restoreAwaited = /\bawait\b[^;]*\bauth\.restore\(\)/.test(restoreText) || /=\s*auth\.restore\(\)/.test(restoreText);
  evidence.push(`main/provider-switch.ts:${restoreLine + 1}: ${restoreText}`);

  const lines = readFileSync(mainIndexPath, 'utf8').split('\n');
  const isCall = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line) && !/^\s*(import|\*|\/\/)/.test(line) && !line.includes(' from '));
  const runtimeLine = isCall(/\bcreateAppRuntime\(/);
  const windowLine = isCall(/\bcreateMainWindow\(/);
  if (runtimeLine < 0 || windowLine < 0) return { pass: false, evidence: [...evidence, 'main/index.ts: createAppRuntime( or createMainWindow( not found'] };
  evidence.push(`main/index.ts:${runtimeLine + 1}: ${lines[runtimeLine]!.trim()}`);
  evidence.push(`main/index.ts:${windowLine + 1}: ${lines[windowLine]!.trim()}`);
  // Between creating the runtime (which starts the restore) and the window, nothing may await.
  const between = lines.slice(runtimeLine + 1, windowLine).filter((line) => /\bawait\b/.test(line) && !/^\s*(\*|\/\/)/.test(line) && !/async\s*\(/.test(line));
  const awaitsBefore = between.filter((line) => !/clipboard\.writeText/.test(line));
  for (const line of awaitsBefore) evidence.push(`awaits before the window: ${line.trim()}`);
  const pass = !restoreAwaited && runtimeLine < windowLine && awaitsBefore.length === 0;
  evidence.push(pass ? 'restore() is started without await (provider switch) before createMainWindow(): the window does not wait for the provider' : 'the window waits for restore()');
  return { pass, evidence };
}
