import { describe, expect, it, vi } from 'vitest';
import {
  checkLinkUrl,
  checkProviderUrl,
  createProviderOpener,
  createProviderUrlPolicy,
  isLoopbackHost,
} from '../../main/external-url.ts';

const provider = createProviderUrlPolicy({ issuer: 'https://login.example.com/tenant/v2.0' });
const demo = createProviderUrlPolicy({ issuer: 'http://127.0.0.1:4000', allowInsecureRequests: true });

describe('checkProviderUrl', () => {
  it("opens https URLs on the provider's origin, normalized", () => {
    expect(checkProviderUrl('https://login.example.com/authorize?client_id=a&state=s', provider)).toEqual({
      ok: true,
      url: 'https://login.example.com/authorize?client_id=a&state=s',
    });
    expect(checkProviderUrl('HTTPS://LOGIN.EXAMPLE.COM/logout', provider)).toEqual({ ok: true, url: 'https://login.example.com/logout' });
  });

  it.each([
    ['file:', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['a custom scheme', 'ms-settings:privacy'],
    ['another custom scheme', 'vscode://extension/install'],
    ['a foreign origin', 'https://evil.example/authorize'],
    ['a look-alike origin', 'https://login.example.com.evil.example/authorize'],
    ['another port', 'https://login.example.com:8443/authorize'],
    ['credentials', 'https://user:pass@login.example.com/authorize'],
    ['a username that reads like the provider', 'https://login.example.com@evil.example/'],
    ['http on the provider host', 'http://login.example.com/authorize'],
    ['a backslash trick', 'https://evil.example\\@login.example.com/'],
    ['whitespace', 'https://login.example.com/authorize?x= y'],
    ['a newline', 'https://login.example.com/\nauthorize'],
    ['not a URL', 'login.example.com/authorize'],
    ['an empty string', ''],
  ])('refuses %s', (_what, url) => {
    const check = checkProviderUrl(url, provider);
    expect(check.ok).toBe(false);
  });

  it('refuses very long URLs', () => {
    expect(checkProviderUrl(`https://login.example.com/?q=${'a'.repeat(20_000)}`, provider).ok).toBe(false);
  });

  it('names the refused origin, not the whole URL (it may carry state)', () => {
    const check = checkProviderUrl('https://evil.example/authorize?state=secret-ish', provider);
    expect(check).toMatchObject({ ok: false });
    if (!check.ok) {
      expect(check.reason).toContain('https://evil.example');
      expect(check.reason).not.toContain('secret-ish');
    }
  });

  it('allows http only for the loopback demo provider, and only on its origin', () => {
    expect(checkProviderUrl('http://127.0.0.1:4000/auth?x=1', demo).ok).toBe(true);
    expect(checkProviderUrl('http://127.0.0.1:4001/auth', demo).ok).toBe(false);
    expect(checkProviderUrl('http://localhost:4000/auth', demo).ok).toBe(false);
    const insecureRemote = createProviderUrlPolicy({ issuer: 'http://login.example.com', allowInsecureRequests: true });
    expect(checkProviderUrl('http://login.example.com/auth', insecureRemote).ok).toBe(false);
    const loopbackWithoutOptIn = createProviderUrlPolicy({ issuer: 'http://127.0.0.1:4000' });
    expect(checkProviderUrl('http://127.0.0.1:4000/auth', loopbackWithoutOptIn).ok).toBe(false);
  });

  it('allows the extra browser origins a provider needs (e.g. a separate hosted login domain)', () => {
    const cognito = createProviderUrlPolicy({
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
      browserOrigins: ['https://myapp.auth.eu-west-1.amazoncognito.com'],
    });
    expect(checkProviderUrl('https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/authorize', cognito).ok).toBe(true);
    expect(checkProviderUrl('https://other.auth.eu-west-1.amazoncognito.com/oauth2/authorize', cognito).ok).toBe(false);
  });
});

describe('checkLinkUrl', () => {
  it('opens https links anywhere', () => {
    expect(checkLinkUrl('https://openid.net/developers/how-connect-works/')).toEqual({
      ok: true,
      url: 'https://openid.net/developers/how-connect-works/',
    });
  });

  it.each(['http://example.com/', 'file:///C:/Windows/System32/calc.exe', 'javascript:alert(1)', 'mailto:a@example.com', 'https://u:p@example.com/', 'smb://host/share'])(
    'refuses %s',
    (url) => {
      expect(checkLinkUrl(url).ok).toBe(false);
    },
  );
});

describe('createProviderOpener', () => {
  it('passes allowed URLs to the browser and throws for the rest without opening anything', async () => {
    const openExternal = vi.fn(async (_url: string) => {});
    const open = createProviderOpener(openExternal, provider);
    await open('https://login.example.com/authorize?x=1');
    await expect(open('file:///etc/passwd')).rejects.toThrow(/file:/);
    await expect(open('https://evil.example/')).rejects.toThrow(/not the configured provider/);
    expect(openExternal.mock.calls).toEqual([['https://login.example.com/authorize?x=1']]);
  });
});

describe('isLoopbackHost', () => {
  it('knows the loopback names and nothing else', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['128.0.0.1', 'localhost.example.com', '127.0.0.1.nip.io', '0.0.0.0', '[::]']) expect(isLoopbackHost(host)).toBe(false);
  });
});
