/**
 * providers.json: the providers besides the configured one where accounts were added, read and
 * written as the setup form's values, derived by the presets, never from the environment.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOtherProviders, otherProviderConfig, otherProvidersPath, readOtherProviders, writeOtherProviders } from '../../main/other-providers.ts';

const okta = { presetId: 'okta' as const, values: { domain: 'https://acme.okta.com', authorizationServer: 'org', clientId: '0oa1' }, providerName: 'Acme' };
const dir = () => mkdtempSync(join(tmpdir(), 'other-providers-'));

describe('other providers', () => {
  it('derive like the setup screen, without the environment and without a protected API', () => {
    const config = otherProviderConfig({ ...okta, apiUrl: 'https://api.acme.com/me' }, { allowInsecureLoopback: false });
    expect(config).toMatchObject({ provider: { issuer: 'https://acme.okta.com', clientId: '0oa1' }, providerName: 'Acme', source: 'file', setup: okta });
    expect(config.apiUrl).toBeUndefined();
  });

  it('refuse what the presets refuse, naming the field', () => {
    expect(() => otherProviderConfig({ ...okta, values: { ...okta.values, domain: 'http://acme.example.com' } }, { allowInsecureLoopback: false })).toThrow(
      expect.objectContaining({ name: 'SetupError', field: 'domain' }) as Error,
    );
  });

  it('round-trip through providers.json, written owner-only', async () => {
    const userDataDir = dir();
    await writeOtherProviders(userDataDir, [otherProviderConfig(okta, { allowInsecureLoopback: false })]);
    expect(JSON.parse(readFileSync(otherProvidersPath(userDataDir), 'utf8'))).toEqual({ version: 1, providers: [okta] });
    if (process.platform !== 'win32') expect(statSync(otherProvidersPath(userDataDir)).mode & 0o777).toBe(0o600);
    const read = await readOtherProviders(userDataDir, { allowInsecureLoopback: false });
    expect(read.skipped).toEqual([]);
    expect(read.configs.map((config) => [config.provider.issuer, config.providerName])).toEqual([['https://acme.okta.com', 'Acme']]);
  });

  it('read nothing when there is no file', async () => {
    await expect(loadOtherProviders({ env: {}, userDataDir: dir() })).resolves.toEqual({ configs: [], skipped: [] });
  });

  it.each([
    ['not JSON', '{', /is not valid JSON/],
    ['another shape', JSON.stringify({ version: 2, providers: [] }), /is not in the expected form/],
  ])('say why a file that is %s lists nothing, and never throw', async (_what, text, message) => {
    const userDataDir = dir();
    writeFileSync(otherProvidersPath(userDataDir), text);
    const read = await readOtherProviders(userDataDir, { allowInsecureLoopback: false });
    expect(read.configs).toEqual([]);
    expect(read.skipped).toEqual([expect.stringMatching(message)]);
  });

  it('skip an entry the presets refuse (a local http provider without the demo running), keeping the others', async () => {
    const userDataDir = dir();
    const local = { presetId: 'okta', values: { domain: 'http://127.0.0.1:4000', authorizationServer: 'org', clientId: 'c' } };
    writeFileSync(otherProvidersPath(userDataDir), JSON.stringify({ version: 1, providers: [local, okta] }));
    const read = await loadOtherProviders({ env: {}, userDataDir });
    expect(read.configs.map((config) => config.providerName)).toEqual(['Acme']);
    expect(read.skipped).toEqual([expect.stringMatching(/^providers\.json: provider 1 was skipped: /)]);
    // While the demo provider runs, a local provider is allowed, as on the setup screen.
    const demo = await loadOtherProviders({ env: { OIDC_DEMO_ISSUER: 'http://127.0.0.1:4000' }, userDataDir });
    expect(demo.configs).toHaveLength(2);
  });
});
