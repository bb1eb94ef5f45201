import type { Locator, Page } from '@playwright/test';

/** "Continue in your browser": the app waits while the person signs in at the provider. */
export class SigningInScreen {
  readonly root: Locator;
  readonly heading: Locator;
  readonly cancelButton: Locator;
  readonly openBrowserAgainButton: Locator;
  /** How long the app has been waiting; ticks every second. */
  readonly elapsed: Locator;
  readonly alert: Locator;
  readonly note: Locator;

  constructor(page: Page) {
    this.root = page.getByRole('region', { name: /continue in your browser/i });
    this.heading = this.root.getByRole('heading', { name: /continue in your browser/i, level: 2 });
    this.cancelButton = this.root.getByRole('button', { name: /^cancel$/i });
    this.openBrowserAgainButton = this.root.getByRole('button', { name: /open the browser again/i });
    this.elapsed = this.root.getByRole('timer');
    this.alert = this.root.getByRole('alert');
    this.note = this.root.getByRole('status');
  }

  async cancel(): Promise<void> {
    await this.cancelButton.click();
  }

  async openBrowserAgain(): Promise<void> {
    await this.openBrowserAgainButton.click();
  }
}
