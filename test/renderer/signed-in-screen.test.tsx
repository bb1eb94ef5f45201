// @vitest-environment jsdom
import './setup-dom.ts';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { demoAppInfo, installFakeDesktop, signedInState } from './fake-desktop-api.ts';
import { advanceClock, inMain, renderApp, useFakeClock, user } from './render-app.tsx';

const localDateTime = (epochSeconds: number) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(epochSeconds * 1000);

/** The value cell of a claim's row in the claims table. */
const claimValue = (name: string) => {
  const table = screen.getByRole('table', { name: 'All claims' });
  const rowHeader = within(table).getByRole('rowheader', { name: new RegExp(`^${name}\\b`) });
  const row = rowHeader.closest('tr');
  if (!row) throw new Error(`no row for ${name}`);
  return within(row).getByRole('cell');
};

describe('signed-in screen', () => {
  it('shows who signed in: name, email, issuer and subject', async () => {
    installFakeDesktop({ state: signedInState() });
    await renderApp();

    expect(screen.getByRole('heading', { level: 2, name: /you’re signed in/i })).toBeInTheDocument();
    const card = screen.getByRole('region', { name: 'Ada Lovelace' });
    expect(within(card).getByRole('heading', { level: 3, name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(within(card).getByText('ada@example.com')).toBeInTheDocument();
    expect(within(card).getByText('Verified')).toBeInTheDocument();
    expect(within(card).getByText('http://127.0.0.1:4000')).toBeInTheDocument();
    expect(within(card).getByText('user-1234')).toBeInTheDocument();
  });

  it('lists every claim, time claims as local date-times with the raw number at hand', async () => {
    const state = signedInState();
    installFakeDesktop({ state });
    await renderApp();

    const rows = within(screen.getByRole('table', { name: 'All claims' })).getAllByRole('row');
    expect(rows).toHaveLength(Object.keys(state.claims).length + 1);

    const exp = claimValue('exp');
    expect(exp).toHaveTextContent(localDateTime(1_767_229_200));
    expect(within(exp).getByText(localDateTime(1_767_229_200))).toHaveAttribute('title', 'Raw value: 1767229200');
    expect(claimValue('iat')).toHaveTextContent(localDateTime(1_767_225_600));
    expect(claimValue('auth_time')).toHaveTextContent(localDateTime(1_767_225_590));
    expect(claimValue('email_verified')).toHaveTextContent('Yes');
    expect(claimValue('amr')).toHaveTextContent('["pwd"]');
    expect(claimValue('address')).toHaveTextContent('{"locality":"London","country":"UK"}');

    const toggle = screen.getByRole('button', { name: 'Show raw values' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await user().click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(claimValue('exp')).toHaveTextContent(/^1767229200$/);
    expect(claimValue('email_verified')).toHaveTextContent(/^true$/);
    expect(claimValue('name')).toHaveTextContent(/^"Ada Lovelace"$/);
  });

  it('counts down to the access token expiry, then says it is renewing', async () => {
    useFakeClock();
    installFakeDesktop({ state: signedInState({ expiresAt: Date.now() + 5 * 60_000 }) });
    await renderApp();

    const timer = screen.getByRole('timer');
    expect(timer).toHaveTextContent('5:00');
    advanceClock(1_000);
    expect(timer).toHaveTextContent('4:59');
    advanceClock(4 * 60_000 + 59_000);
    expect(screen.getByRole('timer')).toHaveTextContent('expired — renewing');
  });

  it('announces the countdown only at milestones, not every second', async () => {
    useFakeClock();
    installFakeDesktop({ state: signedInState({ expiresAt: Date.now() + 10 * 60_000 }) });
    await renderApp();
    const status = inMain().getByRole('status');

    expect(status).toHaveTextContent(/^$/);
    advanceClock(60_000);
    expect(status).toHaveTextContent(/^$/);
    advanceClock(4 * 60_000);
    expect(status).toHaveTextContent('less than 5 minutes');
    const text = status.textContent;
    advanceClock(30_000);
    expect(status.textContent).toBe(text);
    advanceClock(4 * 60_000 + 30_000);
    expect(status).toHaveTextContent('has expired');
  });

  it('shows the scopes as a list', async () => {
    installFakeDesktop({ state: signedInState() });
    await renderApp();

    const scopes = within(screen.getByRole('list', { name: 'Scopes' })).getAllByRole('listitem');
    expect(scopes.map((scope) => scope.textContent)).toEqual(['openid', 'profile', 'email', 'offline_access']);
  });

  it('says a persisted session is kept on this device, and how it is protected', async () => {
    installFakeDesktop({ state: signedInState({ persisted: true }) });
    await renderApp();

    expect(screen.getByText('Kept on this device')).toBeInTheDocument();
    expect(screen.getByText('Encrypted with your GNOME keyring')).toBeInTheDocument();
    expect(screen.queryByText(/ends when you quit/i)).not.toBeInTheDocument();
  });

  it('says a session that is not persisted ends when the app quits', async () => {
    installFakeDesktop({
      state: signedInState({ persisted: false }),
      appInfo: {
        ...demoAppInfo,
        storage: { persistent: false, backend: 'basic_text', description: 'No keyring: nothing is written to disk' },
      },
    });
    await renderApp();

    expect(screen.getByText('This session ends when you quit')).toBeInTheDocument();
    expect(screen.getByText('No keyring: nothing is written to disk')).toBeInTheDocument();
    expect(screen.queryByText('Kept on this device')).not.toBeInTheDocument();
  });

  it('says the tokens are sender-constrained (DPoP), and what that buys', async () => {
    const fake = installFakeDesktop({ state: signedInState(), sessionDetails: { tokenType: 'dpop', senderConstrained: true } });
    await renderApp();

    const session = screen.getByRole('region', { name: 'Session' });
    expect(await within(session).findByText('Sender-constrained (DPoP)')).toBeInTheDocument();
    expect(session).toHaveTextContent('Tokens are bound to a key that never leaves this device: a stolen token is useless elsewhere.');
    expect(within(session).queryByText('Bearer token')).not.toBeInTheDocument();
    expect(fake.api.getSessionDetails).toHaveBeenCalledTimes(1);
  });

  it('says the tokens are plain bearer tokens where they are not bound', async () => {
    installFakeDesktop({ state: signedInState(), sessionDetails: { tokenType: 'bearer', senderConstrained: false } });
    await renderApp();

    const session = screen.getByRole('region', { name: 'Session' });
    expect(await within(session).findByText('Bearer token')).toBeInTheDocument();
    expect(within(session).queryByText(/sender-constrained/i)).not.toBeInTheDocument();
  });

  it('asks for the token binding again for each new session, not while signed out', async () => {
    const fake = installFakeDesktop();
    await renderApp();
    expect(fake.api.getSessionDetails).not.toHaveBeenCalled();

    await act(async () => fake.emit(signedInState()));
    expect(fake.api.getSessionDetails).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Sender-constrained (DPoP)')).toBeInTheDocument();

    await act(async () => fake.emit(signedInState({ claims: { sub: 'bob', iss: 'http://127.0.0.1:4000', name: 'Bob' } })));
    expect(fake.api.getSessionDetails).toHaveBeenCalledTimes(2);
  });

  it('leaves the token binding out when the app cannot tell', async () => {
    const fake = installFakeDesktop({ state: signedInState() });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    fake.api.getSessionDetails.mockRejectedValueOnce(new Error('no handler'));
    await renderApp();

    expect(screen.queryByText('Sender-constrained (DPoP)')).not.toBeInTheDocument();
    expect(screen.queryByText('Bearer token')).not.toBeInTheDocument();
    expect(warn).toHaveBeenCalled();
  });

  it('signs out here only', async () => {
    const fake = installFakeDesktop({ state: signedInState() });
    await renderApp();

    await user().click(screen.getByRole('button', { name: /^sign out$/i }));

    expect(fake.api.signOut).toHaveBeenCalledWith({ endProviderSession: false });
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('signs out of the provider too', async () => {
    const fake = installFakeDesktop({ state: signedInState() });
    await renderApp();

    await user().click(screen.getByRole('button', { name: /sign out of the provider too/i }));

    expect(fake.api.signOut).toHaveBeenCalledWith({ endProviderSession: true });
  });

  it('ignores more clicks while signing out, and keeps focus on the button pressed', async () => {
    const fake = installFakeDesktop({ state: signedInState() });
    fake.api.signOut.mockImplementationOnce(() => new Promise(() => {}));
    await renderApp();
    const signOut = screen.getByRole('button', { name: /^sign out$/i });
    const everywhere = screen.getByRole('button', { name: /sign out of the provider too/i });

    await user().click(signOut);
    await user().click(signOut);
    expect(signOut).toHaveAttribute('aria-disabled', 'true');
    expect(signOut).toHaveFocus();

    await user().click(everywhere);
    expect(everywhere).toHaveAttribute('aria-disabled', 'true');
    expect(fake.api.signOut).toHaveBeenCalledTimes(1);
  });

  it('shows why signing out failed, and stays signed in', async () => {
    const fake = installFakeDesktop({ state: signedInState() });
    fake.api.signOut.mockResolvedValueOnce({
      ok: false,
      code: 'store_failed',
      message: 'The session could not be removed from this device. Quit the app and try again.',
    });
    await renderApp();

    await user().click(screen.getByRole('button', { name: /^sign out$/i }));

    expect(screen.getByRole('alert')).toHaveTextContent('The session could not be removed from this device.');
    expect(screen.getByRole('heading', { name: /you’re signed in/i })).toBeInTheDocument();
  });

  it('shows initials when there is no picture', async () => {
    installFakeDesktop({ state: signedInState() });
    await renderApp();

    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(screen.getByText('AL')).toBeInTheDocument();
  });

  it('shows an https picture with alt text', async () => {
    const state = signedInState();
    installFakeDesktop({ state: { ...state, claims: { ...state.claims, picture: 'https://cdn.example.com/ada.png' } } });
    await renderApp();

    const picture = screen.getByRole('img', { name: /ada lovelace/i });
    expect(picture).toHaveAttribute('src', 'https://cdn.example.com/ada.png');
  });

  it.each([
    ['a javascript: URL', 'javascript:alert(document.domain)'],
    ['an http: URL', 'http://cdn.example.com/ada.png'],
    ['a data: URL that is not an image', 'data:text/html,<script>alert(1)</script>'],
    ['not a string', 42],
  ])('never puts %s in an img src', async (_label, picture) => {
    const state = signedInState();
    installFakeDesktop({ state: { ...state, claims: { ...state.claims, picture } } });
    const { container } = await renderApp();

    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('AL')).toBeInTheDocument();
  });

  it('shows a data:image picture claim as the avatar, and only the start of its value in the claims table until asked', async () => {
    const picture = `data:image/svg+xml;base64,${btoa('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#00796b"/></svg>')}`;
    const state = signedInState();
    installFakeDesktop({ state: { ...state, claims: { ...state.claims, picture } } });
    await renderApp();

    expect(screen.getByRole('img', { name: 'Ada Lovelace' })).toHaveAttribute('src', picture);
    const cell = claimValue('picture');
    expect(cell).not.toHaveTextContent(picture);
    expect(cell).toHaveTextContent(`${picture.slice(0, 60)}…`);
    const showAll = within(cell).getByRole('button', { name: `Show all ${picture.length} characters of picture` });
    expect(showAll).toHaveAttribute('aria-expanded', 'false');
    expect(document.getElementById(showAll.getAttribute('aria-controls') ?? '')).toHaveTextContent(`${picture.slice(0, 60)}…`);
  });

  it('discloses a long claim value whole with "Show all" from the keyboard, and folds it again with "Show less"', async () => {
    const long = `urn:example:${'segment-'.repeat(20)}end`;
    const state = signedInState();
    installFakeDesktop({ state: { ...state, claims: { ...state.claims, long_value: long } } });
    await renderApp();

    const cell = claimValue('long_value');
    const showAll = within(cell).getByRole('button', { name: /^show all \d+ characters of long_value$/i });
    showAll.focus();
    await user().keyboard('{Enter}');
    expect(cell).toHaveTextContent(long);
    const showLess = within(cell).getByRole('button', { name: 'Show less of long_value' });
    expect(showLess).toHaveFocus();
    expect(showLess).toHaveAttribute('aria-expanded', 'true');
    await user().keyboard(' ');
    expect(cell).not.toHaveTextContent(long);
    expect(within(cell).getByRole('button', { name: /^show all/i })).toHaveAttribute('aria-expanded', 'false');

    // Short values have no button; raw values are shortened the same way.
    expect(within(claimValue('email')).queryByRole('button')).not.toBeInTheDocument();
    await user().click(screen.getByRole('button', { name: 'Show raw values' }));
    expect(within(claimValue('long_value')).getByRole('button', { name: /^show all \d+ characters of long_value$/i })).toBeInTheDocument();
  });

  it('falls back to initials when the picture fails to load', async () => {
    const state = signedInState();
    installFakeDesktop({ state: { ...state, claims: { ...state.claims, picture: 'https://cdn.example.com/gone.png' } } });
    await renderApp();

    act(() => {
      screen.getByRole('img').dispatchEvent(new Event('error'));
    });

    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(screen.getByText('AL')).toBeInTheDocument();
  });
});
