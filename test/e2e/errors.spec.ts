import { expect, test } from './fixtures.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';

test.describe('errors a person can meet', () => {
  test('consent denied at the provider: an alert says so and what to do, in our words only', async ({ page, app }) => {
    await new SignedOutScreen(page).signIn();
    const browserPage = await app.completeSignInInBrowser({ consent: 'deny' });
    expect(browserPage.text).toContain('Sign-in did not complete');

    const signedOut = new SignedOutScreen(page);
    await expect(signedOut.heading).toBeVisible();
    await expect(signedOut.alert).toContainText(/denied/i);
    await expect(signedOut.alert).toContainText(/sign in again/i);
    await expect(signedOut.alert).toContainText(/ask the provider's administrator/i);
    await expect(signedOut.alert).toContainText('access_denied');
    // The provider's own error_description is for the diagnostics log, not the window.
    await expect(signedOut.alert).not.toContainText(/The user denied the request/i);
    // It can be tried again at once.
    await expect(signedOut.signInButton).toBeEnabled();
  });

  test('a provider that is down: an alert names it and says to check the connection', async ({ page, app, provider }) => {
    await provider.close();

    await new SignedOutScreen(page).signIn();

    const signedOut = new SignedOutScreen(page);
    await expect(signedOut.alert).toContainText(/could not reach the identity provider/i);
    await expect(signedOut.alert).toContainText(provider.issuer);
    await expect(signedOut.alert).toContainText(/check your network connection/i);
    await expect(signedOut.alert).toContainText('provider_unreachable');
    expect(await app.browserUrls(), 'no browser tab is opened for a provider that cannot be reached').toEqual([]);
  });
});
