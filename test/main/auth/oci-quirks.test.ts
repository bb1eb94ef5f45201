/**
 * OCI IAM Identity Domains' quirks, reproduced with the local provider: tokens that name
 * `https://identity.oraclecloud.com/` while discovery lives at the domain URL, endpoints listed
 * as relative paths, redirect URIs matched exactly (port included), and a JWKS that answers
 * 401 until the domain lets clients read its signing certificate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../support/net.ts';
import { derivePreset, findPreset } from '../../../main/providers/presets.ts';
import { startTestProvider, type TestProvider } from '../../support/provider.ts';
import { createHarness, type Harness } from './setup.ts';

const OCI_ISSUER = 'https://identity.oraclecloud.com/';
const ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'revocation_endpoint', 'end_session_endpoint', 'introspection_endpoint'];


describe('OCI IAM Identity Domains quirks', () => {
  let provider: TestProvider;
  let harness: Harness | undefined;
  let port: number;

  beforeEach(async () => {
    provider = await startTestProvider({ issuer: OCI_ISSUER });
    port = await freePort();
    provider.transform((req, res) => {
      if (req.path !== '/.well-known/openid-configuration') return undefined;
      const doc = JSON.parse(res.body) as Record<string, unknown>;
      for (const field of ENDPOINTS) {
        if (typeof doc[field] === 'string') doc[field] = new URL(doc[field]).pathname; // relative, as OCI lists them
      }
      return { ...res, body: JSON.stringify(doc) };
    });
    // Exact redirect URI matching, port included.
    provider.intercept((req) => {
      if (req.path !== '/auth' || req.url.searchParams.get('redirect_uri') === `http://127.0.0.1:${port}/callback`) return undefined;
      return { status: 400, headers: { 'content-type': 'text/html' }, body: '<h1>Error</h1><p>Invalid redirect_uri: the redirect URI is not registered for this application.</p>' };
    });
  });

  afterEach(async () => {
    await harness?.dispose();
    await provider.close();
  });

  it('signs in through the OCI preset: expected issuer, relative endpoints, fixed port', async () => {
    const derived = derivePreset(findPreset('oci')!, { domainUrl: provider.issuer, clientId: provider.clientId, redirectPort: String(port) }, { allowInsecureLoopback: true });
    expect(derived.provider).toMatchObject({ expectedIssuer: OCI_ISSUER, redirectPort: port });
    expect(derived.redirectUri).toBe(`http://127.0.0.1:${port}/callback`);
    harness = createHarness(provider, { provider: derived.provider });
    const state = await harness.service.signIn();
    expect(state).toMatchObject({ status: 'signed-in', claims: { iss: OCI_ISSUER } });
    expect(harness.service.describe().features).toMatchObject({ pkceS256: true, revocation: true, endSession: true });
    await harness.service.signOut({ endProviderSession: true });
    expect(new URL(harness.opened.at(-1)!).origin).toBe(provider.issuer); // the relative end-session path, resolved
  });

  it('without the expected issuer, discovery fails and says what to set', async () => {
    harness = createHarness(provider, { provider: { redirectPort: port } });
    await expect(harness.service.probe()).rejects.toMatchObject({
      code: 'issuer_mismatch',
      message: expect.stringMatching(/names the issuer "https:\/\/identity\.oraclecloud\.com\/".*set expectedIssuer/),
    });
  });

  it('an issuer other than the expected one is never accepted', async () => {
    harness = createHarness(provider, { provider: { expectedIssuer: 'https://identity.example.com/', redirectPort: port } });
    await expect(harness.service.signIn()).rejects.toMatchObject({ code: 'issuer_mismatch' });
  });

  it('with any free port, the exact-matching provider refuses the redirect URI, and the app says which to register', async () => {
    harness = createHarness(provider, { provider: { expectedIssuer: OCI_ISSUER } });
    harness.onOpen(undefined);
    await expect(harness.service.signIn()).rejects.toMatchObject({ code: 'redirect_uri_rejected', message: expect.stringMatching(/set the redirect port to a fixed one/) });
  });

  it('a JWKS that answers 401 is explained', async () => {
    harness = createHarness(provider, { provider: { expectedIssuer: OCI_ISSUER, redirectPort: port } });
    const intercepted = (req: { path: string }) => (req.path === '/jwks' ? { status: 401, body: { error: 'unauthorized' } } : undefined);
    const exact = (req: { path: string; url: URL }) =>
      req.path === '/auth' && req.url.searchParams.get('redirect_uri') !== `http://127.0.0.1:${port}/callback` ? { status: 400, body: 'bad redirect_uri' } : undefined;
    provider.intercept((req) => intercepted(req) ?? exact(req));
    await expect(harness.service.signIn()).rejects.toMatchObject({ code: 'jwks_unavailable', message: expect.stringMatching(/Configure client access/) });
  });

  it('probe reports what the provider supports', async () => {
    harness = createHarness(provider, { provider: { expectedIssuer: OCI_ISSUER, redirectPort: port } });
    await expect(harness.service.probe()).resolves.toMatchObject({
      issuer: provider.issuer,
      redirectUri: `http://127.0.0.1:${port}/callback`,
      features: { pkceS256: true, refreshTokens: true, revocation: true, endSession: true, userInfo: true, issParameter: true },
    });
  });
});
