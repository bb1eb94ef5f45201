import { createHttpBrowser } from '../support/http-browser.ts';
import { expect, test } from './fixtures.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';

test.describe('sign-in from another device', () => {
  test.use({ providerDeviceFlow: true });

  test('the window shows the code and where to enter it; approved on another device, it shows who signed in', async ({ page, app }) => {
    const start = page.getByRole('button', { name: /sign in on another device/i });
    await start.click();
    const heading = page.getByRole('heading', { name: /sign in on another device/i, level: 2 });
    await expect(heading).toBeFocused();
    const address = (await page.locator('.device-code__uri').textContent()) ?? '';
    const code = (await page.locator('.device-code__value').textContent()) ?? '';
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/device$/);
    expect(code).toMatch(/^[A-Z0-9-]{4,}$/);
    expect(await app.browserUrls(), 'nothing is opened on this computer').toEqual([]);
    await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();

    // The person's phone: a second browser, with nothing shared with this computer.
    const phone = createHttpBrowser();
    const done = await phone.approveDevice(address, { userCode: code });
    expect(done.text).toContain('Signed in');
    await expect(new SignedInScreen(page).heading).toBeVisible({ timeout: 10_000 });
  });

  test('cancelled while the code is on screen: back to Sign in', async ({ page }) => {
    await page.getByRole('button', { name: /sign in on another device/i }).click();
    await expect(page.getByRole('heading', { name: /sign in on another device/i, level: 2 })).toBeVisible();
    await page.getByRole('button', { name: /cancel/i }).click();
    await expect(page.getByRole('heading', { name: 'Sign in', level: 2 })).toBeVisible();
  });
});
