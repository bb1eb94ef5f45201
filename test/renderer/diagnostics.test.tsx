// @vitest-environment jsdom
import './setup-dom.ts';
import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { installFakeDesktop, signedInState } from './fake-desktop-api.ts';
import { advanceClock, renderApp } from './render-app.tsx';

const header = () => within(screen.getByRole('banner'));

describe('copy diagnostics', () => {
  it('is in the header on every screen', async () => {
    installFakeDesktop({ state: signedInState() });
    await renderApp();
    expect(header().getByRole('button', { name: 'Copy diagnostics' })).toBeInTheDocument();
  });

  it('copies the report and says so for a few seconds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fake = installFakeDesktop();
    await renderApp();

    await act(async () => fireEvent.click(header().getByRole('button', { name: 'Copy diagnostics' })));

    expect(fake.api.copyDiagnostics).toHaveBeenCalledTimes(1);
    const status = header().getByRole('status');
    expect(status).toHaveTextContent(/diagnostics copied/i);
    expect(status).toHaveTextContent(/no tokens or secrets/i);
    advanceClock(4_000);
    expect(status).toBeEmptyDOMElement();
  });

  it('shows why copying failed until dismissed', async () => {
    const fake = installFakeDesktop();
    fake.api.copyDiagnostics.mockResolvedValueOnce({ ok: false, code: 'clipboard_failed', message: 'The clipboard is not available right now.' });
    const user = userEvent.setup();
    await renderApp();

    await user.click(header().getByRole('button', { name: 'Copy diagnostics' }));

    const alert = header().getByRole('alert');
    expect(alert).toHaveTextContent('Could not copy the diagnostics. The clipboard is not available right now.');
    expect(alert).toHaveTextContent('clipboard_failed');
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(header().queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says the bridge did not answer when the call throws', async () => {
    const fake = installFakeDesktop();
    fake.api.copyDiagnostics.mockRejectedValueOnce(new Error('no handler'));
    await renderApp();

    await userEvent.click(header().getByRole('button', { name: 'Copy diagnostics' }));

    expect(header().getByRole('alert')).toHaveTextContent(/did not answer/i);
  });
});
