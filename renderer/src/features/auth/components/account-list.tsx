import { useState, type KeyboardEvent, type Ref } from 'react';
import type { AccountInfo, AddAccountRequest, AppInfo } from '#ipc-contract';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { cx } from '../../../utils/cx.ts';
import { accountLabel } from '../../../utils/profile.ts';
import { otherProviders } from '../../../utils/providers.ts';
import { safeImageUrl } from '../../../utils/safe-image-url.ts';
import { Avatar } from './avatar.tsx';

/** An action that runs for one account of the list. */
export type AccountAction = { id: string; action: 'switch' | 'sign-out' };

export type AccountListProps = {
  /** Undefined while unknown (or when the bridge could not answer): only adding is offered. */
  accounts: AccountInfo[] | undefined;
  /** The configured provider: the first place to add one, and from another device too where it
   *  offers that. */
  appInfo: AppInfo | undefined;
  /** The heading takes focus when the row a person acted on goes away (they signed out of it). */
  headingRef?: Ref<HTMLHeadingElement>;
  /** "Add another account", which focus returns to when the form for another provider is cancelled. */
  addRef?: Ref<HTMLButtonElement>;
  pending: AccountAction | undefined;
  isAdding: boolean;
  onSwitch: (account: AccountInfo) => void;
  onSignOut: (account: AccountInfo) => void;
  /** Adds one at the configured provider (no request), from another device, or at the provider
   *  of an account listed (`providerId`). */
  onAdd: (request?: AddAccountRequest) => void;
  /** Opens the form for an account at a provider not listed yet. */
  onAddElsewhere: () => void;
};

/** Where an account stands, in words (colour never says it alone). */
const statusOf = (account: AccountInfo): string => {
  if (account.status === 'signed-in') return 'Signed in';
  if (account.status === 'signing-in') return 'Signing in…';
  if (!account.error) return 'Signed out';
  return `Signed out. ${account.error.message}${account.active ? '' : ' Switch to it to sign in again.'}`;
};

/**
 * The accounts signed in here: who each one is and where it stands, the active one marked, a
 * Switch and a Sign out for each of the others (the active one signs out from the session
 * panel), and adding one more. With only the active account, just the way to add another.
 */
export const AccountList = ({ accounts = [], appInfo, headingRef, addRef, pending, isAdding, onSwitch, onSignOut, onAdd, onAddElsewhere }: AccountListProps) => {
  const compact = !accounts.some((account) => !account.active);
  // Where each one signs in is worth saying only when they do not all sign in at one place.
  const showProvider = new Set(accounts.map((account) => account.providerId)).size > 1;
  const busy = pending !== undefined || isAdding;
  // Accounts at other providers than the app's: "Add another account" asks where first (a
  // disclosure): the app's provider, each of those, or one more.
  const others = otherProviders(accounts, appInfo);
  const ask = others.length > 0;
  const [choosing, setChoosing] = useState(false);
  const choose = ask && choosing;
  // Escape closes the choice, and focus goes back to the button that opened it.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !choose) return;
    setChoosing(false);
    document.getElementById('add-account')?.focus();
  };
  // The visible words continue "Add another account"; the name says the whole of it.
  const addAt = (where: string, onClick: () => void, quiet?: boolean) => (
    <Button size="small" variant={quiet ? 'quiet' : 'secondary'} isBlocked={busy} onClick={onClick} onKeyDown={onKeyDown}>
      <span className="sr-only">Add an account </span>
      {where}
    </Button>
  );
  return (
    <section className={cx('card accounts', compact && 'accounts--compact')} aria-labelledby="accounts-heading">
      <div className="accounts__intro">
        <h3 id="accounts-heading" className="card__title" ref={headingRef} tabIndex={-1}>
          Accounts {!compact && <span className="card__count">{accounts.length}</span>}
        </h3>
        {compact && <p className="card__lead">Add another account to switch between them without signing out.</p>}
      </div>
      {!compact && (
        <ul className="accounts__list">
          {accounts.map((account) => {
            const name = accountLabel(account);
            const picture = safeImageUrl(account.picture);
            const mine = pending?.id === account.id ? pending.action : undefined;
            return (
              <li key={account.id} className={cx('account', account.active && 'is-active')} aria-current={account.active || undefined}>
                <Avatar key={picture ?? ''} name={name} picture={picture} decorative />
                <div className="account__text">
                  <p className="account__name">
                    <span>{name}</span>
                    {account.active && <Badge tone="accent">Active</Badge>}
                  </p>
                  {account.email && account.email !== name && <p className="account__detail">{account.email}</p>}
                  {showProvider && <p className="account__detail">At {account.providerName}</p>}
                  <p className={cx('account__status', account.error && 'is-ended')}>{statusOf(account)}</p>
                </div>
                {!account.active && (
                  <div className="account__actions">
                    <Button size="small" isPending={mine === 'switch'} isBlocked={busy} onClick={() => onSwitch(account)}>
                      Switch<span className="sr-only">{` to ${name}`}</span>
                    </Button>
                    <Button size="small" variant="quiet" isPending={mine === 'sign-out'} isBlocked={busy} onClick={() => onSignOut(account)}>
                      Sign out<span className="sr-only">{` of ${name}`}</span>
                    </Button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="accounts__add">
        <Button
          ref={addRef}
          id="add-account"
          size="small"
          isPending={isAdding}
          isBlocked={busy}
          aria-expanded={ask ? choose : undefined}
          aria-controls={choose ? 'add-choices' : undefined}
          onClick={() => (ask ? setChoosing(!choosing) : onAdd())}
          onKeyDown={onKeyDown}
        >
          Add another account
        </Button>
        {appInfo?.deviceSignIn && (
          <Button size="small" variant="quiet" isBlocked={busy} onClick={() => onAdd({ device: true })}>
            Add another account on another device
          </Button>
        )}
        {!ask && addAt('At another provider…', onAddElsewhere, true)}
      </div>
      {choose && (
        <ul id="add-choices" className="accounts__choices" aria-label="Where to add an account">
          <li>{addAt(`At ${appInfo?.providerName ?? 'the app’s provider'}`, () => onAdd())}</li>
          {others.map((account) => (
            <li key={account.providerId}>{addAt(`At ${account.providerName}`, () => onAdd({ providerId: account.providerId }))}</li>
          ))}
          <li>{addAt('At another provider…', onAddElsewhere)}</li>
        </ul>
      )}
    </section>
  );
};
