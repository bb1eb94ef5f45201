/**
 * electron-builder.ts, validated by app-builder-lib exactly as the CLI validates it, with its
 * security-relevant fields held to account: fuses, asar, files, signing, the URI scheme, icons,
 * architectures, the release feed, and the test flavour that differs from the release in one
 * fuse (and in being unsigned and feedless) only.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration, FileSet, TargetConfiguration } from 'app-builder-lib';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { azureSignOptions, createReleaseConfig, resolveReleaseRepository } from '../../electron-builder.ts';
import { APP_ID, DEEP_LINK_SCHEME } from '../../main/deep-link.ts';
import { IDENTITY } from '../../main/identity.ts';
import { APP_TITLE } from '../../main/window-options.ts';
import { ICNS_FILE, ICO_FILE, LINUX_ICON_DIR, PNG_SIZES } from '../../scripts/icons.ts';
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

/** Azure Trusted Signing as a release job would configure it (values are made up). */
const AZURE_ENV = {
  AZURE_TRUSTED_SIGNING_ENDPOINT: 'https://weu.codesigning.azure.net/',
  AZURE_TRUSTED_SIGNING_ACCOUNT: 'example-account',
  AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE: 'example-profile',
  AZURE_TRUSTED_SIGNING_PUBLISHER_NAME: 'Example Publisher',
};

beforeAll(async () => {
  // As in a release workflow: GitHub Actions names the repository the release goes to.
  vi.stubEnv('GITHUB_REPOSITORY', 'example-owner/example-repo');
  release = await loadValidatedConfig(RELEASE_CONFIG);
  e2e = await loadValidatedConfig(E2E_CONFIG);
  vi.unstubAllEnvs();
});

afterEach(() => {
  vi.unstubAllEnvs();
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

describe('electron-builder.ts (release)', () => {
  it('passes app-builder-lib’s own validation (the CLI’s code path)', () => {
    expect(release.appId).toBe(APP_ID);
  });

  it('takes the app id, names, publisher and maintainer from identity.json, as the app does', () => {
    expect(release.appId).toBe(IDENTITY.appId);
    expect(release.productName).toBe(IDENTITY.productName);
    expect(release.productName).toBe(APP_TITLE);
    // Electron names the app (and its user-data folder) after package.json's productName.
    expect(packageJson.productName).toBe(IDENTITY.productName);
    expect(release.copyright).toContain(IDENTITY.publisher);
    expect(release.extraMetadata).toEqual({ author: { name: IDENTITY.publisher, email: IDENTITY.maintainerEmail } });
    expect(release.linux).toMatchObject({ maintainer: `${IDENTITY.publisher} <${IDENTITY.maintainerEmail}>`, vendor: IDENTITY.publisher });
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

  it('publishes a draft GitHub Release only when the release script asks for it', () => {
    expect(release.publish).toEqual({ provider: 'github', owner: 'example-owner', repo: 'example-repo', releaseType: 'draft' });
    for (const [name, script] of Object.entries(packageJson.scripts).filter(([name]) => name.startsWith('dist'))) {
      expect(script, name).toContain('--publish never');
    }
    expect(packageJson.scripts.release).toMatch(/check-identity\.ts --release && electron-builder --publish always$/);
  });

  it('has no update feed while package.json\'s repository is still a placeholder, rather than one nobody publishes to', async () => {
    vi.stubEnv('GITHUB_REPOSITORY', '');
    expect((await loadValidatedConfig(RELEASE_CONFIG)).publish).toBeNull();
    expect(resolveReleaseRepository({ repository: 'https://github.com/acme/app' }, {}, { packageRepositoryIsPlaceholder: true })).toBeUndefined();
    expect(resolveReleaseRepository({ repository: 'https://github.com/acme/app' }, { GITHUB_REPOSITORY: 'fork/app' }, { packageRepositoryIsPlaceholder: true })).toMatchObject({ owner: 'fork' });
  });

  it('finds the release repository in GitHub Actions, then in package.json', () => {
    expect(resolveReleaseRepository({ repository: 'https://github.com/acme/app' }, { GITHUB_REPOSITORY: 'fork/app' })).toMatchObject({ owner: 'fork', repo: 'app' });
    for (const repository of ['https://github.com/acme/app.git', 'git+https://github.com/acme/app.git', 'github:acme/app', 'acme/app', { url: 'git@github.com:acme/app.git' }]) {
      expect(resolveReleaseRepository({ repository }, {}), JSON.stringify(repository)).toEqual({ owner: 'acme', repo: 'app', source: 'package.json repository' });
    }
    expect(resolveReleaseRepository({ repository: 'https://gitlab.com/acme/app' }, {})).toBeUndefined();
    expect(resolveReleaseRepository({}, {})).toBeUndefined();
  });

  it('signs Windows builds with Azure Trusted Signing when its variables are set, and validates', async () => {
    expect(release.win?.azureSignOptions).toBeUndefined();
    for (const [name, value] of Object.entries(AZURE_ENV)) vi.stubEnv(name, value);
    const signed = await loadValidatedConfig(RELEASE_CONFIG);
    expect(signed.win?.azureSignOptions).toEqual({
      endpoint: AZURE_ENV.AZURE_TRUSTED_SIGNING_ENDPOINT,
      codeSigningAccountName: AZURE_ENV.AZURE_TRUSTED_SIGNING_ACCOUNT,
      certificateProfileName: AZURE_ENV.AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE,
      publisherName: AZURE_ENV.AZURE_TRUSTED_SIGNING_PUBLISHER_NAME,
    });
    // A half-configured set fails the build instead of shipping it unsigned.
    expect(() => azureSignOptions({ AZURE_TRUSTED_SIGNING_ENDPOINT: AZURE_ENV.AZURE_TRUSTED_SIGNING_ENDPOINT })).toThrow(
      /AZURE_TRUSTED_SIGNING_ACCOUNT, AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE, AZURE_TRUSTED_SIGNING_PUBLISHER_NAME are missing/,
    );
    expect(createReleaseConfig(IDENTITY, {}, {}).win?.azureSignOptions).toBeUndefined();
  });

  it('uses the app’s own icon on every OS, in the format each reads', () => {
    expect(release.directories?.buildResources).toBe('build');
    expect(release.win?.icon).toBe(ICO_FILE);
    expect(release.mac?.icon).toBe(ICNS_FILE);
    expect(release.linux?.icon).toBe(LINUX_ICON_DIR);
    for (const file of [ICO_FILE, ICNS_FILE, ...PNG_SIZES.map((size) => `${LINUX_ICON_DIR}/${size}x${size}.png`)]) {
      expect(statSync(join(PROJECT_DIR, file)).size, file).toBeGreaterThan(0);
    }
  });

  it('registers the private-use URI scheme derived from the app id (RFC 8252 §7.1)', () => {
    expect(release.protocols).toEqual([expect.objectContaining({ schemes: [DEEP_LINK_SCHEME] })]);
    expect(DEEP_LINK_SCHEME).toBe(IDENTITY.appId);
    // electron-builder defines APP_ID (the appId above) for NSIS scripts: no second copy to drift.
    const installer = readFileSync(join(PROJECT_DIR, 'build', 'installer.nsh'), 'utf8');
    expect(installer).toContain('!define OIDC_URI_SCHEME "${APP_ID}"');
    expect(installer).not.toMatch(/com\.example/);
    // The URL follows "--", so it cannot be read as a Chromium switch.
    expect(installer).toContain(`'"$appExe" -- "%1"'`);
  });

  it('builds a per-user NSIS installer that never asks for admin rights, and a portable .exe, for x64 and arm64', () => {
    expect(targets(release.win?.target)).toEqual([
      { target: 'nsis', arch: ['x64', 'arm64'] },
      { target: 'portable', arch: ['x64', 'arm64'] },
    ]);
    expect(release.nsis).toMatchObject({ oneClick: true, perMachine: false, packElevateHelper: false, include: 'build/installer.nsh' });
    // One file per architecture, each named after it (electron-updater picks by the name).
    expect(release.nsis?.buildUniversalInstaller).toBe(false);
    expect(release.portable?.buildUniversalInstaller).toBe(false);
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

  it('builds AppImage, deb and rpm for Linux, x64 and arm64', () => {
    expect(targets(release.linux?.target)).toEqual([
      { target: 'AppImage', arch: ['x64', 'arm64'] },
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'rpm', arch: ['x64', 'arm64'] },
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

  it('is never signed or notarized, never gets an update feed, and lands in its own folder with its own names', async () => {
    expect(e2e.mac).toMatchObject({ identity: null, notarize: false });
    expect(e2e.win?.azureSignOptions).toBeNull();
    expect(e2e.publish).toBeNull();
    // Whatever the environment says.
    for (const [name, value] of Object.entries(AZURE_ENV)) vi.stubEnv(name, value);
    vi.stubEnv('GITHUB_REPOSITORY', 'example-owner/example-repo');
    const inRelease = await loadValidatedConfig(E2E_CONFIG);
    expect(inRelease.win?.azureSignOptions).toBeNull();
    expect(inRelease.publish).toBeNull();
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
      publish: undefined,
      mac: { ...config.mac, identity: undefined, notarize: undefined },
      win: { ...config.win, azureSignOptions: undefined },
    });
    expect(strip(e2e)).toEqual(strip(release));
  });
});

describe('package.json', () => {
  it('has the dist scripts, each building first and, for installers, checking the identity', () => {
    for (const name of ['dist', 'dist:win', 'dist:mac', 'dist:linux']) {
      expect(packageJson.scripts[name], name).toMatch(/^npm run build && tsx scripts\/check-identity\.ts && electron-builder /);
    }
    expect(packageJson.scripts['dist:e2e']).toMatch(/^npm run build && electron-builder /);
    expect(packageJson.scripts['dist:win']).toContain('--win');
    expect(packageJson.scripts['dist:mac']).toContain('--mac');
    expect(packageJson.scripts['dist:linux']).toContain('--linux');
    expect(packageJson.scripts['dist:e2e']).toContain(`--config ${E2E_CONFIG}`);
  });

  it('has no "build" field, which electron-builder would read instead of electron-builder.ts', () => {
    expect(packageJson.build).toBeUndefined();
  });
});
