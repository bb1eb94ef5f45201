import { expect, test } from './fixtures.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';

test('copies a diagnostics report with no token in it', async ({ page, app, provider }) => {
  await new SignedOutScreen(page).signIn();
  await app.completeSignInInBrowser();
  await expect(new SignedInScreen(page).heading).toBeVisible();

  await page.getByRole('banner').getByRole('button', { name: /^copy diagnostics$/i }).click();

  await expect(page.getByRole('banner').getByRole('status')).toContainText(/diagnostics copied/i);
  const report = await app.readClipboard();
  expect(report).toContain(provider.issuer);
  // No JWT (ID or access token) and no refresh token value made it into the report.
  expect(report).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./);
});
