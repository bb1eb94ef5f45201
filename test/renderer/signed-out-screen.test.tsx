// @vitest-environment jsdom
import './setup-dom.ts';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEVICE_CODE, DEVICE_QR, demoAppInfo, installFakeDesktop } from './fake-desktop-api.ts';
import { inMain, renderApp } from './render-app.tsx';

describe('signed-out screen', () => {
  it('names the provider and starts a sign-in from the Sign in button', async () => {
    const fake = installFakeDesktop();
    await renderApp();

    expect(screen.getByRole('heading', { level: 2, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByText('Demo provider', { selector: 'span:not(.badge)' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /sign in/i }));

    expect(fake.api.signIn).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('heading', { name: /continue in your browser/i })).toBeInTheDocument();
  });

  it('offers sign-in on another device only where the provider offers it, and shows the code and where to enter it', async () => {
    const fake = installFakeDesktop({ appInfo: { ...demoAppInfo, deviceSignIn: true } });
    await renderApp();
    await userEvent.click(screen.getByRole('button', { name: /sign in on another device/i }));
    expect(fake.api.signIn).toHaveBeenCalledWith({ device: true });
    const heading = await screen.findByRole('heading', { name: /sign in on another device/i });
    expect(heading).toHaveFocus();
    expect(screen.getByText(DEVICE_CODE.verificationUri)).toBeInTheDocument();
    expect(screen.getByText(DEVICE_CODE.userCode)).toBeInTheDocument();
    expect(await screen.findByRole('img', { name: /QR code/ })).toHaveAttribute('src', DEVICE_QR);
    await userEvent.click(screen.getByRole('button', { name: /cancel/i }));
    expect(fake.api.cancelSignIn).toHaveBeenCalledOnce();
  });

  it('has no "Sign in on another device" where the provider does not offer it', async () => {
    installFakeDesktop();
    await renderApp();
    expect(screen.queryByRole('button', { name: /sign in on another device/i })).not.toBeInTheDocument();
  });

  it('marks the demo provider and gives its login', async () => {
    installFakeDesktop();
    await renderApp();

    expect(screen.getByText('Demo provider', { selector: '.badge' })).toBeVisible();
    expect(screen.getByText(/local test provider/i)).toHaveTextContent('Demo logins: demo / demo, and demo2 / demo2 for a second account');
  });

  it('shows no demo badge or demo login for a configured provider', async () => {
    installFakeDesktop({ appInfo: { ...demoAppInfo, demo: false, providerName: 'Acme Identity' } });
    await renderApp();

    expect(screen.getByText('Acme Identity')).toBeInTheDocument();
    expect(screen.queryByText(/demo provider/i)).not.toBeInTheDocument();
    expect(screen.queryByText(/demo login/i)).not.toBeInTheDocument();
  });

  it('shows the last error in an alert, with its code in small print', async () => {
    installFakeDesktop({
      state: {
        status: 'signed-out',
        error: { code: 'access_denied', message: 'You declined access. Sign in again and choose Allow to continue.' },
      },
    });
    await renderApp();

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('You declined access. Sign in again and choose Allow to continue.');
    expect(within(alert).getByText('access_denied')).toBeInTheDocument();
  });

  it('shows a failed sign-in answer even when the state carries no error', async () => {
    const fake = installFakeDesktop();
    fake.api.signIn.mockResolvedValueOnce({
      ok: false,
      code: 'discovery_failed',
      message: 'The provider could not be reached. Check your connection and try again.',
    });
    await renderApp();

    await userEvent.click(screen.getByRole('button', { name: /sign in/i }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The provider could not be reached. Check your connection and try again.');
    expect(alert).toHaveTextContent('discovery_failed');
  });

  it('says the bridge did not answer when signIn throws', async () => {
    const fake = installFakeDesktop();
    fake.api.signIn.mockRejectedValueOnce(new Error('ipc closed'));
    await renderApp();

    await userEvent.click(screen.getByRole('button', { name: /sign in/i }));

    expect(await screen.findByRole('alert')).toHaveTextContent(/did not answer.*restart the app/i);
  });

  it('mentions a cancelled sign-in quietly, without an alert', async () => {
    installFakeDesktop({
      state: { status: 'signed-out', error: { code: 'cancelled', message: 'Sign-in cancelled.' } },
    });
    await renderApp();

    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(inMain().getByRole('status')).toHaveTextContent('Sign-in cancelled.');
    expect(screen.queryByText('cancelled')).not.toBeInTheDocument();
  });

  it('clears the old error as soon as a new attempt starts', async () => {
    const fake = installFakeDesktop({
      state: { status: 'signed-out', error: { code: 'timeout', message: 'Sign-in took too long. Try again.' } },
    });
    await renderApp();
    expect(screen.getByRole('alert')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /sign in/i }));
    await act(async () => fake.failSignIn('cancelled', 'Sign-in cancelled.'));

    expect(await inMain().findByRole('status')).toHaveTextContent('Sign-in cancelled.');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
