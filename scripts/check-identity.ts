/**
 * Runs before every package build (`npm run dist*`, `npm run release`): names each part of the
 * app's identity that still holds an example value (identity.json's `placeholders`, example
 * domains), and says where releases go (the repository electron-builder.ts resolves).
 *
 *   tsx scripts/check-identity.ts            warn, and carry on (local and CI builds)
 *   tsx scripts/check-identity.ts --release  stop with exit 1 instead (a release must not ship
 *                                            an example identity, or go nowhere)
 */
import { readPackageMetadata, resolveReleaseRepository } from '../electron-builder.ts';
import { IDENTITY, placeholderWarnings } from '../main/identity.ts';

const release = process.argv.includes('--release');
const problems = placeholderWarnings(IDENTITY);
const placeholderRepository = IDENTITY.placeholders.includes('repository');
const repository = resolveReleaseRepository(readPackageMetadata(), process.env, { packageRepositoryIsPlaceholder: placeholderRepository });
if (!repository && !placeholderRepository) {
  problems.push(
    'repository is a placeholder: package.json has no GitHub "repository" (and GITHUB_REPOSITORY is not set), so this build has no update feed and cannot be released',
  );
}

if (repository) console.log(`identity: ${IDENTITY.appId}; releases and updates: github.com/${repository.owner}/${repository.repo} (${repository.source})`);
for (const problem of problems) console.warn(`${release ? 'error' : 'warning'}: identity: ${problem}`);
if (problems.length > 0) {
  console.warn(release ? 'A release needs its own identity (docs/packaging.md, "Identity").' : 'Fine for a local build; `npm run release` refuses these (docs/packaging.md, "Identity").');
}
if (release && problems.length > 0) process.exit(1);
