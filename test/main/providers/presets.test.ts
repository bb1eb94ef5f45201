import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuthService } from '../../../main/auth/index.ts';
import { DEFAULT_FIXED_PORT, findPreset, PRESETS, PresetError } from '../../../main/providers/presets.ts';
import { FakeCipher } from '../../support/fake-cipher.ts';
import { MemoryStore } from '../../support/memory-store.ts';

function derive(id: string, values: Record<string, string>) {
  return findPreset(id)!.derive(values);
}

function fieldError(id: string, values: Record<string, string>): PresetError {
  try {
    derive(id, values);
  } catch (error) {
    if (error instanceof PresetError) return error;
    throw error;
  }
  throw new Error('expected a PresetError');
}

describe('provider presets', () => {
  it('OCI: domain URL as issuer, the OCI token issuer expected, a fixed port, the URIs to register', () => {
    const derived = derive('oci', { domainUrl: 'https://idcs-0123abc.identity.oraclecloud.com:443/', clientId: 'abc123' });
    expect(derived.provider).toEqual({
      issuer: 'https://idcs-0123abc.identity.oraclecloud.com',
      clientId: 'abc123',
      redirectPort: DEFAULT_FIXED_PORT,
      expectedIssuer: 'https://identity.oraclecloud.com/',
    });
    expect(derived.redirectUri).toBe(`http://127.0.0.1:${DEFAULT_FIXED_PORT}/callback`);
    expect(derived.postLogoutRedirectUri).toBe(`http://127.0.0.1:${DEFAULT_FIXED_PORT}/signed-out`);
    expect(derived.notes.join(' ')).toMatch(/Mobile Application.*Configure client access/s);
  });

  it('OCI: a domain whose issuer was changed to its own URL expects no other issuer', () => {
    const derived = derive('oci', { domainUrl: 'idcs-1.identity.oraclecloud.com', clientId: 'x', expectedIssuer: 'https://idcs-1.identity.oraclecloud.com', redirectPort: '8400' });
    expect(derived.provider).toEqual({ issuer: 'https://idcs-1.identity.oraclecloud.com', clientId: 'x', redirectPort: 8400 });
  });

  it('OCI: every console path in the field hints and notes is one docs/providers/oci.md names', () => {
    const oci = findPreset('oci')!;
    const texts = [...oci.fields.map((field) => field.help ?? ''), ...derive('oci', { domainUrl: 'idcs-1.identity.oraclecloud.com', clientId: 'x' }).notes];
    // "Security > OAuth > Issuer": menu names joined by " > ", as the setup screen writes them.
    const paths = texts.flatMap((text) => [...text.matchAll(/[A-Z][A-Za-z&]*(?: [A-Za-z&]+)*(?: > [A-Z][A-Za-z&]*(?: [A-Za-z&]+)*)+/g)].map(([path]) => path));
    expect(paths).toEqual(expect.arrayContaining(['Domain information > Domain URL', 'Security > OAuth > Issuer', 'Settings > Edit domain settings']));
    // The guide writes "**Security** → **OAuth** → *Issuer*".
    const guide = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'providers', 'oci.md'), 'utf8').replace(/[*_]/g, '').replace(/\s*→\s*/g, ' > ');
    for (const path of paths) expect(guide, path).toContain(path);
  });

  it('Keycloak: base URL and realm', () => {
    expect(derive('keycloak', { baseUrl: 'https://sso.example.com/', realm: 'acme', clientId: 'desktop' }).provider).toMatchObject({ issuer: 'https://sso.example.com/realms/acme', redirectPort: DEFAULT_FIXED_PORT });
    expect(derive('keycloak', { baseUrl: 'https://old.example.com/auth', realm: 'acme', clientId: 'desktop' }).provider.issuer).toBe('https://old.example.com/auth/realms/acme');
  });

  it('Okta: custom and org authorization servers', () => {
    expect(derive('okta', { domain: 'dev-1.okta.com', clientId: 'x' }).provider.issuer).toBe('https://dev-1.okta.com/oauth2/default');
    expect(derive('okta', { domain: 'https://dev-1.okta.com', authorizationServer: 'org', clientId: 'x' }).provider.issuer).toBe('https://dev-1.okta.com');
  });

  it('Auth0: the issuer keeps its trailing slash; an audience goes to the authorization request', () => {
    expect(derive('auth0', { domain: 'acme.eu.auth0.com', clientId: 'x', audience: 'https://api.acme.com' }).provider).toMatchObject({
      issuer: 'https://acme.eu.auth0.com/',
      extraAuthorizationParams: { audience: 'https://api.acme.com' },
    });
  });

  it('Entra ID: a tenant, any loopback port, PKCE assumed (Entra does not advertise it), a post-logout URI to register', () => {
    const derived = derive('entra', { tenant: 'contoso.onmicrosoft.com', clientId: 'x' });
    expect(derived.provider).toEqual({ issuer: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0', clientId: 'x', assumeS256PkceSupport: true, prompt: '', selectAccountPrompt: true });
    expect(derived.redirectUri).toBe('http://127.0.0.1/callback');
    expect(derived.postLogoutRedirectUri).toBe('http://127.0.0.1/signed-out');
    expect(fieldError('entra', { tenant: 'common', clientId: 'x' }).field).toBe('tenant');
  });

  it.each([
    // [preset, values, asks offline_access, forces consent]
    ['oci', { domainUrl: 'idcs-1.identity.oraclecloud.com', clientId: 'x' }, true, true],
    ['keycloak', { baseUrl: 'https://sso.example.com', realm: 'acme', clientId: 'x' }, false, false],
    ['okta', { domain: 'dev-1.okta.com', clientId: 'x' }, true, false],
    ['auth0', { domain: 'acme.eu.auth0.com', clientId: 'x' }, true, false],
    ['entra', { tenant: 'contoso.onmicrosoft.com', clientId: 'x' }, true, false],
    ['google', { clientId: 'x.apps.googleusercontent.com', clientSecret: 's' }, false, true],
    ['generic', { issuer: 'https://login.example.com', clientId: 'x', scopes: 'openid profile email offline_access' }, true, true],
  ] as const)('%s: asks offline_access only where its refresh tokens need it, and forces a consent page only where they need that too, with a note saying why', (id, values, offline, consent) => {
    const derived = derive(id, values);
    const scopes = derived.provider.scopes ?? ['openid', 'profile', 'email', 'offline_access'];
    expect(scopes.includes('offline_access')).toBe(offline);
    // The core's default prompt is consent when offline_access is asked; '' sends none.
    const prompt = derived.provider.prompt ?? (scopes.includes('offline_access') ? 'consent' : '');
    expect(prompt === 'consent').toBe(consent);
    expect(derived.notes.some((note) => /consent page/i.test(note))).toBe(consent);
  });

  it('Google: no offline_access scope, access_type=offline, the desktop client secret', () => {
    expect(derive('google', { clientId: 'x.apps.googleusercontent.com', clientSecret: 's' }).provider).toMatchObject({
      issuer: 'https://accounts.google.com',
      scopes: ['openid', 'profile', 'email'],
      extraAuthorizationParams: { access_type: 'offline' },
      clientSecret: 's',
    });
  });

  it('Generic: the issuer as typed, scopes, any free port unless one is given', () => {
    expect(derive('generic', { issuer: 'https://id.example.com/tenant/', clientId: 'x' }).provider).toEqual({
      issuer: 'https://id.example.com/tenant/',
      clientId: 'x',
      scopes: ['openid', 'profile', 'email', 'offline_access'],
    });
    expect(fieldError('generic', { issuer: 'https://id.example.com', clientId: 'x', scopes: 'profile' }).field).toBe('scopes');
  });

  it.each([
    ['oci', { clientId: 'x' }, 'domainUrl', /Domain URL is required/],
    ['oci', { domainUrl: 'http://idcs-1.identity.oraclecloud.com', clientId: 'x' }, 'domainUrl', /must use https/],
    ['oci', { domainUrl: 'https://idcs-1.identity.oraclecloud.com/ui/v1', clientId: 'x' }, 'domainUrl', /just the host/],
    ['oci', { domainUrl: 'https://idcs-1.identity.oraclecloud.com', clientId: 'x', redirectPort: '80' }, 'redirectPort', /1024 to 65535/],
    ['keycloak', { baseUrl: 'https://sso', realm: 'a/b', clientId: 'x' }, 'realm', /Realm may contain/],
    ['okta', { domain: 'dev-1.okta.com' }, 'clientId', /Client ID is required/],
    ['generic', { issuer: 'not a url', clientId: 'x' }, 'issuer', /not a valid URL/],
  ])('%s with %j: an error naming %s', (id, values, field, message) => {
    const error = fieldError(id, values);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('every preset derives a configuration the core accepts', () => {
    const samples: Record<string, Record<string, string>> = {
      oci: { domainUrl: 'https://idcs-1.identity.oraclecloud.com', clientId: 'x' },
      keycloak: { baseUrl: 'https://sso.example.com', realm: 'r', clientId: 'x' },
      okta: { domain: 'dev-1.okta.com', clientId: 'x' },
      auth0: { domain: 'a.auth0.com', clientId: 'x' },
      entra: { tenant: '00000000-0000-0000-0000-000000000000', clientId: 'x' },
      google: { clientId: 'x', clientSecret: 'y' },
      generic: { issuer: 'https://id.example.com', clientId: 'x' },
    };
    for (const preset of PRESETS) {
      const { provider } = preset.derive(samples[preset.id]!);
      expect(() => createAuthService({ provider, store: new MemoryStore(), cipher: new FakeCipher(), openExternal: async () => undefined }), preset.id).not.toThrow();
      expect(preset.docs).toBe(`docs/providers/${preset.id}.md`);
    }
  });
});
