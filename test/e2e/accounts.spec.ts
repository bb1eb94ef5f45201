import type { Page } from '@playwright/test';
import { TEST_ACCOUNTS } from '../support/provider.ts';
import type { E2eApp } from './support/app.ts';
import { expect, test } from './fixtures.ts';
import { AccountList } from './pages/account-list.ts';
import { AppShell } from './pages/app-shell.ts';
import { SetupScreen } from './pages/setup-screen.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';
import { SigningInScreen } from './pages/signing-in-screen.ts';

const ALICE = String(TEST_ACCOUNTS.alice.claims.name);
const BOB = String(TEST_ACCOUNTS.bob.claims.name);

/** Signs alice in, then adds bob in the same browser (the provider lets the person choose). */
async function signInAliceThenAddBob(page: Page, app: E2eApp): Promise<{ signedIn: SignedInScreen; accounts: AccountList }> {
  await new SignedOutScreen(page).signIn();
  await app.completeSignInInBrowser();
  const signedIn = new SignedInScreen(page);
  await expect(signedIn.profileCard(ALICE)).toBeVisible();
  const accounts = new AccountList(page);
  await accounts.add();
  await expect(new SigningInScreen(page).heading).toBeVisible();
  await app.completeSignInInBrowser({ username: 'bob' });
  await expect(signedIn.profileCard(BOB)).toBeVisible();
  return { signedIn, accounts };
}

test.describe('several accounts', () => {
  test('adds a second account: both listed, the new one active, and a switch brings the first back without the browser', async ({ page, app }) => {
    const { signedIn, accounts } = await signInAliceThenAddBob(page, app);

    await expect(accounts.accounts).toHaveCount(2);
    await expect(accounts.accounts.first()).toContainText(ALICE);
    await expect(accounts.active).toContainText(BOB);
    await expect(accounts.active).toContainText(/active/i);
    await expect(accounts.switchButton(ALICE)).toBeVisible();
    await expect(accounts.switchButton(BOB)).toHaveCount(0);
    await expect(signedIn.claimValue('sub')).toHaveText(TEST_ACCOUNTS.bob.sub);
    // Adding asked the provider to let the person choose, not to sign alice in again.
    const opened = (await app.browserUrls()).map((url) => new URL(url));
    expect(opened).toHaveLength(2);
    expect(opened[1]!.searchParams.get('prompt')).toMatch(/\b(select_account|login)\b/);

    await accounts.switchTo(ALICE);

    await expect(signedIn.profileCard(ALICE)).toBeVisible();
    await expect(signedIn.claimValue('sub')).toHaveText(TEST_ACCOUNTS.alice.sub);
    await expect(accounts.active).toContainText(ALICE);
    await expect(signedIn.heading).toBeFocused();
    await expect(new AppShell(page).announcement).toHaveText(`Switched to ${ALICE}.`);
    expect(await app.browserUrls()).toHaveLength(2);
  });

  test('signing out of one account leaves the other signed in', async ({ page, app }) => {
    const { signedIn, accounts } = await signInAliceThenAddBob(page, app);

    await accounts.signOutOf(ALICE);

    await expect(accounts.accounts).toHaveCount(0);
    await expect(accounts.addButton).toBeVisible();
    await expect(signedIn.profileCard(BOB)).toBeVisible();
    await expect(signedIn.claimValue('sub')).toHaveText(TEST_ACCOUNTS.bob.sub);
    await expect(accounts.heading).toBeFocused();
    await expect(new AppShell(page).announcement).toHaveText(`Signed out of ${ALICE}. Your other accounts stay signed in.`);
  });

  test('signing out of the active account makes the other one active; signing out of that one too leaves none', async ({ page, app }) => {
    const { signedIn, accounts } = await signInAliceThenAddBob(page, app);

    await signedIn.signOut();

    await expect(signedIn.profileCard(ALICE)).toBeVisible();
    await expect(accounts.accounts).toHaveCount(0);
    await expect(signedIn.heading).toBeFocused();
    await expect(new AppShell(page).announcement).toHaveText(`You are signed out of that account. ${ALICE} is now active.`);

    await signedIn.signOut();

    const signedOut = new SignedOutScreen(page);
    await expect(signedOut.heading).toBeVisible();
    await expect(accounts.root).toHaveCount(0);
  });

  test('cancelling an add leaves the first account signed in', async ({ page, app }) => {
    await new SignedOutScreen(page).signIn();
    await app.completeSignInInBrowser();
    const signedIn = new SignedInScreen(page);
    await expect(signedIn.profileCard(ALICE)).toBeVisible();
    const accounts = new AccountList(page);

    await accounts.add();
    const signingIn = new SigningInScreen(page);
    await expect(signingIn.heading).toBeVisible();
    // The person leaves the browser tab alone, then gives up in the app.
    await app.waitForBrowserUrl();
    await signingIn.cancel();

    await expect(signedIn.profileCard(ALICE)).toBeVisible();
    await expect(signedIn.note(/no account was added/i)).toBeVisible();
    await expect(signedIn.alert).toHaveCount(0);
    await expect(accounts.accounts).toHaveCount(0);
    await expect(accounts.addButton).toBeVisible();
  });

  test.describe('after a restart', () => {
    test('both accounts are back, with the same one active, without a trip to the browser', async ({ page, app }) => {
      test.skip(!(await app.keepsSessions()), 'This machine offers no secure storage, so the app keeps no session across restarts.');
      const { accounts } = await signInAliceThenAddBob(page, app);
      await accounts.switchTo(ALICE);
      await expect(accounts.active).toContainText(ALICE);

      const window = await app.restart();

      const signedIn = new SignedInScreen(window);
      const after = new AccountList(window);
      await expect(signedIn.profileCard(ALICE)).toBeVisible();
      await expect(after.accounts).toHaveCount(2);
      await expect(after.active).toContainText(ALICE);
      await expect(after.account(BOB)).toContainText(/signed in/i);
      expect(await app.browserUrls()).toHaveLength(2);
    });
  });

  test.describe('the protected API', () => {
    // As in api.spec.ts: the API URL is set on the setup screen, which accepts the local
    // provider's address while it runs as the app's demo.
    test.use({ providerSource: 'demo' });

    test('is called as the active account', async ({ page, app, provider }) => {
      const setup = new SetupScreen(page);
      await setup.open();
      await setup.choosePreset('Generic OpenID Connect');
      await setup.fill('Issuer URL', provider.issuer);
      await setup.fill('Client ID', provider.clientId);
      await setup.fill('Protected API URL', provider.apiUrl);
      await setup.testConnection();
      await expect(setup.report).toBeVisible();
      await setup.save();
      const { signedIn, accounts } = await signInAliceThenAddBob(page, app);

      await signedIn.callApi();
      await expect(signedIn.apiStatus).toContainText(/^200\b/);
      await expect(signedIn.apiBody).toContainText(`"sub": "${TEST_ACCOUNTS.bob.sub}"`);

      await accounts.switchTo(ALICE);
      await expect(signedIn.profileCard(ALICE)).toBeVisible();
      // The answer shown was Bob's: it is not shown for Alice.
      await expect(signedIn.apiBody).toHaveCount(0);
      await signedIn.callApi();
      await expect(signedIn.apiStatus).toContainText(/^200\b/);
      await expect(signedIn.apiBody).toContainText(`"sub": "${TEST_ACCOUNTS.alice.sub}"`);
    });
  });
});
