import { describe, expect, it } from 'vitest';
import { createDiagnosticsLog, RECENT_ERRORS_KEPT } from '../../main/diagnostics-log.ts';
import { MemoryLogTransport } from '../fakes/log-transport.ts';
import { credentialSamples, SECRET } from '../support/credential-samples.ts';

const at = (iso: string) => () => new Date(iso);

describe('createDiagnosticsLog', () => {
  it('writes one redacted line per event, with its source and code', () => {
    const transport = new MemoryLogTransport();
    const log = createDiagnosticsLog(transport);
    log.write({ level: 'info', message: 'Signed in.', source: 'auth' });
    log.write({ level: 'warn', message: 'Callback http://127.0.0.1:5000/callback?code=c-1&state=s-1 refused', code: 'invalid_grant' });
    log.write({ level: 'debug', message: 'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln\nforged line' });
    expect(transport.lines).toEqual([
      { level: 'info', line: '[auth] Signed in.' },
      { level: 'warn', line: '[app] Callback http://127.0.0.1:5000/callback?[redacted] refused (invalid_grant)' },
      { level: 'debug', line: '[app] token [redacted:jwt] forged line' },
    ]);
  });

  it('redacts every credential sample (each name in each encoding) in the lines the transport receives and in the errors it keeps', () => {
    const transport = new MemoryLogTransport();
    const log = createDiagnosticsLog(transport, { keepErrors: Infinity });
    const samples = credentialSamples();
    for (const sample of samples) log.write({ level: 'error', source: 'auth', message: `Sign-in failed: ${sample.text}` });
    expect(transport.lines).toHaveLength(samples.length);
    const leaked = samples.filter((_sample, i) => transport.lines[i]?.line.includes(SECRET) || log.recentErrors()[i]?.message.includes(SECRET));
    expect(leaked.map((sample) => `${sample.credential} as ${sample.encoding}`)).toEqual([]);
  });

  it('keeps codes and sources to identifiers, so they cannot smuggle text past redaction', () => {
    const transport = new MemoryLogTransport();
    const log = createDiagnosticsLog(transport);
    log.write({ level: 'error', message: 'failed', code: 'x code=secret', source: 'auth code=secret' });
    expect(transport.text()).not.toContain('secret');
    expect(log.recentErrors()[0]).not.toHaveProperty('code');
  });

  it('remembers the last errors and coded warnings, with their times, redacted', () => {
    const log = createDiagnosticsLog(new MemoryLogTransport(), { now: at('2026-01-02T03:04:05.000Z') });
    log.write({ level: 'info', message: 'Signed in.' });
    log.write({ level: 'warn', message: 'Not a person-facing failure' });
    log.write({ level: 'warn', message: 'Sign-in failed: state=abc', code: 'access_denied', source: 'auth' });
    log.write({ level: 'error', message: 'Restoring failed', source: 'app' });
    expect(log.recentErrors()).toEqual([
      { time: '2026-01-02T03:04:05.000Z', level: 'warn', source: 'auth', code: 'access_denied', message: 'Sign-in failed: state=[redacted]' },
      { time: '2026-01-02T03:04:05.000Z', level: 'error', source: 'app', message: 'Restoring failed' },
    ]);
  });

  it(`keeps only the last ${RECENT_ERRORS_KEPT} errors`, () => {
    const log = createDiagnosticsLog(new MemoryLogTransport());
    for (let i = 0; i < 30; i++) log.write({ level: 'error', message: `failure ${i}` });
    const errors = log.recentErrors();
    expect(errors).toHaveLength(RECENT_ERRORS_KEPT);
    expect(errors[0]?.message).toBe('failure 10');
    expect(errors.at(-1)?.message).toBe('failure 29');
  });

  it('never throws, even when the transport does', () => {
    const log = createDiagnosticsLog({
      write: () => {
        throw new Error('ENOSPC');
      },
    });
    expect(() => log.write({ level: 'error', message: 'x' })).not.toThrow();
  });
});
