import type { Locator, Page } from '@playwright/test';
import { tabUntilFocused } from './keyboard.ts';

/** The "Sign in" screen: where the app starts, and where it returns after a sign-out or a failure. */
export class SignedOutScreen {
  readonly root: Locator;
  readonly heading: Locator;
  readonly signInButton: Locator;
  /** Something went wrong: role="alert", with the error code in small print. */
  readonly alert: Locator;
  /** Calm news, such as a cancelled sign-in: role="status". */
  readonly note: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByRole('region', { name: /^sign in$/i });
    this.heading = this.root.getByRole('heading', { name: /^sign in$/i, level: 2 });
    this.signInButton = this.root.getByRole('button', { name: /^sign in$/i });
    this.alert = this.root.getByRole('alert');
    this.note = this.root.getByRole('status');
  }

  /** The provider's name or issuer, as the screen presents them (a string matches a whole line,
   *  not the same words inside a note such as "Saved. The app now signs in with <name>."). */
  provider(text: string | RegExp): Locator {
    return this.root.getByText(text, { exact: true });
  }

  async signIn(): Promise<void> {
    await this.signInButton.click();
  }

  /** Moves the keyboard focus to the Sign in button with Tab. */
  async tabToSignIn(): Promise<void> {
    await tabUntilFocused(this.page, this.signInButton);
  }
}
