import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { App } from '../../renderer/src/app/app.tsx';

/** Renders the app and lets the bridge's first answers (state, app info) arrive. */
export const renderApp = () => act(async () => render(<App />));

/** Lets pending bridge promises settle and React re-render. */
export const flush = () => act(async () => {});

/** Queries inside the main landmark only: the header has live regions of its own (diagnostics). */
export const inMain = () => within(screen.getByRole('main'));

export const user = () => userEvent.setup();

// Only the clock tests fake timers: Testing Library's async helpers wait on a real setTimeout.
export const useFakeClock = () =>
  vi.useFakeTimers({ now: new Date('2026-03-04T12:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });

/** Moves the fake clock on, rendering what the timers change before returning (synchronously). */
export const advanceClock = (ms: number): void =>
  act(() => {
    vi.advanceTimersByTime(ms);
  });
