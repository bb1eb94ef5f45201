/**
 * The main-process question "sign in again so that your access token may go to this API?",
 * asked when the API address changed since the sign-in. A native dialog, not the renderer's UI:
 * a compromised or confused renderer can change the address but cannot answer for the person,
 * and the recent sign-in (max_age=0) that follows proves the person is at the keyboard.
 */
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';

/** The dialog's wording and buttons (pure: tested without Electron). Cancel is the default. */
export function apiOriginDialogOptions(origin: string, appTitle: string): MessageBoxOptions {
  return {
    type: 'warning',
    title: appTitle,
    message: `Sign in again to send your access token to ${origin}?`,
    detail:
      `The API address was changed after you signed in. ${origin} would be able to act as you wherever this token is accepted. ` +
      'Continue only if you changed the address yourself and trust that server: the browser opens, and once you have signed in again the app calls it.',
    buttons: ['Cancel', 'Sign in again'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}

/** Asks the person; true only for an explicit "Sign in again". */
export async function confirmApiOrigin(dialog: Pick<Dialog, 'showMessageBox'>, window: BrowserWindow | undefined, origin: string, appTitle: string): Promise<boolean> {
  const options = apiOriginDialogOptions(origin, appTitle);
  const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return response === 1;
}
