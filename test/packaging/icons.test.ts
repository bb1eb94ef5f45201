/**
 * The app icon: every committed file is what `npm run icons` makes from build/icon.svg, in the
 * format and sizes each OS reads, and the configuration, the window and the loopback page use it.
 *
 * Reproducibility is checked in the pipeline's two stages (scripts/icons.ts): the PNGs are
 * rendered again with resvg and compared pixel by pixel (bytes match on the machine that wrote
 * them; another CPU may round an edge pixel differently, so a difference of 2/255 per channel is
 * allowed), and the ICO and ICNS are built again from the committed PNGs and compared byte for byte.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { WINDOW_ICON_DATA_URL } from '../../main/app-icon.ts';
import {
  buildIcns,
  buildIco,
  faviconDataUrl,
  FAVICON_SIZE,
  ICNS_FILE,
  WINDOW_ICON_SIZE,
  ICO_FILE,
  ICO_SIZES,
  ICON_SOURCE,
  macosSvg,
  MACOS_PNG,
  PNG_SIZES,
  pngPath,
  renderPng,
} from '../../scripts/icons.ts';
import { PROJECT_DIR } from './builder-config.ts';

const read = (file: string): Buffer => readFileSync(join(PROJECT_DIR, file));
const svg = read(ICON_SOURCE).toString('utf8');

/** Width, height, bit depth and colour type from a PNG's IHDR chunk. */
function pngHeader(bytes: Buffer): { width: number; height: number; bitDepth: number; colorType: number } {
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'PNG signature').toBe(true);
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bitDepth: bytes[24] ?? -1, colorType: bytes[25] ?? -1 };
}

/** The largest per-channel difference between two PNGs of the same size. */
function maxPixelDifference(a: Buffer, b: Buffer): number {
  const left = PNG.sync.read(a);
  const right = PNG.sync.read(b);
  expect([left.width, left.height]).toEqual([right.width, right.height]);
  let max = 0;
  for (let i = 0; i < left.data.length; i++) max = Math.max(max, Math.abs((left.data[i] ?? 0) - (right.data[i] ?? 0)));
  return max;
}

const TOLERANCE = 2;

describe('build/icon.svg, rendered (npm run icons)', () => {
  it.each(PNG_SIZES.map((size) => [pngPath(size), size] as const))('%s is the SVG at %i px, RGBA', (file, size) => {
    const committed = read(file);
    expect(pngHeader(committed)).toEqual({ width: size, height: size, bitDepth: 8, colorType: 6 });
    const fresh = renderPng(svg, size);
    if (!fresh.equals(committed)) expect(maxPixelDifference(fresh, committed), `${file} differs from a fresh rendering: run npm run icons`).toBeLessThanOrEqual(TOLERANCE);
  });

  it(`${MACOS_PNG} is the SVG on Apple's icon grid at 1024 px, with a transparent margin`, () => {
    const committed = read(MACOS_PNG);
    expect(pngHeader(committed)).toMatchObject({ width: 1024, height: 1024, colorType: 6 });
    const fresh = renderPng(macosSvg(svg), 1024);
    if (!fresh.equals(committed)) expect(maxPixelDifference(fresh, committed)).toBeLessThanOrEqual(TOLERANCE);
    const image = PNG.sync.read(committed);
    const alpha = (x: number, y: number) => image.data[(y * 1024 + x) * 4 + 3];
    // The 100 px margin is empty; the tile starts inside it.
    expect([alpha(50, 512), alpha(512, 50), alpha(973, 512), alpha(512, 973)]).toEqual([0, 0, 0, 0]);
    expect(alpha(512, 512)).toBe(255);
  });

  it(`${ICO_FILE} holds one 32-bit image per Windows size, as built from the committed PNGs`, async () => {
    const ico = read(ICO_FILE);
    // ICONDIR: reserved 0, type 1 (icon), count; then a 16-byte ICONDIRENTRY per image.
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, ICO_SIZES.length]);
    const entries = ICO_SIZES.map((_, index) => {
      const at = 6 + index * 16;
      const width = ico[at] === 0 ? 256 : (ico[at] ?? -1);
      const height = ico[at + 1] === 0 ? 256 : (ico[at + 1] ?? -1);
      const size = ico.readUInt32LE(at + 8);
      const offset = ico.readUInt32LE(at + 12);
      // Each image is a BITMAPINFOHEADER (40 bytes, height doubled for the mask) or a PNG.
      const bitmapWidth = ico.readInt32LE(offset + 4);
      expect(offset + size).toBeLessThanOrEqual(ico.length);
      return { width, height, bitsPerPixel: ico.readUInt16LE(at + 6), bitmapWidth };
    });
    expect(entries.map(({ width, height }) => [width, height])).toEqual(ICO_SIZES.map((size) => [size, size]));
    expect(entries.every((entry) => entry.bitsPerPixel === 32 && entry.bitmapWidth === entry.width)).toBe(true);
    const rebuilt = await buildIco(ICO_SIZES.map((size) => read(pngPath(size))));
    expect(rebuilt.equals(ico), `${ICO_FILE} is not what the committed PNGs make: run npm run icons`).toBe(true);
  });

  it(`${ICNS_FILE} holds every macOS size up to 512@2x, as built from ${MACOS_PNG}`, () => {
    const icns = read(ICNS_FILE);
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found = new Map<string, number | undefined>();
    for (let offset = 8; offset < icns.length; ) {
      const type = icns.toString('ascii', offset, offset + 4);
      const length = icns.readUInt32BE(offset + 4);
      expect(length).toBeGreaterThan(8);
      const data = icns.subarray(offset + 8, offset + length);
      found.set(type, data.toString('ascii', 1, 4) === 'PNG' ? pngHeader(data).width : undefined);
      offset += length;
    }
    // The PNG-encoded types and the pixel size each must have (16@2x = ic11 ... 512@2x = ic10).
    expect(Object.fromEntries([...found].filter(([, width]) => width !== undefined))).toEqual({
      ic11: 32,
      ic12: 64,
      ic07: 128,
      ic13: 256,
      ic08: 256,
      ic14: 512,
      ic09: 512,
      ic10: 1024,
    });
    // 16 and 32 px as RGB + alpha mask, which every macOS version reads.
    for (const type of ['is32', 's8mk', 'il32', 'l8mk']) expect(found.has(type), type).toBe(true);
    expect(buildIcns(read(MACOS_PNG)).equals(icns), `${ICNS_FILE} is not what ${MACOS_PNG} makes: run npm run icons`).toBe(true);
  });

  it('is the window’s icon, bundled into the main process at 256 px', () => {
    expect(WINDOW_ICON_DATA_URL).toBe(faviconDataUrl(read(pngPath(WINDOW_ICON_SIZE))));
  });

  it('is the loopback result page’s favicon, inlined at 32 px and allowed by its CSP', () => {
    const pages = read('main/auth/pages.ts').toString('utf8');
    expect(pages).toContain(`const FAVICON = '${faviconDataUrl(read(pngPath(FAVICON_SIZE)))}';`);
    expect(pages).toContain('<link rel="icon" href="${FAVICON}">');
    expect(pages).toMatch(/default-src 'none'; img-src data:;/);
  });
});
