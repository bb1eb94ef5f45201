import type { Locator, Page } from '@playwright/test';

/** Presses Tab, as a keyboard user would, until `target` has focus (at most `maxPresses` times). */
export async function tabUntilFocused(page: Page, target: Locator, maxPresses = 30): Promise<void> {
  for (let press = 0; press < maxPresses; press++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
}

/** Tabs to `field` and types `text` into it, replacing what was there, with the keyboard only. */
export async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabUntilFocused(page, field);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/**
 * How the focused `target` shows its focus: whether it matches :focus-visible, and the outline
 * drawn around it or, for a native control restyled inside its label (the preset radios), around
 * that label.
 */
export async function focusIndicator(target: Locator): Promise<{ focusVisible: boolean; outline: string; outlineWidth: number }> {
  return target.evaluate((element) => {
    const label = element.closest('label');
    const ringed: Element[] = label ? [element, label] : [element];
    const styles = ringed.map((candidate) => getComputedStyle(candidate));
    const style = styles.find((candidate) => candidate.outlineStyle !== 'none') ?? styles[0]!;
    return {
      focusVisible: element.matches(':focus-visible'),
      outline: style.outlineStyle,
      outlineWidth: Number.parseFloat(style.outlineWidth),
    };
  });
}
