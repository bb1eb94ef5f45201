/**
 * The update metadata a release publishes is what installed copies ask for. Both sides are the
 * packages' own code, not names copied into this test:
 *
 * - electron-builder: app-builder-lib's createUpdateInfoTasks names the metadata file for every
 *   target electron-builder.ts builds that writes one (NSIS, the macOS zip, AppImage, deb, rpm),
 *   per architecture, with artifact names expanded by its own macro expander;
 * - electron-updater: its GitHubProvider fetches the release feed and the channel file over a
 *   fake HTTP executor that serves exactly what electron-builder wrote (404 for anything else),
 *   as the app on each OS and architecture would.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Platform, type Configuration, type TargetConfiguration } from 'app-builder-lib';
import { createUpdateInfoTasks } from 'app-builder-lib/out/publish/updateInfoBuilder.js';
import { expandMacro } from 'app-builder-lib/out/util/macroExpander.js';
import { Arch, getArtifactArchName } from 'builder-util';
import { GitHubProvider } from 'electron-updater/out/providers/GitHubProvider.js';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createReleaseConfig } from '../../electron-builder.ts';
import { IDENTITY } from '../../main/identity.ts';

const OWNER = 'example-owner';
const REPO = 'example-repo';
const VERSION = '1.2.3';
const NAME = 'oidc-desktop-signin';
const config: Configuration = createReleaseConfig(IDENTITY, {}, { GITHUB_REPOSITORY: `${OWNER}/${REPO}` });
const publish = config.publish as { provider: 'github'; owner: string; repo: string; releaseType: string };

// Targets whose artifacts electron-updater installs, so electron-builder writes update info for them.
const UPDATABLE: Record<string, { platform: Platform; ext: string; pattern: (config: Configuration) => string | null | undefined }> = {
  nsis: { platform: Platform.WINDOWS, ext: 'exe', pattern: (c) => c.nsis?.artifactName },
  zip: { platform: Platform.MAC, ext: 'zip', pattern: (c) => c.artifactName },
  AppImage: { platform: Platform.LINUX, ext: 'AppImage', pattern: (c) => c.artifactName },
  deb: { platform: Platform.LINUX, ext: 'deb', pattern: (c) => c.artifactName },
  rpm: { platform: Platform.LINUX, ext: 'rpm', pattern: (c) => c.artifactName },
};

const platformTargets = (platform: Platform): TargetConfiguration[] =>
  ((platform === Platform.WINDOWS ? config.win : platform === Platform.MAC ? config.mac : config.linux)?.target ?? []) as TargetConfiguration[];

const work = mkdtempSync(join(tmpdir(), 'update-metadata-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => {
  vi.unstubAllEnvs();
});

interface Published {
  /** Metadata file name -> its files' names (several tasks writing one file are merged, as electron-builder does). */
  channels: Map<string, string[]>;
  /** Per metadata file, the architectures whose artifacts it lists. */
  arches: Map<string, Set<string>>;
}

/** What electron-builder's own code writes for every updatable target and arch of the config. */
async function publishedMetadata(): Promise<Published> {
  const channels = new Map<string, string[]>();
  const arches = new Map<string, Set<string>>();
  for (const platform of [Platform.WINDOWS, Platform.MAC, Platform.LINUX]) {
    for (const entry of platformTargets(platform)) {
      const updatable = UPDATABLE[entry.target];
      if (!updatable || updatable.platform !== platform) continue;
      for (const archName of [entry.arch ?? []].flat()) {
        const arch = Arch[archName];
        const pattern = updatable.pattern(config) ?? '';
        const artifact = expandMacro(pattern, getArtifactArchName(arch, updatable.ext), { name: NAME, version: VERSION } as never, {
          os: platform.buildConfigurationKey,
          ext: updatable.ext,
        });
        const file = join(work, artifact);
        writeFileSync(file, `${artifact}\n`);
        const packager = {
          platform,
          platformSpecificBuildOptions: {},
          config,
          appInfo: { version: VERSION },
          info: {},
          getResource: async () => null,
        };
        const tasks = await createUpdateInfoTasks(
          { packager, arch, file, target: { name: entry.target, outDir: work }, safeArtifactName: artifact } as never,
          [publish],
        );
        for (const task of tasks) {
          const name = basename(task.file);
          channels.set(name, [...(channels.get(name) ?? []), ...task.info.files.map((info) => info.url)]);
          arches.set(name, (arches.get(name) ?? new Set()).add(archName));
        }
      }
    }
  }
  return { channels, arches };
}

/** electron-updater's GitHub provider on `platform`, over a fake executor serving `published`. */
function updaterClient(platform: NodeJS.Platform, published: Published, requested: string[]) {
  const base = `/${OWNER}/${REPO}/releases`;
  const executor = {
    async request(options: { path?: string }): Promise<string> {
      const path = options.path ?? '';
      requested.push(path);
      if (path === `${base}.atom`) {
        return `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>tag:github.com,2008:Repository/1/v${VERSION}</id><updated>2026-01-01T00:00:00Z</updated><link rel="alternate" type="text/html" href="https://github.com${base}/tag/v${VERSION}"/><title>v${VERSION}</title><content type="html">Notes</content></entry></feed>`;
      }
      if (path === `${base}/latest`) return JSON.stringify({ tag_name: `v${VERSION}` });
      const channel = path.startsWith(`${base}/download/v${VERSION}/`) ? published.channels.get(path.slice(path.lastIndexOf('/') + 1)) : undefined;
      // JSON is YAML: electron-updater parses the channel file with js-yaml.
      if (channel) return JSON.stringify({ version: VERSION, files: channel.map((url) => ({ url, sha512: 'x', size: 1 })), releaseDate: '2026-01-01T00:00:00.000Z' });
      throw Object.assign(new Error(`404 ${path}`), { statusCode: 404 });
    },
  };
  const updater = { channel: null, allowPrerelease: false, currentVersion: { version: '1.0.0' }, fullChangelog: false };
  return new GitHubProvider({ provider: 'github', owner: OWNER, repo: REPO }, updater as never, { platform, executor, isUseMultipleRangeRequest: false } as never);
}

describe('update metadata: what a release publishes is what installed copies ask for', () => {
  it('electron-builder writes latest.yml, latest-mac.yml, latest-linux.yml and latest-linux-arm64.yml', async () => {
    const { channels, arches } = await publishedMetadata();
    expect([...channels.keys()].sort()).toEqual(['latest-linux-arm64.yml', 'latest-linux.yml', 'latest-mac.yml', 'latest.yml']);
    // Windows and macOS list both architectures in one file; Linux has one file per arch.
    expect([...(arches.get('latest.yml') ?? [])]).toEqual(['x64', 'arm64']);
    expect([...(arches.get('latest-mac.yml') ?? [])]).toEqual(['x64', 'arm64']);
    expect([...(arches.get('latest-linux.yml') ?? [])]).toEqual(['x64']);
    expect([...(arches.get('latest-linux-arm64.yml') ?? [])]).toEqual(['arm64']);
  });

  it.each([
    ['win32', 'x64', 'latest.yml'],
    ['win32', 'arm64', 'latest.yml'],
    ['darwin', 'x64', 'latest-mac.yml'],
    ['darwin', 'arm64', 'latest-mac.yml'],
    ['linux', 'x64', 'latest-linux.yml'],
    ['linux', 'arm64', 'latest-linux-arm64.yml'],
  ] as const)('electron-updater on %s %s asks for %s, and finds it in the release', async (platform, arch, expected) => {
    // electron-updater reads the Linux architecture from here (or process.arch).
    vi.stubEnv('TEST_UPDATER_ARCH', arch);
    const published = await publishedMetadata();
    const requested: string[] = [];
    const info = await updaterClient(platform, published, requested).getLatestVersion();
    expect(requested.at(-1)).toBe(`/${OWNER}/${REPO}/releases/download/v${VERSION}/${expected}`);
    expect(info.version).toBe(VERSION);
  });

  it('names each Windows installer and macOS zip after its architecture, which electron-updater picks by', async () => {
    const { channels } = await publishedMetadata();
    // NSIS: electron-updater takes the .exe whose name contains process.arch ('x64' or 'arm64').
    expect(channels.get('latest.yml')).toEqual([`${NAME}-${VERSION}-win-x64-setup.exe`, `${NAME}-${VERSION}-win-arm64-setup.exe`]);
    // macOS: arm64 Macs take the zip named arm64; Intel Macs never do.
    expect(channels.get('latest-mac.yml')).toEqual([`${NAME}-${VERSION}-mac-x64.zip`, `${NAME}-${VERSION}-mac-arm64.zip`]);
    // Linux: one file per format, told apart by extension.
    expect(channels.get('latest-linux.yml')?.map((url) => url.slice(url.lastIndexOf('.') + 1))).toEqual(['AppImage', 'deb', 'rpm']);
  });
});
