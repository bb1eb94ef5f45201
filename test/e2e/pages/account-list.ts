import type { Locator, Page } from '@playwright/test';

/**
 * The Accounts card, on the signed-in screen (and on the sign-in screen when other accounts
 * are signed in): each account, the active one marked, Switch and Sign out for the others, and
 * adding one more. With only the active account it lists nothing and offers adding one.
 */
export class AccountList {
  readonly root: Locator;
  readonly heading: Locator;
  /** Every account listed, oldest first (none while only the active one is signed in). */
  readonly accounts: Locator;
  /** The active account's entry (aria-current). */
  readonly active: Locator;
  readonly addButton: Locator;
  /** "Add another account on another device", where the provider offers it. */
  readonly addOnAnotherDeviceButton: Locator;

  constructor(page: Page) {
    // Its heading reads "Accounts", then how many when there are several ("Accounts 2").
    this.root = page.getByRole('main').getByRole('region', { name: /^accounts( \d+)?$/i });
    this.heading = this.root.getByRole('heading', { name: /^accounts( \d+)?$/i, level: 3 });
    this.accounts = this.root.getByRole('listitem');
    this.active = this.root.locator('li[aria-current="true"]');
    this.addButton = this.root.getByRole('button', { name: /^add another account$/i });
    this.addOnAnotherDeviceButton = this.root.getByRole('button', { name: /^add another account on another device$/i });
  }

  /** The entry of the account named `name` (its name claim, else its email). */
  account(name: string): Locator {
    return this.accounts.filter({ has: this.root.page().getByText(name, { exact: true }) });
  }

  /** "Switch to <name>": the visible word is "Switch", the name is said to screen readers. */
  switchButton(name: string): Locator {
    return this.root.getByRole('button', { name: `Switch to ${name}`, exact: true });
  }

  /** "Sign out of <name>", for an account that is not the active one. */
  signOutButton(name: string): Locator {
    return this.root.getByRole('button', { name: `Sign out of ${name}`, exact: true });
  }

  async switchTo(name: string): Promise<void> {
    await this.switchButton(name).click();
  }

  async signOutOf(name: string): Promise<void> {
    await this.signOutButton(name).click();
  }

  async add(): Promise<void> {
    await this.addButton.click();
  }
}
