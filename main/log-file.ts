/**
 * The diagnostics log's file: one file per run in `<userData>/logs/`, through electron-log 5's
 * file transport (size-based rotation to `<name>.old.log`), older runs pruned at start.
 *
 * electron-log's `node` entry, not `main`: the file transport is the same, but `main` also
 * registers an `ipcMain` listener and handler (`__ELECTRON_LOG__`) that would write whatever a
 * renderer sends, past both the IPC sender check and `redact()`, and in development broadcasts
 * every line to every window. The `node` entry has neither, and does not import Electron, so
 * this module is tested for real.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import log from 'electron-log/node';
import type { DiagnosticsLevel, LogTransport } from './diagnostics-log.ts';
import { redact } from './redact.ts';

/** The folder in user data. */
export const LOG_DIR_NAME = 'logs';
/** A run's file is moved to `<name>.old.log` when it grows past this (electron-log's rotation). */
export const LOG_MAX_BYTES = 1024 * 1024;
/** How many runs' files are kept, this one included. */
export const LOG_RUNS_KEPT = 10;
/** Owner-only: the log is redacted, but it still says which provider a person uses. */
export const LOG_FILE_MODE = 0o600;

const RUN_FILE = /^run-[0-9TZ-]+-\d+(?:\.old)?\.log$/;

/** Where and how a run's log is written. */
export interface LogFileSettings {
  directory: string;
  fileName: string;
  path: string;
  maxSize: number;
  keepRuns: number;
  mode: number;
}

/** The settings for a run that started at `startedAt` in process `pid`. Pure. */
export function logFileSettings(input: { userDataDir: string; startedAt: Date; pid: number; maxSize?: number; keepRuns?: number }): LogFileSettings {
  // ISO time with ':' and '.' replaced: valid on every file system, and sorts by time.
  const stamp = input.startedAt.toISOString().replace(/[:.]/g, '-');
  const directory = join(input.userDataDir, LOG_DIR_NAME);
  const fileName = `run-${stamp}-${input.pid}.log`;
  return {
    directory,
    fileName,
    path: join(directory, fileName),
    maxSize: input.maxSize ?? LOG_MAX_BYTES,
    keepRuns: input.keepRuns ?? LOG_RUNS_KEPT,
    mode: LOG_FILE_MODE,
  };
}

/** Deletes the files of all but the newest `keep` runs (`current` always stays). Returns what went. */
export function pruneOldRuns(settings: Pick<LogFileSettings, 'directory' | 'fileName' | 'keepRuns'>): string[] {
  let names: string[];
  try {
    names = readdirSync(settings.directory).filter((name) => RUN_FILE.test(name));
  } catch {
    return [];
  }
  const runs = [...new Set(names.map((name) => name.replace(/\.old\.log$/, '.log')))].filter((name) => name !== settings.fileName).sort();
  const doomed = runs.slice(0, Math.max(0, runs.length - (settings.keepRuns - 1)));
  const removed: string[] = [];
  for (const run of doomed) {
    for (const name of [run, run.replace(/\.log$/, '.old.log')]) {
      if (!names.includes(name)) continue;
      rmSync(join(settings.directory, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}

/** Options of {@link createLogFileTransport}. */
export interface LogFileTransportOptions {
  userDataDir: string;
  startedAt?: Date;
  pid?: number;
  /** Lowest level written to the file. Default 'info'. */
  fileLevel?: DiagnosticsLevel;
  /** Lowest level echoed to the console, or false (production: `app.isPackaged`). */
  consoleLevel?: DiagnosticsLevel | false;
  /** Overrides {@link LOG_MAX_BYTES} (tests). */
  maxSize?: number;
  /** Overrides {@link LOG_RUNS_KEPT}. */
  keepRuns?: number;
}

/** The electron-log logger behind the transport (its own instance, not the library default). */
export type ElectronLogger = ReturnType<typeof log.create>;

/** The file transport plus what the report and tests need to know about it. Every line it
 *  writes (to the file, and to the console in development) goes through `redact()`. */
export interface LogFileTransport extends LogTransport {
  readonly settings: LogFileSettings;
  /** The configured electron-log instance (tests read its transports' settings). */
  readonly logger: ElectronLogger;
}

let instances = 0;

/** Creates this run's log file (pruning older runs) and returns the transport writing to it. */
export function createLogFileTransport(options: LogFileTransportOptions): LogFileTransport {
  const settings = logFileSettings({
    userDataDir: options.userDataDir,
    startedAt: options.startedAt ?? new Date(),
    pid: options.pid ?? process.pid,
    ...(options.maxSize === undefined ? {} : { maxSize: options.maxSize }),
    ...(options.keepRuns === undefined ? {} : { keepRuns: options.keepRuns }),
  });
  pruneOldRuns(settings);

  // A logger of our own: the library's default instance is shared with anything else that loads it.
  const logger = log.create({ logId: `oidc-desktop-${process.pid}-${++instances}` });
  const file = logger.transports.file;
  // electron-log asks for the app name before it calls resolvePathFn; give it one, so it never
  // goes looking for a package.json.
  file.setAppName('OIDC Desktop Sign-in');
  file.resolvePathFn = () => settings.path;
  file.maxSize = settings.maxSize; // then electron-log's archiveLogFn moves it to <name>.old.log
  file.writeOptions = { flag: 'a', mode: settings.mode, encoding: 'utf8' };
  file.level = options.fileLevel ?? 'info';
  logger.transports.console.level = options.consoleLevel ?? false;
  // Nothing leaves the process: no renderer broadcast, no remote server.
  for (const name of ['ipc', 'remote'] as const) {
    const transport = logger.transports[name];
    if (transport) transport.level = false;
  }

  return {
    settings,
    logger,
    write(level, line) {
      // The diagnostics log hands over redacted lines already; redacting again here means nothing
      // that writes to the file directly can skip it (and changes nothing in a redacted line).
      // Cutting long lines is the log's job.
      logger[level](redact(line, { maxLength: Infinity }));
    },
  };
}
