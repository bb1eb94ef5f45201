import { expect, type Locator, type Page } from '@playwright/test';
import { escapeRegExp } from './text.ts';

/** "Set up a provider": a preset, its fields, Test connection (the report), Save. */
export class SetupScreen {
  readonly root: Locator;
  readonly heading: Locator;
  /** The header's way in: "Set up a provider" (demo, nothing configured) or "Change provider". */
  readonly openButton: Locator;
  readonly testConnectionButton: Locator;
  readonly saveButton: Locator;
  /** Confirms saving values that were not tested. */
  readonly saveAnywayButton: Locator;
  readonly cancelButton: Locator;
  /** A failure (of the test or the save): role="alert". */
  readonly alert: Locator;
  /** Calm news that a save did nothing: its sign-in was cancelled (role="status"). */
  readonly notSavedNote: Locator;
  /** Signed in: the note that saving asks for a fresh sign-in first. */
  readonly signInFirstNote: Locator;
  /** Saving waits for that sign-in in the browser. */
  readonly signInWait: Locator;
  /** Cancels that sign-in (cancelSignIn); nothing is saved. */
  readonly cancelSignInButton: Locator;
  /** What "Test connection" found: a region titled "Connection works". */
  readonly report: Locator;
  /** The exact redirect URI to register, in the report. */
  readonly redirectUri: Locator;
  readonly postLogoutRedirectUri: Locator;
  /** The chosen preset's step-by-step guide, a link to its published page (opens in the browser). */
  readonly guideLink: Locator;

  /** `title`: the screen's heading; the same form adds an account at another provider (see
   *  add-account-form.ts). */
  constructor(page: Page, title: RegExp = /^set up a provider$/i) {
    this.root = page.getByRole('region', { name: title });
    this.heading = this.root.getByRole('heading', { name: title, level: 2 });
    this.openButton = page.getByRole('banner').getByRole('button', { name: /^(set up a provider|change provider)$/i });
    this.testConnectionButton = this.root.getByRole('button', { name: /^test connection$/i });
    this.saveButton = this.root.getByRole('button', { name: /^save$/i });
    this.saveAnywayButton = this.root.getByRole('button', { name: /^save anyway$/i });
    this.cancelButton = this.root.getByRole('button', { name: /^cancel$/i });
    this.alert = this.root.getByRole('alert');
    this.notSavedNote = this.root.getByRole('status').filter({ hasText: /^nothing was saved/i });
    this.signInFirstNote = this.root.getByText(/^you.re signed in: saving asks you to sign in again first/i);
    this.signInWait = this.root.getByRole('status').filter({ hasText: /waiting for the browser/i });
    this.cancelSignInButton = this.root.getByRole('button', { name: /^cancel sign-in$/i });
    this.report = this.root.getByRole('region', { name: /connection works/i });
    this.redirectUri = this.report.getByRole('textbox', { name: /^redirect uri$/i });
    this.postLogoutRedirectUri = this.report.getByRole('textbox', { name: /^post-logout redirect uri$/i });
    this.guideLink = this.root.getByRole('group').getByRole('link', { name: /^step-by-step guide for .+ \(opens in your browser\)$/i });
  }

  /** The input labelled `label` (an optional field's label ends with "(optional)"). */
  field(label: string): Locator {
    return this.root.getByLabel(new RegExp(`^${escapeRegExp(label)}( \\(optional\\))?$`));
  }

  /** The radio of the preset named `name`, e.g. "Generic OpenID Connect". */
  preset(name: string): Locator {
    return this.root.getByRole('radio', { name, exact: true });
  }

  /** The report's line for a feature, e.g. "PKCE with S256"; it ends with Yes, No or Required. */
  feature(name: string | RegExp): Locator {
    return this.report.getByRole('list', { name: /what the provider supports/i }).getByRole('listitem').filter({ hasText: name });
  }

  async open(): Promise<void> {
    await this.openButton.click();
  }

  async choosePreset(name: string): Promise<void> {
    await this.preset(name).check();
  }

  async fill(label: string, value: string): Promise<void> {
    await this.field(label).fill(value);
  }

  async testConnection(): Promise<void> {
    await this.testConnectionButton.click();
  }

  /**
   * Fills the generic OpenID Connect preset with a provider's issuer and client (and a display
   * name and protected API when given), then tests the connection; resolves once it works.
   */
  async setUpGeneric(provider: { issuer: string; clientId: string }, optional: { displayName?: string; apiUrl?: string } = {}): Promise<void> {
    await this.choosePreset('Generic OpenID Connect');
    await this.fill('Issuer URL', provider.issuer);
    await this.fill('Client ID', provider.clientId);
    if (optional.displayName !== undefined) await this.fill('Display name', optional.displayName);
    if (optional.apiUrl !== undefined) await this.fill('Protected API URL', optional.apiUrl);
    await this.testConnection();
    await expect(this.report).toBeVisible();
  }

  async save(): Promise<void> {
    await this.saveButton.click();
  }

  async cancelSignIn(): Promise<void> {
    await this.cancelSignInButton.click();
  }

  async cancel(): Promise<void> {
    await this.cancelButton.click();
  }
}
