import { expect, test } from './fixtures.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';
import { recordIssuedTokens } from './support/issued-tokens.ts';

test('copies a diagnostics report that holds none of the access, refresh and ID tokens the provider issued, nor any part of them', async ({
  page,
  app,
  provider,
}) => {
  const issued = recordIssuedTokens(provider);
  await new SignedOutScreen(page).signIn();
  await app.completeSignInInBrowser();
  await expect(new SignedInScreen(page).heading).toBeVisible();

  await page.getByRole('banner').getByRole('button', { name: /^copy diagnostics$/i }).click();

  await expect(page.getByRole('banner').getByRole('status')).toContainText(/diagnostics copied/i);
  const report = await app.readClipboard();
  expect(report).toContain(provider.issuer);
  // The session's real tokens, whatever their shape (the test provider's access and refresh
  // tokens are opaque): one of each was issued, and none of them, nor any part of a JWT, is in it.
  expect([issued.access.length, issued.refresh.length, issued.id.length]).toEqual([1, 1, 1]);
  const parts = new Set(issued.all().flatMap((token) => [token, ...token.split('.').filter((part) => part.length >= 16)]));
  expect([...parts].filter((part) => report.includes(part))).toEqual([]);
});
