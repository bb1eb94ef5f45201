// @vitest-environment jsdom
/**
 * The pages the loopback listener shows in the person's browser (main/auth/pages.ts): each
 * names the app, carries its language and a title, has one heading that says what happened,
 * and says it in words (nothing a screen reader would read as a bare symbol).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { APP_NAME, pageResponse, type PageKind } from '../../main/auth/pages.ts';
import { APP_TITLE } from '../../main/window-options.ts';
import { APP_NAME as RENDERER_APP_NAME } from '../../renderer/src/config/app.ts';

const KINDS: PageKind[] = ['success', 'failure', 'invalid', 'not-found', 'method', 'host', 'signed-out'];

function page(kind: PageKind) {
  const response = pageResponse(kind);
  const headers = new Map<string, string>();
  for (let i = 0; i < response.headers.length; i += 2) headers.set(response.headers[i]!.toLowerCase(), response.headers[i + 1]!);
  const html = response.body.toString('utf8');
  return { response, headers, html, document: new DOMParser().parseFromString(html, 'text/html') };
}

describe('the loopback result pages', () => {
  it('use the name the window and the renderer show', () => {
    expect(APP_NAME).toBe(APP_TITLE);
    expect(APP_NAME).toBe(RENDERER_APP_NAME);
  });

  it.each(KINDS)('%s: names the app in its title and above its one heading, in English, and says what to do in words', (kind) => {
    const { document } = page(kind);
    expect(document.documentElement.lang).toBe('en');
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
    expect(headings.map((heading) => heading.tagName)).toEqual(['H1']);
    const heading = headings[0]!.textContent ?? '';
    expect(document.title).toBe(`${heading} – ${APP_NAME}`);
    expect(document.querySelector('main')?.firstElementChild?.textContent).toBe(APP_NAME);
    const text = document.querySelector('main')?.textContent ?? '';
    expect(text).toContain(APP_NAME);
    // Words, not pictures: no emoji or symbol stands for a message.
    expect(document.body.textContent).not.toMatch(/\p{Extended_Pictographic}/u);
    expect(document.querySelectorAll('img, svg, script').length).toBe(0);
    for (const paragraph of document.querySelectorAll('main p')) expect(paragraph.textContent?.trim()).toMatch(/[A-Za-z]{3,}/);
  });

  it('the success page reads as the person expects after signing in', () => {
    const { document, response } = page('success');
    expect(response.status).toBe(200);
    expect(document.title).toBe(`You are signed in – ${APP_NAME}`);
    expect(document.querySelector('h1')?.textContent).toBe('You are signed in');
    expect(document.querySelector('main')?.textContent).toContain(`You can close this tab and return to ${APP_NAME}.`);
  });

  it('keeps its one style pinned by hash in the policy', () => {
    for (const kind of KINDS) {
      const { headers, document } = page(kind);
      const style = document.querySelector('style')?.textContent ?? '';
      const hash = createHash('sha256').update(style).digest('base64');
      expect(headers.get('content-security-policy')).toContain(`style-src 'sha256-${hash}'`);
      expect(headers.get('content-length')).toBe(String(pageResponse(kind).body.length));
    }
  });
});
