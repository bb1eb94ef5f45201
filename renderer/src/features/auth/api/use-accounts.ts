import type { AccountInfo } from '#ipc-contract';
import { usePushedValue } from '../../../hooks/use-pushed-value.ts';

/**
 * The accounts signed in here, in the order they were added, the active one marked; kept
 * current by the main process's pushes. `accounts` stays undefined if the bridge cannot answer
 * (the screens then list nothing and offer adding one).
 */
export const useAccounts = () => {
  const { value: accounts, isLoading } = usePushedValue<AccountInfo[]>(
    (listener) => window.desktop.onAccountsChange(listener),
    () => window.desktop.getAccounts(),
    'the accounts',
  );
  return { accounts, isLoading };
};
