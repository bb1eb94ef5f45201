/**
 * `npm run icons`: renders build/icon.svg into every icon file the app and its installers use
 * (scripts/icons.ts says which and why) and refreshes the favicon inlined in
 * main/auth/pages.ts. Run it after changing the SVG and commit what it wrote;
 * test/packaging/icons.test.ts fails while the committed files differ from a fresh rendering.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  buildIcns,
  buildIco,
  faviconDataUrl,
  FAVICON_SIZE,
  ICNS_FILE,
  ICO_FILE,
  ICO_SIZES,
  ICON_SOURCE,
  macosSvg,
  MACOS_PNG,
  PNG_SIZES,
  pngPath,
  renderPng,
} from './icons.ts';

const root = join(import.meta.dirname, '..');
const write = (file: string, bytes: Buffer | string): void => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), bytes);
  console.log(`wrote ${file} (${Buffer.byteLength(bytes)} bytes)`);
};

const svg = readFileSync(join(root, ICON_SOURCE), 'utf8');
const pngs = new Map<number, Buffer>();
for (const size of PNG_SIZES) {
  const png = renderPng(svg, size);
  pngs.set(size, png);
  write(pngPath(size), png);
}
write(ICO_FILE, await buildIco(ICO_SIZES.map((size) => pngs.get(size) as Buffer)));
const macos = renderPng(macosSvg(svg), 1024);
write(MACOS_PNG, macos);
write(ICNS_FILE, buildIcns(macos));

// The loopback page's favicon: one line of main/auth/pages.ts, replaced in place.
const PAGES = 'main/auth/pages.ts';
const FAVICON_LINE = /^const FAVICON = '[^']*';$/m;
const pages = readFileSync(join(root, PAGES), 'utf8');
if (!FAVICON_LINE.test(pages)) throw new Error(`${PAGES} has no "const FAVICON = '...';" line to refresh`);
const favicon = faviconDataUrl(pngs.get(FAVICON_SIZE) as Buffer);
const updated = pages.replace(FAVICON_LINE, `const FAVICON = '${favicon}';`);
if (updated !== pages) write(PAGES, updated);
else console.log(`${PAGES}: favicon already current`);
