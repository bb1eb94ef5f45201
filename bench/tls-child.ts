/**
 * Makes the throwaway certificate (bench/tls.ts), in a process of its own so the certificate
 * library (and what it installs globally) never loads into a process that measures.
 *
 * usage: node --import tsx bench/tls-child.ts <dir>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generate } from 'selfsigned';

const dir = resolve(process.argv[2] ?? '.');
const now = Date.now();
const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
  keyType: 'ec',
  curve: 'P-256',
  algorithm: 'sha256',
  notBeforeDate: new Date(now - 60_000),
  notAfterDate: new Date(now + 24 * 3_600_000),
  extensions: [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ],
});
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'proxy-cert.pem'), pems.cert);
writeFileSync(join(dir, 'proxy-key.pem'), pems.private, { mode: 0o600 });
