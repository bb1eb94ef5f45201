import type { Locator, Page } from '@playwright/test';

/** Presses Tab, as a keyboard user would, until `target` has focus (at most `maxPresses` times). */
export async function tabUntilFocused(page: Page, target: Locator, maxPresses = 15): Promise<void> {
  for (let press = 0; press < maxPresses; press++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
}
