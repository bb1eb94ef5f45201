/**
 * The renderer's policy in the built app and under `npm run dev`: the dev server's adds only
 * what hot reload needs (a WebSocket to that server, a per-start nonce) and keeps every other
 * directive as strict.
 */
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, devServerContentSecurityPolicy, withContentSecurityPolicy } from '../../main/content-security-policy.ts';

const directives = (policy: string): Record<string, string> =>
  Object.fromEntries(
    policy.split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );

const NONCE = 'r4nd0m-n0nce-0f-24-chars';

describe('the Content-Security-Policy', () => {
  it('in the built app: no inline code, no network, no WebSocket', () => {
    const built = directives(CONTENT_SECURITY_POLICY);
    expect(built['script-src']).toBe("'self'");
    expect(built['style-src']).toBe("'self'");
    expect(built['connect-src']).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|nonce|ws:|localhost/);
  });

  it('under the dev server: the same policy plus the HMR WebSocket to that server and the nonce, nothing else', () => {
    const dev = directives(devServerContentSecurityPolicy({ serverOrigin: 'http://localhost:5173', nonce: NONCE }));
    expect(dev).toEqual({
      ...directives(CONTENT_SECURITY_POLICY),
      'script-src': `'self' 'nonce-${NONCE}'`,
      'style-src': `'self' 'nonce-${NONCE}'`,
      'connect-src': 'ws://localhost:5173',
    });
    expect(Object.values(dev).join(' ')).not.toMatch(/unsafe-inline|unsafe-eval|\*|http:/);
  });

  it.each(['https://localhost:5173', 'http://example.com:5173', 'http://localhost', 'http://localhost:5173/app'])(
    'refuses a dev server at %s',
    (serverOrigin) => {
      expect(() => devServerContentSecurityPolicy({ serverOrigin, nonce: NONCE })).toThrow(/plain http:\/\/localhost:<port> origin/);
    },
  );

  it.each(['', 'short', "abc' 'unsafe-inline", 'a b c d e f g h i j k l'])('refuses the nonce %j', (nonce) => {
    expect(() => devServerContentSecurityPolicy({ serverOrigin: 'http://localhost:5173', nonce })).toThrow(/nonce/);
  });

  it('replaces the policy in a page’s meta tag, and refuses a page without one', () => {
    const html = '<head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'"><title>x</title></head>';
    expect(withContentSecurityPolicy(html, "script-src 'self'")).toBe(
      '<head><meta http-equiv="Content-Security-Policy" content="script-src \'self\'"><title>x</title></head>',
    );
    expect(() => withContentSecurityPolicy('<head></head>', "script-src 'self'")).toThrow(/no Content-Security-Policy meta tag/);
  });
});
