import { describe, expect, it } from 'vitest';
import { apiUrlProblem } from '../../../main/auth/config.ts';
import { createAuthService, type AuthServiceOptions, type ProviderConfig } from '../../../main/auth/index.ts';
import { FakeCipher } from '../../support/fake-cipher.ts';
import { MemoryStore } from '../../support/memory-store.ts';

function optionsWith(provider: Partial<ProviderConfig> | undefined): AuthServiceOptions {
  return {
    provider: provider as ProviderConfig,
    openExternal: async () => undefined,
    cipher: new FakeCipher(),
    store: new MemoryStore(),
  };
}

function configError(provider: Partial<ProviderConfig> | undefined): { code: string; message: string } {
  try {
    createAuthService(optionsWith(provider));
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected createAuthService to throw');
}

describe('provider configuration', () => {
  const good = { issuer: 'https://idcs-123.identity.oraclecloud.com', clientId: 'app' };

  it('accepts a minimal https configuration without network access', () => {
    const service = createAuthService(optionsWith(good));
    expect(service.getState()).toEqual({ status: 'signed-out' });
    expect(service.describe()).toMatchObject({ issuer: good.issuer, clientId: 'app', redirectUri: 'http://127.0.0.1/callback' });
  });

  it.each([
    [undefined, /provider is missing/],
    [{ clientId: 'app' }, /issuer/],
    [{ ...good, issuer: 'not a url' }, /issuer "not a url" is not a URL/],
    [{ ...good, clientId: '' }, /clientId must not be empty/],
    [{ ...good, issuer: 'http://idp.example.com' }, /must use https/],
    [{ ...good, issuer: 'http://idp.example.com', allowInsecureRequests: true }, /http is allowed only for a provider on this machine/],
    [{ ...good, issuer: 'http://127.0.0.1:8080' }, /set allowInsecureRequests/],
    [{ ...good, issuer: 'ftp://idp.example.com' }, /must be an https URL/],
    [{ ...good, issuer: 'https://idp.example.com/?tenant=1' }, /must not contain a query/],
    [{ ...good, scopes: ['profile'] }, /scopes must include "openid"/],
    [{ ...good, scopes: ['openid', 'two words'] }, /without spaces/],
    [{ ...good, redirectPort: 70000 }, /redirectPort must be from 0 to 65535/],
    [{ ...good, redirectPort: 1.5 }, /redirectPort must be an integer/],
    [{ ...good, redirectPath: 'callback' }, /redirectPath must be a path starting with "\/"/],
    [{ ...good, signInTimeoutMs: -1 }, /signInTimeoutMs must be positive/],
    [{ ...good, extraAuthorizationParams: { state: 'fixed' } }, /extraAuthorizationParams must not set/],
    [{ ...good, idTokenSigningAlg: 'HS256' }, /asymmetric/],
  ])('rejects %j naming the field', (provider, message) => {
    const error = configError(provider);
    expect(error.code).toBe('invalid_config');
    expect(error.message).toMatch(message);
  });

  it('allows http for a loopback provider when asked to', () => {
    expect(() => createAuthService(optionsWith({ issuer: 'http://127.0.0.1:9000', clientId: 'app', allowInsecureRequests: true }))).not.toThrow();
    expect(() => createAuthService(optionsWith({ issuer: 'http://localhost:9000', clientId: 'app', allowInsecureRequests: true }))).not.toThrow();
  });

  it('requires working adapters', () => {
    expect(() => createAuthService({ ...optionsWith(good), openExternal: undefined as never })).toThrow(/openExternal must be a function/);
    expect(() => createAuthService({ ...optionsWith(good), cipher: {} as never })).toThrow(/cipher must provide/);
    expect(() => createAuthService({ ...optionsWith(good), store: { get() {} } as never })).toThrow(/store must provide/);
  });
});

describe('apiUrlProblem: where the access token may go (the core, config.json and the setup screen share it)', () => {
  it.each([
    ['https://api.example.com/me', false, undefined],
    ['https://api.example.com/me', true, undefined],
    ['http://127.0.0.1:4000/api/profile', true, undefined],
    ['http://localhost:4000/api/profile', true, undefined],
    ['http://[::1]:4000/api/profile', true, undefined],
    ['http://127.0.0.1:4000/api/profile', false, 'insecure'],
    ['http://api.example.com/me', true, 'insecure'],
    ['ftp://api.example.com/me', true, 'insecure'],
    ['https://user:pw@api.example.com/me', false, 'credentials'],
    ['https://user@api.example.com/me', false, 'credentials'],
  ] as const)('%s (allowInsecureRequests %s): %s', (url, allowInsecure, problem) => {
    expect(apiUrlProblem(new URL(url), allowInsecure)).toBe(problem);
  });
});
