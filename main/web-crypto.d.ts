// Node 24 implements WebCrypto: crypto.subtle.generateKey (and openid-client's
// randomDPoPKeyPair) resolve to a CryptoKeyPair, a name the core and openid-client's declarations
// use as a global, as the DOM lib declares it. @types/node has it only as webcrypto.CryptoKeyPair
// (node:crypto), and the main process is type-checked without the DOM lib (tsconfig.node.json), so
// the global name is given here. Only for that project: where the DOM lib is on (the tests), the
// DOM's own declaration stands.
import type { webcrypto } from 'node:crypto';

declare global {
  type CryptoKeyPair = webcrypto.CryptoKeyPair;
}
