// @vitest-environment jsdom
import './setup-dom.ts';
import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeDesktop, signedInState } from './fake-desktop-api.ts';
import { renderApp, user } from './render-app.tsx';

const banner = () => screen.queryByRole('button', { name: 'Restart to update' })?.closest('[role="status"]');

describe('the update banner', () => {
  it('shows nothing while no update is downloaded (off, checking, downloading)', async () => {
    const fake = installFakeDesktop({ state: signedInState() });
    await renderApp();
    expect(banner()).toBeUndefined();
    act(() => fake.emitUpdate({ status: 'downloading', version: '1.2.0', percent: 40 }));
    expect(screen.queryByRole('button', { name: 'Restart to update' })).not.toBeInTheDocument();
  });

  it('offers "Restart to update" in a polite live region once main pushes a downloaded update', async () => {
    const fake = installFakeDesktop({ state: signedInState() });
    await renderApp();
    act(() => fake.emitUpdate({ status: 'downloaded', version: '1.2.0' }));
    expect(banner()).toHaveTextContent('Version 1.2.0 is ready to install. Restart the app to finish updating.');
    await user().click(screen.getByRole('button', { name: 'Restart to update' }));
    expect(fake.api.restartToUpdate).toHaveBeenCalledTimes(1);
  });

  it('shows an update that was already downloaded when the window opened', async () => {
    const fake = installFakeDesktop();
    fake.emitUpdate({ status: 'downloaded', version: '2.0.0' });
    await renderApp();
    expect(banner()).toHaveTextContent('Version 2.0.0 is ready to install.');
  });

  it('says why main refused the restart (a sign-in in progress)', async () => {
    const fake = installFakeDesktop({ state: { status: 'signing-in' } });
    fake.api.restartToUpdate.mockResolvedValueOnce({ ok: false, code: 'sign_in_in_progress', message: 'A sign-in is in progress. Finish or cancel it, then restart to update.' });
    await renderApp();
    act(() => fake.emitUpdate({ status: 'downloaded', version: '1.2.0' }));
    await user().click(screen.getByRole('button', { name: 'Restart to update' }));
    expect(banner()).toHaveTextContent('Version 1.2.0 is ready to install. A sign-in is in progress. Finish or cancel it, then restart to update.');
  });
});
