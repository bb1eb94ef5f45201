import { expect, test } from './fixtures.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';
import { SigningInScreen } from './pages/signing-in-screen.ts';

test('cancelling a sign-in goes back to the Sign in screen with a quiet note', async ({ page, app }) => {
  await new SignedOutScreen(page).signIn();
  const signingIn = new SigningInScreen(page);
  await expect(signingIn.heading).toBeVisible();
  // The person leaves the browser tab alone, then gives up in the app.
  const authorizationUrl = await app.waitForBrowserUrl();
  await signingIn.cancel();

  const signedOut = new SignedOutScreen(page);
  await expect(signedOut.heading).toBeVisible();
  await expect(signedOut.note).toContainText(/cancel/i);
  await expect(signedOut.alert).toHaveCount(0);

  // A sign-in finished in the stale tab afterwards is turned away: the app stays signed out.
  const redirectUri = new URL(authorizationUrl.searchParams.get('redirect_uri')!);
  const late = await fetch(redirectUri, { signal: AbortSignal.timeout(5_000) }).then(
    () => 'answered',
    () => 'refused',
  );
  expect(late, 'the loopback redirect listener is closed after a cancel').toBe('refused');
  await expect(signedOut.heading).toBeVisible();
});
