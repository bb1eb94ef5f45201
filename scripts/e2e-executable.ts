/**
 * Prints the executable of the packaged test flavour (`npm run dist:e2e`, under release/e2e) on
 * this machine, for the electron project's E2E_EXECUTABLE_PATH:
 *
 *   E2E_EXECUTABLE_PATH="$(npx tsx scripts/e2e-executable.ts)" npx playwright test --project=electron
 *
 * Exits 1, saying what is missing, when that build is not there.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createReleaseConfig } from '../electron-builder.ts';
import { IDENTITY } from '../main/identity.ts';

const root = join(import.meta.dirname, '..');
const out = join(root, 'release', 'e2e');
const linuxName = createReleaseConfig(IDENTITY, {}, {}).linux?.executableName ?? 'oidc-desktop-signin';
const product = IDENTITY.productName;

// electron-builder's --dir folders: <os>[-<arch>]-unpacked (mac: mac[-arm64]/<Product>.app).
const candidates: Record<string, string[]> = {
  linux: [join(out, 'linux-unpacked', linuxName), join(out, 'linux-arm64-unpacked', linuxName)],
  win32: [join(out, 'win-unpacked', `${product}.exe`), join(out, 'win-arm64-unpacked', `${product}.exe`)],
  darwin: [join(out, 'mac-arm64', `${product}.app`, 'Contents', 'MacOS', product), join(out, 'mac', `${product}.app`, 'Contents', 'MacOS', product)],
};

const found = (candidates[process.platform] ?? []).find((file) => existsSync(file));
if (!found) {
  console.error(`No packaged test build under ${out} for ${process.platform}: run \`npm run dist:e2e\` first (looked for ${(candidates[process.platform] ?? []).join(', ') || 'nothing on this OS'}).`);
  process.exit(1);
}
console.log(found);
