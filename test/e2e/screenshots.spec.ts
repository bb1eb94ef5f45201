import { expect, PROVIDER_NAME, test } from './fixtures.ts';
import { SetupScreen } from './pages/setup-screen.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';
import { SigningInScreen } from './pages/signing-in-screen.ts';

// A fixed issuer (http://127.0.0.1:47123), so the pictures do not change with the port.
test.use({ providerPort: 47_123 });

test('captures every screen, light and dark', async ({ page, app, screenshots }) => {
  // Four screens, each in two colour schemes, full page: more than the usual 30 s on a busy machine.
  test.slow();
  const signedOut = new SignedOutScreen(page);
  await expect(signedOut.heading).toBeVisible();
  await screenshots.capture(page, 'signed-out');

  await signedOut.signIn();
  const signingIn = new SigningInScreen(page);
  await expect(signingIn.heading).toBeVisible();
  await screenshots.capture(page, 'signing-in', { mask: signingIn.liveValues() });

  await app.completeSignInInBrowser();
  const signedIn = new SignedInScreen(page);
  await expect(signedIn.heading).toBeVisible();
  await screenshots.capture(page, 'signed-in', { mask: signedIn.liveValues() });

  await signedIn.signOut();
  await signedOut.signIn();
  await app.completeSignInInBrowser({ consent: 'deny' });
  await expect(signedOut.alert).toBeVisible();
  await screenshots.capture(page, 'error');
});

test.describe('the setup screen', () => {
  // The local provider as the app's demo: the setup screen accepts its http://127.0.0.1 address.
  test.use({ providerSource: 'demo' });

  test('captures the setup screen, empty and after a successful test, light and dark', async ({ page, provider, screenshots }) => {
    test.slow();
    const setup = new SetupScreen(page);
    await setup.open();
    await expect(setup.heading).toBeVisible();
    await expect(setup.preset('Generic OpenID Connect')).toBeVisible();
    await screenshots.capture(page, 'setup');

    await setup.choosePreset('Generic OpenID Connect');
    await setup.fill('Issuer URL', provider.issuer);
    await setup.fill('Client ID', provider.clientId);
    await setup.fill('Display name', PROVIDER_NAME);
    await setup.testConnection();
    await expect(setup.report).toBeVisible();
    await screenshots.capture(page, 'setup-tested');
  });
});
