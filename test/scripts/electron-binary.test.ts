/**
 * The Electron check `npm start`, `npm run dev` and the electron e2e project make before
 * anything else: where the binary is (by electron's own rules, without loading the package,
 * which would download it), and the one message printed when it is not there.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronMissingMessage, executableName, locateElectron, type LocateElectronOptions } from '../../scripts/electron-binary.ts';

const PACKAGE = join('/repo', 'node_modules', 'electron');

/** A file system holding exactly `files` (path -> contents). */
function machine(files: Record<string, string>, env: NodeJS.ProcessEnv = {}, platform: NodeJS.Platform = 'linux'): LocateElectronOptions {
  return {
    packageDir: PACKAGE,
    env,
    platform,
    exists: (path) => path in files,
    readText: (path) => files[path],
  };
}

describe('locateElectron', () => {
  it('finds the executable path.txt names under node_modules/electron/dist', () => {
    const executable = join(PACKAGE, 'dist', 'electron');
    expect(locateElectron(machine({ [join(PACKAGE, 'path.txt')]: 'electron', [executable]: '' }))).toEqual({ ok: true, executablePath: executable });
  });

  it('reports a missing binary after npm ci: no path.txt, no dist folder', () => {
    const binary = locateElectron(machine({}));
    expect(binary.ok).toBe(false);
    expect(binary.executablePath).toBe(join(PACKAGE, 'dist', 'electron'));
    expect(binary.ok ? '' : binary.reason).toMatch(/no Electron build/);
  });

  it('reports a path.txt whose executable was deleted', () => {
    const binary = locateElectron(machine({ [join(PACKAGE, 'path.txt')]: 'electron' }));
    expect(binary.ok).toBe(false);
    expect(binary.ok ? '' : binary.reason).toMatch(/path\.txt names electron/);
  });

  it.each([
    ['darwin', 'Electron.app/Contents/MacOS/Electron'],
    ['win32', 'electron.exe'],
    ['linux', 'electron'],
  ] as const)('on %s, looks for %s', (platform, name) => {
    expect(executableName(platform)).toBe(name);
    const binary = locateElectron(machine({}, {}, platform));
    expect(binary.executablePath).toBe(join(PACKAGE, 'dist', name));
  });

  it('uses ELECTRON_OVERRIDE_DIST_PATH when it holds an executable, and says so when it does not', () => {
    const override = join('/opt', 'electron-v45');
    expect(locateElectron(machine({ [join(override, 'electron')]: '' }, { ELECTRON_OVERRIDE_DIST_PATH: override }))).toEqual({
      ok: true,
      executablePath: join(override, 'electron'),
    });
    // Windows: an unpacked build holds electron.exe (electron's index.js would start "electron").
    expect(locateElectron(machine({ [join(override, 'electron.exe')]: '' }, { ELECTRON_OVERRIDE_DIST_PATH: override }, 'win32'))).toEqual({
      ok: true,
      executablePath: join(override, 'electron.exe'),
    });
    const empty = locateElectron(machine({ [join(PACKAGE, 'dist', 'electron')]: '' }, { ELECTRON_OVERRIDE_DIST_PATH: override }));
    expect(empty.ok).toBe(false);
    expect(empty.ok ? '' : empty.reason).toMatch(/ELECTRON_OVERRIDE_DIST_PATH is set to .*electron-v45, but there is no Electron executable in it/);
  });
});

describe('electronMissingMessage', () => {
  const missing = { ok: false as const, executablePath: '/repo/node_modules/electron/dist/electron', reason: 'node_modules/electron/dist/ has no Electron build.' };

  it('says what is missing, the command that installs it, and what works where GitHub does not', () => {
    const message = electronMissingMessage(missing, { command: 'npm start', version: '45.6.1', platform: 'linux' });
    expect(message.split('\n')[0]).toBe("npm start needs Electron's binary, and it is not installed.");
    expect(message).toContain(missing.reason);
    // Electron 45 has no install script: deleting node_modules/electron and running npm ci again
    // installs no binary, so the message never suggests it.
    expect(message).not.toMatch(/npm ci|delete|npx install-electron --no/);
    expect(message).toContain('\n  node node_modules/electron/install.js\n');
    expect(message).toContain('ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ node node_modules/electron/install.js');
    expect(message).toContain('<mirror>v45.6.1/electron-v45.6.1-<platform>-<arch>.zip');
    expect(message).toContain('ELECTRON_OVERRIDE_DIST_PATH=/opt/electron-v45.6.1 npm start');
    expect(message).not.toMatch(/\bat .+:\d+:\d+\)?$/m);
  });

  it('writes the variables in PowerShell syntax on Windows', () => {
    const message = electronMissingMessage(missing, { command: 'npm run dev', version: '45.6.1', platform: 'win32' });
    expect(message).toContain('$env:ELECTRON_MIRROR = "https://npmmirror.com/mirrors/electron/"; node node_modules/electron/install.js');
    expect(message).toContain('$env:ELECTRON_OVERRIDE_DIST_PATH = "C:\\electron-v45.6.1"; npm run dev');
  });
});
