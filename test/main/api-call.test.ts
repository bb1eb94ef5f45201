import { describe, expect, it } from 'vitest';
import { formatBody, MAX_BODY_BYTES, MAX_SHOWN_HEADERS, pickHeaders, toApiCallResult } from '../../main/api-call.ts';

describe('pickHeaders', () => {
  it('shows the telling headers and every x- header, and nothing else (no cookies)', () => {
    expect(
      pickHeaders({
        'Content-Type': 'application/json',
        'content-length': '12',
        'cache-control': 'no-store',
        date: 'Tue, 01 Dec 2026 10:00:00 GMT',
        'www-authenticate': 'Bearer error="invalid_token"',
        'x-request-id': 'r-1',
        'x-resource': 'test-provider-api',
        'set-cookie': 'session=abc',
        server: 'nginx',
      }),
    ).toEqual({
      'content-type': 'application/json',
      'content-length': '12',
      'cache-control': 'no-store',
      date: 'Tue, 01 Dec 2026 10:00:00 GMT',
      'www-authenticate': 'Bearer error="invalid_token"',
      'x-request-id': 'r-1',
      'x-resource': 'test-provider-api',
    });
  });

  it(`shows at most ${MAX_SHOWN_HEADERS}, the named ones first, and cuts long values`, () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`x-h${String(i).padStart(2, '0')}`, 'v']));
    const picked = pickHeaders({ ...many, date: 'today', 'x-long': 'y'.repeat(2_000) });
    expect(Object.keys(picked)).toHaveLength(MAX_SHOWN_HEADERS);
    expect(Object.keys(picked)[0]).toBe('date');
    expect(pickHeaders({ 'x-long': 'y'.repeat(2_000) })['x-long']).toHaveLength(1_027);
  });
});

describe('formatBody', () => {
  it('pretty-prints JSON (and +json types), and leaves anything else as it came', () => {
    expect(formatBody('{"a":[1,2]}', 'application/json; charset=utf-8')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(formatBody('{"type":"x"}', 'application/problem+json')).toBe('{\n  "type": "x"\n}');
    expect(formatBody('{"a":1}', 'text/plain')).toBe('{"a":1}');
    expect(formatBody('not json', 'application/json')).toBe('not json');
  });

  it('cuts at 64 KB, on a character boundary, and says so', () => {
    const body = 'é'.repeat(MAX_BODY_BYTES); // two bytes each
    const shown = formatBody(body, 'text/plain');
    expect(shown.startsWith('é'.repeat(MAX_BODY_BYTES / 2))).toBe(true);
    expect(shown).not.toContain('\uFFFD');
    expect(shown.endsWith('\n... (cut at 64 KB of 128 KB)')).toBe(true);
    expect(formatBody('x'.repeat(MAX_BODY_BYTES), 'text/plain')).toHaveLength(MAX_BODY_BYTES);
  });
});

describe('toApiCallResult', () => {
  it('assembles the renderer’s view', () => {
    expect(
      toApiCallResult('https://api.example.com/me', { status: 401, statusText: 'Unauthorized', headers: { 'content-type': 'application/json' }, body: '{"error":"invalid_token"}', retriedAfterRefresh: true }, 12.6),
    ).toEqual({
      url: 'https://api.example.com/me',
      status: 401,
      statusText: 'Unauthorized',
      headers: { 'content-type': 'application/json' },
      body: '{\n  "error": "invalid_token"\n}',
      contentType: 'application/json',
      durationMs: 13,
      retriedAfterRefresh: true,
    });
    expect(toApiCallResult('https://api.example.com/me', { status: 204, statusText: 'No Content', headers: {}, body: '', retriedAfterRefresh: false }, 1)).not.toHaveProperty('contentType');
  });
});
