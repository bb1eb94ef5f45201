import type { Locator, Page } from '@playwright/test';

/** What every screen shares: the header's actions and the live region that says what changed. */
export class AppShell {
  readonly header: Locator;
  /** "Set up a provider" (demo, nothing configured) or "Change provider". */
  readonly setupButton: Locator;
  readonly copyDiagnosticsButton: Locator;
  /** The polite live region that says each change of screen ("Signed in as ..."). */
  readonly announcement: Locator;

  constructor(page: Page) {
    this.header = page.getByRole('banner');
    this.setupButton = this.header.getByRole('button', { name: /^(set up a provider|change provider)$/i });
    this.copyDiagnosticsButton = this.header.getByRole('button', { name: /^copy diagnostics$/i });
    this.announcement = page.locator('[data-live-region="screen"]');
  }
}
