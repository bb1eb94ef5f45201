import type { Page } from '@playwright/test';
import { freePort } from '../support/net.ts';
import { DEMO_ACCOUNT, startTestProvider, TEST_ACCOUNTS, type TestProvider } from '../support/provider.ts';
import type { E2eApp } from './support/app.ts';
import { expect, test } from './fixtures.ts';
import { AccountList } from './pages/account-list.ts';
import { AddAccountForm } from './pages/add-account-form.ts';
import { AppShell } from './pages/app-shell.ts';
import { SetupScreen } from './pages/setup-screen.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';
import { SigningInScreen } from './pages/signing-in-screen.ts';

const ALICE = String(TEST_ACCOUNTS.alice.claims.name);
const BOB = String(TEST_ACCOUNTS.bob.claims.name);
const DEMO = String(DEMO_ACCOUNT.claims.name);
/** The demo provider's name (main/config.ts), as the window shows it. */
const DEMO_PROVIDER = 'the local demo provider';
/** The name the person gives the second provider in the form. */
const OTHER_PROVIDER = 'Second Test Provider';

/** Signs the first account in from the sign-in screen (alice unless told), and waits for its
 *  profile. */
async function signInFirst(page: Page, app: E2eApp, name = ALICE, credentials?: { username: string; password: string }): Promise<{ signedIn: SignedInScreen; accounts: AccountList }> {
  await new SignedOutScreen(page).signIn();
  await app.completeSignInInBrowser(credentials && { username: credentials.username, password: credentials.password });
  const signedIn = new SignedInScreen(page);
  await expect(signedIn.profileCard(name)).toBeVisible();
  return { signedIn, accounts: new AccountList(page) };
}

/** Signs alice in, then adds bob in the same browser (the provider lets the person choose). */
async function signInAliceThenAddBob(page: Page, app: E2eApp): Promise<{ signedIn: SignedInScreen; accounts: AccountList }> {
  const { signedIn, accounts } = await signInFirst(page, app);
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
    const { signedIn, accounts } = await signInFirst(page, app);

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
      await setup.setUpGeneric(provider, { apiUrl: provider.apiUrl });
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

    test('an account whose session the provider ended says so, the other stays signed in, and signing in again asks for it by name', async ({ page, app, provider }) => {
      test.slow();
      const setup = new SetupScreen(page);
      await setup.open();
      await setup.setUpGeneric(provider, { apiUrl: provider.apiUrl });
      await setup.save();
      const { signedIn, accounts } = await signInAliceThenAddBob(page, app);

      // The API turns Bob's token away, and the provider refuses to renew it: his session is over.
      provider.intercept((request) => {
        if (request.path === new URL(provider.apiUrl).pathname) return { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' }, body: '' };
        if (request.path === '/token' && new URLSearchParams(request.body).get('grant_type') === 'refresh_token') return { status: 400, body: { error: 'invalid_grant' } };
        return undefined;
      });
      await signedIn.callApi();
      const signedOut = new SignedOutScreen(page);
      await expect(signedOut.heading).toBeVisible();
      await expect(signedOut.alert).toContainText(/sign in again/i);
      // Alice is untouched, one switch away; Bob is listed with what happened.
      await expect(accounts.accounts).toHaveCount(2);
      await expect(accounts.accounts.filter({ hasText: ALICE })).toContainText('Signed in');
      await expect(accounts.accounts.filter({ hasText: BOB })).toContainText(/signed out/i);
      provider.intercept(undefined);

      await signedOut.signIn();
      const opened = await app.waitForBrowserUrl();
      expect(opened.searchParams.get('login_hint')).toBe(TEST_ACCOUNTS.bob.claims.email);
      await app.completeSignInInBrowser({ url: opened, username: TEST_ACCOUNTS.bob.username, password: TEST_ACCOUNTS.bob.password });
      await expect(signedIn.profileCard(BOB)).toBeVisible();
      await expect(accounts.accounts.filter({ hasText: ALICE })).toContainText('Signed in');
      await expect(accounts.accounts).toHaveCount(2);
    });
  });

  test.describe('an account at another provider', () => {
    // The local provider runs as the app's demo (OIDC_DEMO_ISSUER): the form may then accept a
    // second local provider's http://127.0.0.1 address, as the setup screen does.
    test.use({ providerSource: 'demo' });

    // Started for each test; never started where the test was skipped before it began (the
    // electron project without the Electron binary).
    let started: TestProvider | undefined;
    const otherProvider = (): TestProvider => {
      if (!started) throw new Error('The second provider was not started.');
      return started;
    };
    test.beforeEach(async () => {
      started = await startTestProvider();
    });
    test.afterEach(async () => {
      await started?.close();
      started = undefined;
    });

    /** Signs the demo account in, then adds bob at the second provider with the form (the Okta
     *  preset, its org authorization server, on a free redirect port). */
    async function signInThenAddAtOther(page: Page, app: E2eApp): Promise<{ signedIn: SignedInScreen; accounts: AccountList }> {
      const { signedIn, accounts } = await signInFirst(page, app, DEMO, DEMO_ACCOUNT);

      await accounts.addAtAnotherProvider();
      const form = new AddAccountForm(page);
      await expect(form.heading).toBeFocused();
      await expect(new AppShell(page).announcement).toHaveText('Add an account at another provider.');
      await expect(form.field('Protected API URL')).toHaveCount(0);
      await expect(form.saveButton).toHaveCount(0);
      await form.choosePreset('Okta');
      await form.fill('Okta domain', otherProvider().issuer);
      await form.fill('Authorization server', 'org');
      await form.fill('Client ID', otherProvider().clientId);
      await form.fill('Redirect port', String(await freePort()));
      await form.fill('Display name', OTHER_PROVIDER);
      await form.testConnection();
      await expect(form.report).toContainText(otherProvider().issuer);
      await form.signIn();

      await expect(form.signInWait).toBeVisible();
      const opened = await app.waitForBrowserUrl();
      // The second provider's own page, asking which account.
      expect(opened.origin).toBe(otherProvider().issuer);
      expect(opened.searchParams.get('prompt')).toMatch(/\b(select_account|login)\b/);
      await app.completeSignInInBrowser({ url: opened, username: TEST_ACCOUNTS.bob.username, password: TEST_ACCOUNTS.bob.password });
      await expect(form.root).toHaveCount(0);
      await expect(signedIn.profileCard(BOB)).toBeVisible();
      return { signedIn, accounts };
    }

    test('is added with the form, listed with its provider, refused by the API, and signed out of', async ({ page, app }) => {
      // Four sign-ins at two providers.
      test.slow();
      const { signedIn, accounts } = await signInThenAddAtOther(page, app);

      await expect(signedIn.heading).toBeFocused();
      await expect(new AppShell(page).announcement).toHaveText(`Signed in as ${BOB}.`);
      await expect(signedIn.provider).toHaveText(`with ${OTHER_PROVIDER}`);
      await expect(signedIn.claimValue('iss')).toHaveText(otherProvider().issuer);
      await expect(accounts.accounts).toHaveCount(2);
      await expect(accounts.account(BOB)).toContainText(`At ${OTHER_PROVIDER}`);
      await expect(accounts.account(DEMO)).toContainText(`At ${DEMO_PROVIDER}`);
      await expect(accounts.active).toContainText(BOB);

      // The protected API is the demo provider's: it is not called with this account's token.
      await signedIn.callApi();
      await expect(signedIn.apiOtherProviderNote).toHaveText(
        `The protected API is set up for accounts at ${DEMO_PROVIDER}, and this account signs in with ${OTHER_PROVIDER}. Switch to an account at ${DEMO_PROVIDER} to call it.`,
      );
      await expect(signedIn.apiAlert).toHaveCount(0);

      await accounts.switchTo(DEMO);
      await expect(signedIn.profileCard(DEMO)).toBeVisible();
      await expect(signedIn.provider).toContainText(`with ${DEMO_PROVIDER}`);
      await expect(signedIn.provider).toContainText(/demo provider$/i);
      await signedIn.callApi();
      await expect(signedIn.apiStatus).toContainText(/^200\b/);

      // Accounts at two providers: "Add another account" asks where, the app's provider first.
      await accounts.addButton.click();
      await expect(accounts.addButton).toHaveAttribute('aria-expanded', 'true');
      await expect(accounts.choices.getByRole('button')).toHaveText([`At ${DEMO_PROVIDER}`, `At ${OTHER_PROVIDER}`, 'At another provider…'].map((text) => new RegExp(`${text}$`)));
      await page.keyboard.press('Escape');
      await expect(accounts.choices).toHaveCount(0);
      await expect(accounts.addButton).toBeFocused();

      // Another account there: its provider's page, without the form.
      await accounts.addButton.click();
      await accounts.addAtButton(OTHER_PROVIDER).click();
      const signingIn = new SigningInScreen(page);
      await expect(signingIn.root).toContainText(`We opened ${OTHER_PROVIDER}’s sign-in page`);
      const opened = await app.waitForBrowserUrl();
      expect(opened.origin).toBe(otherProvider().issuer);
      await app.completeSignInInBrowser({ url: opened });
      await expect(signedIn.profileCard(ALICE)).toBeVisible();
      await expect(accounts.accounts).toHaveCount(3);
      await expect(accounts.account(ALICE)).toContainText(`At ${OTHER_PROVIDER}`);

      await accounts.signOutOf(BOB);
      await expect(accounts.accounts).toHaveCount(2);
      // Alice is still signed in there: her provider is still a choice.
      await accounts.addButton.click();
      await expect(accounts.addAtButton(OTHER_PROVIDER)).toBeVisible();
      await page.keyboard.press('Escape');

      // Signed out of its last account, the provider is gone from the window.
      await signedIn.signOut();
      await expect(signedIn.profileCard(DEMO)).toBeVisible();
      await expect(accounts.accounts).toHaveCount(0);
      // One provider again: adding goes straight to it, another provider is one button away.
      await expect(accounts.addButton).not.toHaveAttribute('aria-expanded');
      await expect(accounts.addAtAnotherProviderButton).toBeVisible();
      // Its tokens were revoked at its own provider.
      expect(otherProvider().requests.map((request) => request.path)).toContain('/token/revocation');
    });

    test('cancelling its sign-in adds nothing; Cancel goes back to the account list', async ({ page, app }) => {
      await new SignedOutScreen(page).signIn();
      await app.completeSignInInBrowser({ username: DEMO_ACCOUNT.username, password: DEMO_ACCOUNT.password });
      const accounts = new AccountList(page);
      await accounts.addAtAnotherProvider();
      const form = new AddAccountForm(page);
      await form.choosePreset('Generic OpenID Connect');
      await form.fill('Issuer URL', otherProvider().issuer);
      await form.fill('Client ID', otherProvider().clientId);
      await form.signIn();
      await expect(form.signInWait).toBeVisible();
      await app.waitForBrowserUrl();

      await form.cancelSignIn();

      await expect(form.notAddedNote).toBeVisible();
      await expect(form.alert).toHaveCount(0);
      await expect(form.signInWait).toHaveCount(0);
      await form.cancel();
      await expect(new SignedInScreen(page).profileCard(DEMO)).toBeVisible();
      await expect(accounts.accounts).toHaveCount(0);
      await expect(accounts.addButton).toBeFocused();
    });

    test('a value the preset refuses: the field is marked and has focus, and no browser opens', async ({ page, app }) => {
      await new SignedOutScreen(page).signIn();
      await app.completeSignInInBrowser({ username: DEMO_ACCOUNT.username, password: DEMO_ACCOUNT.password });
      await new AccountList(page).addAtAnotherProvider();
      const form = new AddAccountForm(page);
      await form.choosePreset('Okta');
      await form.fill('Okta domain', 'not a url');
      await form.fill('Client ID', otherProvider().clientId);

      await form.signIn();

      await expect(form.alert).toContainText(/okta domain/i);
      await expect(form.field('Okta domain')).toBeFocused();
      await expect(form.field('Okta domain')).toHaveAttribute('aria-invalid', 'true');
      expect(await app.browserUrls()).toHaveLength(1);
    });

    test('comes back after a restart, at its provider, until signed out of', async ({ page, app }) => {
      test.skip(!(await app.keepsSessions()), 'This machine offers no secure storage, so the app keeps no session across restarts.');
      await signInThenAddAtOther(page, app);

      const window = await app.restart();

      const signedIn = new SignedInScreen(window);
      const accounts = new AccountList(window);
      await expect(signedIn.profileCard(BOB)).toBeVisible();
      await expect(signedIn.provider).toHaveText(`with ${OTHER_PROVIDER}`);
      await expect(accounts.accounts).toHaveCount(2);
      await expect(accounts.account(BOB)).toContainText(`At ${OTHER_PROVIDER}`);
      await expect(accounts.account(DEMO)).toContainText(/signed in/i);

      await signedIn.signOut();
      await expect(signedIn.profileCard(DEMO)).toBeVisible();
      await expect(accounts.accounts).toHaveCount(0);

      // Forgotten with its last account: the next start lists the demo account alone.
      const again = await app.restart();
      await expect(new SignedInScreen(again).profileCard(DEMO)).toBeVisible();
      await expect(new AccountList(again).accounts).toHaveCount(0);
      await expect(new AccountList(again).addAtAnotherProviderButton).toBeVisible();
    });
  });
});
