// @vitest-environment jsdom
import './setup-dom.ts';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DeviceCodeScreen } from '../../renderer/src/features/auth/components/device-code-screen.tsx';
import { installFakeDesktop } from './fake-desktop-api.ts';

describe('DeviceCodeScreen', () => {
  const device = { userCode: 'WDJB-MJHT', verificationUri: 'https://login.example.com/device', expiresAt: Date.now() + 300_000 };

  it('shows the code, where to enter it and how long it works, and cancels', async () => {
    installFakeDesktop();
    const onCancel = vi.fn();
    render(<DeviceCodeScreen headingRef={{ current: null }} device={device} error={undefined} notice={undefined} isCancelling={false} onCancel={onCancel} />);
    expect(screen.getByRole('heading', { name: /sign in on another device/i })).toBeInTheDocument();
    expect(screen.getByText('https://login.example.com/device')).toBeInTheDocument();
    const code = screen.getByLabelText(/^Code: W D J B - M J H T$/);
    expect(within(code).getByText('WDJB-MJHT')).toBeInTheDocument();
    expect(screen.getByRole('timer')).toHaveTextContent(/^[45]:\d\d$/);
    await userEvent.click(screen.getByRole('button', { name: /cancel/i }));
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
