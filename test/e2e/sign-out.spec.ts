import { expect, test } from './fixtures.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';

test.describe('signing out', () => {
  test.beforeEach(async ({ page, app }) => {
    await new SignedOutScreen(page).signIn();
    await app.completeSignInInBrowser();
    await expect(new SignedInScreen(page).heading).toBeVisible();
  });

  test('signs out of the app only: the browser is left alone', async ({ page, app }) => {
    await new SignedInScreen(page).signOut({ endProviderSession: false });

    const signedOut = new SignedOutScreen(page);
    await expect(signedOut.heading).toBeVisible();
    await expect(signedOut.alert).toHaveCount(0);
    expect(await app.browserUrls()).toHaveLength(1);
  });

  test('signs out of the provider too: its end-session page opens in the browser', async ({ page, app, provider }) => {
    await new SignedInScreen(page).signOut({ endProviderSession: true });

    const signedOut = new SignedOutScreen(page);
    await expect(signedOut.heading).toBeVisible();
    await expect(signedOut.alert).toHaveCount(0);

    const endSession = await app.waitForBrowserUrl();
    expect(endSession.origin).toBe(provider.issuer);
    expect(endSession.pathname).toBe('/session/end');
    expect(endSession.searchParams.get('client_id')).toBe(provider.clientId);
    expect(endSession.searchParams.has('id_token_hint')).toBe(true);

    const browserPage = await app.confirmSignOutInBrowser(endSession);
    expect(browserPage.text).toContain('You are signed out');
  });
});
