import { TEST_ACCOUNTS } from '../support/provider.ts';
import { expect, test } from './fixtures.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';

const ALICE = String(TEST_ACCOUNTS.alice.claims.name);

test.describe('restarting the app', () => {
  test('keeps the person signed in, without a trip to the browser', async ({ page, app }) => {
    test.skip(!(await app.keepsSessions()), 'This machine offers no secure storage, so the app keeps no session across restarts.');
    await new SignedOutScreen(page).signIn();
    await app.completeSignInInBrowser();
    const before = new SignedInScreen(page);
    await expect(before.heading).toBeVisible();
    await expect(before.storageStatus(/kept on this device/i)).toBeVisible();

    const window = await app.restart();

    const after = new SignedInScreen(window);
    await expect(after.heading).toBeVisible();
    await expect(after.profileCard(ALICE)).toBeVisible();
    await expect(after.claimValue('email')).toHaveText(String(TEST_ACCOUNTS.alice.claims.email));
    expect(await app.browserUrls()).toHaveLength(1);
  });

  test.describe('on a desktop without a keyring', () => {
    test.use({ secureStorage: false });

    test('says the session ends on quit, and asks to sign in again after a restart', async ({ page, app }) => {
      await new SignedOutScreen(page).signIn();
      await app.completeSignInInBrowser();
      const signedIn = new SignedInScreen(page);
      await expect(signedIn.storageStatus(/this session ends when you quit/i)).toBeVisible();

      const window = await app.restart();

      const signedOut = new SignedOutScreen(window);
      await expect(signedOut.heading).toBeVisible();
      await expect(signedOut.alert).toHaveCount(0);
    });
  });
});
