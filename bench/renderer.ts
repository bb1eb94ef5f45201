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
  const source = readFileSync(mainIndexPath, 'utf8');
  const lines = source.split('\n');
  const evidence: string[] = [];
  const restoreLine = lines.findIndex((line) => /\bauth\.restore\(\)/.test(line));
  const windowLine = lines.findIndex((line) => /\bcreateMainWindow\(/.test(line) && !/^\s*(import|\*|\/\/)/.test(line) && !line.includes(' from '));
  if (restoreLine < 0) return { pass: false, evidence: ['main/index.ts: no auth.restore() call found'] };
  if (windowLine < 0) return { pass: false, evidence: ['main/index.ts: no createMainWindow( call found'] };
  const restoreText = lines[restoreLine]!.trim();
  const awaited = /\bawait\b[^;]*\bauth\.restore\(\)/.test(restoreText) || /=\s*auth\.restore\(\)/.test(restoreText);
  evidence.push(`main/index.ts:${restoreLine + 1}: ${restoreText}`);
  evidence.push(`main/index.ts:${windowLine + 1}: ${lines[windowLine]!.trim()}`);
  // Between the two, nothing may await the auth service (a getState() is fine, a restore is not).
  const between = lines.slice(restoreLine + 1, windowLine);
  const awaitsAuth = between.filter((line) => /\bawait\b.*\bauth\./.test(line));
  for (const line of awaitsAuth) evidence.push(`awaits the auth service before the window: ${line.trim()}`);
  const pass = !awaited && restoreLine < windowLine && awaitsAuth.length === 0;
  evidence.push(pass ? 'restore() is started without await before createMainWindow(): the window does not wait for the provider' : 'the window waits for restore()');
  return { pass, evidence };
}
