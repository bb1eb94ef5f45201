import { describe, expect, it } from 'vitest';
import { buildDiagnosticsReport, type DiagnosticsReportInput } from '../../main/diagnostics-report.ts';
import { credentialSamples, SECRET } from '../support/credential-samples.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
const REFRESH = 'Yx3Jq0gU1mV8pR2kTz7WbN4cLs9Ea6Hd5Fo_QiK-uMl';

const base: DiagnosticsReportInput = {
  generatedAt: new Date('2026-05-06T07:08:09.000Z'),
  app: { name: 'OIDC Desktop Sign-in', version: '0.1.0', packaged: true },
  versions: { electron: '45.5.0', chrome: '140.0.7339.0', node: '22.19.0' },
  os: { platform: 'darwin', arch: 'arm64', release: '24.1.0' },
  provider: {
    name: 'Acme',
    source: 'file',
    demo: false,
    description: {
      issuer: 'https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com',
      clientId: 'secret-looking-client-id',
      redirectUri: 'http://127.0.0.1:53682/callback',
      features: { pkceS256: true, refreshTokens: true, revocation: true, endSession: false, userInfo: true, issParameter: false, dpop: true, par: false, requirePar: false, deviceFlow: false },
      session: { tokenType: 'dpop', senderConstrained: true },
    },
    dpopEnabled: true,
    signedIn: true,
    accounts: { listed: 2, signedIn: 1 },
    apiUrl: 'https://api.example.com/v1/me?key=abc',
  },
  storage: { persistent: true, backend: 'keychain', description: 'Encrypted with your macOS Keychain' },
  logFile: 'run-2026-05-06T07-00-00-000Z-77.log',
  errors: [
    { time: '2026-05-06T07:00:00.000Z', level: 'warn', source: 'auth', code: 'provider_unreachable', message: 'Could not reach the identity provider (ECONNREFUSED).' },
    // What a careless message would look like: the report redacts it again.
    { time: '2026-05-06T07:01:00.000Z', level: 'error', source: 'app', message: `refresh_token=${REFRESH} id ${JWT} at http://127.0.0.1:5/cb?code=c0de&state=st4te` },
  ],
};

describe('buildDiagnosticsReport', () => {
  it('says what support needs: versions, OS, provider, features, redirect URI, storage, DPoP, recent errors', () => {
    const report = buildDiagnosticsReport(base);
    expect(report.split('\n')).toEqual([
      'OIDC Desktop Sign-in diagnostics (secrets removed)',
      'Generated: 2026-05-06T07:08:09.000Z',
      '',
      'App: 0.1.0 (installed build)',
      'Runtime: Electron 45.5.0, Chrome 140.0.7339.0, Node 22.19.0',
      'OS: darwin 24.1.0 (arm64)',
      '',
      'Provider: Acme, configured from file',
      'Issuer: https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com',
      'Redirect URI: http://127.0.0.1:53682/callback',
      'Features: PKCE S256 yes, refresh tokens yes, token revocation yes, RP-initiated logout no, UserInfo yes, RFC 9207 iss parameter no, DPoP yes, pushed authorization requests no, PAR required no, sign-in from another device (RFC 8628) no',
      'DPoP: on in the configuration; advertised by the provider: yes; current session: DPoP-bound',
      'Session: signed in',
      'Accounts: 2 (1 signed in)',
      'Protected API: https://api.example.com',
      'Session storage: keychain (kept across restarts)',
      "Log file: logs/run-2026-05-06T07-00-00-000Z-77.log in the app's data folder",
      '',
      'Recent errors (oldest first, up to 2):',
      '2026-05-06T07:00:00.000Z warn [auth] provider_unreachable: Could not reach the identity provider (ECONNREFUSED).',
      '2026-05-06T07:01:00.000Z error [app]: refresh_token=[redacted] id [redacted:jwt] at http://127.0.0.1:5/cb?[redacted]',
    ]);
  });

  it('says whether updates are on, and why not when they are off', () => {
    expect(buildDiagnosticsReport({ ...base, updates: 'off (unsigned build: macOS installs updates only into an app signed with a Developer ID)' }).split('\n').slice(3, 5)).toEqual([
      'App: 0.1.0 (installed build)',
      'Updates: off (unsigned build: macOS installs updates only into an app signed with a Developer ID)',
    ]);
  });

  it('has no secrets: no tokens, codes, states, client ID, API path or query', () => {
    const report = buildDiagnosticsReport(base);
    for (const secret of [REFRESH, JWT, 'c0de', 'st4te', 'secret-looking-client-id', '/v1/me', 'key=abc']) expect(report).not.toContain(secret);
  });

  it('holds no credential sample (each name in each encoding) put in a recent error, the provider name, the issuer or the redirect URI', () => {
    const leaked = credentialSamples().filter((sample) => {
      const report = buildDiagnosticsReport({
        ...base,
        provider: {
          ...base.provider!,
          name: `Acme ${sample.text}`,
          description: { ...base.provider!.description, issuer: `https://login.example.com ${sample.text}`, redirectUri: `http://127.0.0.1/callback ${sample.text}` },
        },
        errors: [{ time: '2026-05-06T07:01:00.000Z', level: 'error', source: 'auth', message: `Sign-in failed: ${sample.text}` }],
      });
      return report.includes(SECRET);
    });
    expect(leaked.map((sample) => `${sample.credential} as ${sample.encoding}`)).toEqual([]);
  });

  it('says when nothing is configured, features are not read yet, or DPoP is off', () => {
    expect(buildDiagnosticsReport({ ...base, provider: undefined, errors: [] })).toContain('Provider: not configured\nSession storage');
    const report = buildDiagnosticsReport({
      ...base,
      versions: { node: '20.19.0' },
      provider: { ...base.provider!, dpopEnabled: false, signedIn: false, description: { issuer: 'https://login.example.com', clientId: 'c', redirectUri: 'http://127.0.0.1/callback' } },
      errors: [],
    });
    expect(report).toContain('Runtime: Electron n/a, Chrome n/a, Node 20.19.0');
    expect(report).toContain('Features: not read yet (sign in or use Test connection)');
    expect(report).toContain('DPoP: off in the configuration; advertised by the provider: unknown; current session: none');
    expect(report).toContain('Recent errors: none');
  });
});
