/**
 * The GitHub Actions workflows and composite actions, checked offline on every `npm test`:
 * against the workflow and action JSON schemas (@action-validator/core, the action-validator
 * CLI's WebAssembly core), and for what this project relies on: current action majors, the
 * release workflow's trigger, permissions and steps, and Dependabot watching npm and Actions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');
const WORKFLOWS = readdirSync(join(root, '.github', 'workflows')).filter((name) => /\.ya?ml$/.test(name)).map((name) => `.github/workflows/${name}`);
const ACTIONS = readdirSync(join(root, '.github', 'actions')).map((name) => `.github/actions/${name}/action.yml`);

/** Every `uses:` reference in a file. */
const uses = (text: string): string[] => [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)/gm)].map((match) => match[1] ?? '');

/** The oldest major each action may be pinned to: the majors current when this was written (Dependabot moves them on). */
const CURRENT_MAJORS: Record<string, number> = {
  'actions/checkout': 7,
  'actions/setup-node': 7,
  'actions/upload-artifact': 7,
  'browser-actions/setup-chrome': 2,
};

describe('.github', () => {
  it('has the CI and release workflows and the shared composite actions', () => {
    expect(WORKFLOWS.sort()).toEqual(['.github/workflows/ci.yml', '.github/workflows/release.yml']);
    expect(ACTIONS.sort()).toEqual(['.github/actions/package/action.yml', '.github/actions/setup/action.yml', '.github/actions/test/action.yml']);
  });

  it.each(WORKFLOWS)('%s is a valid workflow (schema)', (file) => {
    expect(validateWorkflow(read(file)).errors).toEqual([]);
  });

  it.each(ACTIONS)('%s is a valid composite action (schema)', (file) => {
    expect(validateAction(read(file)).errors).toEqual([]);
  });

  it('the schema check catches a broken workflow', () => {
    const broken = read('.github/workflows/ci.yml').replace('runs-on:', 'runs_on:');
    expect(validateWorkflow(broken).errors).not.toEqual([]);
  });

  it.each([...WORKFLOWS, ...ACTIONS])('%s uses actions by a current major tag, or local ones', (file) => {
    for (const reference of uses(read(file))) {
      if (reference.startsWith('./')) continue;
      const match = /^([\w.-]+\/[\w.-]+)@v(\d+)$/.exec(reference);
      expect(match, `${file}: ${reference}`).not.toBeNull();
      const [, action = '', major = '0'] = match ?? [];
      expect(CURRENT_MAJORS[action], `${file}: ${action} is not a known action; add its current major here`).toBeDefined();
      expect(Number(major), `${file}: ${reference}`).toBeGreaterThanOrEqual(CURRENT_MAJORS[action] ?? Infinity);
    }
  });

  it('release.yml: a v* tag drafts the release, builds, signs and publishes on all three OSes, then adds checksums', () => {
    const release = read('.github/workflows/release.yml');
    expect(release).toMatch(/on:\n\s+push:\n\s+tags: \['v\*'\]/);
    expect(release).toContain('permissions:\n  contents: read');
    expect(release).toMatch(/gh release create "\$GITHUB_REF_NAME" --draft --verify-tag/);
    expect(release).toContain('os: [ubuntu-latest, macos-latest, windows-latest]');
    expect(release).toContain('npx tsx scripts/check-identity.ts --release');
    expect(release).toMatch(/uses: \.\/\.github\/actions\/package\n\s+with:\n\s+script: release/);
    expect(release).toContain('uses: ./.github/actions/test');
    expect(release).toMatch(/sha256sum -- \* > "\$RUNNER_TEMP\/SHA256SUMS\.txt"/);
    for (const secret of ['MAC_CSC_LINK', 'APPLE_API_KEY_P8', 'WIN_CSC_LINK', 'AZURE_CLIENT_SECRET']) expect(release).toContain(`secrets.${secret}`);
    expect(release).toContain('vars.AZURE_TRUSTED_SIGNING_ENDPOINT');
  });

  it('ci.yml: tests, tests the packaged app and packages on every push and pull request, publishing nothing', () => {
    const ci = read('.github/workflows/ci.yml');
    expect(ci).not.toMatch(/tags:/);
    expect(ci).toContain('uses: ./.github/actions/test');
    expect(ci).toMatch(/uses: \.\/\.github\/actions\/package\n\s+with:\n\s+script: dist/);
    expect(ci).not.toContain('contents: write');
  });

  it('the test action runs the sign-in spec against the packaged test flavour', () => {
    const test = read('.github/actions/test/action.yml');
    expect(test).toContain('npm run dist:e2e');
    expect(test).toContain('E2E_EXECUTABLE_PATH="$(npx tsx scripts/e2e-executable.ts)"');
    expect(test).toContain('npx playwright test --project=electron test/e2e/sign-in.spec.ts');
  });

  it('the package action verifies what it signed: codesign, Gatekeeper, the notarization staple, Authenticode', () => {
    const action = read('.github/actions/package/action.yml');
    for (const check of ['codesign --verify --deep --strict', 'spctl --assess --type execute', 'xcrun stapler validate', 'Get-AuthenticodeSignature']) expect(action).toContain(check);
  });

  it('Dependabot watches npm and GitHub Actions (workflows and composite actions)', () => {
    const dependabot = read('.github/dependabot.yml');
    expect(dependabot).toMatch(/^version: 2$/m);
    expect(dependabot).toMatch(/- package-ecosystem: npm\n\s+directory: \/\n/);
    expect(dependabot).toMatch(/- package-ecosystem: github-actions\n\s+directories: \[\/, \/\.github\/actions\/\*\]/);
    expect([...dependabot.matchAll(/interval: weekly/g)]).toHaveLength(2);
  });
});
