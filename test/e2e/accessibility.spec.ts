/**
 * axe-core over every screen and state a person meets, in the light and the dark colour scheme:
 * no violations of any rule axe runs by default (WCAG 2.0-2.2 A and AA, and best practices).
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO_ACCOUNT, DEMO_SECOND_ACCOUNT, startTestProvider, TEST_ACCOUNTS } from '../support/provider.ts';
import { expect, PROVIDER_NAME, test } from './fixtures.ts';
import { AccountList } from './pages/account-list.ts';
import { AddAccountForm } from './pages/add-account-form.ts';
import { SetupScreen } from './pages/setup-screen.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';
import { SigningInScreen } from './pages/signing-in-screen.ts';

const COLOR_SCHEMES = ['light', 'dark'] as const;

/** Runs axe on the page as it is now, in each colour scheme, and expects no violation. */
async function expectNoViolations(page: Page, state: string): Promise<void> {
  for (const colorScheme of COLOR_SCHEMES) {
    await page.emulateMedia({ colorScheme });
    const { violations, passes } = await new AxeBuilder({ page }).analyze();
    // axe really looked: the rules that apply to any page (landmarks, contrast, names) passed.
    expect(passes.map((rule) => rule.id)).toEqual(expect.arrayContaining(['color-contrast', 'landmark-one-main', 'page-has-heading-one']));
    const found = violations.map(
      (violation) => `${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help}\n    ${violation.nodes.map((node) => node.target.join(' ')).join('\n    ')}`,
    );
    expect(found, `axe violations on "${state}" in the ${colorScheme} scheme`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test.describe('accessibility (axe)', () => {
  // The app as `npm start` opens it: the demo provider, its badge and credentials, its API.
  test.use({ providerSource: 'demo' });

  test('signed out, signing in, signed in (API answer, a long value shown whole), error: no violations, light and dark', async ({ page, app }) => {
    test.slow();
    const signedOut = new SignedOutScreen(page);
    await expect(signedOut.heading).toBeVisible();
    await expectNoViolations(page, 'signed out');

    await signedOut.signIn();
    const signingIn = new SigningInScreen(page);
    await expect(signingIn.heading).toBeVisible();
    await expectNoViolations(page, 'signing in');

    await signingIn.openBrowserAgain();
    await expect(signingIn.note).toBeVisible();
    await expectNoViolations(page, 'signing in, browser opened again');
    // The first tab is left alone; the person signs in in the one opened again.
    await app.waitForBrowserUrl();

    await app.completeSignInInBrowser({ username: 'demo', password: 'demo' });
    const signedIn = new SignedInScreen(page);
    await expect(signedIn.heading).toBeVisible();
    await expectNoViolations(page, 'signed in');

    await signedIn.callApi();
    await expect(signedIn.apiStatus).toContainText(/^200\b/);
    await signedIn.claimValue('picture').getByRole('button', { name: /^show all/i }).click();
    await page.getByRole('button', { name: 'Show raw values' }).click();
    await expectNoViolations(page, 'signed in, API answered, long value shown whole, raw values');

    await signedIn.signOut();
    await expect(signedOut.heading).toBeVisible();
    await signedOut.signIn();
    await app.completeSignInInBrowser({ username: 'demo', password: 'demo', consent: 'deny' });
    await expect(signedOut.alert).toBeVisible();
    await expectNoViolations(page, 'error');
  });

  test('the account list (two accounts, then one), adding one, and saving the setup while signed in: no violations, light and dark', async ({
    page,
    app,
    provider,
  }) => {
    test.slow();
    await new SignedOutScreen(page).signIn();
    await app.completeSignInInBrowser({ username: DEMO_ACCOUNT.username, password: DEMO_ACCOUNT.password });
    const signedIn = new SignedInScreen(page);
    const accounts = new AccountList(page);
    await expect(accounts.addButton).toBeVisible();
    await expectNoViolations(page, 'signed in, one account');

    await accounts.add();
    const signingIn = new SigningInScreen(page);
    await expect(signingIn.heading).toBeVisible();
    await expectNoViolations(page, 'adding an account');
    await app.completeSignInInBrowser({ username: DEMO_SECOND_ACCOUNT.username, password: DEMO_SECOND_ACCOUNT.password });
    await expect(accounts.accounts).toHaveCount(2);
    await expect(signedIn.profileCard(String(DEMO_SECOND_ACCOUNT.claims.name))).toBeVisible();
    await expectNoViolations(page, 'signed in, two accounts');

    const setup = new SetupScreen(page);
    await setup.open();
    await setup.choosePreset('Generic OpenID Connect');
    await setup.fill('Issuer URL', provider.issuer);
    await setup.fill('Client ID', provider.clientId);
    await setup.testConnection();
    await expect(setup.signInFirstNote).toBeVisible();
    await expectNoViolations(page, 'setup while signed in');
    await setup.save();
    await expect(setup.signInWait).toBeVisible();
    await expectNoViolations(page, 'setup, saving waits for a fresh sign-in');
    await setup.cancelSignIn();
    await expect(setup.notSavedNote).toBeVisible();
    await expectNoViolations(page, 'setup, the fresh sign-in cancelled');
  });

  test('an account at another provider: the form, a field refused, its sign-in waiting and cancelled, the choice of where to add, the API refused: no violations, light and dark', async ({
    page,
    app,
  }) => {
    test.slow();
    const other = await startTestProvider();
    try {
      await new SignedOutScreen(page).signIn();
      await app.completeSignInInBrowser({ username: DEMO_ACCOUNT.username, password: DEMO_ACCOUNT.password });
      const accounts = new AccountList(page);
      await expect(accounts.addAtAnotherProviderButton).toBeVisible();

      await accounts.addAtAnotherProvider();
      const form = new AddAccountForm(page);
      await expect(form.preset('Okta')).toBeVisible();
      await expectNoViolations(page, 'add an account at another provider');

      await form.choosePreset('Okta');
      await form.fill('Okta domain', 'not a url');
      await form.fill('Client ID', other.clientId);
      await form.signIn();
      await expect(form.alert).toBeVisible();
      await expectNoViolations(page, 'add an account at another provider, a field refused');

      await form.choosePreset('Generic OpenID Connect');
      await form.fill('Issuer URL', other.issuer);
      await form.fill('Client ID', other.clientId);
      await form.fill('Display name', 'Second Test Provider');
      await form.signIn();
      await expect(form.signInWait).toBeVisible();
      await expectNoViolations(page, 'add an account at another provider, waiting for the browser');
      await app.waitForBrowserUrl();
      await form.cancelSignIn();
      await expect(form.notAddedNote).toBeVisible();
      await expectNoViolations(page, 'add an account at another provider, its sign-in cancelled');

      await form.signIn();
      await app.completeSignInInBrowser({ username: TEST_ACCOUNTS.bob.username, password: TEST_ACCOUNTS.bob.password });
      const signedIn = new SignedInScreen(page);
      await expect(signedIn.profileCard(String(TEST_ACCOUNTS.bob.claims.name))).toBeVisible();
      await signedIn.callApi();
      await expect(signedIn.apiOtherProviderNote).toBeVisible();
      await accounts.addButton.click();
      await expect(accounts.choices).toBeVisible();
      await expectNoViolations(page, 'signed in at another provider: the choice of where to add open, the API refused');
    } finally {
      await other.close();
    }
  });

  test.describe('sign-in from another device', () => {
    test.use({ providerDeviceFlow: true });

    test('the code screen (code, address, QR code, countdown): no violations, light and dark', async ({ page }) => {
      await page.getByRole('button', { name: /sign in on another device/i }).click();
      await expect(page.getByRole('heading', { name: /sign in on another device/i, level: 2 })).toBeVisible();
      await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
      await expectNoViolations(page, 'sign-in from another device');
    });
  });

  test('setup, setup tested, a field refused, and saving untested values: no violations, light and dark', async ({ page, provider }) => {
    test.slow();
    const setup = new SetupScreen(page);
    await setup.open();
    await expect(setup.heading).toBeVisible();
    await expect(setup.preset('Generic OpenID Connect')).toBeVisible();
    await expectNoViolations(page, 'setup');

    await setup.setUpGeneric(provider, { displayName: PROVIDER_NAME });
    await expectNoViolations(page, 'setup tested');

    await setup.fill('Issuer URL', 'not a url');
    await setup.testConnection();
    await expect(setup.alert).toBeVisible();
    await expectNoViolations(page, 'setup, a field refused');

    await setup.save();
    await expect(setup.saveAnywayButton).toBeVisible();
    await expectNoViolations(page, 'setup, saving untested values');
  });
});
