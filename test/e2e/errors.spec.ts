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

  test('a provider that goes down after the app read its metadata: an alert names it within seconds and says to check the connection', async ({ page, app, provider }) => {
    // The app reads the provider's metadata at startup, so the click opens the browser at once;
    // the app checks the provider while it does, and does not wait for the sign-in's time-out.
    await expect.poll(() => provider.requests.some((request) => request.path === '/.well-known/openid-configuration')).toBe(true);
    await provider.close();

    await new SignedOutScreen(page).signIn();

    const signedOut = new SignedOutScreen(page);
    await expect(signedOut.alert).toContainText(/could not reach the identity provider/i);
    await expect(signedOut.alert).toContainText(provider.issuer);
    await expect(signedOut.alert).toContainText(/check your network connection/i);
    await expect(signedOut.alert).toContainText('provider_unreachable');
    expect(await app.browserUrls()).toHaveLength(1);
  });
});
