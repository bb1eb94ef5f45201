// @vitest-environment jsdom
import './setup-dom.ts';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  apiOtherProviderMessage,
  demoAppInfo,
  installFakeDesktop,
  otherProvider,
  signedInAs,
  signedInState,
  type FakeDesktopOptions,
} from './fake-desktop-api.ts';
import { inMain, renderApp, user } from './render-app.tsx';

const ADA = signedInState();
const BOB = signedInAs('Bob Builder', 'bob@example.com');
const OKTA = otherProvider('Okta', 'https://acme.okta.com');
const API_URL = 'https://api.example.com/me';

const start = async (options: FakeDesktopOptions = { state: ADA }) => {
  const fake = installFakeDesktop(options);
  const rendered = await renderApp();
  return { fake, rendered };
};

/** Ada at the configured (demo) provider, Bob at Okta, Ada active. */
const atTwoProviders = (overrides: FakeDesktopOptions = {}): FakeDesktopOptions => ({
  accounts: [
    { id: 'ada', state: ADA },
    { id: 'bob', state: BOB, provider: OKTA },
  ],
  ...overrides,
});

const panel = () => screen.getByRole('region', { name: /^accounts/i });
const addButton = () => within(panel()).getByRole('button', { name: 'Add another account' });
const choices = () => within(panel()).getByRole('list', { name: 'Where to add an account' });
const anotherProviderButton = () => within(panel()).getByRole('button', { name: /at another provider…$/i });
const row = (name: string) => {
  const found = within(panel())
    .getAllByRole('listitem')
    .find((item) => within(item).queryByText(name, { exact: true }));
  if (!found) throw new Error(`no row for ${name}`);
  return found;
};
const live = () => document.querySelector('[data-live-region="screen"]');
const formHeading = () => screen.findByRole('heading', { level: 2, name: 'Add an account at another provider' });
const signedInHeading = () => screen.getByRole('heading', { level: 2, name: /you’re signed in/i });
/** "with <provider>" under the signed-in heading. */
const signedInWith = () => signedInHeading().parentElement?.querySelector('.signed-in__provider');

/** Opens the form for another provider from the account panel (one provider listed). */
const openForm = async () => {
  await user().click(anotherProviderButton());
  const heading = await formHeading();
  // The presets arrive a moment later.
  await screen.findByRole('group', { name: 'Identity provider' });
  return heading;
};

/** Fills the Okta preset as a person would. */
const fillOkta = async (domain: string, name?: string) => {
  const keyboard = user();
  await keyboard.click(screen.getByRole('radio', { name: 'Okta' }));
  await keyboard.type(screen.getByRole('textbox', { name: 'Okta domain' }), domain);
  const server = screen.getByRole('textbox', { name: /authorization server/i });
  await keyboard.clear(server);
  await keyboard.type(server, 'org');
  await keyboard.type(screen.getByRole('textbox', { name: 'Client ID' }), 'desktop-app');
  if (name) await keyboard.type(screen.getByRole('textbox', { name: /display name/i }), name);
};

describe('adding an account at another provider', () => {
  it('with only the configured provider listed: adds there at once, and offers another provider beside it', async () => {
    const { fake } = await start();

    expect(addButton()).not.toHaveAttribute('aria-expanded');
    expect(anotherProviderButton()).toHaveAccessibleName('Add an account At another provider…');
    await user().click(addButton());

    expect(fake.api.addAccount).toHaveBeenCalledWith(undefined);
  });

  it('with accounts at two providers: asks where, the configured provider first, each button naming it', async () => {
    // Bob's account (at Okta) was added first: the app's own provider still comes first.
    await start({
      accounts: [
        { id: 'bob', state: BOB, provider: OKTA },
        { id: 'ada', state: ADA },
      ],
      activeId: 'ada',
    });
    const toggle = addButton();
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(within(panel()).queryByRole('list', { name: 'Where to add an account' })).not.toBeInTheDocument();

    await user().click(toggle);

    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveAttribute('aria-controls', choices().id);
    expect(
      within(choices())
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual([`Add an account At ${demoAppInfo.providerName}`, 'Add an account At Okta', 'Add an account At another provider…']);
    // A second press closes it again.
    await user().click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(within(panel()).queryByRole('list', { name: 'Where to add an account' })).not.toBeInTheDocument();
  });

  it('with accounts only at another provider: the app’s own provider is still the first choice', async () => {
    const { fake } = await start({ accounts: [{ id: 'bob', state: BOB, provider: OKTA }] });

    await user().click(addButton());

    expect(
      within(choices())
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual([`Add an account At ${demoAppInfo.providerName}`, 'Add an account At Okta', 'Add an account At another provider…']);
    await user().click(within(choices()).getByRole('button', { name: `Add an account At ${demoAppInfo.providerName}` }));
    expect(fake.api.addAccount).toHaveBeenCalledWith(undefined);
  });

  it('adds one more account at a listed provider: its name while the browser is open, then listed there', async () => {
    const { fake } = await start(atTwoProviders());
    await user().click(addButton());

    await user().click(within(choices()).getByRole('button', { name: 'Add an account At Okta' }));

    expect(fake.api.addAccount).toHaveBeenCalledWith({ providerId: OKTA.id });
    expect(screen.getByRole('heading', { level: 2, name: 'Continue in your browser' })).toHaveFocus();
    expect(inMain().getByText('Okta', { selector: 'strong' })).toBeInTheDocument();
    // The demo's logins belong to the demo provider, not to Okta.
    expect(screen.queryByText(/demo logins/i)).not.toBeInTheDocument();

    await act(async () => fake.completeSignIn(signedInAs('Grace Hopper', 'grace@example.com')));

    expect(row('Grace Hopper')).toHaveTextContent('At Okta');
    expect(row('Grace Hopper')).toHaveAttribute('aria-current', 'true');
    expect(signedInWith()).toHaveTextContent(/^with Okta$/);
  });

  it('adds one more account at the configured provider from the choice, with the demo logins', async () => {
    const { fake } = await start(atTwoProviders());
    await user().click(addButton());

    await user().click(within(choices()).getByRole('button', { name: `Add an account At ${demoAppInfo.providerName}` }));

    expect(fake.api.addAccount).toHaveBeenCalledWith(undefined);
    expect(inMain().getByText(demoAppInfo.providerName, { selector: 'strong' })).toBeInTheDocument();
    expect(screen.getByText(/demo logins/i)).toBeInTheDocument();
  });

  it('closes the choice on Escape and gives focus back to "Add another account"', async () => {
    await start(atTwoProviders());
    const keyboard = user();
    await keyboard.click(addButton());
    within(choices()).getByRole('button', { name: 'Add an account At Okta' }).focus();

    await keyboard.keyboard('{Escape}');

    expect(within(panel()).queryByRole('list', { name: 'Where to add an account' })).not.toBeInTheDocument();
    expect(addButton()).toHaveAttribute('aria-expanded', 'false');
    expect(addButton()).toHaveFocus();
  });

  it('opens the setup form in its own mode: its heading focused and said, the presets, Test connection, no API, "Sign in"', async () => {
    const { fake } = await start({ state: ADA, appInfo: { ...demoAppInfo, apiUrl: API_URL } });

    const heading = await openForm();

    expect(heading).toHaveFocus();
    expect(live()).toHaveTextContent('Add an account at another provider.');
    expect(screen.getByRole('region', { name: 'Add an account at another provider' })).toHaveTextContent(
      `The protected API stays with ${demoAppInfo.providerName}: accounts at other providers cannot call it.`,
    );
    expect(screen.getByRole('group', { name: 'Identity provider' })).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /protected api url/i })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toHaveClass('button--primary');
    // The header's way to the app's own setup is not offered from here.
    expect(within(screen.getByRole('banner')).queryByRole('button', { name: /set up a provider|change provider/i })).not.toBeInTheDocument();

    await fillOkta('https://acme.okta.com');
    await user().click(screen.getByRole('button', { name: 'Test connection' }));

    expect(fake.api.testConnection).toHaveBeenCalledWith({ presetId: 'okta', values: { domain: 'https://acme.okta.com', authorizationServer: 'org', clientId: 'desktop-app', redirectPort: '53682' } });
    expect(await screen.findByRole('heading', { name: 'Connection works' })).toBeInTheDocument();
  });

  it('starts from an empty form, not from the app’s saved setup', async () => {
    await start({
      state: ADA,
      setup: { source: 'file', saved: { presetId: 'generic', values: { issuer: 'https://id.example.com', clientId: 'desktop-app' }, providerName: 'Acme ID' } },
    });

    await openForm();

    expect(screen.getByRole('radio', { name: 'Oracle OCI IAM Identity Domains' })).toBeChecked();
    expect(screen.getByRole('textbox', { name: /display name/i })).toHaveValue('');
  });

  it('signs in from the form: waits for the browser with Cancel sign-in, then the new account is active at its provider', async () => {
    const { fake } = await start();
    await openForm();
    await fillOkta('https://acme.okta.com', 'Acme Okta');

    await user().click(screen.getByRole('button', { name: 'Sign in' }));

    expect(fake.api.addAccount).toHaveBeenCalledWith({
      setup: { presetId: 'okta', values: { domain: 'https://acme.okta.com', authorizationServer: 'org', clientId: 'desktop-app', redirectPort: '53682' }, providerName: 'Acme Okta' },
    });
    // The form stays, waiting: the person signs in in the browser, or cancels here.
    expect(screen.getByRole('heading', { level: 2, name: 'Add an account at another provider' })).toBeInTheDocument();
    expect(inMain().getByText(/sign in there with the account to add; nothing is kept until you do/i)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel sign-in' })).toBeInTheDocument();

    await act(async () => fake.completeSignIn(BOB));

    expect(signedInHeading()).toHaveFocus();
    expect(live()).toHaveTextContent(/^Signed in as Bob Builder\.$/);
    expect(signedInWith()).toHaveTextContent(/^with Acme Okta$/);
    // The demo badge is the configured provider's.
    expect(within(signedInWith() as HTMLElement).queryByText('Demo provider', { selector: '.badge' })).not.toBeInTheDocument();
    expect(row('Bob Builder')).toHaveTextContent('At Acme Okta');
    expect(row('Bob Builder')).toHaveAttribute('aria-current', 'true');
    expect(row('Ada Lovelace')).toHaveTextContent(`At ${demoAppInfo.providerName}`);
  });

  it('closes the form on the new account even when the answer comes before the state', async () => {
    const { fake } = await start();
    let answer: (value: Awaited<ReturnType<typeof fake.api.addAccount>>) => void = () => {};
    fake.api.addAccount.mockImplementationOnce(() => {
      fake.emit({ status: 'signing-in' });
      return new Promise((resolve) => (answer = resolve));
    });
    await openForm();
    await fillOkta('https://acme.okta.com');
    await user().click(screen.getByRole('button', { name: 'Sign in' }));

    await act(async () => answer({ ok: true, value: BOB }));
    expect(screen.queryByRole('heading', { level: 2, name: 'Continue in your browser' })).not.toBeInTheDocument();
    await act(async () => fake.emit(BOB));

    expect(signedInHeading()).toHaveFocus();
    expect(live()).toHaveTextContent(/^Signed in as Bob Builder\.$/);
  });

  it('a value the presets refuse: the alert says why, the field is marked and has focus, nothing starts', async () => {
    const { fake } = await start();
    await openForm();
    await fillOkta('not a url');

    await user().click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = inMain().getByRole('alert');
    expect(alert).toHaveTextContent('Okta domain "not a url" is not a valid URL or host name.');
    expect(alert).toHaveTextContent('invalid_setup');
    const domain = screen.getByRole('textbox', { name: 'Okta domain' });
    expect(domain).toHaveFocus();
    expect(domain).toHaveAttribute('aria-invalid', 'true');
    expect(domain).toHaveAccessibleDescription(/not a valid URL/);
    expect(fake.api.cancelSignIn).not.toHaveBeenCalled();
    expect(screen.queryByText(/waiting for the browser/i)).not.toBeInTheDocument();
  });

  it('cancelling the sign-in adds nothing: a quiet note, the form still there, the accounts as they were', async () => {
    const { fake } = await start();
    await openForm();
    await fillOkta('https://acme.okta.com');
    await user().click(screen.getByRole('button', { name: 'Sign in' }));

    await user().click(screen.getByRole('button', { name: 'Cancel sign-in' }));

    expect(fake.api.cancelSignIn).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('heading', { level: 2, name: 'Add an account at another provider' })).toBeInTheDocument();
    expect(inMain().getByText('No account was added: the sign-in was cancelled.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.queryByText(/waiting for the browser/i)).not.toBeInTheDocument();
    await expect(fake.api.getAccounts()).resolves.toHaveLength(1);
  });

  it('Cancel goes back to where the person was, focus on "Add another account", nothing added', async () => {
    const { fake } = await start();
    await openForm();

    await user().click(screen.getByRole('button', { name: 'Cancel' }));

    expect(signedInHeading()).toBeInTheDocument();
    expect(addButton()).toHaveFocus();
    expect(live()).toHaveTextContent(/^Back to your session\.$/);
    expect(fake.api.addAccount).not.toHaveBeenCalled();
  });

  it('is open while the app’s provider comes from the environment (that only fixes the app’s own provider)', async () => {
    await start({ state: ADA, setup: { source: 'env' } });
    await openForm();

    expect(screen.queryByText(/environment variables/i)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });
});

describe('an account at another provider', () => {
  it('the signed-in screen names its provider, without the demo badge; switching back brings the demo’s', async () => {
    await start(atTwoProviders({ activeId: 'bob' }));

    expect(signedInWith()).toHaveTextContent(/^with Okta$/);
    expect(row('Bob Builder')).toHaveTextContent('At Okta');
    expect(within(signedInWith() as HTMLElement).queryByText('Demo provider', { selector: '.badge' })).not.toBeInTheDocument();

    await user().click(screen.getByRole('button', { name: 'Switch to Ada Lovelace' }));

    expect(signedInWith()).toHaveTextContent(`with ${demoAppInfo.providerName}`);
    expect(within(signedInWith() as HTMLElement).getByText('Demo provider', { selector: '.badge' })).toBeInTheDocument();
  });

  it('the protected API’s refusal is explained calmly, not as a failure', async () => {
    const { fake } = await start(atTwoProviders({ activeId: 'bob', appInfo: { ...demoAppInfo, apiUrl: API_URL } }));
    const api = screen.getByRole('region', { name: 'Protected API' });

    await user().click(within(api).getByRole('button', { name: 'Call API' }));

    expect(fake.api.callApi).toHaveBeenCalledTimes(1);
    expect(within(api).queryByRole('alert')).not.toBeInTheDocument();
    // A note (role="status", read out politely), with no error code.
    const note = within(api).getByText(apiOtherProviderMessage(demoAppInfo.providerName, 'Okta')).closest('[role="status"]');
    expect(note).toHaveClass('note');
    expect(api).not.toHaveTextContent('api_other_provider');
  });

  it('its ended session: the sign-in screen names its provider, not the app’s, and offers no other device', async () => {
    await start(
      atTwoProviders({
        accounts: [
          { id: 'ada', state: ADA },
          { id: 'bob', state: { status: 'signed-out', error: { code: 'session_expired', message: 'Your session has ended.' } }, provider: OKTA, name: 'Bob Builder' },
        ],
        activeId: 'bob',
        appInfo: { ...demoAppInfo, deviceSignIn: true },
      }),
    );

    expect(screen.getByRole('heading', { level: 2, name: 'Sign in' })).toBeInTheDocument();
    const summary = document.querySelector('.provider-summary');
    expect(summary).toHaveTextContent('Okta');
    expect(summary).toHaveTextContent(OKTA.issuer);
    expect(summary).not.toHaveTextContent(/demo/i);
    expect(screen.queryByRole('button', { name: 'Sign in on another device' })).not.toBeInTheDocument();
  });
});
