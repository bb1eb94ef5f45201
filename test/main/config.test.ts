import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigResult } from '../../main/config.ts';
import { configFilePath, demoProviderPresent, loadAppConfig, loadConfig, readConfigFile, writeConfigFile } from '../../main/config.ts';

function problemsOf(result: ConfigResult): string[] {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.config)}`);
  return result.problems;
}

function configOf(result: ConfigResult) {
  if (!result.ok) throw new Error(result.message);
  return result.config;
}

describe('loadConfig', () => {
  it('reads the provider from environment variables', () => {
    const config = configOf(
      loadConfig({
        env: {
          OIDC_ISSUER: 'https://idcs-123.identity.oraclecloud.com',
          OIDC_CLIENT_ID: 'desktop',
          OIDC_SCOPES: ' openid  profile email ',
          OIDC_REDIRECT_PORT: '8765',
          OIDC_CLIENT_SECRET: 's3cret',
          OIDC_PROVIDER_NAME: 'Oracle Identity',
          OIDC_ALLOW_INSECURE_REQUESTS: 'false',
        },
      }),
    );
    expect(config).toEqual({
      provider: {
        issuer: 'https://idcs-123.identity.oraclecloud.com',
        clientId: 'desktop',
        scopes: ['openid', 'profile', 'email'],
        redirectPort: 8765,
        clientSecret: 's3cret',
        allowInsecureRequests: false,
      },
      providerName: 'Oracle Identity',
      demo: false,
      browserOrigins: [],
      source: 'env',
    });
  });

  it('reads config.json, and the environment overrides it field by field', () => {
    const fileText = JSON.stringify({
      issuer: 'https://login.example.com',
      clientId: 'from-file',
      redirectPort: 5000,
      extraAuthorizationParams: { audience: 'api://default' },
      browserOrigins: ['https://hosted.example.net'],
    });
    const config = configOf(loadConfig({ env: { OIDC_CLIENT_ID: 'from-env' }, fileText }));
    expect(config.provider).toEqual({
      issuer: 'https://login.example.com',
      clientId: 'from-env',
      redirectPort: 5000,
      extraAuthorizationParams: { audience: 'api://default' },
    });
    expect(config.providerName).toBe('login.example.com');
    expect(config.browserOrigins).toEqual(['https://hosted.example.net']);
  });

  it('treats empty environment variables as not set', () => {
    const config = configOf(loadConfig({ env: { OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: '' } }));
    expect(config.provider).not.toHaveProperty('clientSecret');
  });

  it.each([
    [{ redirectPort: 0 }, 'config.json: redirectPort must be an integer from 1 to 65535'],
    [{ redirectPort: 70_000 }, 'config.json: redirectPort must be an integer from 1 to 65535'],
    [{ redirectPort: 80.5 }, 'config.json: redirectPort must be an integer from 1 to 65535'],
    [{ redirectPort: '8080' }, 'config.json: redirectPort must be an integer from 1 to 65535'],
    [{ issuer: 'not a url' }, 'config.json: issuer must be a URL such as https://login.example.com'],
    [{ issuer: 'http://login.example.com' }, 'config.json: issuer must be an https URL (http is allowed only for 127.0.0.1 or localhost)'],
    [{ clientId: '  ' }, 'config.json: clientId must not be empty'],
    [{ clientId: 42 }, 'config.json: clientId must be a string'],
    [{ scopes: 'openid profile' }, 'config.json: scopes must be a list of scopes'],
    [{ scopes: ['profile'] }, 'config.json: scopes must include "openid"'],
    [{ redirectPath: 'callback' }, 'config.json: redirectPath must be a path starting with "/" (no query or fragment)'],
    [{ allowInsecureRequests: 'yes' }, 'config.json: allowInsecureRequests must be true or false'],
    [{ browserOrigins: ['http://hosted.example.net'] }, 'config.json: browserOrigins must list https origins'],
    [{ browserOrigins: ['ftp://hosted.example.net'] }, 'config.json: browserOrigins must list https origins'],
    [{ browserOrigins: ['https://hosted.example.net/login'] }, 'config.json: browserOrigins must list bare origins (no path), such as https://login.example.com'],
    [{ clientID: 'typo' }, 'config.json: unknown field "clientID"'],
  ])('names the bad field in config.json: %j', (fields, expected) => {
    const fileText = JSON.stringify({ issuer: 'https://login.example.com', clientId: 'desktop', ...fields });
    const problems = problemsOf(loadConfig({ env: {}, fileText }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it.each([
    [{ OIDC_REDIRECT_PORT: 'eighty' }, 'OIDC_REDIRECT_PORT must be an integer from 1 to 65535'],
    [{ OIDC_REDIRECT_PORT: '65536' }, 'OIDC_REDIRECT_PORT must be an integer from 1 to 65535'],
    [{ OIDC_ISSUER: 'ftp://login.example.com' }, 'OIDC_ISSUER must be an https URL'],
    [{ OIDC_SCOPES: 'profile email' }, 'OIDC_SCOPES must include "openid"'],
    [{ OIDC_ALLOW_INSECURE_REQUESTS: 'maybe' }, 'OIDC_ALLOW_INSECURE_REQUESTS must be true or false'],
  ])('names the bad environment variable: %j', (env, expected) => {
    const problems = problemsOf(loadConfig({ env: { OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'desktop', ...env } }));
    expect(problems.join('\n')).toContain(expected);
  });

  it('reports every problem at once, in one message', () => {
    const result = loadConfig({ env: { OIDC_REDIRECT_PORT: '0' }, fileText: JSON.stringify({ issuer: 'x', clientId: 'c' }) });
    expect(problemsOf(result)).toHaveLength(2);
    expect(result).toMatchObject({ ok: false, code: 'invalid_config', message: expect.stringContaining('OIDC_REDIRECT_PORT') });
  });

  it('explains a config.json that is not JSON or not an object', () => {
    expect(problemsOf(loadConfig({ env: {}, fileText: '{ issuer: ' }))[0]).toMatch(/^config\.json is not valid JSON/);
    expect(problemsOf(loadConfig({ env: {}, fileText: '[]' }))[0]).toMatch(/^config\.json must hold a JSON object/);
  });

  it('says which half is missing', () => {
    expect(problemsOf(loadConfig({ env: { OIDC_ISSUER: 'https://login.example.com' } }))).toEqual([
      'clientId is missing: set OIDC_CLIENT_ID or "clientId" in config.json',
    ]);
    expect(problemsOf(loadConfig({ env: {}, fileText: '{"clientId":"c"}' }))[0]).toMatch(/^issuer is missing/);
  });

  it('takes a private-use redirect URI of the app’s own scheme (RFC 8252 §7.1)', () => {
    const env = { OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'desktop', OIDC_PRIVATE_USE_REDIRECT_URI: 'com.example.oidcdesktop:/callback' };
    expect(configOf(loadConfig({ env })).provider.privateUseRedirectUri).toBe('com.example.oidcdesktop:/callback');
    const fileText = JSON.stringify({ issuer: 'https://login.example.com', clientId: 'desktop', privateUseRedirectUri: 'com.example.oidcdesktop:/oauth2/redirect' });
    expect(configOf(loadConfig({ env: {}, fileText })).provider.privateUseRedirectUri).toBe('com.example.oidcdesktop:/oauth2/redirect');
  });

  it.each(['com.other.app:/callback', 'https://login.example.com/callback', 'com.example.oidcdesktop', 'com.example.oidcdesktop.evil:/callback'])(
    'refuses a private-use redirect URI the OS would not hand to this app: %s',
    (uri) => {
      const problems = problemsOf(loadConfig({ env: { OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'd', OIDC_PRIVATE_USE_REDIRECT_URI: uri } }));
      expect(problems).toEqual([`OIDC_PRIVATE_USE_REDIRECT_URI must be a URI of this app's scheme, such as com.example.oidcdesktop:/callback`]);
    },
  );

  it('needs an explicit opt-in for an http issuer, and allows it for loopback only', () => {
    const env = { OIDC_ISSUER: 'http://127.0.0.1:8080/realms/dev', OIDC_CLIENT_ID: 'desktop' };
    expect(problemsOf(loadConfig({ env }))[0]).toMatch(/allowInsecureRequests/);
    const config = configOf(loadConfig({ env: { ...env, OIDC_ALLOW_INSECURE_REQUESTS: 'true' } }));
    expect(config.provider.allowInsecureRequests).toBe(true);
  });

  it('falls back to the demo provider when nothing is configured and npm start provided one', () => {
    const config = configOf(loadConfig({ env: { OIDC_DEMO_ISSUER: 'http://127.0.0.1:45678', OIDC_DEMO_CLIENT_ID: 'desktop-app' } }));
    expect(config).toMatchObject({
      demo: true,
      provider: { issuer: 'http://127.0.0.1:45678', clientId: 'desktop-app', allowInsecureRequests: true },
    });
    const given = configOf(loadConfig({ env: {}, demo: { issuer: 'http://localhost:3000', clientId: 'other' } }));
    expect(given.provider).toMatchObject({ issuer: 'http://localhost:3000', clientId: 'other' });
  });

  it('prefers a real configuration over the demo', () => {
    const config = configOf(
      loadConfig({ env: { OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'c', OIDC_DEMO_ISSUER: 'http://127.0.0.1:1' } }),
    );
    expect(config.demo).toBe(false);
  });

  it('refuses a demo issuer off this machine (the demo allows insecure requests)', () => {
    expect(problemsOf(loadConfig({ env: { OIDC_DEMO_ISSUER: 'http://demo.example.com' } }))[0]).toMatch(/OIDC_DEMO_ISSUER must be a loopback URL/);
  });

  it('says how to configure when nothing is', () => {
    const result = loadConfig({ env: {}, filePath: '/home/alice/.config/app/config.json' });
    expect(result).toMatchObject({ ok: false, code: 'not_configured' });
    if (!result.ok) {
      expect(result.message).toContain('OIDC_ISSUER');
      expect(result.message).toContain('OIDC_CLIENT_ID');
      expect(result.message).toContain('/home/alice/.config/app/config.json');
    }
  });
});

describe('loadConfig: the protected API, the source, and the setup screen’s file', () => {
  const file = { issuer: 'https://login.example.com', clientId: 'desktop' };

  it('reads apiUrl from OIDC_API_URL or config.json, environment first', () => {
    expect(configOf(loadConfig({ env: {}, fileText: JSON.stringify({ ...file, apiUrl: 'https://api.example.com/me' }) })).apiUrl).toBe('https://api.example.com/me');
    const both = loadConfig({ env: { OIDC_API_URL: 'https://env.example.com/me' }, fileText: JSON.stringify({ ...file, apiUrl: 'https://api.example.com/me' }) });
    expect(configOf(both).apiUrl).toBe('https://env.example.com/me');
    expect(configOf(loadConfig({ env: {}, fileText: JSON.stringify(file) }))).not.toHaveProperty('apiUrl');
    // An app field, not the core's: it stays out of ProviderConfig.
    expect(configOf(both).provider).not.toHaveProperty('apiUrl');
  });

  it.each([
    [{ apiUrl: 'http://api.example.com/me' }, 'config.json: apiUrl must be an https URL (http is allowed only for 127.0.0.1 or localhost)'],
    [{ apiUrl: 'https://user:pw@api.example.com/me' }, 'config.json: apiUrl must be a plain URL, without credentials or fragment'],
    [{ apiUrl: 'https://api.example.com/me#x' }, 'config.json: apiUrl must be a plain URL, without credentials or fragment'],
    [{ apiUrl: 'not a url' }, 'config.json: apiUrl must be a URL such as https://login.example.com'],
    [{ apiUrl: 'http://127.0.0.1:8080/me' }, 'apiUrl is an http URL: it is allowed only for a local test API, with allowInsecureRequests set to true'],
    [{ presetId: 'myspace', values: {} }, 'config.json: presetId must be one of oci, keycloak, okta, auth0, entra, google, generic'],
    [{ presetId: 'generic', values: { issuer: 1 } }, 'config.json: values must map field names to strings'],
  ])('names the bad field: %j', (fields, expected) => {
    expect(problemsOf(loadConfig({ env: {}, fileText: JSON.stringify({ ...file, ...fields }) }))).toEqual([expect.stringContaining(expected)]);
  });

  it('allows an http API on loopback with allowInsecureRequests (the local test provider)', () => {
    const config = configOf(
      loadConfig({ env: { OIDC_ISSUER: 'http://127.0.0.1:4000', OIDC_CLIENT_ID: 'c', OIDC_ALLOW_INSECURE_REQUESTS: 'true', OIDC_API_URL: 'http://127.0.0.1:4000/api/profile' } }),
    );
    expect(config.apiUrl).toBe('http://127.0.0.1:4000/api/profile');
  });

  it('says where the provider comes from: env when a variable names it, else file', () => {
    expect(configOf(loadConfig({ env: {}, fileText: JSON.stringify(file) })).source).toBe('file');
    expect(configOf(loadConfig({ env: { OIDC_CLIENT_ID: 'other' }, fileText: JSON.stringify(file) })).source).toBe('env');
    // Other variables do not make the provider the environment's.
    expect(configOf(loadConfig({ env: { OIDC_SCOPES: 'openid' }, fileText: JSON.stringify(file) })).source).toBe('file');
    expect(configOf(loadConfig({ env: { OIDC_DEMO_ISSUER: 'http://127.0.0.1:4000' } })).source).toBe('demo');
  });

  it('reads back what the setup screen saved, and keeps it out of ProviderConfig', () => {
    const saved = { ...file, providerName: 'Acme', apiUrl: 'https://api.example.com/me', presetId: 'generic', values: { issuer: 'https://login.example.com', clientId: 'desktop', scopes: 'openid' } };
    const config = configOf(loadConfig({ env: {}, fileText: JSON.stringify(saved) }));
    expect(config.setup).toEqual({ presetId: 'generic', values: saved.values, providerName: 'Acme', apiUrl: 'https://api.example.com/me' });
    expect(config.provider).toEqual(file);
    expect(config.providerName).toBe('Acme');
  });

  it('reads the DPoP and PAR switches like every other ProviderConfig field', () => {
    const config = configOf(loadConfig({ env: { ...{ OIDC_ISSUER: file.issuer, OIDC_CLIENT_ID: 'c' }, OIDC_DPOP: 'false', OIDC_PUSHED_AUTHORIZATION_REQUESTS: 'no' } }));
    expect(config.provider).toMatchObject({ dpop: false, pushedAuthorizationRequests: false });
  });

  it('reads tokenEndpointAuthMethod from OIDC_TOKEN_ENDPOINT_AUTH_METHOD and config.json, and names the field when it is not a known method', () => {
    const env = { OIDC_ISSUER: file.issuer, OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' };
    expect(configOf(loadConfig({ env: { ...env, OIDC_TOKEN_ENDPOINT_AUTH_METHOD: 'client_secret_post' } })).provider).toMatchObject({ tokenEndpointAuthMethod: 'client_secret_post' });
    expect(configOf(loadConfig({ env: {}, fileText: JSON.stringify({ ...file, tokenEndpointAuthMethod: 'none' }) })).provider).toMatchObject({ tokenEndpointAuthMethod: 'none' });
    expect(problemsOf(loadConfig({ env: { ...env, OIDC_TOKEN_ENDPOINT_AUTH_METHOD: 'private_key_jwt' } })).join(' ')).toMatch(/OIDC_TOKEN_ENDPOINT_AUTH_METHOD.*client_secret_basic/);
  });

  it('gives the demo provider its protected resource', () => {
    expect(configOf(loadConfig({ env: { OIDC_DEMO_ISSUER: 'http://127.0.0.1:4000/' } })).apiUrl).toBe('http://127.0.0.1:4000/api/profile');
    expect(problemsOf(loadConfig({ env: {}, demo: { issuer: 'http://127.0.0.1:4000', clientId: 'c', apiUrl: 'https://api.example.com/' } }))[0]).toMatch(/loopback URL/);
  });

  it('knows when the demo provider runs', () => {
    expect(demoProviderPresent({ OIDC_DEMO_ISSUER: 'http://127.0.0.1:4000' })).toBe(true);
    expect(demoProviderPresent({ OIDC_DEMO_ISSUER: ' ' })).toBe(false);
    expect(demoProviderPresent({})).toBe(false);
  });
});

describe('writeConfigFile and loadAppConfig', () => {
  it('writes config.json atomically, owner-only, and the app reads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-write-'));
    const path = configFilePath(dir);
    await writeConfigFile(path, JSON.stringify({ issuer: 'https://one.example.com', clientId: 'a' }));
    await writeConfigFile(path, JSON.stringify({ issuer: 'https://two.example.com', clientId: 'b', presetId: 'generic', values: { issuer: 'https://two.example.com' } }));
    expect(readdirSync(dir)).toEqual(['config.json']); // no temporary file left behind
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    const loaded = await loadAppConfig({ env: {}, userDataDir: dir });
    expect(configOf(loaded)).toMatchObject({ provider: { issuer: 'https://two.example.com', clientId: 'b' }, source: 'file', setup: { presetId: 'generic' } });
  });

  it('leaves the old file whole when the new one cannot be put in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-write-'));
    const path = join(dir, 'config.json');
    // A directory where the file should go: the rename fails after the temporary file was written.
    mkdirSync(path);
    writeFileSync(join(path, 'keep'), 'x');
    await expect(writeConfigFile(path, '{}')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['config.json']);
    expect(readFileSync(join(path, 'keep'), 'utf8')).toBe('x');
  });

  it('creates the user-data folder when it does not exist yet', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'config-write-')), 'fresh', 'config.json');
    await writeConfigFile(path, '{"clientId":"c"}');
    await expect(readConfigFile(path)).resolves.toBe('{"clientId":"c"}');
  });

  it('reports nothing configured when there is no file and no environment', async () => {
    await expect(loadAppConfig({ env: {}, userDataDir: mkdtempSync(join(tmpdir(), 'config-none-')) })).resolves.toMatchObject({
      ok: false,
      code: 'not_configured',
      message: expect.stringContaining('Set one up in the app'),
    });
  });
});

describe('readConfigFile', () => {
  it('reads the file, or gives undefined when there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-test-'));
    await expect(readConfigFile(join(dir, 'config.json'))).resolves.toBeUndefined();
    writeFileSync(join(dir, 'config.json'), '{"clientId":"c"}');
    await expect(readConfigFile(join(dir, 'config.json'))).resolves.toBe('{"clientId":"c"}');
    await expect(readConfigFile(dir)).rejects.toThrow();
  });
});
