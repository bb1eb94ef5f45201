import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDiagnosticsLog } from '../../main/diagnostics-log.ts';
import { createLogFileTransport, LOG_FILE_MODE, LOG_MAX_BYTES, LOG_RUNS_KEPT, logFileSettings, pruneOldRuns } from '../../main/log-file.ts';
import { credentialSamples, SECRET } from '../support/credential-samples.ts';

const userData = () => mkdtempSync(join(tmpdir(), 'log-file-test-'));
const startedAt = new Date('2026-03-04T05:06:07.089Z');

describe('logFileSettings', () => {
  it('gives each run its own file in the user-data folder, rotated at 1 MB, owner-only, ten runs kept', () => {
    expect(logFileSettings({ userDataDir: '/data', startedAt, pid: 4242 })).toEqual({
      directory: join('/data', 'logs'),
      fileName: 'run-2026-03-04T05-06-07-089Z-4242.log',
      path: join('/data', 'logs', 'run-2026-03-04T05-06-07-089Z-4242.log'),
      maxSize: LOG_MAX_BYTES,
      keepRuns: LOG_RUNS_KEPT,
      mode: LOG_FILE_MODE,
    });
    expect([LOG_MAX_BYTES, LOG_RUNS_KEPT, LOG_FILE_MODE]).toEqual([1024 * 1024, 10, 0o600]);
  });
});

describe('createLogFileTransport (electron-log)', () => {
  it('writes the lines it is given to this run’s file, with time and level, owner-only', () => {
    const dir = userData();
    const transport = createLogFileTransport({ userDataDir: dir, startedAt, pid: 1 });
    transport.write('info', '[auth] Signed in.');
    transport.write('debug', '[auth] not written below the file level');
    const text = readFileSync(transport.settings.path, 'utf8');
    expect(text).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \[info\] +\[auth\] Signed in\.\n$/);
    if (process.platform !== 'win32') expect(statSync(transport.settings.path).mode & 0o777).toBe(0o600);
  });

  it('rotates to <run>.old.log when the file outgrows maxSize (electron-log’s archiveLogFn)', () => {
    const dir = userData();
    const transport = createLogFileTransport({ userDataDir: dir, startedAt, pid: 2, maxSize: 400 });
    for (let i = 0; i < 20; i++) transport.write('info', `[app] line ${i} ${'x'.repeat(40)}`);
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['run-2026-03-04T05-06-07-089Z-2.log', 'run-2026-03-04T05-06-07-089Z-2.old.log']);
    expect(statSync(transport.settings.path).size).toBeLessThanOrEqual(400 + 120);
    expect(readFileSync(transport.settings.path, 'utf8')).toContain('line 19');
    if (process.platform !== 'win32') expect(statSync(join(dir, 'logs', 'run-2026-03-04T05-06-07-089Z-2.old.log')).mode & 0o777).toBe(0o600);
  });

  it('keeps the console quiet unless asked (production), and echoes when asked (development)', () => {
    const production = createLogFileTransport({ userDataDir: userData(), consoleLevel: false });
    expect(production.logger.transports.console.level).toBe(false);
    const dev = createLogFileTransport({ userDataDir: userData(), consoleLevel: 'warn' });
    const echoed: string[] = [];
    // electron-log keeps its own references to console methods: capture at its writeFn.
    dev.logger.transports.console.writeFn = ({ message }) => void echoed.push(`${message.level}: ${message.data.join(' ')}`);
    dev.write('info', '[app] below the console level');
    dev.write('warn', '[app] loud');
    expect(echoed).toHaveLength(1);
    expect(echoed[0]).toMatch(/^warn: .*\[app\] loud/);
  });

  it('sends nothing out of the process: no renderer broadcast, no remote server', () => {
    const { logger } = createLogFileTransport({ userDataDir: userData() });
    expect(logger.transports.remote?.level ?? false).toBe(false);
    expect(logger.transports.ipc?.level ?? false).toBe(false);
  });

  it('is what the diagnostics log writes through: redacted lines only', () => {
    const dir = userData();
    const transport = createLogFileTransport({ userDataDir: dir, startedAt, pid: 3 });
    createDiagnosticsLog(transport).write({ level: 'warn', source: 'auth', code: 'invalid_grant', message: 'refused refresh_token=rt-secret-value' });
    const text = readFileSync(transport.settings.path, 'utf8');
    expect(text).toContain('[auth] refused refresh_token=[redacted] (invalid_grant)');
    expect(text).not.toContain('rt-secret-value');
  });

  it('holds no credential sample (each name in each encoding) logged through the diagnostics log', () => {
    const transport = createLogFileTransport({ userDataDir: userData(), startedAt, pid: 4 });
    const log = createDiagnosticsLog(transport);
    const samples = credentialSamples();
    for (const sample of samples) log.write({ level: 'warn', source: 'auth', message: `refused: ${sample.text}` });
    const lines = readFileSync(transport.settings.path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(samples.length);
    expect(samples.filter((_sample, i) => lines[i]?.includes(SECRET)).map((sample) => `${sample.credential} as ${sample.encoding}`)).toEqual([]);
  });

  it('redacts a line handed straight to the transport too, for every credential sample, so no writer can skip redaction', () => {
    const transport = createLogFileTransport({ userDataDir: userData(), startedAt, pid: 5 });
    const samples = credentialSamples();
    for (const sample of samples) transport.write('info', `[app] ${sample.text}`);
    const lines = readFileSync(transport.settings.path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(samples.length);
    expect(samples.filter((_sample, i) => lines[i]?.includes(SECRET)).map((sample) => `${sample.credential} as ${sample.encoding}`)).toEqual([]);
  });
});

describe('pruneOldRuns', () => {
  it('keeps the newest runs (this one included) and their .old.log, and leaves other files alone', () => {
    const dir = userData();
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    const names = Array.from({ length: 5 }, (_, i) => `run-2026-01-0${i + 1}T00-00-00-000Z-1.log`);
    for (const name of [...names, 'run-2026-01-01T00-00-00-000Z-1.old.log', 'notes.txt']) writeFileSync(join(logs, name), 'x');
    const current = 'run-2026-02-01T00-00-00-000Z-9.log';
    const removed = pruneOldRuns({ directory: logs, fileName: current, keepRuns: 3 });
    expect(removed.sort()).toEqual([names[0], 'run-2026-01-01T00-00-00-000Z-1.old.log', names[1], names[2]].sort());
    expect(readdirSync(logs).sort()).toEqual([names[3], names[4], 'notes.txt'].sort());
  });

  it('runs at start, so the folder never grows past the runs kept', () => {
    const dir = userData();
    for (let i = 0; i < 4; i++) createLogFileTransport({ userDataDir: dir, startedAt: new Date(Date.UTC(2026, 0, i + 1)), pid: 1, keepRuns: 2 }).write('info', 'x');
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['run-2026-01-03T00-00-00-000Z-1.log', 'run-2026-01-04T00-00-00-000Z-1.log']);
  });

  it('does nothing when there is no folder yet', () => {
    expect(pruneOldRuns({ directory: join(userData(), 'logs'), fileName: 'run.log', keepRuns: 1 })).toEqual([]);
  });
});
