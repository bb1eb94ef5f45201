/**
 * The application menu. Without one, Electron installs its default menu, whose View menu has
 * Reload and Toggle Developer Tools (with their shortcuts) in packaged builds too: a person, or
 * someone at their unlocked desk, could open DevTools in the window that holds the session.
 * This menu keeps only what a desktop app needs: the macOS app menu, Edit (so copy and paste
 * work in the setup form, on macOS only through the menu), and Window. Pure: the template is
 * built without Electron, and the one call that installs it takes `Menu` as a parameter.
 */
import type { MenuItemConstructorOptions } from 'electron';

/** What the menu depends on. */
export interface ApplicationMenuInput {
  platform: NodeJS.Platform;
  /** The first macOS menu's title (macOS shows the bundle's name there anyway). */
  appName: string;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

/** The menu as a template of standard roles only: no View menu, no DevTools, no reload. */
export function applicationMenuTemplate(input: ApplicationMenuInput): MenuItemConstructorOptions[] {
  const mac = input.platform === 'darwin';
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, separator, { role: 'selectAll' }],
  };
  if (!mac) return [edit, { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] }];
  return [
    {
      label: input.appName,
      submenu: [
        { role: 'about' },
        separator,
        { role: 'services' },
        separator,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        separator,
        { role: 'quit' },
      ],
    },
    edit,
    // macOS has no File menu here, so Close (Cmd+W) lives in Window.
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'zoom' }, { role: 'close' }, separator, { role: 'front' }] },
  ];
}

/** The parts of Electron's `Menu` installing it needs. */
export interface MenuApi<M> {
  buildFromTemplate(template: MenuItemConstructorOptions[]): M;
  setApplicationMenu(menu: M | null): void;
}

/** Builds the menu and makes it the application menu. Call after `app.whenReady()`, so it
 *  replaces the default menu Electron installs on ready. */
export function setupApplicationMenu<M>(menu: MenuApi<M>, input: ApplicationMenuInput): void {
  menu.setApplicationMenu(menu.buildFromTemplate(applicationMenuTemplate(input)));
}
