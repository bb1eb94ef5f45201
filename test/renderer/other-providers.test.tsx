// @vitest-environment jsdom
import './setup-dom.ts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiOtherProviderMessage, demoAppInfo, installFakeDesktop, otherProvider, signedInAs, signedInState, type FakeDesktopOptions } from './fake-desktop-api.ts';
import { renderApp, user } from './render-app.tsx';

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
const row = (name: string) => {
  const found = within(panel())
    .getAllByRole('listitem')
    .find((item) => within(item).queryByText(name, { exact: true }));
  if (!found) throw new Error(`no row for ${name}`);
  return found;
};
const signedInHeading = () => screen.getByRole('heading', { level: 2, name: /you’re signed in/i });
/** "with <provider>" under the signed-in heading. */
const signedInWith = () => signedInHeading().parentElement?.querySelector('.signed-in__provider');

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
