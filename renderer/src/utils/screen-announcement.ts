/** The screens the app shows, as App keys them. */
export type ScreenKey = 'signed-out' | 'signing-in' | 'device-code' | 'signed-in' | 'setup' | 'add-account';

/**
 * What the live region says when the window moves from one screen to another, so a person who
 * cannot see it hears what changed (focus also moves to the new screen's heading). Said once per
 * change, never for the first screen (the page load announces that). `otherAccount`: the session
 * on screen is not the one the previous screen was left with (an account was added).
 */
export const screenAnnouncement = (screen: ScreenKey, previous: ScreenKey, signedInAs: string | undefined, otherAccount = false): string => {
  switch (screen) {
    case 'signing-in':
      return 'Sign-in started. Continue in your browser; this window updates by itself.';
    case 'device-code':
      return 'Sign in on another device: the code and the address to enter it at are on screen.';
    case 'signed-in':
      // Back from a form, unless it signed another account in.
      return (previous === 'setup' || previous === 'add-account') && !otherAccount ? 'Back to your session.' : `Signed in${signedInAs ? ` as ${signedInAs}` : ''}.`;
    case 'signed-out':
      if (previous === 'signed-in') return 'You are signed out.';
      if (previous === 'signing-in' || previous === 'device-code') return 'Sign-in ended. You are not signed in.';
      return 'Back to the sign-in screen.';
    case 'setup':
      return 'Set up a provider.';
    case 'add-account':
      return 'Add an account at another provider.';
  }
};

/**
 * What the live region says when another account becomes the active one without a sign-in:
 * after a Switch, or when signing out of the active account leaves the next one active. `screen`
 * is where the window landed (an account whose session ended lands on the sign-in screen);
 * `name` is the account now active, when known.
 */
export const accountAnnouncement = (screen: ScreenKey, name: string | undefined, cause: 'switch' | 'sign-out'): string => {
  const now = cause === 'switch' ? `Switched to ${name ?? 'another account'}.` : `You are signed out of that account.${name ? ` ${name} is now active.` : ''}`;
  return screen === 'signed-out' ? `${now} Its session has ended: sign in again to use it.` : now;
};
