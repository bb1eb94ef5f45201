/**
 * The private-use URI scheme: which links reach the core, how they arrive on each platform, and
 * where the app registers the scheme itself. Electron's `app` is the typed fake.
 */
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProtocolClientFacts, ProtocolClientPlan, RedirectReceiver } from '../../main/deep-link.ts';
import {
  APP_ID,
  createDeepLinkRouter,
  DEEP_LINK_SCHEME,
  MAX_DEEP_LINK_LENGTH,
  parseDeepLink,
  planProtocolClientRegistration,
  registerProtocolClient,
  setupDeepLinks,
  uriSchemeForAppId,
} from '../../main/deep-link.ts';
import { FakeApp, fakeEvent } from '../fakes/electron.ts';

const REDIRECT = 'com.example.oidcdesktop:/callback?code=abc&state=xyz&iss=https%3A%2F%2Flogin.example.com';

function receiver(answer = true) {
  const handleRedirect = vi.fn<RedirectReceiver['handleRedirect']>(async () => answer);
  return { handleRedirect };
}

/** Lets the router's handleRedirect promises settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the scheme', () => {
  it('is the reverse-domain app id, lower-cased', () => {
    expect(APP_ID).toBe('com.example.oidcdesktop');
    expect(DEEP_LINK_SCHEME).toBe('com.example.oidcdesktop');
    expect(uriSchemeForAppId('com.Example.OIDC-Desktop')).toBe('com.example.oidc-desktop');
  });

  it.each(['oidcdesktop', 'com..example', '1com.example', 'com.example_app', 'com.example.app/x', ''])('refuses app id %j', (appId) => {
    expect(() => uriSchemeForAppId(appId)).toThrow(/reverse domain name/);
  });
});

describe('parseDeepLink', () => {
  it('accepts a redirect of the app’s scheme, normalized', () => {
    expect(parseDeepLink(REDIRECT)).toBe(REDIRECT);
    expect(parseDeepLink('COM.EXAMPLE.OIDCDESKTOP:/callback?code=a')).toBe('com.example.oidcdesktop:/callback?code=a');
  });

  it.each([
    ['another scheme', 'com.example.other:/callback?code=a'],
    ['a look-alike scheme', 'com.example.oidcdesktop.evil:/callback?code=a'],
    ['https', 'https://login.example.com/callback?code=a'],
    ['file', 'file:///etc/passwd'],
    ['credentials', 'com.example.oidcdesktop://user:pass@host/callback'],
    ['a username', 'com.example.oidcdesktop://user@host/callback'],
    ['whitespace', 'com.example.oidcdesktop:/callback?code=a b'],
    ['a newline', 'com.example.oidcdesktop:/callback\n?code=a'],
    ['a NUL', 'com.example.oidcdesktop:/callback\u0000'],
    ['an empty string', ''],
    ['a Chromium switch', '--inspect=9229'],
  ])('refuses %s', (_what, url) => {
    expect(parseDeepLink(url)).toBeUndefined();
  });

  it('refuses what is not a string, and what is too long to be a redirect', () => {
    expect(parseDeepLink(undefined)).toBeUndefined();
    expect(parseDeepLink(['com.example.oidcdesktop:/callback'])).toBeUndefined();
    const long = `com.example.oidcdesktop:/callback?code=${'a'.repeat(MAX_DEEP_LINK_LENGTH)}`;
    expect(parseDeepLink(long)).toBeUndefined();
  });
});

describe('createDeepLinkRouter', () => {
  let warnings: string[];
  beforeEach(() => {
    warnings = [];
  });
  const router = () => createDeepLinkRouter({ warn: (message) => warnings.push(message) });

  it('passes valid links to the core, and says "completed" when the core used one for a waiting sign-in', async () => {
    const links = router();
    const core = receiver();
    links.attach(core);
    await expect(links.receiveUrl(REDIRECT)).resolves.toBe('completed');
    expect(core.handleRedirect.mock.calls).toEqual([[REDIRECT]]);
    expect(warnings).toEqual([]);
  });

  it('says "ignored" when the core used no link (none waited, or it failed), "refused" for an invalid link, "none" for a command line without one', async () => {
    const links = router();
    links.attach(receiver(false));
    await expect(links.receiveUrl(REDIRECT)).resolves.toBe('ignored');
    await expect(links.receiveArgv(['/usr/bin/oidc-desktop-signin', '--', REDIRECT])).resolves.toBe('ignored');
    await expect(links.receiveUrl('https://evil.example/callback?code=x')).resolves.toBe('refused');
    await expect(links.receiveArgv(['/usr/bin/oidc-desktop-signin'])).resolves.toBe('none');

    const failing = router();
    failing.attach({ handleRedirect: async () => Promise.reject(new Error('boom')) });
    await expect(failing.receiveUrl(REDIRECT)).resolves.toBe('ignored');
  });

  it('says "completed" for a command line when one of its links completed a waiting sign-in', async () => {
    const links = router();
    links.attach({ handleRedirect: async (url) => url.includes('code=good') });
    await expect(links.receiveArgv(['app', '--', `${REDIRECT}&x=stale`.replace('code=abc', 'code=old'), REDIRECT.replace('code=abc', 'code=good')])).resolves.toBe('completed');
  });

  it('holds links that arrive before the core, and delivers them once it is attached', async () => {
    const links = router();
    const outcome = links.receiveUrl(REDIRECT);
    const core = receiver();
    links.attach(core);
    await expect(outcome).resolves.toBe('completed');
    expect(core.handleRedirect.mock.calls).toEqual([[REDIRECT]]);
  });

  it('holds only a few links before the core is ready', async () => {
    const links = router();
    const outcomes = Array.from({ length: 10 }, (_, i) => links.receiveUrl(`${REDIRECT}&n=${i}`));
    const core = receiver();
    links.attach(core);
    await expect(Promise.all(outcomes)).resolves.toEqual([...Array<string>(4).fill('completed'), ...Array<string>(6).fill('refused')]);
    expect(core.handleRedirect).toHaveBeenCalledTimes(4);
    expect(warnings.some((message) => message.includes('too many'))).toBe(true);
  });

  it('takes the scheme’s arguments from a command line and nothing else', async () => {
    const links = router();
    const core = receiver();
    links.attach(core);
    await links.receiveArgv(['C:\\Program Files\\app.exe', '--allow-file-access-from-files', '--', 'https://evil.example/', REDIRECT]);
    expect(core.handleRedirect.mock.calls).toEqual([[REDIRECT]]);
    expect(warnings).toEqual([]);
  });

  it('refuses malformed links of its scheme without passing them on, and without logging them', async () => {
    const links = router();
    const core = receiver();
    links.attach(core);
    await expect(links.receiveArgv(['com.example.oidcdesktop://user:secret-code@host/callback'])).resolves.toBe('refused');
    await expect(links.receiveUrl('https://login.example.com/callback?code=secret-code')).resolves.toBe('refused');
    expect(core.handleRedirect).not.toHaveBeenCalled();
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).not.toContain('secret-code');
  });

  it('says so when the core ignores a link or fails on it, without logging the link', async () => {
    const links = router();
    links.attach(receiver(false));
    await expect(links.receiveUrl(REDIRECT)).resolves.toBe('ignored');
    expect(warnings).toEqual([expect.stringMatching(/no sign-in was waiting for it/)]);

    const failing = router();
    failing.attach({ handleRedirect: async () => Promise.reject(new Error('boom')) });
    await expect(failing.receiveUrl(REDIRECT)).resolves.toBe('ignored');
    expect(warnings[1]).toMatch(/could not be handled: boom/);
    expect(warnings.join('\n')).not.toContain('code=abc');
  });
});

describe('setupDeepLinks', () => {
  function setup(answer: (url: string) => boolean) {
    const app = new FakeApp();
    const links = createDeepLinkRouter({ warn: () => {} });
    const core = { handleRedirect: vi.fn<RedirectReceiver['handleRedirect']>(async (url) => answer(url)) };
    links.attach(core);
    const focus = vi.fn();
    setupDeepLinks(app, links, focus);
    return { app, core, focus };
  }

  it('takes macOS open-url links, telling macOS it did, and brings the app forward when the link completed a waiting sign-in', async () => {
    const { app, core, focus } = setup(() => true);
    const event = fakeEvent({});
    app.emit('open-url', event, REDIRECT);
    await settle();
    expect(event.defaultPrevented).toBe(true);
    expect(core.handleRedirect.mock.calls).toEqual([[REDIRECT]]);
    expect(focus).toHaveBeenCalledTimes(1);
  });

  it('does not bring the app forward for an open-url link no sign-in waited for, nor for one of another scheme', async () => {
    const { app, core, focus } = setup(() => false);
    app.emit('open-url', fakeEvent({}), REDIRECT);
    app.emit('open-url', fakeEvent({}), 'https://evil.example/callback?code=x');
    await settle();
    expect(core.handleRedirect.mock.calls).toEqual([[REDIRECT]]);
    expect(focus).not.toHaveBeenCalled();
  });

  it('takes links from a second launch’s command line, bringing the app forward when one completed a waiting sign-in', async () => {
    const { app, core, focus } = setup(() => true);
    app.emit('second-instance', fakeEvent({}), ['/usr/bin/oidc-desktop-signin', '--', REDIRECT], '/home/alice', null);
    await settle();
    expect(core.handleRedirect.mock.calls).toEqual([[REDIRECT]]);
    expect(focus).toHaveBeenCalledTimes(1);
  });

  it('does not bring the app forward for a second launch whose link no sign-in waited for, or whose link is invalid', async () => {
    const { app, focus } = setup(() => false);
    app.emit('second-instance', fakeEvent({}), ['/usr/bin/oidc-desktop-signin', '--', REDIRECT], '/home/alice', null);
    app.emit('second-instance', fakeEvent({}), ['/usr/bin/oidc-desktop-signin', '--', 'com.example.oidcdesktop://user:pw@host/callback'], '/home/alice', null);
    await settle();
    expect(focus).not.toHaveBeenCalled();
  });

  it('brings the app forward for a plain second launch, one with no link on its command line', async () => {
    const { app, core, focus } = setup(() => false);
    app.emit('second-instance', fakeEvent({}), ['/usr/bin/oidc-desktop-signin'], '/home/alice', null);
    await settle();
    expect(core.handleRedirect).not.toHaveBeenCalled();
    expect(focus).toHaveBeenCalledTimes(1);
  });
});

describe('planProtocolClientRegistration', () => {
  const packaged = (platform: NodeJS.Platform, env: Record<string, string> = {}): ProtocolClientFacts => ({
    platform,
    isPackaged: true,
    env,
    execPath: platform === 'win32' ? 'C:\\Users\\alice\\AppData\\Local\\Temp\\2Xy\\app.exe' : '/opt/app/oidc-desktop-signin',
    argv: ['app'],
    needed: true,
  });

  it('leaves registration to the installers: macOS bundle, NSIS, deb/rpm desktop entry', () => {
    expect(planProtocolClientRegistration(packaged('darwin'))).toMatchObject({ register: false, reason: expect.stringMatching(/Info\.plist/) });
    expect(planProtocolClientRegistration(packaged('win32'))).toMatchObject({ register: false, reason: expect.stringMatching(/installer/) });
    expect(planProtocolClientRegistration(packaged('linux'))).toMatchObject({ register: false, reason: expect.stringMatching(/desktop entry/) });
    expect(planProtocolClientRegistration(packaged('linux', { APPIMAGE: '/home/alice/app.AppImage' }))).toMatchObject({ register: false });
  });

  it('registers the Windows portable .exe itself (not its temporary copy), with "--" before the URL', () => {
    expect(planProtocolClientRegistration(packaged('win32', { PORTABLE_EXECUTABLE_FILE: 'D:\\Tools\\app-portable.exe' }))).toEqual({
      register: true,
      reason: expect.stringMatching(/portable/),
      path: 'D:\\Tools\\app-portable.exe',
      args: ['--'],
    });
  });

  it('registers nothing when the configuration uses the loopback redirect', () => {
    const facts = { ...packaged('win32', { PORTABLE_EXECUTABLE_FILE: 'D:\\app.exe' }), needed: false };
    expect(planProtocolClientRegistration(facts)).toMatchObject({ register: false, reason: expect.stringMatching(/loopback/) });
  });

  it('registers nothing in development unless asked, then names the app folder', () => {
    const dev: ProtocolClientFacts = { platform: 'win32', isPackaged: false, env: {}, execPath: 'C:\\repo\\node_modules\\electron\\dist\\electron.exe', argv: ['electron.exe', '.'], needed: true };
    expect(planProtocolClientRegistration(dev)).toMatchObject({ register: false, reason: expect.stringMatching(/OIDC_REGISTER_URI_SCHEME=1/) });
    expect(planProtocolClientRegistration({ ...dev, env: { OIDC_REGISTER_URI_SCHEME: '1' } })).toEqual({
      register: true,
      reason: 'OIDC_REGISTER_URI_SCHEME=1',
      path: dev.execPath,
      args: [resolve('.'), '--'],
    });
  });

  it('never registers when told not to', () => {
    expect(planProtocolClientRegistration(packaged('win32', { PORTABLE_EXECUTABLE_FILE: 'D:\\app.exe', OIDC_REGISTER_URI_SCHEME: '0' }))).toMatchObject({
      register: false,
    });
  });
});

describe('registerProtocolClient', () => {
  it('calls setAsDefaultProtocolClient with the plan, and warns when the OS refuses', () => {
    const app = new FakeApp();
    const warnings: string[] = [];
    const plan: ProtocolClientPlan = { register: true, reason: 'test', path: 'D:\\app.exe', args: ['--'] };
    expect(registerProtocolClient(app, plan, DEEP_LINK_SCHEME, (message) => warnings.push(message))).toBe(true);
    expect(app.protocolClients).toEqual([{ protocol: 'com.example.oidcdesktop', path: 'D:\\app.exe', args: ['--'] }]);
    app.protocolClientResult = false;
    expect(registerProtocolClient(app, plan, DEEP_LINK_SCHEME, (message) => warnings.push(message))).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/could not register the com\.example\.oidcdesktop: scheme/)]);
  });

  it('does nothing when the plan says so, and tells a developer why redirects will not arrive', () => {
    const app = new FakeApp();
    const warnings: string[] = [];
    expect(registerProtocolClient(app, { register: false, reason: 'installer' }, DEEP_LINK_SCHEME, (message) => warnings.push(message))).toBe(false);
    expect(warnings).toEqual([]);
    const dev = planProtocolClientRegistration({ platform: 'linux', isPackaged: false, env: {}, execPath: 'electron', argv: ['electron', '.'], needed: true });
    expect(registerProtocolClient(app, dev, DEEP_LINK_SCHEME, (message) => warnings.push(message))).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/not registered .*OIDC_REGISTER_URI_SCHEME=1/)]);
    expect(app.protocolClients).toEqual([]);
  });
});
