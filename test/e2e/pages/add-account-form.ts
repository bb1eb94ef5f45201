import type { Locator, Page } from '@playwright/test';
import { SetupScreen } from './setup-screen.ts';

/**
 * "Add an account at another provider": the setup screen's form in its other mode, opened from
 * the account list. The same presets, fields and Test connection, no API field, and "Sign in"
 * instead of Save; while the browser is open, "Cancel sign-in" (`signInWait`, `cancelSignInButton`).
 */
export class AddAccountForm extends SetupScreen {
  readonly signInButton: Locator;
  /** Calm news that the sign-in was cancelled and no account added (role="status"). */
  readonly notAddedNote: Locator;

  constructor(page: Page) {
    super(page, /^add an account at another provider$/i);
    this.signInButton = this.root.getByRole('button', { name: /^sign in$/i });
    this.notAddedNote = this.root.getByRole('status').filter({ hasText: /^no account was added/i });
  }

  async signIn(): Promise<void> {
    await this.signInButton.click();
  }
}
