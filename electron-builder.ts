/**
 * How the release packages are built: `npm run dist` (this platform), `dist:win`, `dist:mac`,
 * `dist:linux`, and `npm run release` (CI, on a `v*` tag: signs and publishes a draft GitHub
 * Release). electron-builder finds this file by its name; its default export is called on every
 * build, so the environment (signing secrets, the repository) is read at build time.
 * `build/electron-builder.e2e.yml` extends it for the one test flavour.
 *
 * The identity (app id, product name, URI scheme, publisher, maintainer) comes from
 * identity.json through main/identity.ts, as the app's own code reads it. docs/packaging.md
 * explains each choice; test/packaging holds it to account through app-builder-lib's validation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { IDENTITY, type AppIdentity } from './main/identity.ts';

/** The GitHub repository releases are published to and installed copies check for updates. */
export interface ReleaseRepository {
  owner: string;
  repo: string;
  /** Where the answer came from, for the pre-dist check's message. */
  source: 'GITHUB_REPOSITORY' | 'package.json repository';
}

/** The part of package.json this reads. */
export interface PackageMetadata {
  repository?: string | { url?: string };
}

const GITHUB_URL = /^(?:git\+)?(?:https?:\/\/|git@|ssh:\/\/git@)?(?:www\.)?github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/;
const SHORTHAND = /^(?:github:)?([\w.-]+)\/([\w.-]+)$/;

/**
 * The release repository: GitHub Actions' own (GITHUB_REPOSITORY, so a release is published where
 * its workflow runs, forks included), else package.json's `repository`, else none, and then the
 * build gets no update feed (installed copies say why in their diagnostics).
 */
export function resolveReleaseRepository(metadata: PackageMetadata, env: NodeJS.ProcessEnv, options: { packageRepositoryIsPlaceholder?: boolean } = {}): ReleaseRepository | undefined {
  const fromActions = env.GITHUB_REPOSITORY?.trim();
  const actions = fromActions ? SHORTHAND.exec(fromActions) : null;
  if (actions?.[1] && actions[2]) return { owner: actions[1], repo: actions[2], source: 'GITHUB_REPOSITORY' };
  // A placeholder repository would give installed copies a feed nobody publishes to.
  if (options.packageRepositoryIsPlaceholder) return undefined;
  const declared = typeof metadata.repository === 'string' ? metadata.repository : metadata.repository?.url;
  const match = declared ? (GITHUB_URL.exec(declared.trim()) ?? SHORTHAND.exec(declared.trim())) : null;
  if (match?.[1] && match[2]) return { owner: match[1], repo: match[2], source: 'package.json repository' };
  return undefined;
}

/** Azure Trusted Signing's settings, from the environment; undefined when none is set. */
export function azureSignOptions(env: NodeJS.ProcessEnv): { publisherName: string; endpoint: string; codeSigningAccountName: string; certificateProfileName: string } | undefined {
  const names = {
    endpoint: 'AZURE_TRUSTED_SIGNING_ENDPOINT',
    codeSigningAccountName: 'AZURE_TRUSTED_SIGNING_ACCOUNT',
    certificateProfileName: 'AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE',
    publisherName: 'AZURE_TRUSTED_SIGNING_PUBLISHER_NAME',
  } as const;
  const values = Object.fromEntries(Object.entries(names).map(([field, name]) => [field, env[name]?.trim() ?? ''])) as Record<keyof typeof names, string>;
  const missing = Object.entries(names).filter(([field]) => values[field as keyof typeof names] === '').map(([, name]) => name);
  if (missing.length === Object.keys(names).length) return undefined;
  // A partial set would silently fall back to an unsigned build: say so instead.
  if (missing.length > 0) throw new Error(`Azure Trusted Signing is half configured: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
  return values;
}

/** The release configuration for an identity, a package.json and an environment. */
export function createReleaseConfig(identity: AppIdentity, metadata: PackageMetadata, env: NodeJS.ProcessEnv): Configuration {
  const repository = resolveReleaseRepository(metadata, env, { packageRepositoryIsPlaceholder: identity.placeholders.includes('repository') });
  const azure = azureSignOptions(env);
  return {
    appId: identity.appId,
    productName: identity.productName,
    copyright: `Copyright © 2026 ${identity.publisher}`,
    // The packaged package.json's author: the Windows executable's company name, and the
    // publisher electron-builder names in package metadata (package.json itself stays free of it).
    extraMetadata: { author: { name: identity.publisher, email: identity.maintainerEmail } },

    // Icons (npm run icons renders them from build/icon.svg). buildResources never ships.
    directories: { output: 'release', buildResources: 'build' },

    // Only what runs: the bundles (Vite output) and package.json. electron-builder adds the
    // production dependencies from node_modules by itself and leaves devDependencies out.
    // Source maps and TypeScript sources stay behind, ours and those some dependencies ship.
    files: ['package.json', 'dist/main/**/*', 'dist/preload/**/*', 'dist/renderer/**/*', '!**/*.map', '!**/node_modules/**/*.{ts,mts,cts,tsx}'],
    asar: true,
    // The dependencies are plain JavaScript: nothing to rebuild against Electron's headers.
    npmRebuild: false,

    // Flipped in the Electron binary after packaging, before signing (docs/packaging.md, "Fuses").
    electronFuses: {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
      // Flipping fuses breaks the binary's ad-hoc signature; without this an unsigned arm64 build
      // (CI without certificates) would not start. A real identity re-signs afterwards anyway.
      resetAdHocDarwinSignature: true,
    },

    // For providers that refuse loopback redirects (the config's privateUseRedirectUri).
    // macOS: Info.plist; deb/rpm: the .desktop file; Windows NSIS: build/installer.nsh (APP_ID).
    protocols: [{ name: `${identity.productName} redirect`, schemes: [identity.appId], role: 'Viewer' }],

    // Version, OS and arch in every file name; no spaces (the product name has some). The arch
    // also tells electron-updater which file of a release is this machine's (it looks for
    // `x64` or `arm64` in the names listed in latest*.yml).
    artifactName: '${name}-${version}-${os}-${arch}.${ext}',

    // Where `npm run release` uploads, and what installed copies check (app-update.yml, written
    // into the package): a draft GitHub Release that a maintainer reviews and publishes. No
    // repository known, no feed: the app then reports updates as off, and why.
    publish: repository ? { provider: 'github', owner: repository.owner, repo: repository.repo, releaseType: 'draft' } : null,

    win: {
      icon: 'build/icon.ico',
      target: [
        { target: 'nsis', arch: ['x64', 'arm64'] },
        { target: 'portable', arch: ['x64', 'arm64'] },
      ],
      // Signing: a .pfx through WIN_CSC_LINK / WIN_CSC_KEY_PASSWORD (electron-builder reads them),
      // or Azure Trusted Signing when its variables are set (AZURE_TENANT_ID, AZURE_CLIENT_ID and
      // AZURE_CLIENT_SECRET authenticate). Either way electron-builder writes the publisher into
      // app-update.yml, and electron-updater installs only updates signed by that publisher.
      ...(azure ? { azureSignOptions: azure } : {}),
    },
    nsis: {
      // One-click, per-user: installs under %LOCALAPPDATA%\Programs, never asks for admin rights.
      oneClick: true,
      perMachine: false,
      // Never elevates, so the elevation helper would be dead weight.
      packElevateHelper: false,
      // Tokens and settings are the person's; an uninstall is not a sign-out.
      deleteAppDataOnUninstall: false,
      include: 'build/installer.nsh',
      // One installer per architecture (half the download of a combined one); latest.yml lists
      // both and electron-updater picks the one named after this machine's arch.
      buildUniversalInstaller: false,
      artifactName: '${name}-${version}-${os}-${arch}-setup.${ext}',
    },
    portable: {
      buildUniversalInstaller: false,
      artifactName: '${name}-${version}-${os}-${arch}-portable.${ext}',
    },

    mac: {
      icon: 'build/icon.icns',
      category: 'public.app-category.productivity',
      // One build per architecture rather than universal (docs/packaging.md, "Architectures").
      target: [
        { target: 'dmg', arch: ['x64', 'arm64'] },
        { target: 'zip', arch: ['x64', 'arm64'] },
      ],
      // Signing identity: CSC_LINK / CSC_KEY_PASSWORD (or the keychain). Notarization runs when
      // APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER (or APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD
      // + APPLE_TEAM_ID) are set, and is skipped with a warning otherwise. The zip is what
      // electron-updater installs on macOS (latest-mac.yml); the dmg is for first installs.
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.inherit.plist',
      notarize: true,
    },
    dmg: {
      artifactName: '${name}-${version}-${os}-${arch}.${ext}',
    },

    linux: {
      // A folder of NxN.png: installed into the desktop's icon theme by deb/rpm, and the AppImage's.
      icon: 'build/icons',
      target: [
        { target: 'AppImage', arch: ['x64', 'arm64'] },
        { target: 'deb', arch: ['x64', 'arm64'] },
        { target: 'rpm', arch: ['x64', 'arm64'] },
      ],
      executableName: 'oidc-desktop-signin',
      category: 'Utility',
      synopsis: 'Sign in with OpenID Connect from the desktop',
      maintainer: `${identity.publisher} <${identity.maintainerEmail}>`,
      vendor: identity.publisher,
    },
  };
}

/** package.json, as electron-builder sees it from the project folder. */
export function readPackageMetadata(projectDir: string = import.meta.dirname): PackageMetadata {
  return JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as PackageMetadata;
}

export default (): Configuration => createReleaseConfig(IDENTITY, readPackageMetadata(), process.env);
