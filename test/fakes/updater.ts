/**
 * A stand-in for electron-updater behind the UpdaterPort (main/updater.ts): the test says what
 * the next check finds (nothing, a version, a failure, no network) and how the download goes,
 * and reads back whether the app asked to quit and install. Used by the unit tests and by the
 * Playwright harness (test/e2e/support/harness-app.ts), which never load electron-updater.
 */
import type { UpdateCheck, UpdaterPort } from '../../main/updater.ts';

/** What the next check does. */
export type FakeCheck = { kind: 'none' } | { kind: 'update'; version: string; progress?: number[] } | { kind: 'fail'; error: Error };

export class FakeUpdater implements UpdaterPort {
  /** What every check does until told otherwise. */
  next: FakeCheck = { kind: 'none' };
  /** A download failure, if the next download should fail. */
  downloadError: Error | undefined;
  checks = 0;
  downloads = 0;
  installs = 0;

  /** The next check finds `version`; its download reports `progress` and completes. */
  offer(version: string, progress: number[] = [12.5, 50, 99.9, 100]): void {
    this.next = { kind: 'update', version, progress };
  }

  /** The next check fails as electron-updater does without a network. */
  goOffline(): void {
    const error = Object.assign(new Error('net::ERR_INTERNET_DISCONNECTED'), { code: 'ERR_INTERNET_DISCONNECTED' });
    this.next = { kind: 'fail', error };
  }

  /** The next check fails with a server error. */
  failWith(message: string): void {
    this.next = { kind: 'fail', error: new Error(message) };
  }

  async check(): Promise<UpdateCheck> {
    this.checks++;
    const next = this.next;
    if (next.kind === 'fail') throw next.error;
    return next.kind === 'update' ? { available: true, version: next.version } : { available: false };
  }

  async download(onProgress: (percent: number) => void): Promise<void> {
    this.downloads++;
    if (this.downloadError) throw this.downloadError;
    for (const percent of this.next.kind === 'update' ? (this.next.progress ?? []) : []) onProgress(percent);
  }

  quitAndInstall(): void {
    this.installs++;
  }
}
