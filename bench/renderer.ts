/**
 * Renderer size: gzipped JavaScript shipped to the window. (When the window paints, and what
 * it waits for, is measured in the harness: bench/startup-child.ts.)
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
