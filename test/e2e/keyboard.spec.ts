import { expect, test } from './fixtures.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';
import { SigningInScreen } from './pages/signing-in-screen.ts';

test('works from the keyboard, and focus follows each new screen', async ({ page, app }) => {
  const signedOut = new SignedOutScreen(page);
  await expect(signedOut.heading).toBeVisible();

  await signedOut.tabToSignIn();
  await expect(signedOut.signInButton).toBeFocused();
  await page.keyboard.press('Enter');

  const signingIn = new SigningInScreen(page);
  await expect(signingIn.heading).toBeFocused();

  await app.completeSignInInBrowser();
  const signedIn = new SignedInScreen(page);
  await expect(signedIn.heading).toBeFocused();

  await signedIn.tabToSignOut();
  await expect(signedIn.signOutButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(new SignedOutScreen(page).heading).toBeFocused();
});
