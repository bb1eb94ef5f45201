/**
 * Finds the Electron executable for the electron project with the same rules `npm start` uses
 * (scripts/electron-binary.ts), WITHOUT loading node_modules/electron: in plain Node it
 * downloads the binary from GitHub when it is missing, which hangs or fails on machines that
 * only reach the npm registry.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { locateElectron } from '../../../scripts/electron-binary.ts';
import { REPO_ROOT } from './paths.ts';

/**
 * Where Electron is, or why the electron project cannot run. `packaged`: the executable is a
 * packaged app (E2E_EXECUTABLE_PATH, the `dist:e2e` flavour), which carries its own app.asar,
 * rather than Electron from node_modules, which is handed the repository as the app to run.
 */
export type ElectronBinary = { ok: true; executablePath: string; packaged: boolean } | { ok: false; executablePath: string; reason: string };

/** Set to a packaged app's executable to run the electron project against it (CI does, after
 *  `npm run dist:e2e`; `npx tsx scripts/e2e-executable.ts` prints the path for this machine). */
export const E2E_EXECUTABLE_PATH = 'E2E_EXECUTABLE_PATH';

/**
 * Locates what the electron project launches: the packaged app named by E2E_EXECUTABLE_PATH
 * (which must exist: a CI step that asked for it must not quietly skip), else the Electron
 * binary, `ELECTRON_OVERRIDE_DIST_PATH` or `node_modules/electron/dist`.
 */
export function findElectronBinary(): ElectronBinary {
  const packaged = process.env[E2E_EXECUTABLE_PATH];
  if (packaged) {
    if (!existsSync(packaged)) throw new Error(`${E2E_EXECUTABLE_PATH}=${packaged}, but there is no such file: run \`npm run dist:e2e\` first.`);
    return { ok: true, executablePath: packaged, packaged: true };
  }
  const binary = locateElectron({ packageDir: join(REPO_ROOT, 'node_modules', 'electron') });
  if (binary.ok) return { ...binary, packaged: false };
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
