/**
 * An offline `--dir` package, built by electron-builder's own `build()` (what the CLI runs)
 * from the real electron-builder.ts, with a clearly named stand-in for Electron's distribution
 * (the real one cannot be downloaded here). The real `app.asar` it produces is opened with
 * @electron/asar: it must hold the built app and its runtime dependencies, and nothing else.
 * The fuses electron-builder flipped in the stand-in binary are read back as well.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { Arch, build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadValidatedConfig, PROJECT_DIR, RELEASE_CONFIG } from './builder-config.ts';
import { createStandInElectronDist } from './stand-in-electron.ts';

interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readJson = (file: string): PackageJson => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
const toPosix = (path: string): string => path.split(sep).join('/');

const projectPackage = readJson(join(PROJECT_DIR, 'package.json'));
// The version electron-builder would package (read from package.json: requiring 'electron' would try to download it).
const electronVersion = (JSON.parse(readFileSync(join(PROJECT_DIR, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

/** Where `name` resolves from `fromDir`, Node-style, without leaving the project. */
function locatePackage(fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (relative(PROJECT_DIR, dir) === '') return undefined;
  }
}

/** The project's runtime dependency closure as `name@version` (electron-builder re-hoists
 *  nested copies, so folders differ from node_modules' but packages do not). */
function runtimePackages(): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (fromDir: string, dependencies: Record<string, string> = {}, optional = false): void => {
    for (const name of Object.keys(dependencies)) {
      const folder = locatePackage(fromDir, name);
      if (folder === undefined) {
        if (optional) continue;
        throw new Error(`${name} (needed by ${toPosix(relative(PROJECT_DIR, fromDir)) || 'the app'}) is not installed: run npm ci`);
      }
      if (seen.has(folder)) continue;
      seen.add(folder);
      const manifest = readJson(join(folder, 'package.json'));
      packages.add(`${manifest.name}@${manifest.version}`);
      visit(folder, manifest.dependencies);
      visit(folder, manifest.optionalDependencies, true);
    }
  };
  visit(PROJECT_DIR, projectPackage.dependencies);
  visit(PROJECT_DIR, projectPackage.optionalDependencies, true);
  return packages;
}

/** Every file under `dir`, relative and with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => statSync(join(dir, entry)).isFile())
    .map(toPosix)
    .sort();
}

let work: string;
let appOutDir: string;
let asarPath: string;
/** Every entry of app.asar, relative, forward slashes. */
let entries: string[];
let entrySet: Set<string>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'oidc-desktop-packaging-'));

  // The package is made of the build output: build it as `npm run dist` would.
  const built = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: PROJECT_DIR,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (built.status !== 0) {
    throw new Error(`"npm run build" failed (exit ${built.status ?? built.signal}), so there is nothing to package:\n${built.stdout}\n${built.stderr}`);
  }

  const electronDist = createStandInElectronDist(work, electronVersion);
  // As in the release workflow, where GitHub Actions names the repository: the package then
  // carries its update feed (app-update.yml).
  vi.stubEnv('GITHUB_REPOSITORY', 'example-owner/example-repo');
  // electron-builder keeps quiet under Vitest (builder-util checks VITEST); its errors say enough.
  try {
    await build({
      projectDir: PROJECT_DIR,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      // What `electron-builder --linux dir -c.electronDist=... -c.directories.output=...` would pass.
      config: { electronDist, electronVersion, directories: { output: join(work, 'out') } },
    });
  } catch (error) {
    throw new Error(`electron-builder failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    vi.unstubAllEnvs();
  }

  appOutDir = join(work, 'out', 'linux-unpacked');
  asarPath = join(appOutDir, 'resources', 'app.asar');
  entries = listPackage(asarPath, { isPack: false })
    .map((entry) => toPosix(entry).replace(/^\/+/, ''))
    .sort();
  entrySet = new Set(entries);
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packaged app (linux --dir, stand-in Electron)', () => {
  it('was packaged from the stand-in, not from a downloaded Electron', () => {
    expect(readFileSync(join(appOutDir, 'oidc-desktop-signin'), 'utf8')).toContain('stand-in for Electron');
    expect(readFileSync(join(appOutDir, 'version'), 'utf8')).toBe(electronVersion);
  });

  it('keeps the whole app inside app.asar: no loose app folder, nothing unpacked', () => {
    expect(existsSync(asarPath)).toBe(true);
    // Beside it only the update feed electron-builder writes for electron-updater.
    expect(readdirSync(join(appOutDir, 'resources')).sort()).toEqual(['app-update.yml', 'app.asar']);
  });

  it('carries its update feed: the GitHub repository releases go to, drafts first', () => {
    const feed = readFileSync(join(appOutDir, 'resources', 'app-update.yml'), 'utf8');
    expect(feed).toMatch(/^provider: github$/m);
    expect(feed).toMatch(/^owner: example-owner$/m);
    expect(feed).toMatch(/^repo: example-repo$/m);
    expect(feed).toMatch(/^releaseType: draft$/m);
    expect(feed).toMatch(/^updaterCacheDirName: /m);
  });

  it('holds the entry points and the runtime dependencies', () => {
    for (const entry of [
      'package.json',
      'dist/main/index.js',
      'dist/preload/index.cjs',
      'dist/renderer/index.html',
      'node_modules/electron-store/package.json',
      'node_modules/electron-log/package.json',
      // Loaded lazily by main/index.ts in installed builds only (main/auto-updater.ts).
      'node_modules/electron-updater/package.json',
    ]) {
      expect(entrySet.has(entry), entry).toBe(true);
    }
  });

  it('bundles the protocol libraries into the main build instead of shipping them loose', () => {
    // openid-client, oauth4webapi, jose and valibot are bundled (vite.main.config.ts) for a fast
    // cold start; openid-client sits in a chunk of its own that the core loads on first use.
    const chunks = entries.filter((entry) => entry.startsWith('dist/main/') && entry.endsWith('.js') && entry !== 'dist/main/index.js');
    const bundled = chunks.map((entry) => extractFile(asarPath, entry).toString('utf8')).join('\n');
    expect(bundled).toMatch(/authorizationCodeGrant/);
    for (const name of ['openid-client', 'oauth4webapi', 'jose', 'valibot']) expect(entrySet.has(`node_modules/${name}/package.json`), name).toBe(false);
  });

  it('holds exactly the build output, minus source maps', () => {
    const folders = new Set(entries.map((entry) => entry.slice(0, entry.lastIndexOf('/'))));
    const packagedDist = entries.filter((entry) => entry.startsWith('dist/') && !folders.has(entry));
    const builtDist = filesUnder(join(PROJECT_DIR, 'dist'))
      .map((file) => `dist/${file}`)
      .filter((file) => !file.endsWith('.map'));
    expect(packagedDist).toEqual(builtDist);
  });

  it('holds nothing but package.json, dist/ and node_modules/', () => {
    const topLevel = new Set(entries.map((entry) => entry.split('/')[0]));
    expect([...topLevel].sort()).toEqual(['dist', 'node_modules', 'package.json']);
  });

  it('holds no sources, tests or source maps, ours or the dependencies’', () => {
    const offenders = entries.filter(
      (entry) =>
        /\.(map|ts|tsx|mts|cts)$/.test(entry) ||
        /^(main|preload|renderer|test|scripts|build)\//.test(entry) ||
        entry.startsWith('dist/renderer/src/'),
    );
    expect(offenders).toEqual([]);
  });

  it('holds the runtime dependency closure and no other package (no devDependencies)', () => {
    const packaged = new Set(
      entries
        .filter((entry) => /^node_modules\/(?:@[^/]+\/)?[^/]+(?:\/node_modules\/(?:@[^/]+\/)?[^/]+)*$/.test(entry))
        .filter((entry) => entrySet.has(`${entry}/package.json`))
        .map((entry) => {
          const manifest = JSON.parse(extractFile(asarPath, `${entry}/package.json`).toString('utf8')) as PackageJson;
          return `${manifest.name}@${manifest.version}`;
        }),
    );
    const runtime = runtimePackages();
    expect([...packaged].sort()).toEqual([...runtime].sort());

    // Named, so a failure reads plainly. React is bundled into the renderer: no copy ships.
    const forbidden = ['react', 'react-dom', 'oidc-provider', 'vite', 'vitest', 'playwright', 'playwright-core', '@playwright/test', 'electron', 'electron-builder', 'typescript'];
    const packagedNames = new Set([...packaged].map((id) => id.slice(0, id.lastIndexOf('@'))));
    for (const name of forbidden) expect(packagedNames.has(name), name).toBe(false);
    // Any other devDependency too, unless a runtime dependency needs it as well (jose: openid-client's).
    const runtimeNames = new Set([...runtime].map((id) => id.slice(0, id.lastIndexOf('@'))));
    for (const name of Object.keys(projectPackage.devDependencies ?? {})) {
      if (!runtimeNames.has(name)) expect(packagedNames.has(name), name).toBe(false);
    }
  });

  it('ships a package.json without scripts or devDependencies, pointing at the built main', () => {
    const packaged = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as PackageJson;
    expect(packaged.main).toBe('dist/main/index.js');
    expect(packaged.name).toBe(projectPackage.name);
    expect(packaged.scripts).toBeUndefined();
    expect(packaged.devDependencies).toBeUndefined();
    expect(packaged.dependencies).toEqual(projectPackage.dependencies);
  });

  it('has the release fuses flipped in the binary, as electron-fuses reads them', async () => {
    const wire = await getCurrentFuseWire(join(appOutDir, 'oidc-desktop-signin'));
    const { electronFuses } = await loadValidatedConfig(RELEASE_CONFIG);
    // The wire holds ASCII '1' (enabled) or '0' (disabled) per fuse.
    const ENABLE = '1'.charCodeAt(0);
    const DISABLE = '0'.charCodeAt(0);
    const state = (on: boolean | undefined) => (on ? ENABLE : DISABLE);
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      enableCookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      enableNodeOptionsEnvironmentVariable: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      enableNodeCliInspectArguments: wire[FuseV1Options.EnableNodeCliInspectArguments],
      enableEmbeddedAsarIntegrityValidation: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyLoadAppFromAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      loadBrowserProcessSpecificV8Snapshot: wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot],
      grantFileProtocolExtraPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: state(electronFuses?.runAsNode),
      enableCookieEncryption: state(electronFuses?.enableCookieEncryption),
      enableNodeOptionsEnvironmentVariable: state(electronFuses?.enableNodeOptionsEnvironmentVariable),
      enableNodeCliInspectArguments: state(electronFuses?.enableNodeCliInspectArguments),
      enableEmbeddedAsarIntegrityValidation: state(electronFuses?.enableEmbeddedAsarIntegrityValidation),
      onlyLoadAppFromAsar: state(electronFuses?.onlyLoadAppFromAsar),
      loadBrowserProcessSpecificV8Snapshot: state(electronFuses?.loadBrowserProcessSpecificV8Snapshot),
      grantFileProtocolExtraPrivileges: state(electronFuses?.grantFileProtocolExtraPrivileges),
    });
    // And concretely, the ones that matter most: no Node mode, no inspector, app code from the asar only.
    expect(wire[FuseV1Options.RunAsNode]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ENABLE);
  });
});
