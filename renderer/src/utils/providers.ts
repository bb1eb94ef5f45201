import type { AccountInfo, AppInfo } from '#ipc-contract';

/** A provider as the screens name it. */
export interface ProviderView {
  name: string;
  issuer: string;
  /** The built-in demo provider: its badge and its logins are shown. */
  demo: boolean;
}

/** Whether an account signs in with the app's configured provider (the one AppInfo describes). */
export const atConfigured = (account: AccountInfo, appInfo: AppInfo | undefined): boolean =>
  appInfo?.providerId !== undefined && account.providerId === appInfo.providerId;

/** The providers of the listed accounts besides the configured one: an account of each. */
export const otherProviders = (accounts: AccountInfo[], appInfo: AppInfo | undefined): AccountInfo[] => [
  ...new Map(accounts.filter((account) => !atConfigured(account, appInfo)).map((account) => [account.providerId, account])).values(),
];

/**
 * The provider the window speaks for: the active account's, or the configured one when no
 * account is active or the active one signs in there. AppInfo's `demo` is the configured
 * provider's, so only its accounts get the demo badge.
 */
export const providerOf = (account: AccountInfo | undefined, appInfo: AppInfo | undefined): ProviderView | undefined =>
  account && !atConfigured(account, appInfo)
    ? { name: account.providerName, issuer: account.issuer, demo: false }
    : appInfo && { name: appInfo.providerName, issuer: account?.issuer ?? appInfo.issuer, demo: appInfo.demo };
