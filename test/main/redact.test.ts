import { describe, expect, it } from 'vitest';
import { MAX_REDACTED_LENGTH, REDACTED, redact } from '../../main/redact.ts';

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSIsIm5vbmNlIjoibi0xIn0.c2lnbmF0dXJlLWJ5dGVz';
const OPAQUE = 'Yx3Jq0gU1mV8pR2kTz7WbN4cLs9Ea6Hd5Fo_QiK-uMl';

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
