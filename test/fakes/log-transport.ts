/**
 * The diagnostics log's transport in memory: what would have been written to the file, line by
 * line, for tests to search (the file transport itself is tested in log-file.test.ts).
 */
import type { DiagnosticsLevel, LogTransport } from '../../main/diagnostics-log.ts';

/** Keeps every line written, with its level. */
export class MemoryLogTransport implements LogTransport {
  readonly lines: Array<{ level: DiagnosticsLevel; line: string }> = [];

  write(level: DiagnosticsLevel, line: string): void {
    this.lines.push({ level, line });
  }

  /** Everything written, one line per entry, as the file would hold it. */
  text(): string {
    return this.lines.map(({ level, line }) => `[${level}] ${line}`).join('\n');
  }
}
