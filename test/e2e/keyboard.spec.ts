import type { Locator, Page } from '@playwright/test';
import { TEST_ACCOUNTS } from '../support/provider.ts';
import { expect, PROVIDER_NAME, test } from './fixtures.ts';
import { AppShell } from './pages/app-shell.ts';
import { focusIndicator, tabUntilFocused, typeInto } from './pages/keyboard.ts';
import { SetupScreen } from './pages/setup-screen.ts';
import { SignedInScreen } from './pages/signed-in-screen.ts';
import { SignedOutScreen } from './pages/signed-out-screen.ts';
import { SigningInScreen } from './pages/signing-in-screen.ts';

/** Tabs to `target`, checks that its focus is drawn, and presses `key` on it. */
async function press(page: Page, target: Locator, key = 'Enter'): Promise<void> {
  await tabUntilFocused(page, target);
  await expect(target).toBeFocused();
  const indicator = await focusIndicator(target);
  expect(indicator.focusVisible, 'the focused control matches :focus-visible').toBe(true);
  expect(indicator.outline, 'the focused control draws a focus ring').not.toBe('none');
  expect(indicator.outlineWidth).toBeGreaterThanOrEqual(2);
  await page.keyboard.press(key);
}

test('works from the keyboard, and focus follows each new screen', async ({ page, app }) => {
  const signedOut = new SignedOutScreen(page);
  await expect(signedOut.heading).toBeVisible();

  await signedOut.tabToSignIn();
  await expect(signedOut.signInButton).toBeFocused();
  await page.keyboard.press('Enter');

  const signingIn = new SigningInScreen(page);
  await expect(signingIn.heading).toBeFocused();

  await app.completeSignInInBrowser();
  const signedIn = new SignedInScreen(page);
  await expect(signedIn.heading).toBeFocused();

  await signedIn.tabToSignOut();
  await expect(signedIn.signOutButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(new SignedOutScreen(page).heading).toBeFocused();
});

test.describe('the whole journey by keyboard alone', () => {
  // As `npm start` opens it: the demo provider, which the setup screen may replace.
  test.use({ providerSource: 'demo' });

  test('sign in, cancel, set up a provider, sign in, call the API, sign out: focus drawn and moved to what changed, each change announced', async ({
    page,
    app,
    provider,
  }) => {
    test.slow();
    const shell = new AppShell(page);
    const signedOut = new SignedOutScreen(page);
    const signingIn = new SigningInScreen(page);
    const setup = new SetupScreen(page);
    const signedIn = new SignedInScreen(page);
    await expect(signedOut.heading).toBeVisible();
    await expect(shell.announcement).toBeEmpty();

    // Sign in, then change one's mind.
    await press(page, signedOut.signInButton);
    await expect(signingIn.heading).toBeFocused();
    await expect(shell.announcement).toHaveText(/^Sign-in started\./);
    await press(page, signingIn.cancelButton);
    await expect(signedOut.heading).toBeFocused();
    await expect(signedOut.note).toContainText(/cancelled/i);
    await expect(shell.announcement).toHaveText('Sign-in ended. You are not signed in.');
    // The tab that sign-in opened is left alone.
    await app.waitForBrowserUrl();

    // Set up a provider: the header's button, a preset by arrow keys, the fields, Enter tests.
    await page.keyboard.press('Shift+Tab');
    await press(page, shell.setupButton);
    await expect(setup.heading).toBeFocused();
    await expect(shell.announcement).toHaveText('Set up a provider.');
    const generic = setup.preset('Generic OpenID Connect');
    await tabUntilFocused(page, setup.root.getByRole('radio', { checked: true }));
    for (let step = 0; step < 10 && !(await generic.isChecked()); step++) await page.keyboard.press('ArrowDown');
    await expect(generic).toBeChecked();
    await expect(generic).toBeFocused();
    expect((await focusIndicator(generic)).outline).not.toBe('none');
    await typeInto(page, setup.field('Issuer URL'), provider.issuer);
    await typeInto(page, setup.field('Client ID'), provider.clientId);
    await typeInto(page, setup.field('Display name'), PROVIDER_NAME);
    await typeInto(page, setup.field('Protected API URL'), provider.apiUrl);
    await page.keyboard.press('Enter');
    await expect(setup.report).toBeVisible();
    await expect(setup.report.getByRole('heading', { name: /connection works/i })).toBeFocused();
    await press(page, setup.saveButton);
    await expect(signedOut.heading).toBeFocused();
    await expect(signedOut.note).toContainText(`Saved. The app now signs in with ${PROVIDER_NAME}.`);
    await expect(signedOut.provider(PROVIDER_NAME)).toBeVisible();

    // Sign in with the new provider.
    await press(page, signedOut.signInButton);
    await expect(signingIn.heading).toBeFocused();
    await app.completeSignInInBrowser();
    await expect(signedIn.heading).toBeFocused();
    await expect(shell.announcement).toHaveText(`Signed in as ${String(TEST_ACCOUNTS.alice.claims.name)}.`);

    // Call the API: the answer is announced where it appears (role="status"), focus stays put.
    await press(page, signedIn.callApiButton);
    await expect(signedIn.apiStatus).toContainText(/^200\b/);
    await expect(signedIn.callApiButton).toBeFocused();

    // A long claim, read whole from the keyboard.
    const showAll = signedIn.claimValue('picture').getByRole('button', { name: /^show all/i });
    await press(page, showAll);
    await expect(signedIn.claimValue('picture').getByRole('button', { name: /^show less/i })).toBeFocused();
    await expect(signedIn.claimValue('picture')).toContainText(String(TEST_ACCOUNTS.alice.claims.picture));

    // Sign out.
    await press(page, signedIn.signOutButton);
    await expect(signedOut.heading).toBeFocused();
    await expect(shell.announcement).toHaveText('You are signed out.');
  });
});

test.describe('motion', () => {
  test('stops animations and transitions when the system asks for reduced motion (spinners fade instead of turning), and keeps them otherwise', async ({ page }) => {
    const signedOut = new SignedOutScreen(page);
    await signedOut.signIn();
    const signingIn = new SigningInScreen(page);
    await expect(signingIn.heading).toBeVisible();

    /** The longest animation and transition anywhere on the page, and how often animations repeat. */
    const motion = () =>
      page.evaluate(() => {
        const seconds = (value: string) => Math.max(...value.split(',').map((part) => Number.parseFloat(part) * (part.trim().endsWith('ms') ? 0.001 : 1)));
        let animation = 0;
        let transition = 0;
        let infinite = 0;
        for (const element of document.querySelectorAll('*')) {
          for (const pseudo of [null, '::before', '::after']) {
            const style = getComputedStyle(element, pseudo);
            if (style.animationName !== 'none') {
              animation = Math.max(animation, seconds(style.animationDuration));
              if (style.animationIterationCount.includes('infinite')) infinite++;
            }
            transition = Math.max(transition, seconds(style.transitionDuration));
          }
        }
        return { animation, transition, infinite };
      });

    await page.emulateMedia({ reducedMotion: 'no-preference' });
    const moving = await motion();
    // The waiting screen pulses and blinks, forever, and the buttons fade their colours.
    expect(moving.animation).toBeGreaterThanOrEqual(1);
    expect(moving.infinite).toBeGreaterThanOrEqual(2);
    expect(moving.transition).toBeGreaterThan(0.1);

    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await motion()).toEqual({ animation: 0.00001, transition: 0, infinite: 0 });

    // A busy button's spinner still says "busy", by fading in place instead of turning.
    const spinner = () =>
      page.evaluate(() => {
        const element = document.createElement('span');
        element.className = 'button__spinner';
        document.body.append(element);
        const { animationName, animationIterationCount } = getComputedStyle(element);
        element.remove();
        return { animationName, animationIterationCount };
      });
    expect(await spinner()).toEqual({ animationName: 'blink', animationIterationCount: 'infinite' });
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await spinner()).toEqual({ animationName: 'spin', animationIterationCount: 'infinite' });
  });
});
