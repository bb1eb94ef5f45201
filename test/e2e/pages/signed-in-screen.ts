import type { Locator, Page } from '@playwright/test';
import { tabUntilFocused } from './keyboard.ts';
import { escapeRegExp } from './text.ts';

/** "You’re signed in": who the provider says the person is, and the session. */
export class SignedInScreen {
  readonly root: Locator;
  readonly heading: Locator;
  readonly session: Locator;
  readonly claimsTable: Locator;
  /** The access token's countdown; ticks every second. */
  readonly countdown: Locator;
  readonly signOutButton: Locator;
  readonly signOutOfProviderButton: Locator;
  readonly alert: Locator;
  /** How the tokens are bound: "Sender-constrained (DPoP)" or "Bearer token". */
  readonly tokenBinding: Locator;
  /** The protected API panel and the last call's answer. */
  readonly apiPanel: Locator;
  readonly callApiButton: Locator;
  /** "200 OK · 84 ms" (and "Retried after refreshing the access token" when it was). */
  readonly apiStatus: Locator;
  readonly apiHeaders: Locator;
  readonly apiBody: Locator;
  /** Why a call got no answer (no API, network). */
  readonly apiAlert: Locator;
  /** The API is the configured provider's: an account at another provider is told so, calmly. */
  readonly apiOtherProviderNote: Locator;
  /** "with <provider>" under the heading (and the demo badge, for the demo provider's accounts). */
  readonly provider: Locator;

  constructor(private readonly page: Page) {
    // The typographic apostrophe (You’re) is matched by any character.
    this.root = page.getByRole('region', { name: /you.re signed in/i });
    this.heading = this.root.getByRole('heading', { name: /you.re signed in/i, level: 2 });
    this.session = this.root.getByRole('region', { name: /^session$/i });
    this.claimsTable = this.root.getByRole('table', { name: /all claims/i });
    this.countdown = this.session.getByRole('timer');
    this.signOutButton = this.session.getByRole('button', { name: /^sign out$/i });
    this.signOutOfProviderButton = this.session.getByRole('button', { name: /sign out of the provider too/i });
    this.alert = this.root.getByRole('alert');
    this.tokenBinding = this.session.getByText(/^(sender-constrained \(dpop\)|bearer token)$/i);
    this.apiPanel = this.root.getByRole('region', { name: /^protected api$/i });
    this.callApiButton = this.apiPanel.getByRole('button', { name: /^call api$/i });
    this.apiStatus = this.apiPanel.getByRole('status');
    this.apiHeaders = this.apiPanel.getByRole('table', { name: /response headers/i });
    this.apiBody = this.apiPanel.getByLabel(/^response body$/i);
    this.apiAlert = this.apiPanel.getByRole('alert');
    this.apiOtherProviderNote = this.apiPanel.getByRole('status').filter({ hasText: /^the protected api is set up for accounts at /i });
    this.provider = this.root.getByRole('paragraph').filter({ hasText: /^with / });
  }

  /** The profile card, a region titled with the person's name. */
  profileCard(name: string | RegExp): Locator {
    return this.root.getByRole('region', { name });
  }

  /** The value cell of the claims table's row for `claim` (e.g. 'email'). */
  claimValue(claim: string): Locator {
    // A row header reads "<claim> <label>", e.g. "email Email".
    const header = this.page.getByRole('rowheader', { name: new RegExp(`^${escapeRegExp(claim)}( |$)`) });
    return this.claimsTable.getByRole('row').filter({ has: header }).getByRole('cell');
  }

  /** Calm news from the last action, e.g. an add that was cancelled (role="status"; the
   *  countdown and the API panel have statuses of their own, so it is found by its text). */
  note(text: string | RegExp): Locator {
    return this.root.getByRole('status').filter({ hasText: text });
  }

  /** What the session panel says about keeping the session on this device. */
  storageStatus(text: string | RegExp): Locator {
    return this.session.getByText(text);
  }

  /** Moves the keyboard focus to the Sign out button with Tab. */
  async tabToSignOut(): Promise<void> {
    await tabUntilFocused(this.page, this.signOutButton);
  }

  async callApi(): Promise<void> {
    await this.callApiButton.click();
  }

  async signOut(options: { endProviderSession: boolean } = { endProviderSession: false }): Promise<void> {
    await (options.endProviderSession ? this.signOutOfProviderButton : this.signOutButton).click();
  }
}
