/**
 * Finds the Electron executable the way `node_modules/electron/index.js` does, WITHOUT loading
 * that module: in plain Node it downloads the binary from GitHub when it is missing, which hangs
 * or fails on machines that only reach the npm registry (ARCHITECTURE.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.ts';

/** Where Electron is, or why the electron project cannot run. */
export type ElectronBinary = { ok: true; executablePath: string } | { ok: false; executablePath: string; reason: string };

const ELECTRON_PACKAGE = join(REPO_ROOT, 'node_modules', 'electron');

// What electron's install.js writes to path.txt on each platform.
function defaultExecutable(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** Locates the Electron binary: `ELECTRON_OVERRIDE_DIST_PATH`, else `node_modules/electron/dist`. */
export function findElectronBinary(): ElectronBinary {
  const pathFile = join(ELECTRON_PACKAGE, 'path.txt');
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  // Same rule as electron/index.js: the override folder plus path.txt's name, else plain 'electron'.
  const executablePath = override
    ? join(override, recorded || 'electron')
    : join(ELECTRON_PACKAGE, 'dist', recorded || defaultExecutable(process.platform));
  if (existsSync(executablePath)) return { ok: true, executablePath };
  return {
    ok: false,
    executablePath,
    reason:
      `Electron binary not installed at ${executablePath}; the electron project needs it — run ` +
      '`npx install-electron` (or `node node_modules/electron/install.js`) where GitHub is reachable, ' +
      'or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron 45.',
  };
}

/** Why Electron cannot open a window here, if it cannot: Linux needs an X (or Wayland) display. */
export function missingDisplayReason(): string | undefined {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return undefined;
  return 'The electron project opens a real window and this Linux session has no display (DISPLAY is not set). Run it under a virtual one: `xvfb-run -a npx playwright test --project=electron` (or `xvfb-run -a npm test`).';
}
