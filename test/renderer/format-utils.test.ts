import { describe, expect, it } from 'vitest';
import { toClaimRows } from '../../renderer/src/utils/claims.ts';
import { formatDuration } from '../../renderer/src/utils/format-duration.ts';
import { initialsOf, profileFromClaims } from '../../renderer/src/utils/profile.ts';
import { safeImageUrl } from '../../renderer/src/utils/safe-image-url.ts';

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [7, '0:07'],
    [65, '1:05'],
    [3599, '59:59'],
    [3725, '1:02:05'],
    [-3, '0:00'],
  ])('reads %d seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('safeImageUrl', () => {
  it.each([
    ['https://cdn.example.com/a.png', 'https://cdn.example.com/a.png'],
    ['  https://cdn.example.com/a b.png ', 'https://cdn.example.com/a%20b.png'],
    ['data:image/png;base64,iVBORw0KGgo=', 'data:image/png;base64,iVBORw0KGgo='],
  ])('keeps %s', (input, output) => {
    expect(safeImageUrl(input)).toBe(output);
  });

  it.each(['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'http://example.com/a.png', 'data:text/html,<b>x</b>', 'file:///etc/passwd', '/relative.png', '', 42, null])(
    'drops %s',
    (input) => {
      expect(safeImageUrl(input)).toBeUndefined();
    },
  );
});

describe('profile', () => {
  it('names the person from the most human claim available', () => {
    expect(profileFromClaims({ sub: 's', name: 'Ada Lovelace' }).name).toBe('Ada Lovelace');
    expect(profileFromClaims({ sub: 's', given_name: 'Ada', family_name: 'Lovelace' }).name).toBe('Ada Lovelace');
    expect(profileFromClaims({ sub: 's', preferred_username: 'ada' }).name).toBe('ada');
    expect(profileFromClaims({ sub: 's', email: 'ada@example.com' }).name).toBe('ada@example.com');
    expect(profileFromClaims({ sub: 's' }).name).toBe('s');
    expect(profileFromClaims({ name: 42 }).name).toBe('Unknown user');
  });

  it.each([
    ['Ada Lovelace', 'AL'],
    ['Ada King Lovelace', 'AL'],
    ['ada', 'A'],
    ['ada.lovelace@example.com', 'AL'],
    ['émile zola', 'ÉZ'],
    ['', '?'],
  ])('takes the initials of %s', (name, initials) => {
    expect(initialsOf(name)).toBe(initials);
  });
});

describe('toClaimRows', () => {
  it('keeps the provider’s order and every value as raw JSON', () => {
    const rows = toClaimRows({ sub: 'u1', exp: 1_767_229_200, email_verified: false, groups: ['a', 'b'], nothing: null });
    expect(rows.map((row) => row.name)).toEqual(['sub', 'exp', 'email_verified', 'groups', 'nothing']);
    expect(rows.map((row) => row.raw)).toEqual(['"u1"', '1767229200', 'false', '["a","b"]', 'null']);
    expect(rows[1]).toMatchObject({ label: 'Expires', dateTime: '2026-01-01T01:00:00.000Z' });
    expect(rows[2]?.display).toBe('No');
    expect(rows[3]).toMatchObject({ display: '["a","b"]', structured: true });
  });

  it('leaves a time claim that is not a usable moment as it is', () => {
    expect(toClaimRows({ updated_at: '2026-01-01' })[0]).toMatchObject({ display: '2026-01-01', dateTime: undefined });
    expect(toClaimRows({ exp: 1e20 })[0]).toMatchObject({ display: '100000000000000000000', dateTime: undefined });
    expect(profileFromClaims({ auth_time: 1e20 }).authenticatedAt).toBeUndefined();
  });

  it('spreads long objects over lines', () => {
    const [row] = toClaimRows({ address: { street_address: '12 Example Road', locality: 'London', country: 'United Kingdom' } });
    expect(row?.display).toContain('\n');
  });
});
