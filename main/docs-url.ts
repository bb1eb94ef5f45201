/**
 * Where a person with the installed app reads a provider's registration guide: the published
 * page of docs/providers/<id>.md in the app's repository, opened in their browser. The
 * repository's address has one place, package.json's `repository`; this module is the only
 * reader of it.
 */
// Node (the harness, Playwright's loader) reads JSON modules only with the attribute and as a
// default export, so the main bundle carries package.json whole (2.5 KB), not just `repository`.
import packageJson from '../package.json' with { type: 'json' };
import type { PresetId } from './providers/presets.ts';

/** The branch whose guides the app links to. */
const PUBLISHED_BRANCH = 'main';

/** package.json's `repository`: npm accepts an object with a `url`, or a bare string. */
export type RepositoryField = string | { type?: string; url: string };

/**
 * The repository's web address, e.g. `https://github.com/owner/name`, from the forms npm
 * allows (`git+https://github.com/owner/name.git`, `git@github.com:owner/name.git`, `github:owner/name`).
 * @throws Error when it is not an https address: the window opens nothing else.
 */
export function repositoryWebUrl(field: RepositoryField = packageJson.repository): string {
  let raw = (typeof field === 'string' ? field : field.url).trim();
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(raw);
  if (shorthand) raw = `https://github.com/${shorthand[1]}`;
  const scp = /^git@([^:/]+):(.+)$/.exec(raw);
  if (scp) raw = `https://${scp[1]}/${scp[2]}`;
  raw = raw.replace(/^git\+/, '');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`package.json's repository "${raw}" is not a URL.`);
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.search || url.hash) {
    throw new Error(`package.json's repository must be a plain https address, not "${raw}".`);
  }
  return `${url.origin}${url.pathname.replace(/\.git$/, '').replace(/\/+$/, '')}`;
}

/** The published page of a preset's guide, docs/providers/<id>.md. */
export function providerGuideUrl(presetId: PresetId, field: RepositoryField = packageJson.repository): string {
  return `${repositoryWebUrl(field)}/blob/${PUBLISHED_BRANCH}/docs/providers/${encodeURIComponent(presetId)}.md`;
}
