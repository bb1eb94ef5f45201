// @vitest-environment jsdom
import './setup-dom.ts';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { providerGuideUrl } from '../../main/docs-url.ts';
import { allFeatures, demoAppInfo, fieldFailure, installFakeDesktop, signedInState, type FakeDesktopOptions } from './fake-desktop-api.ts';
import { inMain, renderApp } from './render-app.tsx';

const ISSUER = 'https://id.example.com';

/** Starts the app and opens the setup screen from the header, as a person would. */
const openSetup = async (options?: FakeDesktopOptions) => {
  const user = userEvent.setup();
  const fake = installFakeDesktop(options);
  await renderApp();
  await user.click(within(screen.getByRole('banner')).getByRole('button', { name: /set up a provider|change provider/i }));
  await screen.findByRole('group', { name: 'Identity provider' });
  return { user, fake };
};

const fillGeneric = async (user: ReturnType<typeof userEvent.setup>) => {
  await user.click(screen.getByRole('radio', { name: 'Generic OpenID Connect' }));
  await user.type(screen.getByRole('textbox', { name: 'Issuer URL' }), ISSUER);
  await user.type(screen.getByRole('textbox', { name: 'Client ID' }), 'desktop-app');
};

describe('setup screen', () => {
  it('opens from the header with its heading focused, and goes back on Cancel', async () => {
    const { user } = await openSetup();

    const heading = screen.getByRole('heading', { level: 2, name: 'Set up a provider' });
    expect(heading).toHaveFocus();
    expect(within(screen.getByRole('banner')).queryByRole('button', { name: /set up a provider/i })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('heading', { name: 'Sign in' })).toHaveFocus();
  });

  it('lists every preset and renders the chosen one’s fields: labels, help, defaults, kinds', async () => {
    const { user } = await openSetup();

    const presets = within(screen.getByRole('group', { name: 'Identity provider' })).getAllByRole('radio');
    expect(presets.map((radio) => radio.closest('label')?.textContent)).toEqual([
      'Oracle OCI IAM Identity Domains',
      'Keycloak',
      'Okta',
      'Auth0',
      'Microsoft Entra ID',
      'Google',
      'Generic OpenID Connect',
    ]);
    expect(screen.getByRole('radio', { name: 'Oracle OCI IAM Identity Domains' })).toBeChecked();

    const domain = screen.getByRole('textbox', { name: 'Domain URL' });
    expect(domain).toBeRequired();
    expect(domain).toHaveAttribute('placeholder', 'https://idcs-0123456789abcdef.identity.oraclecloud.com');
    expect(domain).toHaveAccessibleDescription(/Domain information > Domain URL/);
    const port = screen.getByRole('textbox', { name: /redirect port/i });
    expect(port).toHaveValue('53682');
    expect(port).toHaveAttribute('inputmode', 'numeric');
    expect(port).not.toBeRequired();
    expect(screen.getByRole('textbox', { name: /token issuer/i })).toHaveValue('https://identity.oraclecloud.com/');

    await user.click(screen.getByRole('radio', { name: 'Google' }));
    expect(screen.getByRole('group', { name: 'Google' })).toBeInTheDocument();
    const secret = screen.getByLabelText('Client secret');
    expect(secret).toHaveAttribute('type', 'password');
    expect(secret).toHaveAccessibleDescription(/RFC 8252/);
    expect(screen.queryByRole('textbox', { name: 'Domain URL' })).not.toBeInTheDocument();
  });

  it('keeps what was typed for a preset when the person looks at another one and comes back', async () => {
    const { user } = await openSetup();
    await user.type(screen.getByRole('textbox', { name: 'Domain URL' }), 'https://idcs-1.identity.oraclecloud.com');

    await user.click(screen.getByRole('radio', { name: 'Keycloak' }));
    await user.click(screen.getByRole('radio', { name: 'Oracle OCI IAM Identity Domains' }));

    expect(screen.getByRole('textbox', { name: 'Domain URL' })).toHaveValue('https://idcs-1.identity.oraclecloud.com');
  });

  it('tests the connection: what the provider supports, the redirect URIs to register, the notes', async () => {
    const { user, fake } = await openSetup();
    await fillGeneric(user);

    await user.click(screen.getByRole('button', { name: 'Test connection' }));

    expect(fake.api.testConnection).toHaveBeenCalledWith({
      presetId: 'generic',
      values: { issuer: ISSUER, clientId: 'desktop-app', scopes: 'openid profile email offline_access' },
    });
    const report = screen.getByRole('region', { name: 'Connection works' });
    expect(within(report).getByRole('heading', { name: 'Connection works' })).toHaveFocus();
    expect(report).toHaveTextContent(ISSUER);
    const features = within(report).getByRole('list', { name: 'What the provider supports' });
    expect(within(features).getByText('PKCE with S256').closest('li')).toHaveTextContent(/yes$/i);
    expect(within(features).getAllByRole('listitem')).toHaveLength(9);
    expect(within(report).getByRole('textbox', { name: 'Redirect URI' })).toHaveValue('http://127.0.0.1/callback');
    expect(within(report).getByRole('textbox', { name: 'Post-logout redirect URI' })).toHaveValue('http://127.0.0.1/signed-out');
    expect(report).toHaveTextContent(/register a public \(native\) client/i);
    const guide = within(report).getByRole('link', { name: 'Step-by-step guide for Generic OpenID Connect (opens in your browser)' });
    expect(guide).toHaveAttribute('href', providerGuideUrl('generic'));
  });

  it('links the chosen preset’s step-by-step guide, its published page opened in the browser', async () => {
    const { user } = await openSetup();

    const link = within(screen.getByRole('group', { name: 'Oracle OCI IAM Identity Domains' })).getByRole('link', {
      name: 'Step-by-step guide for Oracle OCI IAM Identity Domains (opens in your browser)',
    });
    expect(link).toHaveAttribute('href', providerGuideUrl('oci'));
    expect(link.getAttribute('href')).toMatch(/^https:\/\/.+\/docs\/providers\/oci\.md$/);
    // A new window, which main denies and hands to the person's browser; never the app's own window.
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noreferrer');
    expect(screen.queryByText(/in the app’s repository/)).not.toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: 'Microsoft Entra ID' }));
    expect(within(screen.getByRole('group', { name: 'Microsoft Entra ID' })).getByRole('link', { name: /^Step-by-step guide for Microsoft Entra ID/ })).toHaveAttribute(
      'href',
      providerGuideUrl('entra'),
    );
  });

  it('ignores more tests, by click or Enter, while one runs', async () => {
    const { user, fake } = await openSetup();
    fake.api.testConnection.mockImplementationOnce(() => new Promise(() => {}));
    await fillGeneric(user);
    const test = screen.getByRole('button', { name: 'Test connection' });

    await user.click(test);
    await user.click(test);
    await user.type(screen.getByRole('textbox', { name: 'Client ID' }), '{Enter}');

    expect(test).toHaveAttribute('aria-busy', 'true');
    expect(fake.api.testConnection).toHaveBeenCalledTimes(1);
  });

  it('tests the connection when Enter is pressed in a field', async () => {
    const { user, fake } = await openSetup();
    await fillGeneric(user);

    await user.type(screen.getByRole('textbox', { name: 'Client ID' }), '{Enter}');

    expect(fake.api.testConnection).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('region', { name: 'Connection works' })).toBeInTheDocument();
  });

  it('says which features are missing', async () => {
    const { user, fake } = await openSetup();
    fake.api.testConnection.mockResolvedValueOnce({
      ok: true,
      value: {
        issuer: ISSUER,
        redirectUri: 'http://127.0.0.1/callback',
        notes: [],
        features: { pkceS256: true, refreshTokens: false, revocation: true, endSession: false, userInfo: true, issParameter: false, dpop: false, par: true, requirePar: true, deviceFlow: false },
      },
    });
    await fillGeneric(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));

    const item = (name: string) => screen.getByText(name).closest('li');
    expect(item('Refresh tokens')).toHaveTextContent(/not advertised$/i);
    expect(item('DPoP (sender-constrained tokens)')).toHaveTextContent(/no$/i);
    expect(item('Pushed authorization requests (PAR)')).toHaveTextContent(/required$/i);
    expect(screen.queryByRole('textbox', { name: 'Post-logout redirect URI' })).not.toBeInTheDocument();
  });

  it('says refresh tokens are not advertised, not missing, when the metadata does not list the grant: a real sign-in decides', async () => {
    const { user, fake } = await openSetup();
    fake.api.testConnection.mockResolvedValueOnce({
      ok: true,
      value: { issuer: ISSUER, redirectUri: 'http://127.0.0.1/callback', notes: [], features: { ...allFeatures(), refreshTokens: false } },
    });
    await fillGeneric(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));

    const report = screen.getByRole('region', { name: 'Connection works' });
    const refresh = within(report).getByText('Refresh tokens').closest('li');
    expect(refresh).toHaveTextContent(/not advertised$/i);
    expect(refresh).not.toHaveTextContent(/no$/i);
    expect(within(report).getByText(/does not list the refresh_token grant/)).toHaveTextContent(/a real sign-in decides/i);

    // Advertised: a plain Yes, and nothing to explain.
    fake.api.testConnection.mockResolvedValueOnce({
      ok: true,
      value: { issuer: ISSUER, redirectUri: 'http://127.0.0.1/callback', notes: [], features: allFeatures() },
    });
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(within(screen.getByRole('region', { name: 'Connection works' })).getByText('Refresh tokens').closest('li')).toHaveTextContent(/yes$/i);
    expect(screen.queryByText(/does not list the refresh_token grant/)).not.toBeInTheDocument();
  });

  it('copies a redirect URI to the clipboard and says so', async () => {
    const { user } = await openSetup();
    await fillGeneric(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));

    await user.click(screen.getByRole('button', { name: 'Copy Redirect URI' }));

    expect(await navigator.clipboard.readText()).toBe('http://127.0.0.1/callback');
    const field = screen.getByRole('textbox', { name: 'Redirect URI' }).closest('.copy-field') as HTMLElement;
    expect(within(field).getByRole('status')).toHaveTextContent('Copied');
  });

  it('selects the URI and says which keys copy it when the clipboard refuses', async () => {
    const { user } = await openSetup();
    await fillGeneric(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValueOnce(new DOMException('Document is not focused.', 'NotAllowedError'));

    await user.click(screen.getByRole('button', { name: 'Copy Redirect URI' }));

    const input = screen.getByRole<HTMLInputElement>('textbox', { name: 'Redirect URI' });
    expect(input).toHaveFocus();
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, input.value.length]);
    expect(within(input.closest('.copy-field') as HTMLElement).getByRole('status')).toHaveTextContent('press Ctrl+C to copy');
  });

  it('takes the person to the field a failure names, marked invalid, with the reason under it', async () => {
    const { user } = await openSetup();
    await user.type(screen.getByRole('textbox', { name: 'Domain URL' }), 'http://idcs-1.identity.oraclecloud.com');
    await user.type(screen.getByRole('textbox', { name: 'Client ID' }), 'abc');

    await user.click(screen.getByRole('button', { name: 'Test connection' }));

    expect(screen.getByRole('alert')).toHaveTextContent('Domain URL must use https.');
    expect(screen.getByRole('alert')).toHaveTextContent('invalid_setup');
    const domain = screen.getByRole('textbox', { name: 'Domain URL' });
    expect(domain).toHaveFocus();
    expect(domain).toBeInvalid();
    expect(domain).toHaveAccessibleDescription(/Domain URL must use https\./);
    expect(screen.queryByRole('region', { name: 'Connection works' })).not.toBeInTheDocument();

    // Fixing it takes the mark off at once.
    await user.clear(domain);
    await user.type(domain, 'idcs-1.identity.oraclecloud.com');
    expect(domain).toBeValid();
  });

  it('names the field in the alert when the message does not', async () => {
    const { user, fake } = await openSetup();
    fake.api.testConnection.mockResolvedValueOnce(fieldFailure('invalid_client', 'The provider does not know this client.', 'clientId'));
    await fillGeneric(user);

    await user.click(screen.getByRole('button', { name: 'Test connection' }));

    expect(screen.getByRole('alert')).toHaveTextContent('The provider does not know this client. Check “Client ID”.');
    expect(screen.getByRole('textbox', { name: 'Client ID' })).toHaveFocus();
  });

  it('shows a failure that names no field in an alert, leaving the fields alone', async () => {
    const { user, fake } = await openSetup();
    fake.api.testConnection.mockResolvedValueOnce({
      ok: false,
      code: 'provider_unreachable',
      message: 'Could not reach the identity provider at https://id.example.com. Check your network connection.',
    });
    await fillGeneric(user);

    await user.click(screen.getByRole('button', { name: 'Test connection' }));

    expect(screen.getByRole('alert')).toHaveTextContent('Could not reach the identity provider');
    expect(screen.getByRole('textbox', { name: 'Issuer URL' })).toBeValid();
  });

  it('saves the tested values and returns to the main screen, which shows the new provider', async () => {
    const { user, fake } = await openSetup();
    await fillGeneric(user);
    await user.type(screen.getByRole('textbox', { name: /display name/i }), 'Acme ID');
    await user.type(screen.getByRole('textbox', { name: /protected api url/i }), 'https://api.example.com/me');
    await user.click(screen.getByRole('button', { name: 'Test connection' }));

    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(fake.api.saveSetup).toHaveBeenCalledWith({
      presetId: 'generic',
      values: { issuer: ISSUER, clientId: 'desktop-app', scopes: 'openid profile email offline_access' },
      providerName: 'Acme ID',
      apiUrl: 'https://api.example.com/me',
    });
    expect(screen.getByRole('heading', { name: 'Sign in' })).toHaveFocus();
    expect(inMain().getByText('Acme ID')).toBeInTheDocument();
    expect(inMain().getByText(ISSUER)).toBeInTheDocument();
    expect(inMain().queryByText(/demo provider/i)).not.toBeInTheDocument();
    expect(inMain().getByRole('status')).toHaveTextContent('Saved. The app now signs in with Acme ID.');
    expect(within(screen.getByRole('banner')).getByRole('button', { name: 'Change provider' })).toBeInTheDocument();
  });

  it('says, when signed in, that saving asks for a fresh sign-in first; signed out, it does not', async () => {
    const { user } = await openSetup({ state: signedInState() });
    await fillGeneric(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));

    const note = screen.getByText(/you’re signed in: saving asks you to sign in again first/i);
    expect(note).toBeVisible();
    expect(screen.getByRole('button', { name: 'Save' })).toHaveAccessibleDescription(/saving asks you to sign in again first/i);

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(screen.getByRole('button', { name: /^sign out$/i }));
    await user.click(within(screen.getByRole('banner')).getByRole('button', { name: 'Set up a provider' }));
    await screen.findByRole('group', { name: 'Identity provider' });
    expect(screen.queryByText(/saving asks you to sign in again/i)).not.toBeInTheDocument();
  });

  it('waits for that sign-in in the browser, on the setup screen, and saves nothing when it is cancelled', async () => {
    const { user, fake } = await openSetup({ state: signedInState() });
    await fillGeneric(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));

    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(fake.api.saveSetup).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('heading', { level: 2, name: 'Set up a provider' })).toBeInTheDocument();
    expect(screen.getByText(/waiting for the browser/i).closest('[role="status"]')).toHaveTextContent(/sign in again there to save/i);
    expect(screen.getByRole('timer')).toHaveTextContent('0:00');
    expect(screen.getByRole('button', { name: 'Save' })).toHaveAttribute('aria-busy', 'true');

    await user.click(screen.getByRole('button', { name: 'Cancel sign-in' }));

    expect(fake.api.cancelSignIn).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('heading', { level: 2, name: 'Set up a provider' })).toBeInTheDocument();
    expect(screen.queryByText(/waiting for the browser/i)).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(inMain().getByText('Nothing was saved: the sign-in was cancelled.')).toBeInTheDocument();
    // Still signed in as before, and the note is back for the next try.
    expect(screen.getByText(/you’re signed in: saving asks you to sign in again first/i)).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('heading', { level: 3, name: 'Ada Lovelace' })).toBeInTheDocument();
    // Nothing was saved: the demo is still in use.
    expect(inMain().getByText('Demo provider', { selector: 'strong' })).toBeInTheDocument();
    expect(within(screen.getByRole('banner')).getByRole('button', { name: 'Set up a provider' })).toBeInTheDocument();
  });

  it('saves once that sign-in is done, and says so back on the signed-in screen', async () => {
    const { user, fake } = await openSetup({ state: signedInState() });
    // The same provider (issuer and client) under a new name: its accounts stay signed in.
    await user.click(screen.getByRole('radio', { name: 'Generic OpenID Connect' }));
    await user.type(screen.getByRole('textbox', { name: 'Issuer URL' }), demoAppInfo.issuer);
    await user.type(screen.getByRole('textbox', { name: 'Client ID' }), 'desktop-app');
    await user.type(screen.getByRole('textbox', { name: /display name/i }), 'Acme ID');
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByText(/waiting for the browser/i)).toBeInTheDocument();

    await act(async () => fake.completeSignIn(signedInState()));

    expect(screen.getByRole('heading', { level: 2, name: /you’re signed in/i })).toHaveFocus();
    expect(inMain().getByText('Acme ID', { selector: 'strong' })).toBeInTheDocument();
    expect(inMain().getByText('Saved. The app now signs in with Acme ID.')).toBeInTheDocument();
  });

  it('says it saved on the signed-in screen even when the answer comes before the state', async () => {
    const { user, fake } = await openSetup({ state: signedInState() });
    let answer: (value: Awaited<ReturnType<typeof fake.api.saveSetup>>) => void = () => {};
    fake.api.saveSetup.mockImplementationOnce(() => {
      fake.emit({ status: 'signing-in' });
      return new Promise((resolve) => (answer = resolve));
    });
    await fillGeneric(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await act(async () => answer({ ok: true, value: { ...demoAppInfo, providerName: 'Acme ID' } }));
    // Still waiting for the state: the window does not show "Continue in your browser" meanwhile.
    expect(screen.queryByRole('heading', { level: 2, name: 'Continue in your browser' })).not.toBeInTheDocument();
    await act(async () => fake.emit(signedInState()));

    expect(screen.getByRole('heading', { level: 2, name: /you’re signed in/i })).toHaveFocus();
    expect(inMain().getByText('Saved. The app now signs in with Acme ID.')).toBeInTheDocument();
  });

  it('asks before saving values that were not tested, and saves only when told to', async () => {
    const { user, fake } = await openSetup();
    await fillGeneric(user);

    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(screen.getByRole('alert')).toHaveTextContent('Save without a successful test?');
    expect(screen.getByRole('button', { name: 'Save anyway' })).toHaveFocus();
    expect(fake.api.saveSetup).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Save anyway' }));
    expect(fake.api.saveSetup).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('treats a test as stale once a value changes', async () => {
    const { user, fake } = await openSetup();
    await fillGeneric(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await user.type(screen.getByRole('textbox', { name: 'Client ID' }), '-2');

    expect(screen.getByRole('region', { name: 'Connection works' })).toHaveTextContent(/changed the values since this test/i);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('button', { name: 'Save anyway' })).toBeInTheDocument();
    expect(fake.api.saveSetup).not.toHaveBeenCalled();
  });

  it('shows why saving failed and stays on the setup screen', async () => {
    const { user, fake } = await openSetup();
    fake.api.saveSetup.mockResolvedValueOnce({ ok: false, code: 'config_write_failed', message: 'The configuration could not be written. Check the disk and try again.' });
    await fillGeneric(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));

    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(screen.getByRole('alert')).toHaveTextContent('The configuration could not be written.');
    expect(screen.getByRole('heading', { name: 'Set up a provider' })).toBeInTheDocument();
  });

  it('starts from the saved setup', async () => {
    await openSetup({
      appInfo: { ...demoAppInfo, demo: false, providerName: 'Acme SSO' },
      setup: {
        source: 'file',
        saved: { presetId: 'keycloak', values: { baseUrl: 'https://sso.example.com', realm: 'acme', clientId: 'desktop' }, providerName: 'Acme SSO' },
      },
    });

    expect(screen.getByRole('radio', { name: 'Keycloak' })).toBeChecked();
    expect(screen.getByRole('textbox', { name: 'Keycloak URL' })).toHaveValue('https://sso.example.com');
    expect(screen.getByRole('textbox', { name: 'Realm' })).toHaveValue('acme');
    expect(screen.getByRole('textbox', { name: /display name/i })).toHaveValue('Acme SSO');
  });

  it('turns saving off when the configuration comes from environment variables, and says why', async () => {
    const { user, fake } = await openSetup({ appInfo: { ...demoAppInfo, demo: false }, setup: { source: 'env' } });

    const save = screen.getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();
    expect(save).toHaveAccessibleDescription(/environment variables/);
    // Testing still works.
    await fillGeneric(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(screen.getByRole('region', { name: 'Connection works' })).toBeInTheDocument();
    expect(fake.api.saveSetup).not.toHaveBeenCalled();
  });

  it('comes first when nothing is configured, with nothing to go back to', async () => {
    installFakeDesktop({ appInfo: { ...demoAppInfo, demo: false, configured: false, providerName: '', issuer: '' }, setup: { source: 'none' } });
    await renderApp();

    expect(await screen.findByRole('heading', { level: 2, name: 'Set up a provider' })).toBeInTheDocument();
    expect(await screen.findByRole('radio', { name: 'Generic OpenID Connect' })).toBeInTheDocument();
    expect(screen.getByText(/nothing is set up yet/i)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^sign in$/i })).not.toBeInTheDocument();
    expect(within(screen.getByRole('banner')).queryByRole('button', { name: /set up a provider/i })).not.toBeInTheDocument();
  });

  it('offers to try again when the presets cannot be read', async () => {
    const fake = installFakeDesktop();
    fake.api.getSetup.mockRejectedValueOnce(new Error('no handler'));
    const user = userEvent.setup();
    await renderApp();
    await user.click(screen.getByRole('button', { name: 'Set up a provider' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(/could not list the providers/i);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('radio', { name: 'Keycloak' })).toBeInTheDocument();
  });
});
