import { DEMO_ACCOUNT, DEMO_SECOND_ACCOUNT, startTestProvider, TEST_ACCOUNTS, type TestProvider } from '../support/provider.ts';
import { expect, PROVIDER_NAME, test } from './fixtures.ts';
import { AccountList } from './pages/account-list.ts';
import { AddAccountForm } from './pages/add-account-form.ts';
import { SetupScreen } from './pages/setup-screen.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';
import { SigningInScreen } from './pages/signing-in-screen.ts';

// What a newcomer sees after `npm start`: the built-in demo provider, its badge and its login,
// on a fixed port (http://127.0.0.1:47123), so the pictures do not change with the port.
test.use({ providerSource: 'demo', providerPort: 47_123, providerDeviceFlow: true });

// Nothing is masked. The window's own clock is frozen (page.clock), so what it counts (the
// seconds spent waiting, the token's time left) reads the same in every run. What the provider
// issues (the token's times, its nonce) is shown as the provider sent it: those cells change
// from run to run, as they do for a person.
const WAITED_MS = 12_000;
/** The access token's time left in the signed-in picture: 59:47 of its hour. */
const TIME_LEFT_MS = 3_587_000;

test('captures every screen, light and dark', async ({ page, app, screenshots }) => {
  // Four screens, each in two colour schemes, full page: more than the usual 30 s on a busy machine.
  test.slow();
  const signedOut = new SignedOutScreen(page);
  await expect(signedOut.heading).toBeVisible();
  await screenshots.capture(page, 'signed-out');

  const startedAt = Date.now();
  await page.clock.setFixedTime(startedAt);
  await signedOut.signIn();
  const signingIn = new SigningInScreen(page);
  await expect(signingIn.heading).toBeVisible();
  await page.clock.setFixedTime(startedAt + WAITED_MS);
  await expect(signingIn.elapsed).toHaveText('0:12');
  await screenshots.capture(page, 'signing-in');

  await app.completeSignInInBrowser({ username: DEMO_ACCOUNT.username, password: DEMO_ACCOUNT.password });
  const signedIn = new SignedInScreen(page);
  await expect(signedIn.heading).toBeVisible();
  const expiresAt = Date.parse((await signedIn.session.locator('time').getAttribute('datetime')) ?? '');
  await page.clock.setFixedTime(expiresAt - TIME_LEFT_MS);
  await expect(signedIn.countdown).toHaveText('59:47');
  await screenshots.capture(page, 'signed-in');

  await signedIn.signOut();
  await signedOut.signIn();
  await app.completeSignInInBrowser({ username: DEMO_ACCOUNT.username, password: DEMO_ACCOUNT.password, consent: 'deny' });
  await expect(signedOut.alert).toBeVisible();
  await screenshots.capture(page, 'error');

  // Sign-in from another device: the code, its address and QR code, and the time it works for.
  await page.getByRole('button', { name: /sign in on another device/i }).click();
  await expect(page.getByRole('heading', { name: /sign in on another device/i, level: 2 })).toBeVisible();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await screenshots.capture(page, 'device-code');
});

test('captures the account list with the demo’s two accounts, light and dark', async ({ page, app, screenshots }) => {
  test.slow();
  await new SignedOutScreen(page).signIn();
  await app.completeSignInInBrowser({ username: DEMO_ACCOUNT.username, password: DEMO_ACCOUNT.password });
  const signedIn = new SignedInScreen(page);
  const accounts = new AccountList(page);
  await accounts.add();
  await app.completeSignInInBrowser({ username: DEMO_SECOND_ACCOUNT.username, password: DEMO_SECOND_ACCOUNT.password });
  await expect(accounts.accounts).toHaveCount(2);
  // The first account active again, the second a switch away.
  await accounts.switchTo(String(DEMO_ACCOUNT.claims.name));
  await expect(signedIn.profileCard(String(DEMO_ACCOUNT.claims.name))).toBeVisible();
  const expiresAt = Date.parse((await signedIn.session.locator('time').getAttribute('datetime')) ?? '');
  await page.clock.setFixedTime(expiresAt - TIME_LEFT_MS);
  await expect(signedIn.countdown).toHaveText('59:47');
  await screenshots.capture(page, 'accounts');
});

/** A second local provider on a fixed port (so the pictures show the same address each run), or a
 *  free one when that is taken. */
async function startSecondProvider(port: number): Promise<TestProvider> {
  try {
    return await startTestProvider({ port });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    console.warn(`[e2e] port ${port} is taken; the second provider listens on a free port instead (screenshots will show it).`);
    return startTestProvider();
  }
}

test('captures adding an account at another provider, then the accounts at two providers, light and dark', async ({ page, app, appKind, screenshots }) => {
  test.slow();
  // The demo listens on 47123 (47124 in the electron project): the second provider next to it.
  const other = await startSecondProvider(47_125 + (appKind === 'electron' ? 1 : 0));
  try {
    await new SignedOutScreen(page).signIn();
    await app.completeSignInInBrowser({ username: DEMO_ACCOUNT.username, password: DEMO_ACCOUNT.password });
    const signedIn = new SignedInScreen(page);
    const accounts = new AccountList(page);
    await accounts.addAtAnotherProvider();
    const form = new AddAccountForm(page);
    await form.choosePreset('Generic OpenID Connect');
    await form.fill('Issuer URL', other.issuer);
    await form.fill('Client ID', other.clientId);
    await form.fill('Display name', 'Second Test Provider');
    await expect(form.field('Display name')).toHaveValue('Second Test Provider');
    await screenshots.capture(page, 'add-account');

    await form.signIn();
    await app.completeSignInInBrowser({ username: TEST_ACCOUNTS.bob.username, password: TEST_ACCOUNTS.bob.password });
    await expect(signedIn.profileCard(String(TEST_ACCOUNTS.bob.claims.name))).toBeVisible();
    // The API is the demo provider's: this account is told so. Where to add the next one is open.
    await signedIn.callApi();
    await expect(signedIn.apiOtherProviderNote).toBeVisible();
    await accounts.addButton.click();
    await expect(accounts.choices).toBeVisible();
    const expiresAt = Date.parse((await signedIn.session.locator('time').getAttribute('datetime')) ?? '');
    await page.clock.setFixedTime(expiresAt - TIME_LEFT_MS);
    await expect(signedIn.countdown).toHaveText('59:47');
    await screenshots.capture(page, 'accounts-other-provider');
  } finally {
    await other.close();
  }
});

test.describe('the setup screen', () => {
  test('captures the setup screen, empty and after a successful test, light and dark', async ({ page, provider, screenshots }) => {
    test.slow();
    const setup = new SetupScreen(page);
    await setup.open();
    await expect(setup.heading).toBeVisible();
    await expect(setup.preset('Generic OpenID Connect')).toBeVisible();
    await screenshots.capture(page, 'setup');

    await setup.setUpGeneric(provider, { displayName: PROVIDER_NAME });
    await screenshots.capture(page, 'setup-tested');
  });
});
