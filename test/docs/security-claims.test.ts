/**
 * docs/security.md names, for every claim, the test that proves it (`file` › test name). This
 * keeps those names true: each cited file exists and has a test of exactly that name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const doc = readFileSync(join(root, 'docs', 'security.md'), 'utf8');

/** Every "`test/...` › name" citation: the name is the rest of the line, exactly. */
const citations = [...doc.matchAll(/`(test\/[^`]+)` › (.+)$/gm)].map(([, file, rest]) => ({ file: file!, name: rest!.trim() }));

/** A test title as written in source: quotes escaped with a backslash are plain quotes. */
function titlesIn(source: string): string[] {
  return [...source.matchAll(/\b(?:it|test|describe)(?:\.each\([\s\S]*?\))?\(\s*(['`"])((?:\\.|(?!\1).)*)\1/g)].map(([, , title]) => title!.replace(/\\(.)/g, '$1'));
}

describe('docs/security.md', () => {
  it('cites at least one test for each section', () => {
    expect(citations.length).toBeGreaterThan(40);
  });

  it.each(citations.map((c) => [`${c.file} › ${c.name}`, c] as const))('cites a test that exists: %s', (_label, { file, name }) => {
    expect(existsSync(join(root, file)), `${file} exists`).toBe(true);
    expect(titlesIn(readFileSync(join(root, file), 'utf8'))).toContain(name);
  });
});
