/**
 * identity.json, the one place the app's identity is set: validated once, read by the deep-link
 * code, the window, electron-builder.ts and the renderer's name, and its placeholders named.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ID, DEEP_LINK_SCHEME } from '../../main/deep-link.ts';
import { APP_ID as IDENTITY_APP_ID, IDENTITY, placeholderWarnings, PRODUCT_NAME, URI_SCHEME, validateIdentity } from '../../main/identity.ts';
import { APP_TITLE } from '../../main/window-options.ts';
import { APP_NAME } from '../../renderer/src/config/app.ts';

const root = join(import.meta.dirname, '..', '..');
const file = JSON.parse(readFileSync(join(root, 'identity.json'), 'utf8')) as Record<string, unknown>;
const valid = { appId: 'org.acme.signin', productName: 'Acme Sign-in', publisher: 'Acme Ltd', maintainerEmail: 'desktop@acme.org', placeholders: [] };

describe('identity.json', () => {
  it('is what the app runs with: app id, URI scheme, window title and the renderer’s name', () => {
    expect(IDENTITY).toEqual(validateIdentity(file));
    expect(APP_ID).toBe(file.appId);
    expect(IDENTITY_APP_ID).toBe(file.appId);
    // The scheme is the app id verbatim (RFC 8252 §7.1: a reverse domain name the publisher controls).
    expect(URI_SCHEME).toBe(file.appId);
    expect(DEEP_LINK_SCHEME).toBe(URI_SCHEME);
    expect(APP_TITLE).toBe(file.productName);
    expect(PRODUCT_NAME).toBe(file.productName);
    // The renderer keeps its own copy of the name (a string constant keeps the bundle small).
    expect(APP_NAME).toBe(file.productName);
  });

  it('names its example values as placeholders, and the checks find each', () => {
    expect(IDENTITY.placeholders).toEqual(['appId', 'publisher', 'maintainerEmail', 'repository']);
    expect(placeholderWarnings(IDENTITY)).toEqual([
      expect.stringMatching(/^appId is a placeholder \("com\.example\.oidcdesktop"\)/),
      expect.stringMatching(/^publisher is a placeholder/),
      expect.stringMatching(/^maintainerEmail is a placeholder/),
      expect.stringMatching(/^repository is a placeholder \(package\.json "repository"\).*no update feed/),
    ]);
  });

  it('warns about an example domain even when nobody listed it as a placeholder', () => {
    expect(placeholderWarnings(validateIdentity({ ...valid, appId: 'com.example.app' }))).toEqual([expect.stringMatching(/^appId still names an example domain/)]);
    expect(placeholderWarnings(validateIdentity({ ...valid, maintainerEmail: 'me@example.org' }))).toEqual([expect.stringMatching(/^maintainerEmail still names an example domain/)]);
    expect(placeholderWarnings(validateIdentity(valid))).toEqual([]);
  });

  it.each([
    [{ ...valid, appId: 'Org.Acme.Signin' }, /lower-case reverse domain name/],
    [{ ...valid, appId: 'signin' }, /lower-case reverse domain name/],
    [{ ...valid, appId: 'org.acme_signin.app' }, /lower-case reverse domain name/],
    [{ ...valid, productName: '' }, /productName must be a non-empty string/],
    [{ ...valid, maintainerEmail: 'nobody' }, /maintainerEmail "nobody" is not an email address/],
    [{ ...valid, placeholders: ['homepage'] }, /placeholders must list field names/],
    [null, /must hold an object/],
  ])('refuses %j', (value, message) => {
    expect(() => validateIdentity(value)).toThrow(message);
  });
});
