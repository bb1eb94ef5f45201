// @vitest-environment jsdom
import './setup-dom.ts';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiResult, demoAppInfo, installFakeDesktop, signedInState } from './fake-desktop-api.ts';
import { renderApp } from './render-app.tsx';

const API_URL = 'https://api.example.com/me';

const signedInWithApi = () => installFakeDesktop({ state: signedInState(), appInfo: { ...demoAppInfo, apiUrl: API_URL } });
const panel = () => screen.getByRole('region', { name: 'Protected API' });

describe('protected API panel', () => {
  it('calls the API and shows the status, the time taken, the headers and the body', async () => {
    const fake = signedInWithApi();
    await renderApp();
    expect(panel()).toHaveTextContent(API_URL);

    await userEvent.click(within(panel()).getByRole('button', { name: 'Call API' }));

    expect(fake.api.callApi).toHaveBeenCalledTimes(1);
    const status = within(panel()).getByRole('status');
    expect(status).toHaveTextContent('200 OK');
    expect(status).toHaveTextContent('84 ms');
    expect(status).not.toHaveTextContent(/retried/i);
    const headers = within(panel()).getByRole('table', { name: 'Response headers' });
    const contentType = within(headers).getByRole('rowheader', { name: 'content-type' }).closest('tr') as HTMLElement;
    expect(within(contentType).getByRole('cell')).toHaveTextContent('application/json; charset=utf-8');
    const body = within(panel()).getByRole('region', { name: 'Response body' });
    expect(body.tagName).toBe('PRE');
    expect(body).toHaveAttribute('tabindex', '0');
    expect(body).toHaveTextContent('"sub": "user-1234"');
  });

  it('says when the call was retried after refreshing the access token', async () => {
    const fake = signedInWithApi();
    fake.api.callApi.mockResolvedValueOnce({ ok: true, value: apiResult({ retriedAfterRefresh: true }) });
    await renderApp();

    await userEvent.click(screen.getByRole('button', { name: 'Call API' }));

    expect(within(panel()).getByRole('status')).toHaveTextContent('Retried after refreshing the access token');
  });

  it('shows an API’s refusal as an answer, with its headers', async () => {
    const fake = signedInWithApi();
    fake.api.callApi.mockResolvedValueOnce({
      ok: true,
      value: apiResult({
        status: 401,
        statusText: 'Unauthorized',
        headers: { 'www-authenticate': 'DPoP error="invalid_token"' },
        body: '{\n  "error": "invalid_token"\n}',
      }),
    });
    await renderApp();

    await userEvent.click(screen.getByRole('button', { name: 'Call API' }));

    expect(within(panel()).getByRole('status')).toHaveTextContent('401 Unauthorized');
    expect(within(panel()).getByRole('table', { name: 'Response headers' })).toHaveTextContent('DPoP error="invalid_token"');
    expect(within(panel()).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows why there was no answer in an alert', async () => {
    const fake = signedInWithApi();
    fake.api.callApi.mockResolvedValueOnce({
      ok: false,
      code: 'api_unreachable',
      message: 'Could not reach https://api.example.com/me. Check your network connection.',
    });
    await renderApp();

    await userEvent.click(screen.getByRole('button', { name: 'Call API' }));

    const alert = within(panel()).getByRole('alert');
    expect(alert).toHaveTextContent('Could not reach https://api.example.com/me.');
    expect(alert).toHaveTextContent('api_unreachable');
    expect(within(panel()).queryByLabelText('Response body')).not.toBeInTheDocument();
  });

  it('ignores more clicks while a call runs', async () => {
    const fake = signedInWithApi();
    fake.api.callApi.mockImplementationOnce(() => new Promise(() => {}));
    await renderApp();
    const call = screen.getByRole('button', { name: 'Call API' });

    await userEvent.click(call);
    await userEvent.click(call);

    expect(call).toHaveAttribute('aria-busy', 'true');
    expect(fake.api.callApi).toHaveBeenCalledTimes(1);
  });

  it('says an API can be configured in the setup screen when none is', async () => {
    installFakeDesktop({ state: signedInState() });
    await renderApp();

    expect(panel()).toHaveTextContent(/no api is configured/i);
    expect(within(panel()).queryByRole('button', { name: 'Call API' })).not.toBeInTheDocument();

    await userEvent.click(within(panel()).getByRole('button', { name: 'Open the setup' }));
    expect(await screen.findByRole('heading', { name: 'Set up a provider' })).toHaveFocus();
  });

  it('forgets the last answer when the session ends', async () => {
    const fake = signedInWithApi();
    await renderApp();
    await userEvent.click(screen.getByRole('button', { name: 'Call API' }));
    expect(within(panel()).getByRole('status')).toHaveTextContent('200 OK');

    await userEvent.click(screen.getByRole('button', { name: /^sign out$/i }));
    await userEvent.click(screen.getByRole('button', { name: /sign in/i }));
    await act(async () => fake.completeSignIn(signedInState({ claims: { sub: 'someone-else', iss: 'x', name: 'Bob' } })));

    expect(within(panel()).getByRole('status')).toBeEmptyDOMElement();
  });
});
