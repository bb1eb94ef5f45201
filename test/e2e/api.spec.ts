import { TEST_ACCOUNTS } from '../support/provider.ts';
import { expect, test } from './fixtures.ts';
import { SetupScreen } from './pages/setup-screen.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';

test.describe('the protected API', () => {
  // The API URL is set where a person sets it: on the setup screen, which accepts the local
  // provider's http://127.0.0.1 addresses only while it runs as the app's demo (fixtures.ts).
  test.use({ providerSource: 'demo' });

  test('is called with the session’s access token, and its answer is shown', async ({ page, app, provider }) => {
    const setup = new SetupScreen(page);
    await setup.open();
    await setup.setUpGeneric(provider, { apiUrl: provider.apiUrl });
    await setup.save();

    await new SignedOutScreen(page).signIn();
    await app.completeSignInInBrowser();
    const signedIn = new SignedInScreen(page);
    await expect(signedIn.heading).toBeVisible();
    await expect(signedIn.apiPanel).toContainText(provider.apiUrl);

    await signedIn.callApi();

    await expect(signedIn.apiStatus).toContainText(/^200\b/);
    await expect(signedIn.apiBody).toContainText(`"sub": "${TEST_ACCOUNTS.alice.sub}"`);
    await expect(signedIn.apiHeaders).toContainText(/content-type/i);
    await expect(signedIn.apiAlert).toHaveCount(0);
    // The session panel tells the truth about the token the API received.
    const tokenType = (JSON.parse((await signedIn.apiBody.textContent()) ?? '{}') as { token_type?: string }).token_type;
    await expect(signedIn.tokenBinding).toHaveText(tokenType === 'DPoP' ? 'Sender-constrained (DPoP)' : 'Bearer token');
  });
});

test('without an API, the panel says where to configure one', async ({ page, app }) => {
  await new SignedOutScreen(page).signIn();
  await app.completeSignInInBrowser();
  const signedIn = new SignedInScreen(page);
  await expect(signedIn.heading).toBeVisible();

  await expect(signedIn.apiPanel).toContainText(/no api is configured/i);
  await expect(signedIn.callApiButton).toHaveCount(0);
});
