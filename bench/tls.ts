/**
 * A throwaway self-signed certificate for 127.0.0.1, made at the start of every run (never
 * kept, never trusted outside the benchmark's own processes, which get it through
 * NODE_EXTRA_CA_CERTS). Made by bench/tls-child.ts in a process of its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ThrowawayCertificate {
  certFile: string;
  keyFile: string;
}

export async function makeThrowawayCertificate(dir: string): Promise<ThrowawayCertificate> {
  const script = fileURLToPath(new URL('./tls-child.ts', import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, dir], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const certFile = join(dir, 'proxy-cert.pem');
  const keyFile = join(dir, 'proxy-key.pem');
  if (result.status !== 0 || !existsSync(certFile) || !existsSync(keyFile)) {
    throw new Error(`the throwaway certificate could not be made: ${(result.stderr || result.error?.message || '').trim().split('\n').slice(-3).join(' | ')}`);
  }
  return { certFile, keyFile };
}
