import { TEST_ACCOUNTS } from '../support/provider.ts';
import { expect, PROVIDER_NAME, test } from './fixtures.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';
import { SigningInScreen } from './pages/signing-in-screen.ts';

test.describe('signing in', () => {
  test('signs in at the provider in the browser and shows who the person is', async ({ page, app, provider }) => {
    const signedOut = new SignedOutScreen(page);
    await expect(signedOut.heading).toBeVisible();
    await expect(signedOut.provider(PROVIDER_NAME)).toBeVisible();
    await expect(signedOut.provider(provider.issuer)).toBeVisible();

    await signedOut.signIn();
    const signingIn = new SigningInScreen(page);
    await expect(signingIn.heading).toBeVisible();

    const browserPage = await app.completeSignInInBrowser();
    expect(browserPage.text).toContain('You are signed in');

    const signedIn = new SignedInScreen(page);
    await expect(signedIn.heading).toBeVisible();
    const alice = TEST_ACCOUNTS.alice;
    const card = signedIn.profileCard(String(alice.claims.name));
    await expect(card).toContainText(String(alice.claims.email));
    await expect(card).toContainText(/verified/i);
    await expect(signedIn.claimValue('name')).toHaveText(String(alice.claims.name));
    await expect(signedIn.claimValue('email')).toHaveText(String(alice.claims.email));
    await expect(signedIn.claimValue('sub')).toHaveText(alice.sub);
    await expect(signedIn.claimValue('iss')).toHaveText(provider.issuer);
    await expect(signedIn.session.getByRole('listitem')).toContainText(['openid', 'profile', 'email', 'offline_access']);

    // One trip to the browser: the authorization request, at the provider, with PKCE.
    const opened = (await app.browserUrls()).map((url) => new URL(url));
    expect(opened).toHaveLength(1);
    expect(opened[0]!.origin).toBe(provider.issuer);
    expect(opened[0]!.searchParams.get('code_challenge_method')).toBe('S256');
  });

  test('shows the claims of whoever signed in', async ({ page, app }) => {
    await new SignedOutScreen(page).signIn();
    await app.completeSignInInBrowser({ username: 'bob' });

    const signedIn = new SignedInScreen(page);
    const bob = TEST_ACCOUNTS.bob;
    const card = signedIn.profileCard(String(bob.claims.name));
    await expect(card).toContainText(String(bob.claims.email));
    // Bob's provider has not verified his address: no badge says it has.
    await expect(card).not.toContainText(/verified/i);
    await expect(signedIn.claimValue('email_verified')).toHaveText('No');
    await expect(signedIn.claimValue('sub')).toHaveText(bob.sub);
  });
});
