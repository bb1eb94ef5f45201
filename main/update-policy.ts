/**
 * Whether this copy of the app may update itself, decided once at start from facts the entry
 * gathers (main/index.ts): only installed, signed builds that carry an update feed do. Pure:
 * tested without Electron. The reason for "no" is what the diagnostics report's "Updates:" line
 * and the app's log say.
 *
 * What "signed" means per OS, and why it gates updates:
 * - Windows: electron-builder writes the signing publisher into app-update.yml when it signs
 *   (the certificate's subject, or azureSignOptions.publisherName), and electron-updater then
 *   installs only updates signed by that publisher. Without one it would run any installer the
 *   feed names, unchecked.
 * - macOS: Squirrel.Mac installs an update only into a signed app, and only if the update has
 *   the same designated requirement; an ad-hoc or unsigned app can never update.
 * - Linux: no package format electron-builder makes is signed. The AppImage, .deb or .rpm is
 *   checked against the SHA-512 in latest-linux.yml, both fetched over HTTPS from the same
 *   GitHub Release the person installed from; that is the trust Linux updates get here.
 */

/** What app-update.yml (written by electron-builder into the package's resources) says. */
export interface UpdateFeed {
  provider: string;
  owner?: string;
  repo?: string;
  /** Windows only, and only when the build was signed. */
  publisherName?: string[];
}

/** The facts the decision needs. */
export interface UpdatePolicyInput {
  /** `app.isPackaged`. */
  packaged: boolean;
  platform: NodeJS.Platform;
  /** app-update.yml, parsed; undefined when the package has none (no publish configuration). */
  feed: UpdateFeed | undefined;
  /** macOS: whether the app bundle is signed with a Developer ID (a team identifier). */
  macSignedByTeam?: boolean;
  /** Linux: `APPIMAGE` (set by the AppImage runtime) and resources/package-type ('deb', 'rpm'). */
  appImage?: string | undefined;
  linuxPackageType?: string | undefined;
}

export type UpdatePolicy = { enabled: true; feed: UpdateFeed } | { enabled: false; reason: string };

/** Decides whether updates run, and says why not. */
export function decideUpdatePolicy(input: UpdatePolicyInput): UpdatePolicy {
  if (!input.packaged) return { enabled: false, reason: 'development build: only installed copies update themselves' };
  const { feed } = input;
  if (!feed) return { enabled: false, reason: 'this build has no update feed (it was packaged without a release repository)' };
  if (feed.provider !== 'github' || !feed.owner || !feed.repo) return { enabled: false, reason: `this build's update feed is not a GitHub repository (${feed.provider})` };
  switch (input.platform) {
    case 'win32':
      if (!feed.publisherName?.length) return { enabled: false, reason: 'unsigned build: Windows could not check that an update comes from the same publisher' };
      return { enabled: true, feed };
    case 'darwin':
      if (!input.macSignedByTeam) return { enabled: false, reason: 'unsigned build: macOS installs updates only into an app signed with a Developer ID' };
      return { enabled: true, feed };
    case 'linux':
      if (input.appImage) return { enabled: true, feed };
      if (input.linuxPackageType === 'deb' || input.linuxPackageType === 'rpm') return { enabled: true, feed };
      return { enabled: false, reason: 'this Linux build is not an AppImage, .deb or .rpm, so it has nothing to update' };
    default:
      return { enabled: false, reason: `no updates on ${input.platform}` };
  }
}

/**
 * Reads app-update.yml's top-level keys (electron-builder writes a flat YAML map, with
 * publisherName as a string or a list). Only what the decision needs; anything else is ignored.
 */
export function parseUpdateFeed(text: string): UpdateFeed | undefined {
  const values = new Map<string, string[]>();
  let listKey: string | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\s+#.*$/, '');
    if (line.trim() === '') continue;
    const item = /^\s+-\s+(.*)$/.exec(line);
    if (item && listKey) {
      values.get(listKey)?.push(unquote(item[1] ?? ''));
      continue;
    }
    const entry = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (!entry?.[1]) continue;
    listKey = entry[2] === '' ? entry[1] : undefined;
    values.set(entry[1], entry[2] === '' ? [] : [unquote(entry[2] ?? '')]);
  }
  const provider = values.get('provider')?.[0];
  if (!provider) return undefined;
  const publisherName = values.get('publisherName')?.filter((name) => name !== '');
  return {
    provider,
    ...(values.get('owner')?.[0] ? { owner: values.get('owner')?.[0] as string } : {}),
    ...(values.get('repo')?.[0] ? { repo: values.get('repo')?.[0] as string } : {}),
    ...(publisherName?.length ? { publisherName } : {}),
  };
}

function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length >= 2 && ((trimmed.startsWith("'") && trimmed.endsWith("'")) || (trimmed.startsWith('"') && trimmed.endsWith('"')))) {
    return trimmed.slice(1, -1);
  }
  return trimmed;
}

/** From `codesign --display --verbose=2` (its report goes to stderr): the team identifier of a
 *  Developer ID signature, or undefined for ad-hoc and unsigned bundles. */
export function teamIdentifierFromCodesign(report: string): string | undefined {
  const team = /^TeamIdentifier=(.+)$/m.exec(report)?.[1]?.trim();
  if (!team || team === 'not set' || /^Signature=adhoc$/m.test(report)) return undefined;
  return team;
}
