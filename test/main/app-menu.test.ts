/**
 * The application menu: the standard items a desktop app needs, and none of Electron's default
 * View menu (reload, Toggle Developer Tools), which would otherwise ship in packaged builds.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate, setupApplicationMenu } from '../../main/app-menu.ts';
import { FakeMenu, resetFakeElectron } from '../fakes/electron.ts';

/** Each top-level menu as its label and its items' roles ('-' for a separator). */
function outline(template: readonly MenuItemConstructorOptions[]): Array<{ label: string | undefined; items: string[] }> {
  return template.map((menu) => ({
    label: menu.label,
    items: (menu.submenu as MenuItemConstructorOptions[]).map((item) => (item.type === 'separator' ? '-' : String(item.role))),
  }));
}

/** Every item, at any depth. */
function allItems(template: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? allItems(item.submenu) : [])]);
}

describe('applicationMenuTemplate', () => {
  it('on macOS is the app menu (about, services, hide, quit), Edit (undo, redo, cut, copy, paste, select all) and Window (minimize, zoom, close, bring all to front), nothing else', () => {
    expect(outline(applicationMenuTemplate({ platform: 'darwin', appName: 'OIDC Desktop Sign-in' }))).toEqual([
      { label: 'OIDC Desktop Sign-in', items: ['about', '-', 'services', '-', 'hide', 'hideOthers', 'unhide', '-', 'quit'] },
      { label: 'Edit', items: ['undo', 'redo', '-', 'cut', 'copy', 'paste', '-', 'selectAll'] },
      { label: 'Window', items: ['minimize', 'zoom', 'close', '-', 'front'] },
    ]);
  });

  it.each(['win32', 'linux'] as const)('on %s is Edit (undo, redo, cut, copy, paste, select all) and Window (minimize, close), nothing else', (platform) => {
    expect(outline(applicationMenuTemplate({ platform, appName: 'OIDC Desktop Sign-in' }))).toEqual([
      { label: 'Edit', items: ['undo', 'redo', '-', 'cut', 'copy', 'paste', '-', 'selectAll'] },
      { label: 'Window', items: ['minimize', 'close'] },
    ]);
  });

  it.each(['darwin', 'win32', 'linux'] as const)('on %s has no item that opens DevTools or reloads the page, and no View menu', (platform) => {
    const items = allItems(applicationMenuTemplate({ platform, appName: 'x' }));
    const roles = items.map((item) => item.role?.toLowerCase());
    for (const role of ['toggledevtools', 'reload', 'forcereload', 'viewmenu']) expect(roles).not.toContain(role);
    expect(items.map((item) => item.label)).not.toContain('View');
    // No custom items either: a click handler or accelerator could reach DevTools another way.
    expect(items.filter((item) => item.click !== undefined || item.accelerator !== undefined)).toEqual([]);
  });
});

describe('setupApplicationMenu', () => {
  it('sets the menu built from the platform’s template as the application menu', () => {
    resetFakeElectron();
    setupApplicationMenu(FakeMenu, { platform: 'linux', appName: 'x' });
    expect(FakeMenu.applicationMenu?.template).toEqual(applicationMenuTemplate({ platform: 'linux', appName: 'x' }));
  });
});
