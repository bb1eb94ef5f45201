/**
 * The diagnostics log: one narrow door for everything the app writes about itself. Redaction
 * happens here, by construction: events are plain `{ level, message, code }` records (the core's
 * `AuthLogEvent` shape, which never holds a token), and every text goes through `redact()`
 * before a transport sees it. The transport (a file in the app, memory in tests) only ever
 * receives finished, redacted lines. Pure: no Electron, no I/O of its own.
 */
import type { AuthLogEvent } from './auth/types.ts';
import { redact } from './redact.ts';

/** Levels, lowest first. */
export type DiagnosticsLevel = AuthLogEvent['level'];

/** One thing worth writing down: the core's AuthLogEvent, plus where it came from. */
export interface DiagnosticsEvent extends AuthLogEvent {
  /** `auth` (the core), `app`, `ipc`, `setup`...: shown as a `[source]` prefix. */
  source?: string;
}

/** An error kept for the diagnostics report (already redacted). */
export interface RecordedError {
  /** ISO 8601, UTC. */
  time: string;
  level: 'warn' | 'error';
  source: string;
  code?: string;
  message: string;
}

/** Where finished lines go: a log file, the console, memory. Receives redacted text only. */
export interface LogTransport {
  write(level: DiagnosticsLevel, line: string): void;
}

/** The app's log, behind an interface so tests can swap the transport. */
export interface DiagnosticsLog {
  /** Redacts and writes one event; never throws (diagnostics must not break the app). */
  write(event: DiagnosticsEvent): void;
  /** The last errors (newest last): error-level events, and warnings that carry a code. */
  recentErrors(): RecordedError[];
}

/** How many errors the report keeps. */
export const RECENT_ERRORS_KEPT = 20;

// Codes are identifiers; anything else in that slot is noise or an attempt to smuggle text.
const CODE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Options of {@link createDiagnosticsLog}. */
export interface DiagnosticsLogOptions {
  /** The clock; tests fix it. */
  now?: () => Date;
  /** Default {@link RECENT_ERRORS_KEPT}. */
  keepErrors?: number;
}

/** Creates the log over `transport`. */
export function createDiagnosticsLog(transport: LogTransport, options: DiagnosticsLogOptions = {}): DiagnosticsLog {
  const now = options.now ?? (() => new Date());
  const keep = options.keepErrors ?? RECENT_ERRORS_KEPT;
  const errors: RecordedError[] = [];

  return {
    write(event) {
      try {
        const source = CODE_PATTERN.test(event.source ?? '') ? (event.source as string) : 'app';
        const code = event.code !== undefined && CODE_PATTERN.test(event.code) ? event.code : undefined;
        const message = redact(event.message);
        transport.write(event.level, `[${source}] ${message}${code ? ` (${code})` : ''}`);
        if (event.level === 'error' || (event.level === 'warn' && code !== undefined)) {
          errors.push({ time: now().toISOString(), level: event.level, source, ...(code ? { code } : {}), message });
          if (errors.length > keep) errors.splice(0, errors.length - keep);
        }
      } catch {
        // A full disk or a broken transport must never take a sign-in down with it.
      }
    },
    recentErrors() {
      return errors.map((error) => ({ ...error }));
    },
  };
}
