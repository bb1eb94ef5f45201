import { describe, expect, it } from 'vitest';
import { MAX_REDACTED_LENGTH, REDACTED, redact } from '../../main/redact.ts';
import { credentialSamples, SECRET } from '../support/credential-samples.ts';

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSIsIm5vbmNlIjoibi0xIn0.c2lnbmF0dXJlLWJ5dGVz';
const OPAQUE = 'Yx3Jq0gU1mV8pR2kTz7WbN4cLs9Ea6Hd5Fo_QiK-uMl';

describe('redact: every credential name times every encoding (test/support/credential-samples.ts)', () => {
  it.each(credentialSamples().map((sample) => [sample.credential, sample.encoding, sample.text] as const))(
    'removes the value of %s written as %s',
    (_credential, _encoding, text) => {
      const redacted = redact(text);
      expect(redacted).not.toContain(SECRET);
      expect(redacted).toContain('[redacted');
    },
  );

  it('leaves the same text when run twice (the log file redacts what the log already did)', () => {
    for (const { text } of credentialSamples()) expect(redact(redact(text))).toBe(redact(text));
  });
});

describe('redact: credentials without a name, or named in a sentence', () => {
  it.each([
    ['a JWT (JWS: ID token, JWT access token, DPoP proof)', `id ${JWT} seen`, JWT],
    ['a JWE (five parts)', 'got eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVydGV4dA.dGFn back', 'a2V5.aXY.Y2lwaGVydGV4dA.dGFn'],
    ['a JWT in a quoted string', `"${JWT}"`, JWT],
    ['an opaque token in a URL query', `calling https://api.example.com/me?access_token=${OPAQUE}`, OPAQUE],
    ['an opaque token in a URL fragment', `back at http://127.0.0.1/cb#access_token=short-at-1&token_type=Bearer`, 'short-at-1'],
    ['an opaque token in a query under another name', 'https://api.example.com/me?t=short-at-2', 'short-at-2'],
    ['an authorization code in prose', 'exchanging authorization code xyz failed', 'xyz'],
    ['a code in prose, "code: value"', 'the code: abc123 was refused', 'abc123'],
    ['a code in prose, "code=value"', 'the code=abc123 was refused', 'abc123'],
    ['a refresh token in prose', 'the refresh token rt-9x was refused', 'rt-9x'],
    ['an access token in prose', 'sending access token At9-short to the API', 'At9-short'],
    ['a client secret in prose', 'client secret s3cr3t-x is wrong', 's3cr3t-x'],
  ])('removes %s', (_what, text, secret) => {
    expect(redact(text)).not.toContain(secret);
  });
});

describe('redact', () => {
  it.each([
    ['a JWT (ID token, DPoP proof)', `got ${JWT} back`, 'got [redacted:jwt] back'],
    ['a JWT header alone', 'header eyJhbGciOiJFUzI1NiJ9 seen', 'header [redacted:jwt] seen'],
    ['an opaque token (a long base64url run)', `token ${OPAQUE}.`, `token ${REDACTED}.`],
    ['standard base64 ciphertext', 'stored q2+7wQ4mY0Uo7uYp7VdS9h5k/P3xN1aQ2bR4cT6eW8zAb==', `stored ${REDACTED}`],
    ['a bearer credential', 'Authorization: Bearer abcdefgh.ijkl', `Authorization: Bearer ${REDACTED}`],
    ['a DPoP credential', 'authorization: DPoP Zm9vYmFyYmF6', `authorization: DPoP ${REDACTED}`],
    ['code=, state=, nonce=', 'code=abc&state=def&nonce=ghi', `code=${REDACTED}&state=${REDACTED}&nonce=${REDACTED}`],
    ['a token request body', 'grant_type=authorization_code&code_verifier=v-123&client_id=desktop', `grant_type=authorization_code&code_verifier=${REDACTED}&client_id=desktop`],
    ['a refresh request body', 'grant_type=refresh_token&refresh_token=rt-1', `grant_type=refresh_token&refresh_token=${REDACTED}`],
    [
      'a token response',
      '{"access_token":"at-1","token_type":"Bearer","refresh_token":"rt-1","id_token":"x.y.z","expires_in":3600}',
      `{"access_token":"${REDACTED}","token_type":"Bearer","refresh_token":"${REDACTED}","id_token":"${REDACTED}","expires_in":3600}`,
    ],
    ['DPoP private key material', '{"kty":"EC","crv":"P-256","x":"pub","d":"priv-key"}', `{"kty":"EC","crv":"P-256","x":"pub","d":"${REDACTED}"}`],
    ['an RSA private key', '{"n":"pub","e":"AQAB","p":"a","q":"b","dp":"c","dq":"d","qi":"e"}', `{"n":"pub","e":"AQAB","p":"${REDACTED}","q":"${REDACTED}","dp":"${REDACTED}","dq":"${REDACTED}","qi":"${REDACTED}"}`],
    ['a token named in prose', 'refresh_token: rt-1 was refused', `refresh_token: ${REDACTED} was refused`],
    ['the query of a loopback callback', 'http://127.0.0.1:53682/callback?iss=x&code=c-1&state=s-1 served', `http://127.0.0.1:53682/callback?${REDACTED} served`],
    ['the query of a private-use redirect', 'com.example.oidcdesktop:/callback?code=c&state=s', `com.example.oidcdesktop:/callback?${REDACTED}`],
    ['an authorization URL', 'https://login.example.com/authorize?client_id=d&login_hint=alice#frag', `https://login.example.com/authorize?${REDACTED}`],
    ['a bare path with a query', 'GET /authorize?client_id=d&nonce=n', `GET /authorize?${REDACTED}`],
    ['line breaks (log injection)', 'one\nline\r\ntwo', 'one line two'],
  ])('removes %s', (_what, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    'Sign-in failed: The provider refused to complete the sign-in (invalid_grant). Sign in again.',
    'Could not reach the identity provider at https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com (ECONNREFUSED).',
    'loaded /home/alice/work/node_modules/openid-client/build/index.js',
    'the error code: access_denied',
    'Bearer tokens are refused by this API',
    'Is it ready?',
    // The diagnostics report's own lines.
    'DPoP: on in the configuration; advertised by the provider: yes; current session: DPoP-bound',
    'Features: PKCE S256 yes, refresh tokens yes, token revocation yes, DPoP yes',
    // Error codes are identifiers, not credentials: Node's and OAuth's.
    'status code: 400',
    "connect ECONNREFUSED 127.0.0.1:443 { code: 'ECONNREFUSED', errno: -111 }",
    'error=access_denied&error_description=denied',
    '{"error":"invalid_grant","code":"invalid_grant"}',
    // Parameters that are not credentials.
    'grant_type=authorization_code&token_type=Bearer',
    'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    // request_uri (PAR) names a pushed request; it is not a credential (see credential-samples.ts).
    'request_uri=urn:ietf:params:oauth:request_uri:bwc4JK-ESC0w8acc191e',
    // The core's own sentences about codes and tokens.
    'The provider does not support the authorization code flow.',
    'The authorization code was already used.',
    'The access token expires in 5 minutes; the refresh token is kept.',
    'The ID token signature is not valid.',
    '{"dpop":false,"pushedAuthorizationRequests":true}',
    // Metadata fields the core names: long, but identifiers.
    'code_challenge_methods_supported is missing from its metadata; so is pushed_authorization_request_endpoint',
  ])('keeps ordinary diagnostics readable: %s', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('cuts long text', () => {
    const text = 'word '.repeat(1_000);
    expect(redact(text)).toHaveLength(MAX_REDACTED_LENGTH + '... [cut]'.length);
    expect(redact(text, { maxLength: Infinity })).toBe(text);
  });

  it('takes anything, as text', () => {
    expect(redact(undefined)).toBe('undefined');
    expect(redact(new Error(`bad ${JWT}`))).toBe('Error: bad [redacted:jwt]');
  });
});
