/**
 * Finds the Electron executable the way `node_modules/electron/index.js` does, WITHOUT loading
 * that module: in plain Node it downloads the binary from GitHub when it is missing, which hangs
 * or fails on machines that only reach the npm registry (ARCHITECTURE.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

const ELECTRON_PACKAGE = join(REPO_ROOT, 'node_modules', 'electron');

// What electron's install.js writes to path.txt on each platform.
function defaultExecutable(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

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
  const pathFile = join(ELECTRON_PACKAGE, 'path.txt');
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  // Same rule as electron/index.js: the override folder plus path.txt's name, else plain 'electron'.
  const executablePath = override
    ? join(override, recorded || 'electron')
    : join(ELECTRON_PACKAGE, 'dist', recorded || defaultExecutable(process.platform));
  if (existsSync(executablePath)) return { ok: true, executablePath, packaged: false };
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
