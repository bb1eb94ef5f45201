/**
 * The update controller (main/updater.ts) with a fake updater and fake timers: what it checks
 * when, what state it shows for an update found, downloaded, failed or out of reach, and that it
 * never restarts into an update while a sign-in runs. And the policy that decides whether a copy
 * updates at all (main/update-policy.ts), with the parsers it reads its facts with.
 */
import { describe, expect, it } from 'vitest';
import type { DiagnosticsEvent } from '../../main/diagnostics-log.ts';
import { decideUpdatePolicy, parseUpdateFeed, teamIdentifierFromCodesign, type UpdatePolicy } from '../../main/update-policy.ts';
import {
  CHECK_INTERVAL_MS,
  createUpdateController,
  describeUpdateError,
  FIRST_CHECK_DELAY_MS,
  NO_UPDATE_READY,
  RETRY_DELAY_MS,
  SIGN_IN_RUNNING,
  type UpdateState,
  type UpdateTimers,
} from '../../main/updater.ts';
import { FakeUpdater } from '../fakes/updater.ts';

const FEED = { provider: 'github', owner: 'acme', repo: 'signin' };
const ON: UpdatePolicy = { enabled: true, feed: FEED };
const NOW = new Date('2026-05-06T07:08:09.000Z');

/** Timers the test fires by hand. */
class ManualTimers implements UpdateTimers {
  pending = new Map<number, { callback: () => void; ms: number }>();
  private next = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { callback, ms });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  delays(): number[] {
    return [...this.pending.values()].map((timer) => timer.ms);
  }
  /** Fires every pending timer once, then lets the checks they start settle. */
  async fire(): Promise<void> {
    const due = [...this.pending.entries()];
    this.pending.clear();
    for (const [, timer] of due) timer.callback();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  }
}

function setup(options: { policy?: UpdatePolicy; signingIn?: boolean } = {}) {
  const updater = new FakeUpdater();
  const timers = new ManualTimers();
  const log: DiagnosticsEvent[] = [];
  const states: UpdateState[] = [];
  let signingIn = options.signingIn ?? false;
  const controller = createUpdateController({
    policy: options.policy ?? ON,
    port: updater,
    signInInProgress: () => signingIn,
    log: (event) => log.push(event),
    timers,
    now: () => NOW,
  });
  controller.onChange((state) => states.push(state));
  return { updater, timers, log, states, controller, setSigningIn: (value: boolean) => (signingIn = value) };
}

describe('the update controller', () => {
  it('checks shortly after start, then every few hours, and reports "up to date"', async () => {
    const { updater, timers, controller, states } = setup();
    expect(controller.getState()).toEqual({ status: 'idle' });
    controller.start();
    expect(timers.delays()).toEqual([FIRST_CHECK_DELAY_MS]);
    expect(updater.checks).toBe(0);
    await timers.fire();
    expect(updater.checks).toBe(1);
    expect(states).toEqual([{ status: 'checking' }, { status: 'idle', checkedAt: NOW.toISOString() }]);
    expect(timers.delays()).toEqual([CHECK_INTERVAL_MS]);
    await timers.fire();
    expect(updater.checks).toBe(2);
    expect(controller.describe()).toBe(`on (github.com/acme/signin); up to date as of ${NOW.toISOString()}`);
  });

  it('downloads an available update quietly, then offers the restart and stops checking', async () => {
    const { updater, timers, controller, states, log } = setup();
    updater.offer('1.2.0', [3.2, 3.9, 47.5, 100]);
    controller.start();
    await timers.fire();
    expect(states).toEqual([
      { status: 'checking' },
      { status: 'available', version: '1.2.0' },
      { status: 'downloading', version: '1.2.0', percent: 0 },
      { status: 'downloading', version: '1.2.0', percent: 3 },
      { status: 'downloading', version: '1.2.0', percent: 47 },
      { status: 'downloading', version: '1.2.0', percent: 100 },
      { status: 'downloaded', version: '1.2.0' },
    ]);
    expect(updater.downloads).toBe(1);
    // Nothing more to fetch until the restart; a manual check changes nothing either.
    expect(timers.delays()).toEqual([]);
    await expect(controller.checkNow()).resolves.toEqual({ status: 'downloaded', version: '1.2.0' });
    expect(updater.checks).toBe(1);
    expect(controller.describe()).toBe('on (github.com/acme/signin); version 1.2.0 downloaded, installed at the next restart');
    expect(log.map((event) => event.message)).toEqual(['Version 1.2.0 is available; downloading it.', 'Version 1.2.0 is downloaded; it installs at the next restart.']);
    // It never restarts by itself.
    expect(updater.installs).toBe(0);
  });

  it('restarts to update when asked, and only when an update is downloaded', async () => {
    const { updater, controller } = setup();
    expect(controller.restartToUpdate()).toEqual(NO_UPDATE_READY);
    updater.offer('1.2.0');
    await controller.checkNow();
    expect(controller.restartToUpdate()).toEqual({ ok: true, value: undefined });
    await Promise.resolve();
    expect(updater.installs).toBe(1);
  });

  it('never restarts into an update while a sign-in is running', async () => {
    const { updater, controller, setSigningIn } = setup({ signingIn: true });
    updater.offer('1.2.0');
    await controller.checkNow();
    expect(controller.restartToUpdate()).toEqual(SIGN_IN_RUNNING);
    await Promise.resolve();
    expect(updater.installs).toBe(0);
    setSigningIn(false);
    expect(controller.restartToUpdate()).toEqual({ ok: true, value: undefined });
    await Promise.resolve();
    expect(updater.installs).toBe(1);
  });

  it('offline: says so in its own words, logs the detail as information, and tries again sooner', async () => {
    const { updater, timers, controller, log } = setup();
    updater.goOffline();
    controller.start();
    await timers.fire();
    expect(controller.getState()).toEqual({
      status: 'error',
      message: 'Could not reach the update server (offline?). The app will try again later.',
      checkedAt: NOW.toISOString(),
    });
    expect(log).toEqual([{ level: 'info', source: 'updater', message: 'Update check failed: Error: net::ERR_INTERNET_DISCONNECTED' }]);
    expect(timers.delays()).toEqual([RETRY_DELAY_MS]);
    // Back online: the next check finds the update.
    updater.offer('1.2.0');
    await timers.fire();
    expect(controller.getState()).toEqual({ status: 'downloaded', version: '1.2.0' });
  });

  it('a server error or a failed download: a warning in the log, a plain message in the window', async () => {
    const { updater, controller, log } = setup();
    updater.failWith('HttpError: 404 "method: GET url: https://github.com/acme/signin/releases/download/v1.2.0/latest-linux.yml"');
    await expect(controller.checkNow()).resolves.toMatchObject({ status: 'error', message: 'The update check failed. The app will try again later.' });
    expect(log).toEqual([expect.objectContaining({ level: 'warn', source: 'updater', message: expect.stringContaining('404') })]);
    updater.offer('1.2.0');
    updater.downloadError = new Error('sha512 checksum mismatch');
    await expect(controller.checkNow()).resolves.toMatchObject({ status: 'error' });
    expect(controller.restartToUpdate()).toEqual(NO_UPDATE_READY);
    expect(controller.describe()).toBe(`on (github.com/acme/signin); the last check failed at ${NOW.toISOString()}: The update check failed. The app will try again later.`);
  });

  it('runs one check at a time', async () => {
    const { updater, controller } = setup();
    const [first, second] = [controller.checkNow(), controller.checkNow()];
    expect(first).toBe(second);
    await first;
    expect(updater.checks).toBe(1);
  });

  it('when updates are off: never checks, never restarts, and says why', async () => {
    const { updater, timers, controller, log } = setup({ policy: { enabled: false, reason: 'development build: only installed copies update themselves' } });
    controller.start();
    expect(timers.delays()).toEqual([]);
    await controller.checkNow();
    expect(updater.checks).toBe(0);
    expect(controller.getState()).toEqual({ status: 'disabled', reason: 'development build: only installed copies update themselves' });
    expect(controller.restartToUpdate()).toEqual(NO_UPDATE_READY);
    expect(controller.describe()).toBe('off (development build: only installed copies update themselves)');
    expect(log).toEqual([{ level: 'info', source: 'updater', message: 'Updates are off: development build: only installed copies update themselves.' }]);
  });

  it('stops its schedule when disposed', async () => {
    const { timers, controller } = setup();
    controller.start();
    controller.dispose();
    expect(timers.delays()).toEqual([]);
  });

  it('loads the updater only when it first checks', async () => {
    const updater = new FakeUpdater();
    let loads = 0;
    const controller = createUpdateController({
      policy: ON,
      port: async () => {
        loads++;
        return updater;
      },
      signInInProgress: () => false,
      log: () => undefined,
    });
    expect(loads).toBe(0);
    await controller.checkNow();
    await controller.checkNow();
    expect(loads).toBe(1);
  });

  it.each([
    [Object.assign(new Error('getaddrinfo ENOTFOUND github.com'), { code: 'ENOTFOUND' }), true],
    [new Error('net::ERR_NAME_NOT_RESOLVED'), true],
    [new Error('net::ERR_PROXY_CONNECTION_FAILED'), true],
    [new Error('Cannot find latest-mac.yml in the latest release artifacts'), false],
  ])('tells offline from other failures: %s', (error, offline) => {
    expect(describeUpdateError(error).offline).toBe(offline);
  });
});

describe('the update policy', () => {
  const signedWindowsFeed = { ...FEED, publisherName: ['Acme Ltd'] };
  it.each([
    [{ packaged: false, platform: 'win32' as const, feed: signedWindowsFeed }, 'development build: only installed copies update themselves'],
    [{ packaged: true, platform: 'linux' as const, feed: undefined, appImage: '/home/a/App.AppImage' }, 'this build has no update feed (it was packaged without a release repository)'],
    [{ packaged: true, platform: 'win32' as const, feed: FEED }, 'unsigned build: Windows could not check that an update comes from the same publisher'],
    [{ packaged: true, platform: 'darwin' as const, feed: FEED, macSignedByTeam: false }, 'unsigned build: macOS installs updates only into an app signed with a Developer ID'],
    [{ packaged: true, platform: 'linux' as const, feed: FEED }, 'this Linux build is not an AppImage, .deb or .rpm, so it has nothing to update'],
    [{ packaged: true, platform: 'linux' as const, feed: { provider: 'generic' } }, "this build's update feed is not a GitHub repository (generic)"],
  ])('is off for %j', (input, reason) => {
    expect(decideUpdatePolicy(input)).toEqual({ enabled: false, reason });
  });

  it.each([
    { packaged: true, platform: 'win32' as const, feed: signedWindowsFeed },
    { packaged: true, platform: 'darwin' as const, feed: FEED, macSignedByTeam: true },
    { packaged: true, platform: 'linux' as const, feed: FEED, appImage: '/home/a/App.AppImage' },
    { packaged: true, platform: 'linux' as const, feed: FEED, linuxPackageType: 'deb' },
    { packaged: true, platform: 'linux' as const, feed: FEED, linuxPackageType: 'rpm' },
  ])('is on for %j', (input) => {
    expect(decideUpdatePolicy(input)).toEqual({ enabled: true, feed: input.feed });
  });

  it('reads app-update.yml as electron-builder writes it, publisher list included', () => {
    expect(parseUpdateFeed('owner: acme\nrepo: signin\nprovider: github\nreleaseType: draft\nupdaterCacheDirName: oidc-desktop-signin-updater\n')).toEqual(FEED);
    expect(parseUpdateFeed("owner: acme\nrepo: signin\nprovider: github\npublisherName:\n  - 'Acme Ltd'\n  - Acme Europe\n")).toEqual({ ...FEED, publisherName: ['Acme Ltd', 'Acme Europe'] });
    expect(parseUpdateFeed('provider: github\npublisherName: "Acme Ltd"\n')).toEqual({ provider: 'github', publisherName: ['Acme Ltd'] });
    expect(parseUpdateFeed('')).toBeUndefined();
  });

  it('tells a Developer ID signature from an ad-hoc one (codesign --display --verbose=2)', () => {
    expect(teamIdentifierFromCodesign('Executable=/Applications/X.app/Contents/MacOS/X\nAuthority=Developer ID Application: Acme Ltd (ABCDE12345)\nTeamIdentifier=ABCDE12345\n')).toBe('ABCDE12345');
    expect(teamIdentifierFromCodesign('Executable=/x\nSignature=adhoc\nTeamIdentifier=not set\n')).toBeUndefined();
    expect(teamIdentifierFromCodesign('/Applications/X.app: code object is not signed at all\n')).toBeUndefined();
  });
});
