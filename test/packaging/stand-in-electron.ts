/**
 * A stand-in for Electron's unpacked distribution, for packaging tests on machines where the
 * real one cannot be downloaded. electron-builder copies it as `electronDist` exactly as it
 * would copy Electron; nothing in it runs. The "binary" is a script that refuses to start, but
 * it carries a real fuse wire (sentinel, version, length, one byte per fuse) at Electron's
 * defaults, so electron-builder's fuse flipping works on it and can be read back afterwards.
 * @see https://github.com/electron/fuses (the wire format)
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The marker @electron/fuses looks for in the Electron binary. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Electron's shipped fuse states, in FuseV1Options order ('1' on, '0' off): what a build
 *  that forgot its fuses would ship. RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect,
 *  EmbeddedAsarIntegrity, OnlyLoadAppFromAsar, BrowserProcessV8Snapshot, FileProtocolPrivileges. */
export const ELECTRON_DEFAULT_FUSES = '10110001';

/** The folder name says what it is, wherever it shows up in logs. */
export const STAND_IN_FOLDER_NAME = 'electron-dist-STAND-IN-not-a-real-electron';

/** Creates the stand-in for Linux (`electron` executable) under `parent`; returns its path. */
export function createStandInElectronDist(parent: string, version: string): string {
  const dir = join(parent, STAND_IN_FOLDER_NAME);
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const executable = join(dir, 'electron');
  writeFileSync(
    executable,
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "This is a stand-in for Electron, made by test/packaging; it cannot run an app." >&2\nexit 1\n# fuses: '),
      Buffer.from(FUSE_SENTINEL, 'ascii'),
      Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]),
      Buffer.from(ELECTRON_DEFAULT_FUSES, 'ascii'),
      Buffer.from('\n'),
    ]),
  );
  chmodSync(executable, 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'Stand-in for Electron\'s LICENSE (test/packaging).\n');
  writeFileSync(join(dir, 'version'), version);
  return dir;
}
