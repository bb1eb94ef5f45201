/**
 * Thin glue between the update controller (main/updater.ts) and the installed app: the facts
 * the update policy is decided from (the package's app-update.yml, the macOS signature, the Linux
 * package type), and an {@link UpdaterPort} over electron-updater's autoUpdater.
 *
 * electron-updater itself is never imported here (only its types): it imports Electron and
 * reads the package on load, so main/index.ts imports it lazily, and only when the policy says
 * updates are on. Tests and the Playwright harness never load it.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AppUpdater, ProgressInfo } from 'electron-updater';
import type { DiagnosticsEvent } from './diagnostics-log.ts';
import { decideUpdatePolicy, parseUpdateFeed, teamIdentifierFromCodesign, type UpdatePolicy } from './update-policy.ts';
import type { UpdaterPort } from './updater.ts';

/** What the policy is read from at start. */
export interface UpdateHost {
  packaged: boolean;
  platform: NodeJS.Platform;
  /** `process.resourcesPath` (undefined outside Electron). */
  resourcesPath: string | undefined;
  /** `process.execPath`: on macOS, inside the app bundle (X.app/Contents/MacOS/X). */
  execPath: string;
  env: NodeJS.ProcessEnv;
}

const readText = (file: string): Promise<string | undefined> => readFile(file, 'utf8').catch(() => undefined);

/** The Developer ID team that signed the running macOS app, if any (`codesign` reports on stderr). */
function macTeamIdentifier(execPath: string): Promise<string | undefined> {
  const bundle = dirname(dirname(dirname(execPath)));
  return new Promise((resolve) => {
    execFile('/usr/bin/codesign', ['--display', '--verbose=2', bundle], { timeout: 10_000 }, (_error, _stdout, stderr) => {
      resolve(teamIdentifierFromCodesign(String(stderr)));
    });
  });
}

/** Reads the facts and decides whether this copy updates itself. */
export async function readUpdatePolicy(host: UpdateHost): Promise<UpdatePolicy> {
  if (!host.packaged || !host.resourcesPath) return decideUpdatePolicy({ packaged: host.packaged, platform: host.platform, feed: undefined });
  const feedText = await readText(join(host.resourcesPath, 'app-update.yml'));
  const feed = feedText === undefined ? undefined : parseUpdateFeed(feedText);
  return decideUpdatePolicy({
    packaged: true,
    platform: host.platform,
    feed,
    // Asked only when there is something to update.
    ...(feed && host.platform === 'darwin' ? { macSignedByTeam: (await macTeamIdentifier(host.execPath)) !== undefined } : {}),
    ...(host.platform === 'linux'
      ? { appImage: host.env.APPIMAGE, linuxPackageType: (await readText(join(host.resourcesPath, 'package-type')))?.trim() }
      : {}),
  });
}

/** An UpdaterPort over electron-updater's autoUpdater; the controller decides when to download. */
export function createElectronUpdaterPort(autoUpdater: AppUpdater, log: (event: DiagnosticsEvent) => void): UpdaterPort {
  autoUpdater.autoDownload = false;
  // A downloaded update also installs when the person quits the app.
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.allowPrerelease = false;
  autoUpdater.allowDowngrade = false;
  // electron-updater's own messages go to the diagnostics log (which redacts every line).
  const write = (level: DiagnosticsEvent['level']) => (message?: unknown) => log({ level, source: 'updater', message: String(message) });
  autoUpdater.logger = { info: write('debug'), warn: write('warn'), error: write('warn') };
  return {
    async check() {
      const result = await autoUpdater.checkForUpdates();
      return result?.isUpdateAvailable ? { available: true, version: result.updateInfo.version } : { available: false };
    },
    async download(onProgress) {
      const progress = (info: ProgressInfo): void => onProgress(info.percent);
      autoUpdater.on('download-progress', progress);
      try {
        await autoUpdater.downloadUpdate();
      } finally {
        autoUpdater.off('download-progress', progress);
      }
    },
    quitAndInstall() {
      // Silent (the one-click NSIS installer shows nothing anyway), and start the new version.
      autoUpdater.quitAndInstall(true, true);
    },
  };
}
