import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { providerGuideUrl, repositoryWebUrl } from '../../main/docs-url.ts';
import { PRESET_IDS } from '../../main/providers/presets.ts';

const root = join(import.meta.dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository: { url: string }; homepage: string };

describe('providerGuideUrl', () => {
  it('links each preset’s guide at the repository package.json names, on its main branch', () => {
    const repository = packageJson.repository.url.replace(/\.git$/, '').replace(/\/$/, '');
    for (const id of PRESET_IDS) {
      expect(providerGuideUrl(id)).toBe(`${repository}/blob/main/docs/providers/${id}.md`);
      // The page it links to is one this repository has.
      expect(readFileSync(join(root, 'docs', 'providers', `${id}.md`), 'utf8')).toMatch(/^# /);
    }
    expect(new URL(providerGuideUrl('oci')).protocol).toBe('https:');
    expect(packageJson.homepage.startsWith(repository)).toBe(true);
  });

  it('reads the forms npm allows for repository as the same https address', () => {
    const web = 'https://github.com/acme/signin';
    for (const field of [
      web,
      `${web}/`,
      `${web}.git`,
      `git+${web}.git`,
      'git@github.com:acme/signin.git',
      'github:acme/signin',
      'acme/signin',
      { type: 'git', url: `git+${web}.git` },
    ]) {
      expect(repositoryWebUrl(field), JSON.stringify(field)).toBe(web);
    }
    expect(providerGuideUrl('entra', { type: 'git', url: 'https://git.example.com/team/app.git' })).toBe('https://git.example.com/team/app/blob/main/docs/providers/entra.md');
  });

  it('refuses a repository the window would not open: not https, or with credentials, query or fragment', () => {
    for (const field of ['http://github.com/acme/signin', 'git://github.com/acme/signin.git', 'https://user:pw@github.com/acme/signin', 'https://github.com/acme/signin?x=1', 'not a url']) {
      expect(() => repositoryWebUrl(field), field).toThrow(/package\.json's repository/);
    }
  });
});
