// @vitest-environment jsdom
import './setup-dom.ts';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoAppInfo, installFakeDesktop, signedInState } from './fake-desktop-api.ts';
import { renderApp } from './render-app.tsx';

describe('app', () => {
  it('shows the state the main process pushes', async () => {
    const fake = installFakeDesktop();
    await renderApp();
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();

    await act(async () => fake.emit(signedInState()));

    expect(screen.getByRole('heading', { name: /you’re signed in/i })).toBeInTheDocument();
  });

  it('prefers a push that arrives before the answer to getState', async () => {
    const fake = installFakeDesktop();
    let answer: (state: Awaited<ReturnType<typeof fake.api.getState>>) => void = () => {};
    fake.api.getState.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    await renderApp();

    await act(async () => fake.emit(signedInState()));
    await act(async () => answer({ status: 'signed-out' }));

    expect(screen.getByRole('heading', { name: /you’re signed in/i })).toBeInTheDocument();
  });

  it('stops listening when it goes away', async () => {
    const fake = installFakeDesktop();
    const { unmount } = await renderApp();
    expect(fake.listenerCount()).toBe(1);
    expect(fake.appInfoListenerCount()).toBe(1);
    unmount();
    expect(fake.listenerCount()).toBe(0);
    expect(fake.appInfoListenerCount()).toBe(0);
  });

  it('shows the provider the main process pushes when the configuration changes', async () => {
    const fake = installFakeDesktop();
    await renderApp();
    expect(screen.getByText('Demo provider', { selector: 'span:not(.badge)' })).toBeInTheDocument();

    await act(async () => fake.emitAppInfo({ ...demoAppInfo, demo: false, providerName: 'Acme Identity', issuer: 'https://id.acme.example' }));

    expect(screen.getByText('Acme Identity')).toBeInTheDocument();
    expect(screen.getByText('https://id.acme.example')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Change provider' })).toBeInTheDocument();
  });

  it('prefers a provider push that arrives before the answer to getAppInfo', async () => {
    const fake = installFakeDesktop();
    let answer: (info: typeof demoAppInfo) => void = () => {};
    fake.api.getAppInfo.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    await renderApp();

    await act(async () => fake.emitAppInfo({ ...demoAppInfo, demo: false, providerName: 'Acme Identity' }));
    await act(async () => answer(demoAppInfo));

    expect(screen.getByText('Acme Identity')).toBeInTheDocument();
  });

  it('has a header and a main landmark, and headings in order', async () => {
    installFakeDesktop({ state: signedInState() });
    await renderApp();

    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    const levels = screen.getAllByRole('heading').map((heading) => Number(heading.tagName.slice(1)));
    expect(levels[0]).toBe(1);
    levels.forEach((level, index) => {
      if (index > 0) expect(level).toBeLessThanOrEqual((levels[index - 1] ?? 0) + 1);
    });
  });

  it('moves focus to the new screen’s heading on every state change, not on first load', async () => {
    const fake = installFakeDesktop();
    await renderApp();
    expect(document.body).toHaveFocus();

    await userEvent.click(screen.getByRole('button', { name: /sign in/i }));
    expect(screen.getByRole('heading', { name: 'Continue in your browser' })).toHaveFocus();

    await act(async () => fake.completeSignIn());
    expect(screen.getByRole('heading', { name: /you’re signed in/i })).toHaveFocus();

    await userEvent.click(screen.getByRole('button', { name: /^sign out$/i }));
    expect(screen.getByRole('heading', { name: 'Sign in' })).toHaveFocus();
  });

  it('says each change of screen in one polite live region outside the screens, not the first screen', async () => {
    const fake = installFakeDesktop();
    const { container } = await renderApp();
    const live = container.querySelector('[data-live-region="screen"]');
    expect(live).toHaveAttribute('role', 'status');
    expect(live).toHaveAttribute('aria-live', 'polite');
    expect(live).toHaveAttribute('aria-atomic', 'true');
    expect(screen.getByRole('main')).not.toContainElement(live as HTMLElement);
    expect(live).toBeEmptyDOMElement();

    await userEvent.click(screen.getByRole('button', { name: /sign in/i }));
    expect(live).toHaveTextContent('Sign-in started. Continue in your browser; this window updates by itself.');
    await act(async () => fake.completeSignIn());
    expect(live).toHaveTextContent(/^Signed in as .+\.$/);
    await userEvent.click(within(screen.getByRole('banner')).getByRole('button', { name: /^(set up a provider|change provider)$/i }));
    expect(live).toHaveTextContent('Set up a provider.');
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(live).toHaveTextContent('Back to your session.');
    await userEvent.click(screen.getByRole('button', { name: /^sign out$/i }));
    expect(live).toHaveTextContent('You are signed out.');
    await userEvent.click(screen.getByRole('button', { name: /sign in/i }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(live).toHaveTextContent('Sign-in ended. You are not signed in.');
  });

  it('offers a way forward when the state cannot be read', async () => {
    const fake = installFakeDesktop();
    fake.api.getState.mockRejectedValueOnce(new Error('no handler'));
    await renderApp();

    expect(screen.getByRole('alert')).toHaveTextContent(/could not read your sign-in status/i);
    expect(screen.getByRole('button', { name: /sign in/i })).toBeEnabled();
  });

  it('still works when the app info cannot be read', async () => {
    const fake = installFakeDesktop();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    fake.api.getAppInfo.mockRejectedValueOnce(new Error('no handler'));
    await renderApp();

    expect(screen.getByText('Your identity provider')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /sign in/i })).toBeEnabled();
    expect(warn).toHaveBeenCalled();
  });
});

describe('entry point', () => {
  afterEach(() => {
    document.body.replaceChildren();
    vi.resetModules();
  });

  it('explains what is wrong when the page runs without the desktop bridge', async () => {
    const root = document.createElement('div');
    root.id = 'root';
    document.body.append(root);

    await act(async () => {
      await import('../../renderer/src/main.tsx');
    });

    expect(screen.getByRole('heading', { name: /can’t reach the app/i })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(/start it from the desktop app/i);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('mounts the app when the bridge is there', async () => {
    installFakeDesktop();
    const root = document.createElement('div');
    root.id = 'root';
    document.body.append(root);

    await act(async () => {
      await import('../../renderer/src/main.tsx');
    });

    expect(await screen.findByRole('button', { name: /sign in/i })).toBeInTheDocument();
  });
});
