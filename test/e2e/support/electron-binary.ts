/**
 * Finds the Electron executable for the electron project with the same rules `npm start` uses
 * (scripts/electron-binary.ts), WITHOUT loading node_modules/electron: in plain Node it
 * downloads the binary from GitHub when it is missing, which hangs or fails on machines that
 * only reach the npm registry.
 */
import { join } from 'node:path';
import { locateElectron, type ElectronBinary } from '../../../scripts/electron-binary.ts';
import { REPO_ROOT } from './paths.ts';

export type { ElectronBinary };

/** Locates the Electron binary: `ELECTRON_OVERRIDE_DIST_PATH`, else `node_modules/electron/dist`. */
export function findElectronBinary(): ElectronBinary {
  const binary = locateElectron({ packageDir: join(REPO_ROOT, 'node_modules', 'electron') });
  if (binary.ok) return binary;
  return {
    ...binary,
    reason:
      `Electron binary not installed at ${binary.executablePath}; the electron project needs it — run ` +
      '`node node_modules/electron/install.js` where GitHub is reachable (or with ELECTRON_MIRROR set to a mirror), ' +
      'or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron 45.',
  };
}

/** Why Electron cannot open a window here, if it cannot: Linux needs an X (or Wayland) display. */
export function missingDisplayReason(): string | undefined {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return undefined;
  return 'The electron project opens a real window and this Linux session has no display (DISPLAY is not set). Run it under a virtual one: `xvfb-run -a npx playwright test --project=electron` (or `xvfb-run -a npm test`).';
}
