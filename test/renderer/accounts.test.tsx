// @vitest-environment jsdom
import './setup-dom.ts';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AccountInfo } from '#ipc-contract';
import { DEVICE_CODE, demoAppInfo, installFakeDesktop, otherProvider, signedInAs, signedInState, type FakeAccount, type FakeDesktopOptions } from './fake-desktop-api.ts';
import { inMain, renderApp, user } from './render-app.tsx';

const ADA = signedInState();
const BOB = signedInAs('Bob Builder', 'bob@example.com');
const GRACE = signedInAs('Grace Hopper', 'grace@example.com');
const ENDED = { code: 'session_expired', message: 'Your session at the provider has ended.' };

/** Ada (active) and Bob, both signed in. */
const twoAccounts = (): FakeAccount[] => [
  { id: 'ada', state: ADA },
  { id: 'bob', state: BOB },
];

const start = async (options: FakeDesktopOptions = { accounts: twoAccounts() }) => {
  const fake = installFakeDesktop(options);
  const rendered = await renderApp();
  return { fake, rendered };
};

const panel = () => screen.getByRole('region', { name: /^accounts/i });
const rows = () => within(panel()).getAllByRole('listitem');
const row = (name: string) => {
  const found = rows().find((item) => within(item).queryByText(name, { exact: true }));
  if (!found) throw new Error(`no row for ${name}`);
  return found;
};
const live = () => document.querySelector('[data-live-region="screen"]');
const profileName = () => screen.getByRole('heading', { level: 3, name: /^(Ada Lovelace|Bob Builder|Grace Hopper)$/ }).textContent;

describe('account list', () => {
  it('lists every account in the order added: picture, name, email, where it stands, the active one marked in words', async () => {
    await start({
      accounts: [
        { id: 'ada', state: signedInState({ claims: { ...ADA.claims, picture: 'data:image/png;base64,iVBORw0KGgo=' } }) },
        { id: 'bob', state: signedInAs('Bob Builder', 'bob@example.com', { claims: { picture: 'javascript:alert(1)' } }) },
      ],
    });

    const heading = within(panel()).getByRole('heading', { level: 3 });
    expect(heading).toHaveTextContent(/^Accounts\s*2$/);
    const [ada, bob] = rows();
    expect(ada).toHaveTextContent('Ada Lovelace');
    expect(ada).toHaveTextContent('ada@example.com');
    expect(ada).toHaveTextContent('Active');
    expect(ada).toHaveTextContent('Signed in');
    expect(ada).toHaveAttribute('aria-current', 'true');
    expect(bob).toHaveTextContent('Bob Builder');
    expect(bob).toHaveTextContent('bob@example.com');
    expect(bob).not.toHaveTextContent('Active');
    expect(bob).not.toHaveAttribute('aria-current');
    // The name is written beside the picture: the picture says nothing more. A picture that is
    // not an https: or data:image URL is never shown (the initials are).
    expect(ada?.querySelector('img')).toHaveAttribute('alt', '');
    expect(ada?.querySelector('img')).toHaveAttribute('src', 'data:image/png;base64,iVBORw0KGgo=');
    expect(bob?.querySelector('img')).toBeNull();
    expect(bob).toHaveTextContent('BB');
  });

  it('offers Switch and Sign out for the other accounts only, each button naming its account', async () => {
    await start();

    expect(within(row('Ada Lovelace')).queryByRole('button')).not.toBeInTheDocument();
    expect(within(row('Bob Builder')).getAllByRole('button').map((button) => button.textContent)).toEqual(['Switch to Bob Builder', 'Sign out of Bob Builder']);
    expect(screen.getByRole('button', { name: 'Switch to Bob Builder' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out of Bob Builder' })).toBeInTheDocument();
    // The active account signs out from the session panel, as before.
    expect(within(screen.getByRole('region', { name: 'Session' })).getByRole('button', { name: /^sign out$/i })).toBeInTheDocument();
  });

  it('keeps to one line with a single account, and still offers adding another', async () => {
    await start({ state: signedInState() });

    expect(within(panel()).queryByRole('list')).not.toBeInTheDocument();
    expect(panel()).toHaveTextContent(/add another account to switch between them without signing out/i);
    expect(within(panel()).getByRole('button', { name: 'Add another account' })).toBeInTheDocument();
    expect(within(panel()).queryByRole('button', { name: /on another device/i })).not.toBeInTheDocument();
  });

  it('names an account without claims (its keystore is locked) by where it signs in, and says why it is signed out', async () => {
    await start({
      accounts: [
        { id: 'ada', state: ADA },
        { id: 'locked', state: { status: 'signed-out', error: { code: 'keystore_unavailable', message: 'The keyring is locked.' } } },
      ],
    });

    expect(row('Account at 127.0.0.1:4000')).toHaveTextContent('Signed out. The keyring is locked.');
  });

  it('names each account’s provider when they do not all sign in at one provider', async () => {
    await start({ accounts: [{ id: 'ada', state: ADA }, { id: 'bob', state: BOB, provider: otherProvider('Okta', 'https://acme.okta.com') }] });

    expect(row('Bob Builder')).toHaveTextContent('At Okta');
    expect(row('Ada Lovelace')).toHaveTextContent(`At ${demoAppInfo.providerName}`);
  });

  it('leaves the provider out of the rows while every account signs in at the same one', async () => {
    await start();

    expect(rows()).toHaveLength(2);
    for (const item of rows()) expect(item).not.toHaveTextContent(demoAppInfo.providerName);
  });

  it('switches to another account: its session on screen, said in the live region, focus on the heading', async () => {
    const { fake } = await start();

    await user().click(screen.getByRole('button', { name: 'Switch to Bob Builder' }));

    expect(fake.api.switchAccount).toHaveBeenCalledWith({ id: 'bob' });
    expect(profileName()).toBe('Bob Builder');
    expect(row('Bob Builder')).toHaveAttribute('aria-current', 'true');
    expect(screen.getByRole('button', { name: 'Switch to Ada Lovelace' })).toBeInTheDocument();
    expect(live()).toHaveTextContent(/^Switched to Bob Builder\.$/);
    expect(screen.getByRole('heading', { level: 2, name: /you’re signed in/i })).toHaveFocus();
    // The token binding is asked for again: it belongs to Bob's session now.
    expect(fake.api.getSessionDetails).toHaveBeenCalledTimes(2);
  });

  it('says why a switch failed, and stays with the active account', async () => {
    const { fake } = await start();
    fake.api.switchAccount.mockResolvedValueOnce({ ok: false, code: 'not_signed_in', message: 'That account is not signed in here any more.' });

    await user().click(screen.getByRole('button', { name: 'Switch to Bob Builder' }));

    expect(inMain().getByRole('alert')).toHaveTextContent('That account is not signed in here any more.');
    expect(profileName()).toBe('Ada Lovelace');
  });

  it('signs out of one account and leaves the others signed in', async () => {
    const { fake } = await start({ accounts: [...twoAccounts(), { id: 'grace', state: GRACE }] });

    await user().click(screen.getByRole('button', { name: 'Sign out of Bob Builder' }));

    expect(fake.api.signOutAccount).toHaveBeenCalledWith({ id: 'bob', endProviderSession: false });
    expect(fake.api.signOut).not.toHaveBeenCalled();
    expect(rows().map((item) => item.querySelector('.account__name span')?.textContent)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(profileName()).toBe('Ada Lovelace');
    expect(live()).toHaveTextContent('Signed out of Bob Builder. Your other accounts stay signed in.');
    // Its row went away: focus goes to the list's heading, not to the top of the page.
    expect(within(panel()).getByRole('heading', { level: 3 })).toHaveFocus();
  });

  it('signing out of the active account makes the next one active, says so, and moves focus off the new Sign out button', async () => {
    const { fake } = await start();

    await user().click(within(screen.getByRole('region', { name: 'Session' })).getByRole('button', { name: /^sign out$/i }));

    expect(fake.api.signOut).toHaveBeenCalledWith({ endProviderSession: false });
    expect(profileName()).toBe('Bob Builder');
    expect(live()).toHaveTextContent('You are signed out of that account. Bob Builder is now active.');
    expect(screen.getByRole('heading', { level: 2, name: /you’re signed in/i })).toHaveFocus();
  });

  it('adds an account: the browser sign-in, then the new account active beside the first', async () => {
    const { fake } = await start({ state: signedInState() });

    await user().click(screen.getByRole('button', { name: 'Add another account' }));

    expect(fake.api.addAccount).toHaveBeenCalledWith(undefined);
    expect(fake.api.signIn).not.toHaveBeenCalled();
    expect(screen.getByRole('heading', { level: 2, name: 'Continue in your browser' })).toHaveFocus();
    expect(inMain().getByText(/sign in with the account to add/i)).toHaveTextContent(/stay signed in/i);

    await act(async () => fake.completeSignIn(BOB));

    expect(profileName()).toBe('Bob Builder');
    expect(live()).toHaveTextContent('Signed in as Bob Builder.');
    expect(rows()).toHaveLength(2);
    expect(row('Bob Builder')).toHaveAttribute('aria-current', 'true');
    expect(within(row('Ada Lovelace')).getByRole('button', { name: 'Switch to Ada Lovelace' })).toBeInTheDocument();
  });

  it('adds an account from another device where the provider offers it', async () => {
    const { fake } = await start({ state: signedInState(), appInfo: { ...demoAppInfo, deviceSignIn: true } });

    await user().click(screen.getByRole('button', { name: 'Add another account on another device' }));

    expect(fake.api.addAccount).toHaveBeenCalledWith({ device: true });
    // Its own chunk: the heading takes focus once it has loaded.
    expect(await screen.findByRole('heading', { level: 2, name: 'Sign in on another device' })).toHaveFocus();
    expect(screen.getByText(DEVICE_CODE.userCode)).toBeInTheDocument();
  });

  it('cancelling an add goes back to the active account, with a quiet note and no alarm', async () => {
    const { fake } = await start({ state: signedInState() });
    await user().click(screen.getByRole('button', { name: 'Add another account' }));

    await user().click(screen.getByRole('button', { name: 'Cancel' }));

    expect(fake.api.cancelSignIn).toHaveBeenCalledTimes(1);
    expect(profileName()).toBe('Ada Lovelace');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(inMain().getByText('No account was added: the sign-in was cancelled.')).toBeInTheDocument();
    expect(within(panel()).queryByRole('list')).not.toBeInTheDocument();
  });

  it('says a cancelled add on the screen it returns to, even when the answer comes before the state', async () => {
    const { fake } = await start({ state: signedInState() });
    let answer: (value: Awaited<ReturnType<typeof fake.api.addAccount>>) => void = () => {};
    fake.api.addAccount.mockImplementationOnce(() => {
      fake.emit({ status: 'signing-in' });
      return new Promise((resolve) => (answer = resolve));
    });
    await user().click(screen.getByRole('button', { name: 'Add another account' }));

    await act(async () => answer({ ok: false, code: 'cancelled', message: 'Sign-in cancelled.' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Continue in your browser' })).toBeInTheDocument();
    await act(async () => fake.emit(ADA));

    expect(inMain().getByText('No account was added: the sign-in was cancelled.')).toBeInTheDocument();
  });

  it('shows why an account could not be added, back with the active account', async () => {
    const { fake } = await start({ state: signedInState() });
    await user().click(screen.getByRole('button', { name: 'Add another account' }));

    await act(async () => fake.failSignIn('access_denied', 'You declined access. Sign in again and choose Allow to continue.'));

    expect(profileName()).toBe('Ada Lovelace');
    const alert = inMain().getByRole('alert');
    expect(alert).toHaveTextContent('You declined access.');
    expect(alert).toHaveTextContent('access_denied');
  });

  it('says why an account’s session ended and offers to switch to it to sign in again', async () => {
    const { fake } = await start({
      accounts: [
        { id: 'ada', state: ADA },
        { id: 'bob', state: { status: 'signed-out', error: ENDED }, name: 'Bob Builder', email: 'bob@example.com' },
      ],
    });

    const bob = row('Bob Builder');
    expect(bob).toHaveTextContent(`Signed out. ${ENDED.message} Switch to it to sign in again.`);
    expect(bob.querySelector('.account__status')).toHaveClass('is-ended');
    await user().click(within(bob).getByRole('button', { name: 'Switch to Bob Builder' }));

    // The sign-in screen speaks for it now: why, and the way back in.
    expect(screen.getByRole('heading', { level: 2, name: 'Sign in' })).toHaveFocus();
    expect(inMain().getByRole('alert')).toHaveTextContent(ENDED.message);
    expect(live()).toHaveTextContent('Switched to Bob Builder. Its session has ended: sign in again to use it.');
    // The other account is a switch away.
    expect(screen.getByRole('button', { name: 'Switch to Ada Lovelace' })).toBeInTheDocument();

    await user().click(screen.getByRole('button', { name: /^sign in$/i }));
    expect(fake.api.signIn).toHaveBeenCalledTimes(1);
    expect(fake.api.addAccount).not.toHaveBeenCalled();
  });

  it('lists the other accounts on the sign-in screen when the active one’s session ends', async () => {
    const { fake } = await start();

    await act(async () => fake.endSession('ada', ENDED));

    expect(screen.getByRole('heading', { level: 2, name: 'Sign in' })).toBeInTheDocument();
    expect(row('Bob Builder')).not.toHaveAttribute('aria-current');
    expect(rows().find((item) => item.getAttribute('aria-current') === 'true')).toHaveTextContent(`Signed out. ${ENDED.message}`);
    expect(rows()[0]).not.toHaveTextContent('Switch to it to sign in again');

    await user().click(screen.getByRole('button', { name: 'Switch to Bob Builder' }));
    expect(profileName()).toBe('Bob Builder');
    expect(live()).toHaveTextContent(/^Switched to Bob Builder\.$/);
  });

  it('leaves the list off the sign-in screen when no other account is signed in', async () => {
    await start({ accounts: [{ id: 'ada', state: { status: 'signed-out', error: ENDED } }] });

    expect(screen.getByRole('heading', { level: 2, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: /^accounts/i })).not.toBeInTheDocument();
  });

  it('sends focus to the screen’s heading when signing out of the last other account takes the list off the sign-in screen', async () => {
    await start({ accounts: [{ id: 'ada', state: { status: 'signed-out', error: ENDED } }, { id: 'bob', state: BOB }] });

    await user().click(screen.getByRole('button', { name: 'Sign out of Bob Builder' }));

    expect(screen.queryByRole('region', { name: /^accounts/i })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Sign in' })).toHaveFocus();
    expect(live()).toHaveTextContent('Signed out of Bob Builder. Your other accounts stay signed in.');
  });

  it('takes the account list the main process pushes, even before the answer to getAccounts', async () => {
    const fake = installFakeDesktop({ state: signedInState() });
    let answer: (accounts: AccountInfo[]) => void = () => {};
    fake.api.getAccounts.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    await renderApp();
    const pushed: AccountInfo[] = [
      { id: 'ada', active: true, status: 'signed-in', providerId: 'demo', providerName: demoAppInfo.providerName, issuer: demoAppInfo.issuer, name: 'Ada Lovelace' },
      { id: 'bob', active: false, status: 'signed-in', providerId: 'demo', providerName: demoAppInfo.providerName, issuer: demoAppInfo.issuer, name: 'Bob Builder' },
    ];

    await act(async () => {
      for (const listener of fake.api.onAccountsChange.mock.calls.map(([callback]) => callback)) listener(pushed);
    });
    await act(async () => answer([]));

    expect(rows()).toHaveLength(2);
  });

  it('still shows the session, with only adding offered, when the accounts cannot be read', async () => {
    const fake = installFakeDesktop({ state: signedInState() });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    fake.api.getAccounts.mockRejectedValueOnce(new Error('no handler'));
    await renderApp();

    expect(profileName()).toBe('Ada Lovelace');
    expect(within(panel()).getByRole('button', { name: 'Add another account' })).toBeInTheDocument();
    expect(warn).toHaveBeenCalled();
  });

  it('stops listening to the account list when it goes away', async () => {
    const { fake, rendered } = await start();
    expect(fake.accountsListenerCount()).toBe(1);
    rendered.unmount();
    expect(fake.accountsListenerCount()).toBe(0);
  });

  it('is reachable with the keyboard: Tab reaches Switch, Enter switches', async () => {
    const { fake } = await start();
    const keyboard = user();
    const target = screen.getByRole('button', { name: 'Switch to Bob Builder' });

    for (let press = 0; press < 30 && document.activeElement !== target; press++) await keyboard.tab();
    expect(target).toHaveFocus();
    await keyboard.keyboard('{Enter}');

    expect(fake.api.switchAccount).toHaveBeenCalledWith({ id: 'bob' });
  });
});
