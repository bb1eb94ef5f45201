import { expect, test } from './fixtures.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';
import { SigningInScreen } from './pages/signing-in-screen.ts';

test.describe('updates', () => {
  test.beforeEach(({ appKind }) => {
    test.skip(
      appKind === 'electron',
      "The real app's updater is off in development and test builds (no feed, unsigned; see its diagnostics); the harness drives the same update controller with a stand-in for electron-updater.",
    );
  });

  test('an update downloaded in the background offers "Restart to update", and restarts on request', async ({ page, app }) => {
    const restart = page.getByRole('button', { name: 'Restart to update' });
    await expect(new SignedOutScreen(page).heading).toBeVisible();
    await expect(restart).toHaveCount(0);

    await app.updates!.release('9.9.9');
    const banner = page.getByRole('status').filter({ has: restart });
    await expect(banner).toContainText('Version 9.9.9 is ready to install.');
    await restart.click();
    await expect.poll(() => app.updates!.installs()).toBe(1);
  });

  test('never restarts while a sign-in waits for the browser, and says why', async ({ page, app }) => {
    await new SignedOutScreen(page).signIn();
    await expect(new SigningInScreen(page).heading).toBeVisible();
    await app.updates!.release('9.9.9');

    const restart = page.getByRole('button', { name: 'Restart to update' });
    await restart.click();
    await expect(page.getByRole('status').filter({ has: restart })).toContainText('A sign-in is in progress. Finish or cancel it, then restart to update.');
    expect(app.updates!.installs()).toBe(0);
  });

  test('the diagnostics report says where updates stand', async ({ page, app }) => {
    await app.updates!.release('9.9.9');
    await page.getByRole('button', { name: 'Copy diagnostics' }).click();
    await expect.poll(() => app.readClipboard()).toContain('Updates: on (github.com/example-owner/example-repo); version 9.9.9 downloaded, installed at the next restart');
  });
});
