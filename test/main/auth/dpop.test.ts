import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { jwkThumbprint } from '../../../main/auth/dpop.ts';

describe('jwkThumbprint (RFC 7638), what dpop_jkt carries', () => {
  it.each(['ES256', 'RS256', 'EdDSA'] as const)('matches jose for a %s key', async (alg) => {
    const { publicKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
    const jwk = await exportJWK(publicKey);
    expect(jwkThumbprint(jwk as Record<string, unknown>)).toBe(await calculateJwkThumbprint(jwk, 'sha256'));
  });

  it('refuses a key type it cannot hash', () => {
    expect(() => jwkThumbprint({ kty: 'oct', k: 'abc' })).toThrow(/key type oct/);
  });
});
