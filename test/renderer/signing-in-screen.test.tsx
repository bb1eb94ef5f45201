// @vitest-environment jsdom
import './setup-dom.ts';
import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { demoAppInfo, installFakeDesktop } from './fake-desktop-api.ts';
import { advanceClock, inMain, renderApp, useFakeClock, user } from './render-app.tsx';


describe('signing-in screen', () => {
  it('asks the person to finish in the browser and shows the time waited', async () => {
    useFakeClock();
    installFakeDesktop({ state: { status: 'signing-in' } });
    await renderApp();

    expect(screen.getByRole('heading', { name: 'Continue in your browser' })).toBeInTheDocument();
    expect(screen.getByText(/this window updates by itself/i)).toBeInTheDocument();
    expect(screen.getByRole('timer')).toHaveTextContent('0:00');

    advanceClock(7_000);
    expect(screen.getByRole('timer')).toHaveTextContent('0:07');

    advanceClock(58_000);
    expect(screen.getByRole('timer')).toHaveTextContent('1:05');
  });

  it('gives the demo login while waiting on the demo provider', async () => {
    installFakeDesktop({ state: { status: 'signing-in' } });
    await renderApp();
    expect(screen.getByText(/demo login/i)).toHaveTextContent('Demo logins: demo / demo, and demo2 / demo2 for a second account');
  });

  it('does not give a demo login for a configured provider', async () => {
    installFakeDesktop({ state: { status: 'signing-in' }, appInfo: { ...demoAppInfo, demo: false } });
    await renderApp();
    expect(screen.queryByText(/demo login/i)).not.toBeInTheDocument();
  });

  it('cancels the sign-in and lands on a quiet note, not an alarm', async () => {
    const fake = installFakeDesktop({ state: { status: 'signing-in' } });
    await renderApp();

    await user().click(screen.getByRole('button', { name: 'Cancel' }));

    expect(fake.api.cancelSignIn).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(inMain().getByRole('status')).toHaveTextContent(/cancelled/i);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('opens the browser again and says so', async () => {
    const fake = installFakeDesktop({ state: { status: 'signing-in' } });
    await renderApp();

    await user().click(screen.getByRole('button', { name: 'Open the browser again' }));

    expect(fake.api.reopenBrowser).toHaveBeenCalledTimes(1);
    expect(inMain().getByRole('status')).toHaveTextContent(/opened the sign-in page again/i);
  });

  it('shows why the browser could not be opened again', async () => {
    const fake = installFakeDesktop({ state: { status: 'signing-in' } });
    fake.api.reopenBrowser.mockResolvedValueOnce({
      ok: false,
      code: 'open_browser_failed',
      message: 'No browser could be opened. Copy the address from the log and open it yourself.',
    });
    await renderApp();

    await user().click(screen.getByRole('button', { name: 'Open the browser again' }));

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('No browser could be opened.');
    expect(alert).toHaveTextContent('open_browser_failed');
  });

  it('leaves an error behind when the screen changes', async () => {
    const fake = installFakeDesktop({ state: { status: 'signing-in' } });
    fake.api.reopenBrowser.mockResolvedValueOnce({ ok: false, code: 'open_browser_failed', message: 'No browser.' });
    await renderApp();
    await user().click(screen.getByRole('button', { name: 'Open the browser again' }));
    expect(screen.getByRole('alert')).toBeInTheDocument();

    await act(async () => fake.completeSignIn());

    expect(screen.getByRole('heading', { name: /you’re signed in/i })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
