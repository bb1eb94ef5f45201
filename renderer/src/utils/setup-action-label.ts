import type { AppInfo } from '#ipc-contract';

/** What the way to the setup screen says: set one up (demo, nothing yet), or change it. */
export const setupActionLabel = (appInfo: AppInfo | undefined): string =>
  !appInfo || appInfo.demo || !appInfo.configured ? 'Set up a provider' : 'Change provider';
