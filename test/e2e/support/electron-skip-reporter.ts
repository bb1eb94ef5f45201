/**
 * Says loudly, once per run and last, when the electron project did not really run: a row of
 * skipped tests in a long list is easy to miss, and a suite that skips itself must never look
 * like a suite that passed. (Each skipped test also carries the reason as its annotation.)
 */
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { findElectronBinary } from './electron-binary.ts';

const PROJECT = 'electron';

function banner(lines: string[]): string {
  const width = Math.max(...lines.map((line) => line.length));
  const rule = '!'.repeat(width + 4);
  return ['', rule, ...lines.map((line) => `! ${line.padEnd(width)} !`), rule, ''].join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export default class ElectronSkipReporter implements Reporter {
  private selected = 0;
  private skipped = 0;
  private reason: string | undefined;

  onBegin(_config: FullConfig, suite: Suite): void {
    this.selected = suite.allTests().filter((test) => test.parent.project()?.name === PROJECT).length;
    try {
      const binary = findElectronBinary();
      if (!binary.ok) this.reason = binary.reason;
    } catch {
      // A missing E2E_EXECUTABLE_PATH fails every electron test with its own message.
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (test.parent.project()?.name === PROJECT && result.status === 'skipped') this.skipped++;
  }

  onEnd(_result: FullResult): void {
    if (this.reason === undefined || this.skipped === 0) return;
    console.warn(
      banner([
        `${this.skipped} of ${this.selected} ${PROJECT} tests were SKIPPED, not passed: the real app was not tested.`,
        ...wrap(this.reason, 96),
      ]),
    );
  }

  printsToStdio(): boolean {
    return true;
  }
}
