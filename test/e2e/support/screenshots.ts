/**
 * Screenshots of the app's screens in light and dark, kept as run artifacts under
 * test-results/screenshots/<project>/ and attached to the test. `npm run screenshots` also
 * publishes the harness project's to docs/screenshots/ for the README; `npm test` never does.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { DOCS_SCREENSHOTS_DIR, SCREENSHOTS_DIR } from './paths.ts';

/** The colour schemes every screen is captured in. */
export const COLOR_SCHEMES = ['light', 'dark'] as const;

/** Takes and files screenshots of the app's window. */
export interface Screenshots {
  /** Captures `screen` (e.g. 'signed-in') in every colour scheme; resolves with the files written. */
  capture(page: Page, screen: string): Promise<string[]>;
}

/** Screenshots for one test; `publish` also copies them to docs/screenshots/. */
export function createScreenshots(testInfo: TestInfo, options: { publish: boolean }): Screenshots {
  const folder = join(SCREENSHOTS_DIR, testInfo.project.name);
  return {
    async capture(page, screen) {
      await mkdir(folder, { recursive: true });
      if (options.publish) await mkdir(DOCS_SCREENSHOTS_DIR, { recursive: true });
      // No hover state from the last click, and every image decoded before the picture.
      await page.mouse.move(0, 0);
      await page.evaluate(async () => {
        await document.fonts.ready;
        await Promise.all([...document.images].map((image) => image.decode().catch(() => undefined)));
      });
      const written: string[] = [];
      for (const colorScheme of COLOR_SCHEMES) {
        await page.emulateMedia({ colorScheme });
        const body = await page.screenshot({
          fullPage: true,
          animations: 'disabled',
          caret: 'hide',
          scale: 'css',
        });
        const name = `${screen}-${colorScheme}.png`;
        const file = join(folder, name);
        await writeFile(file, body);
        await testInfo.attach(name, { body, contentType: 'image/png' });
        written.push(file);
        if (options.publish) {
          const published = join(DOCS_SCREENSHOTS_DIR, name);
          await copyFile(file, published);
          written.push(published);
        }
      }
      await page.emulateMedia({ colorScheme: 'light' });
      return written;
    },
  };
}
