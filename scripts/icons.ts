/**
 * The app icon, from its one vector source (build/icon.svg) to every file an OS or installer
 * reads. Shared by `npm run icons` (scripts/render-icons.ts), which writes them, and by
 * test/packaging/icons.test.ts, which renders them again and compares.
 *
 * Two stages, so the comparison holds on every machine:
 * 1. SVG -> PNG with resvg (@resvg/resvg-js, prebuilt from the npm registry): each size is drawn
 *    from the vector, never scaled down from a big bitmap, so 16 px stays crisp.
 * 2. PNG -> ICO (png-to-ico, from the PNGs of each size) and PNG -> ICNS (png2icons, from the
 *    1024 px macOS PNG): plain JavaScript, byte for byte the same wherever it runs.
 */
import { Resvg } from '@resvg/resvg-js';
import pngToIco from 'png-to-ico';
import * as png2icons from 'png2icons';

/** The vector source, relative to the repository root. */
export const ICON_SOURCE = 'build/icon.svg';

/** Linux icon set (electron-builder `linux.icon`: a folder of NxN.png, installed into the
 *  desktop's hicolor theme); also the window icon and the favicon come from here. */
export const LINUX_ICON_DIR = 'build/icons';
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

/** Windows: the executable's, the installer's and the taskbar's icon. Sizes Explorer and the
 *  taskbar ask for, 256 being the largest Windows uses. */
export const ICO_FILE = 'build/icon.ico';
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

/** macOS: the app bundle's icon, from a 1024 px rendering on Apple's icon grid (below). */
export const ICNS_FILE = 'build/icon.icns';
export const MACOS_PNG = 'build/icon-macos.png';

/** The window's own icon on Linux and Windows (BrowserWindow `icon`). */
export const WINDOW_ICON_SIZE = 256;
/** The loopback result page's favicon (main/auth/pages.ts, inlined as a data: URL). */
export const FAVICON_SIZE = 32;

export const pngPath = (size: number): string => `${LINUX_ICON_DIR}/${size}x${size}.png`;

/** The SVG rendered at `size` x `size` pixels, as PNG bytes. */
export function renderPng(svg: string, size: number): Buffer {
  const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render();
  if (rendered.width !== size || rendered.height !== size) throw new Error(`${ICON_SOURCE} must be square: rendered ${rendered.width}x${rendered.height}`);
  return rendered.asPng();
}

/**
 * The macOS variant: macOS draws no tile of its own, and its icons keep a margin (an 824 px
 * artwork on a 1024 px canvas, Apple's grid since Big Sur) so they line up in the Dock with the
 * system's. The same drawing, nested and scaled into that area.
 */
export function macosSvg(svg: string): string {
  const inner = svg.replace(/^\s*<svg\b[^>]*>/, (tag) => tag.replace(/\s(?:width|height)="[^"]*"/g, '').replace(/^\s*<svg\b/, '<svg x="100" y="100" width="824" height="824"'));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">${inner}</svg>`;
}

/** ICO from one PNG per size (each drawn from the vector), as png-to-ico writes it. */
export async function buildIco(pngs: readonly Buffer[]): Promise<Buffer> {
  return pngToIco([...pngs]);
}

/** ICNS from the 1024 px macOS PNG; png2icons writes the PNG and RGB+mask entries macOS reads. */
export function buildIcns(png1024: Buffer): Buffer {
  const icns = png2icons.createICNS(png1024, png2icons.BICUBIC2, 0);
  if (!icns) throw new Error('png2icons could not build the ICNS file');
  return icns;
}

/** The favicon as main/auth/pages.ts inlines it. */
export const faviconDataUrl = (png: Buffer): string => `data:image/png;base64,${png.toString('base64')}`;
