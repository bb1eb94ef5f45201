/**
 * electron-builder.yml, validated by app-builder-lib exactly as the CLI validates it, with its
 * security-relevant fields held to account: fuses, asar, files, signing, the URI scheme, and
 * the test flavour that differs from the release in one fuse only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration, FileSet, TargetConfiguration } from 'app-builder-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, DEEP_LINK_SCHEME } from '../../main/deep-link.ts';
import { APP_TITLE } from '../../main/window-options.ts';
import { E2E_CONFIG, loadValidatedConfig, PROJECT_DIR, RELEASE_CONFIG } from './builder-config.ts';

/** The fuses every release ships with; docs/packaging.md explains each. */
const RELEASE_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
  loadBrowserProcessSpecificV8Snapshot: false,
  resetAdHocDarwinSignature: true,
};

const packageJson = JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as {
  productName: string;
  scripts: Record<string, string>;
  build?: unknown;
};

let release: Configuration;
let e2e: Configuration;

beforeAll(async () => {
  release = await loadValidatedConfig(RELEASE_CONFIG);
  e2e = await loadValidatedConfig(E2E_CONFIG);
});

function filePatterns(config: Configuration): string[] {
  const sets = (Array.isArray(config.files) ? config.files : [config.files]) as Array<FileSet | string>;
  return sets.flatMap((set) => (typeof set === 'string' ? [set] : [set.filter ?? []].flat()));
}

function targets(platformTargets: unknown): Array<{ target: string; arch: string[] }> {
  return (platformTargets as TargetConfiguration[]).map((entry) => ({ target: entry.target, arch: [entry.arch ?? []].flat().map(String) }));
}

function plistKeys(file: string): string[] {
  return [...readFileSync(join(PROJECT_DIR, file), 'utf8').matchAll(/<key>([^<]+)<\/key>/g)].map((match) => match[1] ?? '');
}

describe('electron-builder.yml (release)', () => {
  it('passes app-builder-lib’s own validation (the CLI’s code path)', () => {
    expect(release.appId).toBe(APP_ID);
  });

  it('names the app as the window and package.json do', () => {
    expect(release.productName).toBe(APP_TITLE);
    expect(release.productName).toBe(packageJson.productName);
  });

  it('flips every fuse to its hardened setting', () => {
    expect(release.electronFuses).toEqual(RELEASE_FUSES);
  });

  it('packs the app into an asar archive, with nothing left unpacked beside it', () => {
    expect(release.asar).toBe(true);
    expect(release.asarUnpack).toBeUndefined();
    expect(release.disableAsarIntegrity).toBeUndefined();
  });

  it('takes only the built output and package.json, never sources, tests or maps', () => {
    const patterns = filePatterns(release);
    expect(patterns.filter((pattern) => !pattern.startsWith('!'))).toEqual(['package.json', 'dist/main/**/*', 'dist/preload/**/*', 'dist/renderer/**/*']);
    expect(patterns).toContain('!**/*.map');
    expect(patterns).toContain('!**/node_modules/**/*.{ts,mts,cts,tsx}');
  });

  it('publishes nothing unless a release job asks for it', () => {
    expect(release.publish).toBeNull();
    for (const [name, script] of Object.entries(packageJson.scripts).filter(([name]) => name.startsWith('dist'))) {
      expect(script, name).toContain('--publish never');
    }
  });

  it('registers the private-use URI scheme derived from the app id (RFC 8252 §7.1)', () => {
    expect(release.protocols).toEqual([expect.objectContaining({ schemes: [DEEP_LINK_SCHEME] })]);
    const installer = readFileSync(join(PROJECT_DIR, 'build', 'installer.nsh'), 'utf8');
    expect(installer).toContain(`!define OIDC_URI_SCHEME "${DEEP_LINK_SCHEME}"`);
    // The URL follows "--", so it cannot be read as a Chromium switch.
    expect(installer).toContain(`'"$appExe" -- "%1"'`);
  });

  it('builds a per-user NSIS installer that never asks for admin rights, and a portable .exe', () => {
    expect(targets(release.win?.target)).toEqual([
      { target: 'nsis', arch: ['x64'] },
      { target: 'portable', arch: ['x64'] },
    ]);
    expect(release.nsis).toMatchObject({ oneClick: true, perMachine: false, packElevateHelper: false, include: 'build/installer.nsh' });
  });

  it('builds dmg and zip for Intel and Apple silicon, hardened, with minimal entitlements and notarization', () => {
    expect(targets(release.mac?.target)).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ]);
    expect(release.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    expect(release.mac?.identity).toBeUndefined();
    for (const file of [release.mac?.entitlements, release.mac?.entitlementsInherit]) {
      expect(file && existsSync(join(PROJECT_DIR, file)), String(file)).toBe(true);
      // JIT for V8 and nothing else: no unsigned memory, no library-validation opt-out, no debugger.
      expect(plistKeys(file ?? '')).toEqual(['com.apple.security.cs.allow-jit']);
    }
  });

  it('builds AppImage, deb and rpm for Linux', () => {
    expect(targets(release.linux?.target)).toEqual([
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
      { target: 'rpm', arch: ['x64'] },
    ]);
    expect(release.linux?.maintainer).toMatch(/<[^>]+@[^>]+>/);
  });

  it('names every artifact with version, OS and arch, without spaces', () => {
    for (const name of [release.artifactName, release.nsis?.artifactName, release.portable?.artifactName, release.dmg?.artifactName]) {
      expect(name).toMatch(/\$\{version\}.*\$\{os\}.*\$\{arch\}.*\.\$\{ext\}$/);
      expect(name).not.toMatch(/\s|\$\{productName\}/);
    }
  });

  it('refuses a misspelled fuse instead of silently leaving it at Electron’s default', async () => {
    await expect(loadValidatedConfig(RELEASE_CONFIG, { electronFuses: { runAsNod: false } } as unknown as Configuration)).rejects.toThrow(/electronFuses/);
  });
});

describe('build/electron-builder.e2e.yml (the test flavour)', () => {
  it('differs from the release in the inspect fuse only, so Playwright can attach', () => {
    expect(e2e.electronFuses).toEqual({ ...RELEASE_FUSES, enableNodeCliInspectArguments: true });
  });

  it('is never signed or notarized, and lands in its own folder with its own names', () => {
    expect(e2e.mac).toMatchObject({ identity: null, notarize: false });
    expect(e2e.directories?.output).toBe('release/e2e');
    expect(e2e.artifactName).toMatch(/-e2e\.\$\{ext\}$/);
  });

  it('is otherwise the release configuration, field for field', () => {
    // The fields the flavour is allowed to change, blanked in both.
    const strip = (config: Configuration) => ({
      ...config,
      electronFuses: undefined,
      artifactName: undefined,
      extends: undefined,
      directories: { ...config.directories, output: undefined },
      mac: { ...config.mac, identity: undefined, notarize: undefined },
    });
    expect(strip(e2e)).toEqual(strip(release));
  });
});

describe('package.json', () => {
  it('has the dist scripts, each building first', () => {
    for (const name of ['dist', 'dist:win', 'dist:mac', 'dist:linux', 'dist:e2e']) {
      expect(packageJson.scripts[name], name).toMatch(/^npm run build && electron-builder /);
    }
    expect(packageJson.scripts['dist:win']).toContain('--win');
    expect(packageJson.scripts['dist:mac']).toContain('--mac');
    expect(packageJson.scripts['dist:linux']).toContain('--linux');
    expect(packageJson.scripts['dist:e2e']).toContain(`--config ${E2E_CONFIG}`);
  });

  it('has no "build" field, which electron-builder would read instead of electron-builder.yml', () => {
    expect(packageJson.build).toBeUndefined();
  });
});
