/**
 * Where the Electron executable is, found WITHOUT loading the `electron` package: its index.js
 * downloads the binary from GitHub when it is missing (Electron 45 has no install script, so
 * `npm ci` never fetches it), and on a machine that cannot reach GitHub that prints a page of
 * stack traces and fails. `npm start`, `npm run dev` and the end-to-end suite all ask here first.
 *
 * The rules are node_modules/electron/index.js's: with ELECTRON_OVERRIDE_DIST_PATH, that folder
 * plus the executable's name; otherwise node_modules/electron/dist/ plus the name its installer
 * wrote to path.txt. Unlike index.js, this also checks that the file is really there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where Electron is, or where it was looked for and why it is not usable. */
export type ElectronBinary =
  | { ok: true; executablePath: string }
  | { ok: false; executablePath: string; reason: string };

/** What {@link locateElectron} reads; the defaults read this machine. */
export interface LocateElectronOptions {
  /** The electron package's folder (node_modules/electron). */
  packageDir: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  exists?: (path: string) => boolean;
  readText?: (path: string) => string | undefined;
}

/** The executable's path inside an Electron build, as electron's install.js writes it to path.txt. */
export function executableName(platform: NodeJS.Platform): string {
  if (platform === 'darwin' || (platform as string) === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

const readTextFile = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Finds the Electron executable the way node_modules/electron/index.js would, without downloading it. */
export function locateElectron(options: LocateElectronOptions): ElectronBinary {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const exists = options.exists ?? existsSync;
  const readText = options.readText ?? readTextFile;
  const recorded = readText(join(options.packageDir, 'path.txt'))?.trim() || undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH?.trim();

  if (override) {
    // index.js joins the override with path.txt's name, or 'electron' when there is none
    // (Windows starts 'electron' as electron.exe; macOS file systems ignore case).
    const names = [...new Set([recorded, executableName(platform), 'electron'].filter((name): name is string => !!name))];
    const found = names.map((name) => join(override, name)).find((path) => exists(path));
    if (found) return { ok: true, executablePath: found };
    const executablePath = join(override, recorded ?? executableName(platform));
    return {
      ok: false,
      executablePath,
      reason: `ELECTRON_OVERRIDE_DIST_PATH is set to ${override}, but there is no Electron executable in it (looked for ${names.join(', ')}).`,
    };
  }

  const executablePath = join(options.packageDir, 'dist', recorded ?? executableName(platform));
  if (recorded && exists(executablePath)) return { ok: true, executablePath };
  return {
    ok: false,
    executablePath,
    reason: recorded
      ? `node_modules/electron/path.txt names ${recorded}, but ${executablePath} does not exist.`
      : 'node_modules/electron/dist/ has no Electron build: the electron package installs none during npm ci.',
  };
}

/** What {@link electronMissingMessage} says about the project. */
export interface MissingMessageOptions {
  /** The command that needed Electron, e.g. "npm start". */
  command: string;
  /** The electron package's version (node_modules/electron/package.json). */
  version: string;
  /** Whose shell syntax the commands use: PowerShell on Windows, POSIX shells elsewhere. */
  platform?: NodeJS.Platform;
}

/** The electron project's own example of a mirror (its installation guide names it). */
export const EXAMPLE_MIRROR = 'https://npmmirror.com/mirrors/electron/';

/**
 * What `npm start` and `npm run dev` print, and all they print, when Electron's binary is
 * missing: what is wrong, the command that installs it, and what to do where GitHub is out of
 * reach. Every command in it works as written from the repository's root, in the platform's
 * usual shell.
 */
export function electronMissingMessage(binary: Extract<ElectronBinary, { ok: false }>, options: MissingMessageOptions): string {
  const { command, version } = options;
  const major = version.split('.')[0] ?? version;
  const windows = (options.platform ?? process.platform) === 'win32';
  const withEnv = (name: string, value: string, then: string): string =>
    windows ? `$env:${name} = "${value}"; ${then}` : `${name}=${value} ${then}`;
  const unpacked = windows ? `C:\\electron-v${version}` : `/opt/electron-v${version}`;
  return [
    `${command} needs Electron's binary, and it is not installed.`,
    `  ${binary.reason}`,
    '',
    `Install it (Electron ${version}, downloaded once from GitHub):`,
    '  node node_modules/electron/install.js',
    '',
    'Where GitHub cannot be reached, either:',
    "  - download it from a mirror of Electron's releases (the installer fetches",
    `    <mirror>v${version}/electron-v${version}-<platform>-<arch>.zip), for example:`,
    `      ${withEnv('ELECTRON_MIRROR', EXAMPLE_MIRROR, 'node node_modules/electron/install.js')}`,
    `  - or unpack an Electron ${major} build from anywhere you can reach and point at its folder:`,
    `      ${withEnv('ELECTRON_OVERRIDE_DIST_PATH', unpacked, command)}`,
    '',
    "Everything else works without Electron: npm test runs the app's window in Chromium.",
  ].join('\n');
}


/** The electron package's version, read from its package.json ('unknown' when it is not installed). */
export function electronPackageVersion(packageDir: string): string {
  const text = readTextFile(join(packageDir, 'package.json'));
  try {
    const version: unknown = text === undefined ? undefined : (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
