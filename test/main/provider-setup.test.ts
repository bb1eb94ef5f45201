import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../main/config.ts';
import { loadConfig } from '../../main/config.ts';
import { providerGuideUrl } from '../../main/docs-url.ts';
import type { SetupRequest } from '#ipc-contract';
import { createSetupService, presetSummaries, SetupError, validateSetup, type SetupServiceOptions } from '../../main/provider-setup.ts';
import { derivePreset, findPreset, PRESETS, type PresetId } from '../../main/providers/presets.ts';
import { startTestProvider, type TestProvider } from '../support/provider.ts';

const SAMPLES: Record<PresetId, Record<string, string>> = {
  oci: { domainUrl: 'https://idcs-0123456789abcdef.identity.oraclecloud.com', clientId: 'oci-client' },
  keycloak: { baseUrl: 'https://sso.example.com', realm: 'staff', clientId: 'kc-client' },
  okta: { domain: 'https://dev-123456.okta.com', clientId: 'okta-client' },
  auth0: { domain: 'https://tenant.eu.auth0.com', clientId: 'auth0-client', audience: 'https://api.example.com' },
  entra: { tenant: 'contoso.onmicrosoft.com', clientId: 'entra-client' },
  google: { clientId: 'x.apps.googleusercontent.com', clientSecret: 'GOCSPX-desktop-secret' },
  generic: { issuer: 'https://id.example.com', clientId: 'generic-client' },
};

function setupError(run: () => unknown): SetupError {
  try {
    run();
  } catch (error) {
    if (error instanceof SetupError) return error;
    throw error;
  }
  throw new Error('expected a SetupError');
}

describe('presetSummaries', () => {
  it('lists every preset with its form, as copies, and its guide’s published page', () => {
    const summaries = presetSummaries();
    expect(summaries.map(({ id, name, docs }) => ({ id, name, docs }))).toEqual(PRESETS.map(({ id, name, docs }) => ({ id, name, docs })));
    expect(summaries.map(({ docsUrl }) => docsUrl)).toEqual(PRESETS.map(({ id }) => providerGuideUrl(id)));
    expect(summaries.find((preset) => preset.id === 'generic')?.fields.map((field) => field.name)).toEqual(['issuer', 'clientId', 'scopes', 'redirectPort']);
    summaries[0]!.fields[0]!.label = 'changed';
    expect(findPreset(summaries[0]!.id)?.fields[0]?.label).not.toBe('changed');
  });
});

describe('validateSetup', () => {
  it.each(PRESETS.map((preset) => preset.id))('%s: the saved file is one the app loads, to exactly the derived provider', (id) => {
    const { file, fileText, derived } = validateSetup({ presetId: id, values: SAMPLES[id] }, { allowInsecureLoopback: false });
    expect(fileText).toBe(`${JSON.stringify(file, null, 2)}\n`);
    const loaded = loadConfig({ env: {}, fileText });
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.config.provider).toEqual(derived.provider);
    expect(loaded.config.setup).toEqual({ presetId: id, values: SAMPLES[id] });
  });

  it.each([
    ['a required field left empty', { presetId: 'generic', values: { issuer: 'https://id.example.com' } }, 'clientId', /Client ID is required/],
    ['an http issuer', { presetId: 'generic', values: { issuer: 'http://id.example.com', clientId: 'c' } }, 'issuer', /must use https/],
    ['a realm with a slash', { presetId: 'keycloak', values: { baseUrl: 'https://sso.example.com', realm: 'a/b', clientId: 'c' } }, 'realm', /Realm may contain only/],
    ['a common Entra tenant', { presetId: 'entra', values: { tenant: 'common', clientId: 'c' } }, 'tenant', /templated issuer/],
    ['an http API', { presetId: 'generic', values: SAMPLES.generic, apiUrl: 'http://api.example.com/me' }, 'apiUrl', /must use https/],
    ['an API URL with credentials', { presetId: 'generic', values: SAMPLES.generic, apiUrl: 'https://u:p@api.example.com/me' }, 'apiUrl', /without credentials/],
    ['an API URL that is not one', { presetId: 'generic', values: SAMPLES.generic, apiUrl: 'api' }, 'apiUrl', /not a valid URL/],
    ['a two-line provider name', { presetId: 'generic', values: SAMPLES.generic, providerName: 'Acme\nEvil' }, 'providerName', /one line/],
  ] as const)('names the field for %s', (_what, request, field, message) => {
    const error = setupError(() => validateSetup(request, { allowInsecureLoopback: false }));
    expect(error).toMatchObject({ code: 'invalid_setup', field });
    expect(error.message).toMatch(message);
  });

  it('accepts the local http provider and API only while the demo provider runs', () => {
    const request: SetupRequest = { presetId: 'okta', values: { domain: 'http://127.0.0.1:4000', authorizationServer: 'org', clientId: 'c' }, apiUrl: 'http://127.0.0.1:4000/api/profile' };
    expect(setupError(() => validateSetup(request, { allowInsecureLoopback: false }))).toMatchObject({ field: 'domain' });
    const { file } = validateSetup(request, { allowInsecureLoopback: true });
    expect(file).toMatchObject({ issuer: 'http://127.0.0.1:4000', allowInsecureRequests: true, apiUrl: 'http://127.0.0.1:4000/api/profile' });
    // An https provider never lets its token go to an http API, demo or not.
    const mixed = { ...request, values: SAMPLES.okta };
    expect(setupError(() => validateSetup(mixed, { allowInsecureLoopback: true }))).toMatchObject({ field: 'apiUrl' });
  });

  // generic.derive once turned an accepted http://127.0.0.1 issuer into "https://http://...".
  it('generic: keeps an accepted http://127.0.0.1 issuer as typed (the e2e setup spec picks Generic)', () => {
    const { file } = validateSetup({ presetId: 'generic', values: { issuer: 'http://127.0.0.1:4000', clientId: 'c' } }, { allowInsecureLoopback: true });
    expect(file).toMatchObject({ issuer: 'http://127.0.0.1:4000', allowInsecureRequests: true });
  });

  it('keeps only the form’s own fields, and Google’s desktop secret (RFC 8252 §8.5) but no other', () => {
    const google = validateSetup({ presetId: 'google', values: SAMPLES.google }, { allowInsecureLoopback: false }).file;
    expect(google).toMatchObject({ clientSecret: 'GOCSPX-desktop-secret', values: { clientSecret: 'GOCSPX-desktop-secret' } });
    const generic = validateSetup({ presetId: 'generic', values: { ...SAMPLES.generic, clientSecret: 'smuggled', extra: 'x' } }, { allowInsecureLoopback: false }).file;
    expect(JSON.stringify(generic)).not.toMatch(/smuggled|extra/);
    expect(generic).toEqual({
      ...derivePreset(findPreset('generic')!, SAMPLES.generic).provider,
      presetId: 'generic',
      values: SAMPLES.generic,
    });
  });
});

describe('createSetupService', () => {
  let provider: TestProvider;
  const demoEnv = () => ({ OIDC_DEMO_ISSUER: provider.issuer });
  // The Okta preset with the "org" server derives the bare origin: the local provider's issuer.
  const localValues = (issuer: string) => ({ domain: issuer, authorizationServer: 'org', clientId: provider.clientId });
  const localRequest = (): SetupRequest => ({ presetId: 'okta', values: localValues(provider.issuer), apiUrl: provider.apiUrl, providerName: 'Local' });

  beforeAll(async () => {
    provider = await startTestProvider();
  });
  afterAll(async () => {
    await provider.close();
  });

  function service(overrides: Partial<SetupServiceOptions> = {}) {
    const userDataDir = mkdtempSync(join(tmpdir(), 'setup-test-'));
    const applied: AppConfig[] = [];
    const options: SetupServiceOptions = {
      env: demoEnv(),
      allowInsecureLoopback: true,
      configPath: join(userDataDir, 'config.json'),
      current: () => undefined,
      apply: async (config) => void applied.push(config),
      ...overrides,
    };
    return { setup: createSetupService(options), applied, userDataDir, configPath: options.configPath };
  }

  describe('getSetup', () => {
    it('lists the presets and says nothing is configured yet', async () => {
      const info = await service().setup.getSetup();
      expect(info.source).toBe('none');
      expect(info).not.toHaveProperty('saved');
      expect(info.presets.map((preset) => preset.id)).toEqual(PRESETS.map((preset) => preset.id));
    });

    it('gives back what was saved, and where the configuration in use comes from', async () => {
      const saved: SetupRequest = { presetId: 'generic', values: SAMPLES.generic };
      const current: AppConfig = { provider: { issuer: 'https://id.example.com', clientId: 'c' }, providerName: 'x', demo: false, browserOrigins: [], source: 'file', setup: saved };
      await expect(service({ current: () => current }).setup.getSetup()).resolves.toMatchObject({ source: 'file', saved });
      await expect(service({ current: () => ({ ...current, source: 'env' }) }).setup.getSetup()).resolves.toMatchObject({ source: 'env' });
    });
  });

  describe('testConnection', () => {
    it('reads the provider with a throw-away service and reports what to register, through the app’s fetch', async () => {
      const fetched: string[] = [];
      const fetch: typeof globalThis.fetch = (input, init) => {
        fetched.push(String(input instanceof Request ? input.url : input));
        return globalThis.fetch(input, init);
      };
      const { setup, configPath } = service({ fetch });
      const report = await setup.testConnection(localRequest());
      expect(report).toEqual({
        issuer: provider.issuer,
        redirectUri: 'http://127.0.0.1:53682/callback',
        postLogoutRedirectUri: 'http://127.0.0.1:53682/signed-out',
        notes: findPreset('okta')!.derive(SAMPLES.okta).notes,
        features: { pkceS256: true, refreshTokens: true, revocation: true, endSession: true, userInfo: true, issParameter: true, dpop: false, par: false, requirePar: false, deviceFlow: false },
      });
      expect(fetched).toEqual([`${provider.issuer}/.well-known/openid-configuration`]);
      // Nothing saved, no browser opened.
      expect(readdirSync(join(configPath, '..'))).toEqual([]);
    });

    it('names the field when the preset refuses a value, without touching the network', async () => {
      provider.clearRequests();
      await expect(service().setup.testConnection({ presetId: 'okta', values: { domain: provider.issuer } })).rejects.toMatchObject({ name: 'SetupError', code: 'invalid_setup', field: 'clientId' });
      expect(provider.requests).toEqual([]);
    });

    it('refuses the local http provider when the app does not run the demo provider', async () => {
      await expect(service({ env: {}, allowInsecureLoopback: false }).setup.testConnection(localRequest())).rejects.toMatchObject({ code: 'invalid_setup', field: 'domain' });
    });

    it('reports an unreachable provider with the core’s code and message', async () => {
      const closed = createServer().listen(0, '127.0.0.1');
      await new Promise((resolve) => closed.once('listening', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const request: SetupRequest = { presetId: 'okta', values: localValues(`http://127.0.0.1:${port}`) };
      await expect(service().setup.testConnection(request)).rejects.toMatchObject({
        name: 'AuthError',
        code: 'provider_unreachable',
        message: expect.stringContaining(`Could not reach the identity provider at http://127.0.0.1:${port}`),
      });
    });

    it('reports an issuer where the provider serves no metadata', async () => {
      // The "default" server's issuer is <origin>/oauth2/default: nothing there.
      const request: SetupRequest = { presetId: 'okta', values: { ...localValues(provider.issuer), authorizationServer: 'default' } };
      await expect(service().setup.testConnection(request)).rejects.toMatchObject({ code: 'discovery_failed', message: expect.stringContaining('/oauth2/default/.well-known/openid-configuration') });
    });
  });

  describe('saveSetup', () => {
    it('writes config.json (owner-only, non-secret fields, the form to show again) and switches the app to it', async () => {
      const { setup, applied, configPath, userDataDir } = service();
      await setup.saveSetup(localRequest());
      expect(readdirSync(userDataDir)).toEqual(['config.json']);
      if (process.platform !== 'win32') expect(statSync(configPath).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(configPath, 'utf8'))).toEqual({
        issuer: provider.issuer,
        clientId: provider.clientId,
        redirectPort: 53682,
        prompt: '',
        allowInsecureRequests: true,
        providerName: 'Local',
        apiUrl: provider.apiUrl,
        presetId: 'okta',
        values: localValues(provider.issuer),
      });
      expect(applied).toEqual([
        expect.objectContaining({ provider: expect.objectContaining({ issuer: provider.issuer }), providerName: 'Local', apiUrl: provider.apiUrl, source: 'file', demo: false, setup: localRequest() }),
      ]);
    });

    it('refuses when environment variables configure the provider (they would win), writing nothing', async () => {
      const current: AppConfig = { provider: { issuer: 'https://env.example.com', clientId: 'c' }, providerName: 'env', demo: false, browserOrigins: [], source: 'env' };
      const { setup, applied, userDataDir } = service({ current: () => current });
      await expect(setup.saveSetup(localRequest())).rejects.toMatchObject({ code: 'env_configured', message: expect.stringContaining('environment variables') });
      expect(readdirSync(userDataDir)).toEqual([]);
      expect(applied).toEqual([]);
    });

    it('validates exactly like Test connection, and writes nothing when it fails', async () => {
      const { setup, userDataDir } = service({ env: {}, allowInsecureLoopback: false });
      await expect(setup.saveSetup(localRequest())).rejects.toMatchObject({ code: 'invalid_setup', field: 'domain' });
      expect(readdirSync(userDataDir)).toEqual([]);
    });

    it('applies what a restart would read: the environment still wins field by field', async () => {
      const { setup, applied } = service({ env: { ...demoEnv(), OIDC_SCOPES: 'openid email' } });
      await setup.saveSetup(localRequest());
      expect(applied[0]?.provider.scopes).toEqual(['openid', 'email']);
    });
  });
});
