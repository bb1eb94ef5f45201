/**
 * Renderer size: gzipped JavaScript shipped to the window. (When the window paints, and what
 * it waits for, is measured in the harness: bench/startup-child.ts.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface RendererSize {
  dir: string;
  /** `startup`: loaded by index.html (its script and module preloads) before the first paint;
   *  the others are chunks loaded later, when a screen needs them (the setup screen). */
  files: Array<{ file: string; bytes: number; gzipBytes: number; startup: boolean }>;
  totalGzipBytes: number;
  /** What the window loads before its first paint. */
  startupGzipBytes: number;
}

export function rendererJsSize(rendererDir: string): RendererSize | undefined {
  const assets = join(rendererDir, 'assets');
  if (!existsSync(assets)) return undefined;
  const html = existsSync(join(rendererDir, 'index.html')) ? readFileSync(join(rendererDir, 'index.html'), 'utf8') : '';
  const files = readdirSync(assets)
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const data = readFileSync(join(assets, file));
      return { file, bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length, startup: html.includes(`assets/${file}`) };
    });
  if (files.length === 0) return undefined;
  const sum = (list: typeof files) => list.reduce((total, f) => total + f.gzipBytes, 0);
  return { dir: rendererDir, files, totalGzipBytes: sum(files), startupGzipBytes: sum(files.filter((f) => f.startup)) };
}
