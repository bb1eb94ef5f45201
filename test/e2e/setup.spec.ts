import type { Page } from '@playwright/test';
import { DEMO_ACCOUNT, TEST_ACCOUNTS, TEST_REDIRECT_URI, type TestProvider } from '../support/provider.ts';
import type { E2eApp } from './support/app.ts';
import { expect, PROVIDER_NAME, test } from './fixtures.ts';
import { AppShell } from './pages/app-shell.ts';
import { SetupScreen } from './pages/setup-screen.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';

test.describe('setting up a provider in the app', () => {
  // The local provider runs as the app's demo (OIDC_DEMO_ISSUER): the setup screen may then
  // accept its http://127.0.0.1 address, and saves to config.json (see fixtures.ts).
  test.use({ providerSource: 'demo' });

  test('sets up the local provider as a generic OpenID Connect provider, then signs in with it', async ({ page, app, provider }) => {
    await expect(new SignedOutScreen(page).heading).toBeVisible();
    const setup = new SetupScreen(page);
    await setup.open();
    await expect(setup.heading).toBeFocused();

    await setup.choosePreset('Generic OpenID Connect');
    await expect(setup.guideLink).toHaveAttribute('href', /^https:\/\/.+\/blob\/main\/docs\/providers\/generic\.md$/);
    await setup.fill('Issuer URL', provider.issuer);
    await setup.fill('Client ID', provider.clientId);
    await setup.fill('Display name', PROVIDER_NAME);
    await setup.testConnection();

    await expect(setup.report).toBeVisible();
    await expect(setup.report).toContainText(provider.issuer);
    await expect(setup.feature('PKCE with S256')).toContainText(/yes$/i);
    await expect(setup.redirectUri).toHaveValue(TEST_REDIRECT_URI);
    await expect(setup.alert).toHaveCount(0);
    await setup.save();

    const signedOut = new SignedOutScreen(page);
    await expect(signedOut.heading).toBeFocused();
    await expect(signedOut.provider(PROVIDER_NAME)).toBeVisible();
    await expect(signedOut.provider(provider.issuer)).toBeVisible();
    await expect(signedOut.note).toContainText(/saved/i);
    await expect(signedOut.root).not.toContainText(/demo/i);

    await signedOut.signIn();
    const browserPage = await app.completeSignInInBrowser();
    expect(browserPage.text).toContain('You are signed in');
    const signedIn = new SignedInScreen(page);
    await expect(signedIn.heading).toBeVisible();
    await expect(signedIn.claimValue('sub')).toHaveText(TEST_ACCOUNTS.alice.sub);
    await expect(signedIn.claimValue('iss')).toHaveText(provider.issuer);
    const opened = (await app.browserUrls()).map((url) => new URL(url));
    expect(opened).toHaveLength(1);
    expect(opened[0]!.origin).toBe(provider.issuer);
    expect(opened[0]!.searchParams.get('code_challenge_method')).toBe('S256');
  });

  test.describe('while signed in', () => {
    /** Signs in as the demo account, then fills and tests the local provider on the setup screen. */
    async function signInAndTestSetup(page: Page, app: E2eApp, provider: TestProvider): Promise<SetupScreen> {
      await new SignedOutScreen(page).signIn();
      await app.completeSignInInBrowser({ username: DEMO_ACCOUNT.username, password: DEMO_ACCOUNT.password });
      await expect(new SignedInScreen(page).heading).toBeVisible();
      const setup = new SetupScreen(page);
      await setup.open();
      await setup.setUpGeneric(provider, { displayName: PROVIDER_NAME });
      return setup;
    }

    test('saving asks for a fresh sign-in first, and says so before Save; cancelling it saves nothing', async ({ page, app, provider }) => {
      const setup = await signInAndTestSetup(page, app, provider);
      await expect(setup.signInFirstNote).toBeVisible();

      await setup.save();

      await expect(setup.signInWait).toBeVisible();
      await expect(setup.heading).toBeVisible();
      const reauthentication = await app.waitForBrowserUrl();
      expect(reauthentication.origin).toBe(provider.issuer);
      expect(reauthentication.searchParams.get('max_age')).toBe('0');
      await setup.cancelSignIn();

      await expect(setup.notSavedNote).toBeVisible();
      await expect(setup.signInWait).toHaveCount(0);
      await expect(setup.alert).toHaveCount(0);
      await setup.cancel();
      const signedIn = new SignedInScreen(page);
      await expect(signedIn.heading).toBeFocused();
      await expect(signedIn.profileCard(String(DEMO_ACCOUNT.claims.name))).toBeVisible();
      // Nothing was saved: the app still runs the demo.
      await expect(new AppShell(page).setupButton).toHaveText(/^set up a provider$/i);
    });

    test('saving waits for the fresh sign-in in the browser, then saves', async ({ page, app, provider }) => {
      const setup = await signInAndTestSetup(page, app, provider);

      await setup.save();
      await expect(setup.signInWait).toBeVisible();
      await app.completeSignInInBrowser({ username: DEMO_ACCOUNT.username, password: DEMO_ACCOUNT.password });

      await expect(setup.root).toHaveCount(0);
      await expect(page.getByRole('main').getByRole('status').filter({ hasText: `Saved. The app now signs in with ${PROVIDER_NAME}.` })).toBeVisible();
      await expect(new AppShell(page).setupButton).toHaveText(/^change provider$/i);
    });
  });

  test('a value the preset cannot use: the alert says why, the field is marked and has focus', async ({ page }) => {
    const setup = new SetupScreen(page);
    await setup.open();
    await setup.choosePreset('Generic OpenID Connect');
    await setup.fill('Issuer URL', 'https://exa mple.com');
    await setup.fill('Client ID', 'desktop-app');

    await setup.testConnection();

    await expect(setup.alert).toContainText(/issuer url/i);
    await expect(setup.field('Issuer URL')).toBeFocused();
    await expect(setup.field('Issuer URL')).toHaveAttribute('aria-invalid', 'true');
    await expect(setup.report).toHaveCount(0);
  });
});

test.describe('with nothing configured', () => {
  test.use({ providerSource: 'none' });

  test('the setup screen comes first, with nothing to go back to', async ({ page }) => {
    const setup = new SetupScreen(page);
    await expect(setup.heading).toBeVisible();
    await expect(setup.preset('Oracle OCI IAM Identity Domains')).toBeChecked();
    await expect(setup.cancelButton).toHaveCount(0);
    await expect(setup.openButton).toHaveCount(0);
    await expect(new SignedOutScreen(page).signInButton).toHaveCount(0);
  });
});

test('a provider set by environment variables can be tested but not replaced from the app', async ({ page, provider }) => {
  await expect(new SignedOutScreen(page).heading).toBeVisible();
  const setup = new SetupScreen(page);
  await setup.open();
  await expect(setup.heading).toBeFocused();
  await expect(setup.root).toContainText(/environment variables/i);
  await expect(setup.saveButton).toBeDisabled();

  await setup.choosePreset('Generic OpenID Connect');
  await setup.fill('Issuer URL', 'https://exa mple.com');
  await setup.fill('Client ID', provider.clientId);
  await setup.testConnection();
  await expect(setup.field('Issuer URL')).toHaveAttribute('aria-invalid', 'true');

  await setup.cancel();
  await expect(new SignedOutScreen(page).heading).toBeFocused();
});
