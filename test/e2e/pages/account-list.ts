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
  /** "At another provider…" (said "Add an account at another provider…"): opens the form. Beside
   *  "Add another account" while one provider is listed, in its choices once there are several. */
  readonly addAtAnotherProviderButton: Locator;
  /** Where to add one, once accounts at several providers are listed ("Add another account" opens it). */
  readonly choices: Locator;

  constructor(page: Page) {
    // Its heading reads "Accounts", then how many when there are several ("Accounts 2").
    this.root = page.getByRole('main').getByRole('region', { name: /^accounts( \d+)?$/i });
    this.heading = this.root.getByRole('heading', { name: /^accounts( \d+)?$/i, level: 3 });
    this.accounts = this.root.getByRole('listitem');
    this.active = this.root.locator('li[aria-current="true"]');
    this.addButton = this.root.getByRole('button', { name: /^add another account$/i });
    this.addOnAnotherDeviceButton = this.root.getByRole('button', { name: /^add another account on another device$/i });
    this.addAtAnotherProviderButton = this.root.getByRole('button', { name: /^add an account at another provider…$/i });
    this.choices = this.root.getByRole('list', { name: /^where to add an account$/i });
  }

  /** In the choices: "At <provider>" (said "Add an account at <provider>"). */
  addAtButton(providerName: string): Locator {
    return this.choices.getByRole('button', { name: `Add an account At ${providerName}`, exact: true });
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

  /** Opens the form for an account at a provider not listed yet. */
  async addAtAnotherProvider(): Promise<void> {
    // With several providers listed, the choice is behind "Add another account".
    if ((await this.addButton.getAttribute('aria-expanded')) === 'false') await this.addButton.click();
    await this.addAtAnotherProviderButton.click();
  }
}
